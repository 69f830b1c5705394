#!/usr/bin/env bash
# Every example in docs/ runs against the built library (Python's sqlite3 on
# the system SQLite); its shown output must match.
set -euo pipefail
exec /usr/bin/python3 "$VL_SOURCE/tests/docs/run_examples.py" "$VL_EXT" "$VL_SOURCE/docs"
