"""The Python package in bindings/python as a user gets it, installed into a venv by
tests/clients/bindings_python.sh, which runs this file with that venv's python (VL_VENV)."""
import json
import os
import sqlite3
import sys

import pytest
import vaultlister


def test_installed_package_loads_and_migrates():
    venv = os.environ["VL_VENV"]
    p = vaultlister.loadable_path()
    assert p.startswith(os.path.join(venv, "lib")) and p.endswith("site-packages/vaultlister/vaultlister.so"), p

    conn = sqlite3.connect(":memory:")
    conn.enable_load_extension(True)
    assert vaultlister.load(conn) is conn
    conn.enable_load_extension(False)
    assert conn.execute("SELECT vl_version()").fetchone()[0] == os.environ["WANT_VERSION"]
    r = json.loads(conn.execute("SELECT vl_migrate()").fetchone()[0])
    assert r["to"] > 0 and len(r["applied"]) == r["to"], r
    assert conn.execute("SELECT count(*) FROM sqlite_schema WHERE name = 'inventory'").fetchone()[0] == 1


def test_the_platform_check_can_fail(monkeypatch):
    # Pretend to be another platform.
    monkeypatch.setattr(sys, "platform", "darwin")
    with pytest.raises(RuntimeError) as e:
        vaultlister.loadable_path()
    assert "this package holds a linux-" in str(e.value) and "cannot load on darwin-" in str(e.value), e.value
