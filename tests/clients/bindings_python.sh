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

cd "$tmp"
WANT_VERSION="$(head -n1 "$VL_SOURCE/VERSION")" "$tmp/venv/bin/python" - "$tmp/venv" <<'PY'
import json, os, sqlite3, sys
import vaultlister

venv = sys.argv[1]
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

# The platform check can fail: pretend to be another platform.
real = sys.platform
sys.platform = "darwin"
try:
    vaultlister.loadable_path()
    raise AssertionError("loadable_path() accepted darwin")
except RuntimeError as e:
    assert "this package holds a linux-" in str(e) and "cannot load on darwin-" in str(e), e
finally:
    sys.platform = real
print("pip package vaultlister: ok (%s)" % p)
PY
