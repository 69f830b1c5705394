#!/usr/bin/env bash
# The npm package in bindings/node, as a user gets it: staged with the built library, packed
# with `npm pack`, installed from the tarball into a fresh project, then used with
# better-sqlite3 (from tests/node, so that nothing is rebuilt or fetched).
set -euo pipefail
: "${VL_BUILD:?build dir}" "${VL_SOURCE:?repo root}"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
cp -r "$VL_SOURCE/bindings/node" "$tmp/pkg"
rm -rf "$tmp/pkg/lib" "$tmp/pkg/node_modules"
bash "$VL_SOURCE/scripts/stage-bindings.sh" "$VL_BUILD/vaultlister.so" "$tmp/pkg" "$tmp/py-unused"
tarball="$(cd "$tmp/pkg" && npm pack --silent --pack-destination "$tmp")"
tar -tzf "$tmp/$tarball" | sort | tee "$tmp/contents"
grep -qx 'package/lib/vaultlister.so' "$tmp/contents"
grep -qx 'package/index.js' "$tmp/contents"

mkdir "$tmp/app"
cd "$tmp/app"
echo '{"name":"app","version":"1.0.0","private":true}' > package.json
npm install --offline --no-audit --no-fund "$tmp/$tarball" >/dev/null
[[ -f node_modules/vaultlister/lib/vaultlister.so ]]

BSQL="$VL_SOURCE/tests/node/node_modules/better-sqlite3" \
  WANT_VERSION="$(head -n1 "$VL_SOURCE/VERSION")" node - <<'JS'
const assert = require('assert');
const Database = require(process.env.BSQL);
const vaultlister = require('vaultlister');
const p = vaultlister.getLoadablePath();
assert.ok(p.endsWith('/node_modules/vaultlister/lib/vaultlister.so'), p);
assert.ok(p.startsWith(process.cwd()), p);

const db = new Database(':memory:');
assert.strictEqual(vaultlister.load(db), db);
assert.strictEqual(db.prepare('SELECT vl_version() AS v').get().v, process.env.WANT_VERSION);
const r = JSON.parse(db.prepare('SELECT vl_migrate() AS r').get().r);
assert.ok(r.to > 0 && r.applied.length === r.to, JSON.stringify(r));
assert.strictEqual(db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'inventory'").get().n, 1);

// Not a database.
assert.throws(() => vaultlister.load({}), /^TypeError: vaultlister: load: db has no loadExtension method/);
// The platform check can fail: pretend to be another platform.
const real = Object.getOwnPropertyDescriptor(process, 'platform');
Object.defineProperty(process, 'platform', { value: 'darwin' });
try {
  assert.throws(() => vaultlister.getLoadablePath(),
                /vaultlister: getLoadablePath: this package holds a linux-\w+ build and cannot load on darwin-/);
} finally {
  Object.defineProperty(process, 'platform', real);
}
console.log('npm package vaultlister: ok (' + p + ')');
JS
