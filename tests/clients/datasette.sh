#!/usr/bin/env bash
# Datasette 0.64.8 with the datasette-vaultlister plugin, for real: bindings/datasette/dev-venv.sh
# builds $VL_BUILD/datasette/venv (Datasette from the third-party archives over Debian's Python
# packages, then `pip install --no-index --no-build-isolation ./bindings/python ./bindings/datasette`
# as docs/clients.md says), scripts/demo.py generates the demo database, and pytest runs
# bindings/datasette/tests: a `datasette serve -i` process on 127.0.0.1 answering over HTTP
# (test_plugin.py) and headless Chromium driven by selenium (test_browser.py), which saves
# screenshots in $VL_BUILD/datasette/. Skips (tests/clients/lib/skip.sh) when a Debian package or
# the third-party folder is missing; as root, scripts/deps.sh installs the packages.
set -euo pipefail
: "${VL_BUILD:?build dir}" "${VL_SOURCE:?repo root}" "${VL_EXT:?path of the built library without suffix}"
source "$VL_SOURCE/tests/clients/lib/skip.sh"
third="${VL_THIRD_PARTY:-$(dirname "$VL_SOURCE")/shared/third_party}"
[[ -f "$third/datasette-0.64.8.tar.gz" && -f "$third/asgi-csrf-0.9.tar.gz" ]] || \
  vl_skip client_datasette "Datasette 0.64.8: $third has no datasette-0.64.8.tar.gz and asgi-csrf-0.9.tar.gz (set VL_THIRD_PARTY to the folder that has them)"
if ! deps="$(bash "$VL_SOURCE/scripts/deps.sh" datasette 2>&1)"; then
  vl_skip client_datasette "$(grep -m1 'needs these Debian packages' <<<"$deps" || echo "$deps")"
fi

out="$VL_BUILD/datasette"
mkdir -p "$out"
rm -f "$out"/*.png
VL_THIRD_PARTY="$third" bash "$VL_SOURCE/bindings/datasette/dev-venv.sh" "$out/venv" "$VL_EXT.so"
/usr/bin/python3 "$VL_SOURCE/scripts/demo.py" --ext "$VL_EXT" --out "$out/demo/vaultlister-demo.db" >"$out/demo.txt"

cd "$out"
VL_DS_VENV="$out/venv" VL_DEMO_DB="$out/demo/vaultlister-demo.db" VL_DS_OUT="$out/run" VL_SHOTS="$out" \
  "$out/venv/bin/python" -m pytest -q -p no:cacheprovider "$VL_SOURCE/bindings/datasette/tests"
ls "$out"/*.png
