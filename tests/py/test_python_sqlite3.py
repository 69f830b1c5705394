"""Python's sqlite3 module (Debian's /usr/bin/python3, which is built with extension loading)
loads the library with enable_load_extension + load_extension (tests/clients/python_sqlite3.sh)."""
import glob
import json
import os
import sqlite3

import pytest


def test_load_migrate_write_and_read(tmp_path, connect, src):
    want_version = open(os.path.join(src, "VERSION")).readline().strip()
    want_schema = len(glob.glob(os.path.join(src, "sql", "[0-9][0-9][0-9][0-9]_*.sql")))
    conn = connect(str(tmp_path / "py.db"))
    conn.execute("PRAGMA foreign_keys = ON")

    assert conn.execute("SELECT vl_version()").fetchone()[0] == want_version
    report = json.loads(conn.execute("SELECT vl_migrate()").fetchone()[0])
    assert report["from"] == 0 and report["to"] == want_schema, report
    assert conn.execute("SELECT vl_schema_version()").fetchone()[0] == want_schema

    conn.execute("INSERT INTO users (id, email, password_hash, username) VALUES (?,?,?,?)",
                 ("u1", "bo@example.com", "x", "bo"))
    rows = [("i%d" % n, "u1", "Levi's 501 Jeans W%d" % (28 + n), 20.0 + n) for n in range(5)]
    conn.executemany("INSERT INTO inventory (id, user_id, title, list_price) VALUES (?,?,?,?)", rows)
    got = conn.execute("SELECT count(*), round(sum(list_price), 2) FROM inventory").fetchone()
    assert got == (5, 110.0), got
    # The FTS triggers followed the inserts.
    hits = conn.execute("SELECT count(*) FROM inventory_fts WHERE inventory_fts MATCH 'jeans'").fetchone()[0]
    assert hits == 5, hits

    # Errors reach Python as sqlite3 exceptions with the extension's message.
    with pytest.raises(sqlite3.OperationalError) as e:
        conn.execute("SELECT vl_migrate('nope')")
    assert str(e.value).startswith("vaultlister: vl_migrate: "), e.value
    conn.close()
