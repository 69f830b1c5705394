#!/usr/bin/env bash
# Node with better-sqlite3 12.x (tests/node): db.loadExtension() on the SQLite that
# better-sqlite3 bundles (3.5x), a newer SQLite than the system's.
set -euo pipefail
: "${VL_EXT:?path of the built library without suffix}" "${VL_SOURCE:?repo root}"
cd "$VL_SOURCE/tests/node"
exec node - "$VL_EXT" "$VL_SOURCE" <<'JS'
const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const Database = require('better-sqlite3');
const [ext, src] = process.argv.slice(2);
const wantVersion = fs.readFileSync(path.join(src, 'VERSION'), 'utf8').split('\n')[0].trim();
const wantSchema = fs.readdirSync(path.join(src, 'sql')).filter((f) => /^\d{4}_.*\.sql$/.test(f)).length;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vl-node-'));
try {
  const db = new Database(path.join(tmp, 'node.db'));
  db.loadExtension(ext);
  const sqliteVersion = db.prepare('SELECT sqlite_version() AS v').get().v;
  const [maj, min] = sqliteVersion.split('.').map(Number);
  assert.ok(maj > 3 || (maj === 3 && min > 40), `better-sqlite3 bundles SQLite ${sqliteVersion}, expected newer than 3.40`);
  assert.strictEqual(db.prepare('SELECT vl_version() AS v').get().v, wantVersion);
  const info = JSON.parse(db.prepare('SELECT vl_info() AS i').get().i);
  assert.strictEqual(info.sqlite, sqliteVersion);
  const report = JSON.parse(db.prepare('SELECT vl_migrate() AS r').get().r);
  assert.deepStrictEqual([report.from, report.to], [0, wantSchema]);
  db.prepare("INSERT INTO users (id, email, password_hash, username) VALUES ('u1','cy@example.com','x','cy')").run();
  const ins = db.prepare('INSERT INTO inventory (id, user_id, title, brand, list_price) VALUES (?, ?, ?, ?, ?)');
  db.transaction(() => {
    ins.run('i1', 'u1', 'Nike Air Max 90 Sneakers', 'Nike', 85);
    ins.run('i2', 'u1', 'Adidas Ultraboost Running Shoes', 'Adidas', 70);
  })();
  const hits = db.prepare("SELECT id FROM inventory_fts WHERE inventory_fts MATCH 'sneakers'").all();
  assert.deepStrictEqual(hits.map((r) => r.id), ['i1']);
  const status = db.prepare('SELECT status, count(*) AS n FROM vl_migrations GROUP BY status').all();
  assert.deepStrictEqual(status, [{ status: 'applied', n: wantSchema }]);
  assert.throws(() => db.prepare("SELECT vl_migrate('nope')").get(), /^SqliteError: vaultlister: vl_migrate: |vaultlister: vl_migrate: /);
  db.close();
  console.log(`node better-sqlite3 (SQLite ${sqliteVersion}): ok`);
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
JS
