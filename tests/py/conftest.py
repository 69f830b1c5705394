"""Shared fixtures of the pytest suites that tests/clients/*.sh run (ctest client_<name>).

The scripts pass what ctest gives them through the environment: VL_EXT (the built library,
without suffix), VL_SOURCE (the repository root) and, for the package tests, VL_VENV.
"""
import os
import sqlite3

import pytest


def _env(name):
    value = os.environ.get(name)
    if not value:
        pytest.fail(f"{name} is not set: run this file through its tests/clients/*.sh script")
    return value


@pytest.fixture(scope="session")
def ext():
    return _env("VL_EXT")


@pytest.fixture(scope="session")
def src():
    return _env("VL_SOURCE")


@pytest.fixture(scope="session")
def connect(ext):
    """connect(path, load=True): a connection in autocommit mode, with the extension loaded."""
    def open_(path, load=True):
        conn = sqlite3.connect(path, isolation_level=None)
        if load:
            conn.enable_load_extension(True)
            conn.load_extension(ext)
            conn.enable_load_extension(False)
        return conn
    return open_
