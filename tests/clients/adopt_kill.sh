#!/usr/bin/env bash
# Adoption is one transaction: a process killed (SIGKILL, no cleanup) at any moment of
# vl_migrate() on a 200,000-row legacy file leaves a file that opens, passes
# integrity_check, still holds every row, and is adopted by the next vl_migrate().
set -euo pipefail
: "${VL_EXT:?path of the built library without suffix}" "${VL_SOURCE:?repo root}"
# The test itself: tests/py/test_adopt_kill.py (Debian's python3-pytest).
export VL_EXT VL_SOURCE PYTHONDONTWRITEBYTECODE=1
exec /usr/bin/python3 -m pytest -q -s -p no:cacheprovider "$VL_SOURCE/tests/py/test_adopt_kill.py"
