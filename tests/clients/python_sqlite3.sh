#!/usr/bin/env bash
# Python's sqlite3 module (Debian's /usr/bin/python3, which is built with extension loading)
# loads the library with enable_load_extension + load_extension.
set -euo pipefail
: "${VL_EXT:?path of the built library without suffix}" "${VL_SOURCE:?repo root}"
# The test itself: tests/py/test_python_sqlite3.py (Debian's python3-pytest).
export VL_EXT VL_SOURCE PYTHONDONTWRITEBYTECODE=1
exec /usr/bin/python3 -m pytest -q -p no:cacheprovider "$VL_SOURCE/tests/py/test_python_sqlite3.py"
