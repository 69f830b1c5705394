// Secrets as the VaultLister web application wrote them, by Node's own crypto, in every form
// those files hold (reference/legacy-databases.md, "Secrets"): AES-256-GCM
// `gcm:<iv>:<tag>:<ct>` and the older AES-256-CBC `<iv>:<ct>`, under both readings of
// OAUTH_ENCRYPTION_KEY (UTF-8 bytes of its first 32 characters; 64+ hex digits hex-decoded).
// The file is adopted by vl_migrate() and every value must still open with decrypt().
// Usage: node legacy_secrets.js <library path without suffix> <repo root>
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
const assert = require('assert');
const Database = require('better-sqlite3');

const [ext, src] = process.argv.slice(2);

function appKey(envValue) {  // the application's two key readings, newest first
  if (/^[0-9a-fA-F]{64,}$/.test(envValue)) return Buffer.from(envValue.slice(0, 64), 'hex');
  return Buffer.from(envValue.slice(0, 32), 'utf8');
}
function utf8Key(envValue) { return Buffer.from(envValue.slice(0, 32), 'utf8'); }

function gcm(key, text) {
  const iv = crypto.randomBytes(12);
  const c = crypto.createCipheriv('aes-256-gcm', key, iv);
  const enc = Buffer.concat([c.update(text, 'utf8'), c.final()]);
  return `gcm:${iv.toString('hex')}:${c.getAuthTag().toString('hex')}:${enc.toString('hex')}`;
}
function cbc(key, text) {
  const iv = crypto.randomBytes(16);
  const c = crypto.createCipheriv('aes-256-cbc', key, iv);
  return `${iv.toString('hex')}:${Buffer.concat([c.update(text, 'utf8'), c.final()]).toString('hex')}`;
}

const passphrase = 'correct horse battery staple, and then some';  // 44 characters
const hexKey = crypto.randomBytes(32).toString('hex');              // 64 hex digits

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vl-legacy-secrets-'));
try {
  const file = path.join(dir, 'legacy.db');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec(fs.readFileSync(path.join(src, 'tests/fixtures/legacy/vaultlister_app.sql'), 'utf8'));
  db.prepare("INSERT INTO users(id, email, password_hash, username) VALUES ('u1', 'a@x', 'h', 'a')").run();

  const cases = [];  // [shop id, env key value, plaintexts]
  const platforms = ['ebay', 'poshmark', 'mercari', 'depop', 'etsy', 'grailed'];
  const forms = [
    ['gcm, passphrase', passphrase, (t) => gcm(appKey(passphrase), t)],
    ['cbc, passphrase', passphrase, (t) => cbc(appKey(passphrase), t)],
    ['gcm, hex key decoded', hexKey, (t) => gcm(appKey(hexKey), t)],
    ['cbc, hex key decoded', hexKey, (t) => cbc(appKey(hexKey), t)],
    ['gcm, hex key as text (older app)', hexKey, (t) => gcm(utf8Key(hexKey), t)],
    ['cbc, hex key as text (older app)', hexKey, (t) => cbc(utf8Key(hexKey), t)],
  ];
  const insert = db.prepare(`INSERT INTO shops(id, user_id, platform, credentials, oauth_token, oauth_refresh_token)
                             VALUES (?, 'u1', ?, ?, ?, ?)`);
  forms.forEach(([label, env, enc], i) => {
    const creds = JSON.stringify({ username: `seller${i}`, password: `pä$$ ${label}` });
    const token = `v^1.1#i^1#token-${i}`, refresh = `refresh-${i}-${'x'.repeat(300)}`;
    insert.run(`sh${i}`, platforms[i], enc(creds), enc(token), enc(refresh));
    cases.push([`sh${i}`, label, env, [creds, token, refresh]]);
  });
  const before = db.prepare('SELECT id, credentials, oauth_token, oauth_refresh_token FROM shops ORDER BY id').all();

  db.loadExtension(ext);
  const report = JSON.parse(db.prepare('SELECT vl_migrate() AS r').get().r);
  assert.deepStrictEqual(report.adopted.rebuilt.includes('shops'), true, JSON.stringify(report));
  // The ciphertexts are untouched, byte for byte.
  assert.deepStrictEqual(db.prepare('SELECT id, credentials, oauth_token, oauth_refresh_token FROM shops ORDER BY id').all(), before);

  // Legacy CBC values open only once the connection opts in (docs/secrets.md).
  const cbcCase = cases.find((c) => /^[0-9a-f]{32}:/.test(before.find((r) => r.id === c[0]).credentials));
  if (cbcCase) {
    assert.throws(() => db.prepare('SELECT decrypt(credentials, ?) FROM shops WHERE id = ?').get(cbcCase[2], cbcCase[0]),
                  /vaultlister: decrypt: legacy AES-CBC values are not read by default/);
  }
  db.prepare('SELECT vl_legacy_cbc(1)').get();
  const open = db.prepare(`SELECT decrypt(credentials, @key) AS c, decrypt(oauth_token, @key) AS t,
                                  decrypt(oauth_refresh_token, @key) AS r FROM shops WHERE id = @id`);
  for (const [id, label, env, want] of cases) {
    const got = open.get({ key: env, id });
    assert.deepStrictEqual([got.c, got.t, got.r], want, label);
    assert.deepStrictEqual(JSON.parse(got.c).username, JSON.parse(want[0]).username, label);
  }
  // Rotation as the application had it: OAUTH_ENCRYPTION_KEY with OAUTH_ENCRYPTION_KEY_OLD.
  db.prepare('SELECT vl_set_key(?, ?)').get(hexKey, passphrase);
  const all = db.prepare('SELECT id, decrypt(credentials) AS c FROM shops ORDER BY id').all();
  assert.deepStrictEqual(all.map((r) => r.c), cases.map((c) => c[3][0]));
  // A wrong key is an error, never garbage.
  assert.throws(() => open.get({ key: 'a wrong key, also long enough to be one', id: 'sh0' }), /vaultlister: decrypt: /);
  db.close();
  console.log(`legacy_secrets: ${cases.length} forms x 3 columns open after adoption`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
