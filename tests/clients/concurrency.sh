#!/usr/bin/env bash
# Four writer processes and two readers on one WAL file, then the held-write-lock test
# (tests/concurrency/writers.py; what each checks is in its docstring and docs/reliability.md).
# Debian's /usr/bin/python3: pyenv builds cannot load extensions.
set -euo pipefail
: "${VL_EXT:?path of the built library without suffix}" "${VL_SOURCE:?repo root}"
exec /usr/bin/python3 "$VL_SOURCE/tests/concurrency/writers.py" "$VL_EXT" all
