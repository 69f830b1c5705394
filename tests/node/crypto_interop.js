// Interoperability of encrypt/decrypt with Node's crypto module, both
// directions, in the exact forms the legacy VaultLister app wrote:
//   key = Buffer.from(k, 'hex') when k is 64 hex digits, else
//         Buffer.from(k.slice(0, 32)) (and older versions used that reading
//         even for hex keys);
//   GCM: 12-byte IV, 16-byte tag, `gcm:<iv>:<tag>:<ct>`; CBC: 16-byte IV,
//   `<iv>:<ct>`, PKCS#7 (read only after vl_legacy_cbc(1)).
// And the v2 envelope encrypt writes for passphrases and bound values
// (docs/secrets.md, Forms): Node opens it with the raw key, or with
// crypto.scryptSync(passphrase, salt, 32, {N: 2^15, r: 8, p: 1}), the header
// before the iv being the first bytes of the aad.
// Usage: node crypto_interop.js <extension path without suffix>
'use strict';
const assert = require('assert');
const crypto = require('crypto');
const Database = require('better-sqlite3');

const ext = process.argv[2];
if (!ext) throw new Error('usage: crypto_interop.js <extension path>');
delete process.env.VAULTLISTER_KEY;

const db = new Database(':memory:');
db.loadExtension(ext);
const one = (sql, ...args) => db.prepare(sql).pluck().get(...args);

const hexKey = crypto.randomBytes(32).toString('hex');
const textKey = 'legacy text key, longer than thirty-two characters';
const readings = {
  hex: Buffer.from(hexKey, 'hex'),
  hexLegacy: Buffer.from(hexKey.slice(0, 32)),
  text: Buffer.from(textKey.slice(0, 32)),
};

function nodeGcm(key, plain, aad) {
  const iv = crypto.randomBytes(12);
  const c = crypto.createCipheriv('aes-256-gcm', key, iv);
  if (aad !== undefined) c.setAAD(Buffer.from(aad));
  const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  return `gcm:${iv.toString('hex')}:${c.getAuthTag().toString('hex')}:${ct.toString('hex')}`;
}
function nodeCbc(key, plain) {
  const iv = crypto.randomBytes(16);
  const c = crypto.createCipheriv('aes-256-cbc', key, iv);
  const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  return `${iv.toString('hex')}:${ct.toString('hex')}`;
}
// key: a Buffer (a raw key) or a string (a passphrase, for v2 's' values).
function nodeOpen(key, env, aad) {
  let header = '';
  let parts = env.split(':');
  if (parts[0] === 'v2') {
    assert.strictEqual(parts.length, 7);
    const [, mode, , salt] = parts;
    header = parts.slice(0, 4).join(':') + ':';
    assert.strictEqual(mode[1], aad === undefined ? 'u' : 'b');
    if (mode[0] === 's') {
      key = crypto.scryptSync(key, Buffer.from(salt, 'hex'), 32,
                              { N: 32768, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
    } else {
      assert.ok(Buffer.isBuffer(key));
    }
    parts = ['gcm', ...parts.slice(4)];
  }
  const [tagName, iv, tag, ct] = parts;
  assert.strictEqual(tagName, 'gcm');
  assert.strictEqual(iv.length, 24);
  assert.strictEqual(tag.length, 32);
  const d = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'hex'));
  if (header !== '' || aad !== undefined) d.setAAD(Buffer.from(header + (aad || '')));
  d.setAuthTag(Buffer.from(tag, 'hex'));
  return Buffer.concat([d.update(Buffer.from(ct, 'hex')), d.final()]).toString('utf8');
}

const plains = ['', 'x', JSON.stringify({ access_token: 'tok', shop: 'Ünïcødé 🚀' }),
                'exactly 16 bytes', 'a'.repeat(5000)];
let checks = 0;

// Node → vaultlister. Legacy CBC is refused until this connection opts in.
assert.throws(() => one('SELECT decrypt(?, ?)', nodeCbc(readings.hex, 'x'), hexKey),
              /^SqliteError: vaultlister: decrypt: legacy AES-CBC values are not read by default/);
