#!/usr/bin/env bash
# Python's sqlite3 module (Debian's /usr/bin/python3, which is built with extension loading)
# loads the library with enable_load_extension + load_extension.
set -euo pipefail
: "${VL_EXT:?path of the built library without suffix}" "${VL_SOURCE:?repo root}"
exec /usr/bin/python3 - "$VL_EXT" "$VL_SOURCE" <<'PY'
import glob, json, os, sqlite3, sys, tempfile
ext, src = sys.argv[1], sys.argv[2]
want_version = open(os.path.join(src, "VERSION")).readline().strip()
want_schema = len(glob.glob(os.path.join(src, "sql", "[0-9][0-9][0-9][0-9]_*.sql")))

with tempfile.TemporaryDirectory() as tmp:
    conn = sqlite3.connect(os.path.join(tmp, "py.db"), isolation_level=None)
    conn.enable_load_extension(True)
    conn.load_extension(ext)
    conn.enable_load_extension(False)
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
    try:
        conn.execute("SELECT vl_migrate('nope')")
        raise AssertionError("vl_migrate('nope') did not fail")
    except sqlite3.OperationalError as e:
        assert str(e).startswith("vaultlister: vl_migrate: "), e
    conn.close()
print("python sqlite3 (%s, SQLite %s): ok" % (sys.executable, sqlite3.sqlite_version))
PY
