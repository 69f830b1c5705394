"""Loader for the vaultlister SQLite extension shipped inside this package.

vaultlister.so and build.json (the platform and CPU it was built for) are staged into this
folder by `make bindings`; a Windows package holds vaultlister.dll and the tzdata folder it reads
instead (scripts/stage-bindings.sh build-win/vaultlister.dll).
"""
import json
import os
import platform
import sys

__all__ = ["loadable_path", "load"]

_HERE = os.path.dirname(os.path.abspath(__file__))


def _machine():
    m = platform.machine().lower()
    return {"x86_64": "x64", "amd64": "x64", "aarch64": "arm64"}.get(m, m)


def loadable_path():
    """Absolute path of the shipped library; raises RuntimeError on a platform it was not built for."""
    info_file = os.path.join(_HERE, "build.json")
    lib = os.path.join(_HERE, "vaultlister.dll" if sys.platform == "win32" else "vaultlister.so")
    if not os.path.exists(info_file) or not os.path.exists(lib):
        raise RuntimeError("vaultlister: loadable_path: %s is missing (a package staged by `make bindings`)"
                           % (lib if not os.path.exists(lib) else info_file))
    with open(info_file, encoding="utf-8") as f:
        built = json.load(f)
    here = "%s-%s" % ("linux" if sys.platform.startswith("linux") else sys.platform, _machine())
    want = "%s-%s" % (built["platform"], built["arch"])
    if here != want:
        raise RuntimeError("vaultlister: loadable_path: this package holds a %s build and cannot load on %s "
                           "(a vaultlister package built on %s: run `make bindings` there)" % (want, here, here))
    return lib


def load(conn):
    """Loads the extension into a sqlite3.Connection whose extension loading is enabled."""
    if not hasattr(conn, "load_extension"):
        raise RuntimeError("vaultlister: load: this Python's sqlite3 cannot load extensions "
                           "(a Python built with --enable-loadable-sqlite-extensions, e.g. Debian's /usr/bin/python3)")
    conn.load_extension(loadable_path())
    return conn
