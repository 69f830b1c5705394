"""Fixtures: a real `datasette` process serving the demo database immutable (-i) on 127.0.0.1 with
VAULTLISTER_KEY (the demo's key) in its environment, and an oracle: the same file opened directly
with the full library, for the expected rows.

Environment (tests/clients/datasette.sh sets it): VL_DS_VENV (the venv of dev-venv.sh),
VL_DEMO_DB (a database scripts/demo.py generated), VL_EXT (the built library without suffix),
VL_DS_OUT (where the served copy, the server log and the screenshots go).
"""
import hashlib
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

DEMO_KEY = "demo-key: never use this one in production!"   # scripts/demo.py encrypts with it
DB_NAME = "shop"


def env(name):
    value = os.environ.get(name)
    if not value:
        raise RuntimeError("vaultlister: datasette tests: %s is not set (run tests/clients/datasette.sh)" % name)
    return value


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, base):
        self.base = base

    def get(self, path, **params):
        """(status, body text) of a GET."""
        url = self.base + path + ("?" + urllib.parse.urlencode(params) if params else "")
        try:
            with urllib.request.urlopen(url, timeout=30) as r:
                return r.status, r.read().decode("utf-8")
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode("utf-8")

    def json(self, path, **params):
        status, body = self.get(path, **params)
        return status, json.loads(body)

    def rows(self, path, **params):
        """The rows of a query (canned or ?sql=) as a list of dicts; fails on an error."""
        status, data = self.json(path, _shape="objects", **params)
        assert status == 200 and data.get("ok", True), (path, params, status, data)
        return data["rows"]


def start_datasette(venv, args, log_path, extra_env=None):
    port = free_port()
    e = dict(os.environ, VAULTLISTER_KEY=DEMO_KEY, **(extra_env or {}))
    log = open(log_path, "w")
    proc = subprocess.Popen([os.path.join(venv, "bin", "datasette"), "serve", *args,
                             "--host", "127.0.0.1", "--port", str(port)],
                            stdout=log, stderr=subprocess.STDOUT, env=e)
    base = "http://127.0.0.1:%d" % port
    deadline = time.time() + 60
    while True:
        if proc.poll() is not None:
            log.close()
            raise RuntimeError("datasette exited with %s:\n%s" % (proc.returncode, open(log_path).read()))
        try:
            urllib.request.urlopen(base + "/-/versions.json", timeout=2).read()
            break
        except urllib.error.HTTPError:
            break   # it answers, with an error: the caller looks at what it says
        except (urllib.error.URLError, ConnectionError, OSError):
            if time.time() > deadline:
                proc.kill()
                raise RuntimeError("datasette did not answer on %s within 60 s" % base)
            time.sleep(0.3)
    return proc, log, base


@pytest.fixture(scope="session")
def out_dir():
    d = env("VL_DS_OUT")
    os.makedirs(d, exist_ok=True)
    return d


@pytest.fixture(scope="session")
def served_db(out_dir):
    path = os.path.join(out_dir, DB_NAME + ".db")
    for suffix in ("", "-wal", "-shm", "-journal"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    shutil.copyfile(env("VL_DEMO_DB"), path)
    return path


@pytest.fixture(scope="session")
def server(served_db, out_dir):
    """Datasette on the demo database, immutable. After the whole run the file must be
    byte-identical and no journal, -wal or -shm may have appeared."""
    before = sha256(served_db)
    proc, log, base = start_datasette(env("VL_DS_VENV"), ["-i", served_db],
                                      os.path.join(out_dir, "datasette.log"))
    try:
        yield Server(base)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()
    assert sha256(served_db) == before, "the immutable database changed during the run"
    extra = [s for s in ("-wal", "-shm", "-journal") if os.path.exists(served_db + s)]
    assert not extra, "files appeared next to the immutable database: %s" % extra


@pytest.fixture(scope="session")
def oracle(out_dir):
    """The demo database (its own copy, read-only) with the full library: the expected answers."""
    path = os.path.join(out_dir, "oracle.db")
    shutil.copyfile(env("VL_DEMO_DB"), path)
    conn = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
    conn.row_factory = sqlite3.Row
    conn.enable_load_extension(True)
    conn.load_extension(env("VL_EXT"))
    conn.enable_load_extension(False)
    yield conn
    conn.close()