assert.strictEqual(one('SELECT vl_legacy_cbc(1)'), 1);
checks += 1;
for (const plain of plains) {
  for (const [name, keyText, reading] of [['hex', hexKey, readings.hex],
                                          ['hex, legacy reading', hexKey, readings.hexLegacy],
                                          ['text', textKey, readings.text]]) {
    const g = nodeGcm(reading, plain);
    assert.strictEqual(one('SELECT decrypt(?, ?)', g, keyText), plain, `gcm ${name}`);
    const ga = nodeGcm(reading, plain, 'shop-17');
    assert.strictEqual(one('SELECT decrypt(?, ?, ?)', ga, keyText, 'shop-17'), plain,
                       `gcm+aad ${name}`);
    assert.throws(() => one('SELECT decrypt(?, ?, ?)', ga, keyText, 'shop-18'),
                  /^SqliteError: vaultlister: decrypt: authentication failed/);
    const c = nodeCbc(reading, plain);
    assert.strictEqual(one('SELECT decrypt(?, ?)', c, keyText), plain, `cbc ${name}`);
    checks += 4;
  }
  // A 32-byte blob key is the hex key's bytes.
  assert.strictEqual(one('SELECT decrypt(?, ?)', nodeGcm(readings.hex, plain), readings.hex),
                     plain);
  checks += 1;
}

// vaultlister → Node, with the hex-decoded key, and a passphrase through scrypt
// (never its 32-byte legacy reading).
const aad = JSON.stringify(['shops', 'credentials', 17]);  // = json_array('shops', 'credentials', 17)
for (const plain of plains) {
  assert.strictEqual(nodeOpen(readings.hex, one('SELECT encrypt(?, ?)', plain, hexKey)), plain);
  const bound = one("SELECT encrypt(?, ?, json_array('shops', 'credentials', 17))", plain, hexKey);
  assert.ok(bound.startsWith('v2:rb:'));
  assert.strictEqual(nodeOpen(readings.hex, bound, aad), plain);
  const pass = one('SELECT encrypt(?, ?)', plain, textKey);
  assert.ok(pass.startsWith('v2:su:'));
  assert.strictEqual(nodeOpen(textKey, pass), plain);
  assert.throws(() => nodeOpen(readings.text, pass.replace(/^v2:su:[^:]*:[^:]*:/, 'gcm:')));
  const passBound = one('SELECT encrypt(?, ?, ?)', plain, textKey, aad);
  assert.strictEqual(nodeOpen(textKey, passBound, aad), plain);
  assert.throws(() => nodeOpen(readings.hexLegacy, one('SELECT encrypt(?, ?)', plain, hexKey)));
  checks += 6;
}

// The connection key and rotation, as an app using better-sqlite3 would do it.
one('SELECT vl_set_key(?)', textKey);
const stored = [nodeCbc(readings.text, '{"old":1}'), one("SELECT encrypt('{\"new\":2}')")];
one('SELECT vl_set_key(?, ?)', hexKey, textKey);
const rotated = stored.map((v) => one('SELECT encrypt(decrypt(?))', v));
assert.deepStrictEqual(rotated.map((v) => nodeOpen(readings.hex, v)), ['{"old":1}', '{"new":2}']);
checks += 1;

// Tokens agree with Node's own hash and decoders.
for (const s of ['', 'abc', 'Ünïcødé 🚀']) {
  assert.strictEqual(one('SELECT vl_sha256(?)', s),
                     crypto.createHash('sha256').update(s, 'utf8').digest('hex'));
  checks += 1;
}
const blob = crypto.randomBytes(100);
assert.strictEqual(one('SELECT vl_sha256(?)', blob),
                   crypto.createHash('sha256').update(blob).digest('hex'));
for (const n of [1, 16, 32, 100]) {
  const t = one('SELECT vl_random_token(?)', n);
  assert.match(t, /^[A-Za-z0-9_-]+$/);
  assert.strictEqual(Buffer.from(t, 'base64url').length, n);
  assert.strictEqual(Buffer.from(t, 'base64url').toString('base64url'), t);
  checks += 1;
}
assert.match(one('SELECT vl_uuid()'),
             /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
checks += 2;

db.close();
console.log(`crypto interop: ${checks} checks passed`);
