#!/usr/bin/env bash
# The Python package in bindings/python, as a user gets it: staged with the built library and
# installed with pip from the local folder (no index, no build isolation: Debian's setuptools)
# into a fresh venv of /usr/bin/python3, then used with the standard sqlite3 module.
set -euo pipefail
: "${VL_BUILD:?build dir}" "${VL_SOURCE:?repo root}"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
cp -r "$VL_SOURCE/bindings/python" "$tmp/pkg"
rm -rf "$tmp/pkg/build" "$tmp/pkg"/*.egg-info "$tmp/pkg/vaultlister/vaultlister.so"
bash "$VL_SOURCE/scripts/stage-bindings.sh" "$VL_BUILD/vaultlister.so" "$tmp/node-unused" "$tmp/pkg"

/usr/bin/python3 -m venv --system-site-packages "$tmp/venv"
"$tmp/venv/bin/python" -m pip install --quiet --no-index --no-build-isolation "$tmp/pkg"
rm -rf "$tmp/pkg"   # the test must use the installed copy, not the source folder

# The test itself: tests/py/test_bindings_python.py, run by the venv's python (Debian's
# python3-pytest comes through --system-site-packages).
cd "$tmp"
PYTHONDONTWRITEBYTECODE=1 VL_VENV="$tmp/venv" WANT_VERSION="$(head -n1 "$VL_SOURCE/VERSION")" \
  "$tmp/venv/bin/python" -m pytest -q -p no:cacheprovider "$VL_SOURCE/tests/py/test_bindings_python.py"
