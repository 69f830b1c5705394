#!/usr/bin/env bash
# sqlite3_vaultlister_nosecrets_init in every client that can name an entry point: the sqlite3
# shell (.load path entry), Python 3.11's sqlite3 (no entrypoint= argument there: the SQL function
# load_extension(path, entry) after enable_load_extension), better-sqlite3 (loadExtension(path,
# entry)). With VAULTLISTER_KEY set, a value the full library encrypted cannot be opened: encrypt,
# decrypt and vl_set_key are "no such function"; search and fees work. A hostile-file check in
# the real sqlite3 shell (3.40) and Python: a CHECK calling vl_set_key is refused, the key kept.
set -euo pipefail
: "${VL_EXT:?path of the built library without suffix}" "${VL_SOURCE:?repo root}"
source "$VL_SOURCE/tests/clients/lib/skip.sh"
command -v sqlite3 >/dev/null || { vl_skip nosecrets_entry "the sqlite3 shell"; exit 77; }
command -v node >/dev/null || { vl_skip nosecrets_entry "node"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export VAULTLISTER_KEY="the environment's key, thirty-two characters or more"
entry=sqlite3_vaultlister_nosecrets_init

# The owner's file, written with the full library.
sqlite3 "$tmp/shop.db" ".load $VL_EXT" "SELECT vl_migrate();" \
  "INSERT INTO users(id, email, password_hash, username) VALUES ('u1', 'a@example.com', 'h', 'alice');" \
  "INSERT INTO shops(id, user_id, platform, credentials) VALUES ('s1', 'u1', 'ebay', encrypt('{\"token\":\"t0p-nosecrets\"}'));" \
  "INSERT INTO inventory(id, user_id, title, list_price) VALUES ('i1', 'u1', 'Vintage denim jacket', 40);" >/dev/null

expect() {  # expect <what> <wanted> <got>
  if [[ "$2" != "$3" ]]; then echo "FAIL $1: wanted [$2] got [$3]"; exit 1; fi
}

# sqlite3 shell
got=$(sqlite3 "$tmp/shop.db" ".load $VL_EXT $entry" "SELECT decrypt(credentials) FROM shops;" 2>&1 || true)
expect "shell decrypt" "Error: in prepare, no such function: decrypt" "$(head -1 <<<"$got")"
for fn in "encrypt('x')" "vl_set_key('a key of thirty-two characters or more')"; do
  got=$(sqlite3 "$tmp/shop.db" ".load $VL_EXT $entry" "SELECT $fn;" 2>&1 | head -1 || true)
  expect "shell $fn" "Error: in prepare, no such function: ${fn%%(*}" "$got"
done
got=$(sqlite3 "$tmp/shop.db" ".load $VL_EXT $entry" \
  "SELECT json_extract(vl_info(), '\$.entry_point'), net_profit(100, 10, 5, 20), (SELECT title FROM vl_search('denim'));")
expect "shell works" "$entry|65.0|Vintage denim jacket" "$got"

# Python 3.11: the SQL function form (Connection.load_extension has entrypoint= only from 3.12).
/usr/bin/python3 - "$VL_EXT" "$tmp/shop.db" "$entry" <<'PY'
import sqlite3, sys
ext, path, entry = sys.argv[1:]
conn = sqlite3.connect(path)
conn.enable_load_extension(True)
if sys.version_info >= (3, 12):
    conn.load_extension(ext, entrypoint=entry)
else:
    conn.execute("SELECT load_extension(?, ?)", (ext, entry))
conn.enable_load_extension(False)
for sql, name in [("SELECT decrypt(credentials) FROM shops", "decrypt"), ("SELECT encrypt('x')", "encrypt"),
                  ("SELECT vl_set_key('k' || hex(randomblob(16)))", "vl_set_key")]:
    try:
        conn.execute(sql).fetchall()
        raise SystemExit("FAIL python: %s ran" % sql)
    except sqlite3.OperationalError as e:
        assert str(e) == "no such function: " + name, e
assert conn.execute("SELECT json_extract(vl_info(), '$.entry_point')").fetchone()[0] == entry
assert conn.execute("SELECT title FROM vl_search('denim')").fetchone()[0] == "Vintage denim jacket"
print("python %s (SQLite %s) nosecrets: ok" % (sys.version.split()[0], sqlite3.sqlite_version))
PY

# better-sqlite3
(cd "$VL_SOURCE/tests/node" && node - "$VL_EXT" "$tmp/shop.db" "$entry" <<'JS'
const assert = require('assert');
const Database = require('better-sqlite3');
const [ext, file, entry] = process.argv.slice(2);
const db = new Database(file);
db.loadExtension(ext, entry);
for (const [sql, name] of [['SELECT decrypt(credentials) FROM shops', 'decrypt'], ["SELECT encrypt('x')", 'encrypt'],
                           ["SELECT vl_set_key('x')", 'vl_set_key']]) {
  assert.throws(() => db.prepare(sql).all(), { message: `no such function: ${name}` });
}
assert.strictEqual(db.prepare("SELECT json_extract(vl_info(), '$.entry_point') AS e").get().e, entry);
assert.strictEqual(db.prepare("SELECT title FROM vl_search('denim')").get().title, 'Vintage denim jacket');
console.log(`better-sqlite3 (SQLite ${db.prepare('SELECT sqlite_version() AS v').get().v}) nosecrets: ok`);
JS
)

# A hostile CHECK in the real sqlite3 shell (Debian's 3.40): written with writable_schema by a
# plain sqlite3, refused when the owner's shell parses the schema; the key stays the owner's.
sqlite3 "$tmp/shop.db" "PRAGMA writable_schema=ON;" \
  "UPDATE sqlite_schema SET sql = substr(sql, 1, length(sql) - 1) || ', CHECK (vl_set_key(''an attacker key, thirty-two chars!!'') IS NOT 0))' WHERE name = 'shops';"
got=$(sqlite3 "$tmp/shop.db" ".load $VL_EXT" "SELECT vl_set_key('the owner key, thirty-two characters!');" \
  "INSERT INTO shops(id, user_id, platform, credentials) VALUES ('s2', 'u1', 'poshmark', encrypt('NEW-SECRET-shell'));" 2>&1 || true)
grep -q "malformed database schema (shops) - unsafe use of vl_set_key()" <<<"$got" || { echo "FAIL shell hostile CHECK: $got"; exit 1; }
if grep -a -q "NEW-SECRET-shell" "$tmp"/shop.db*; then echo "FAIL plaintext in the file"; exit 1; fi
/usr/bin/python3 - "$VL_EXT" "$tmp/shop.db" <<'PY'
import sqlite3, sys
ext, path = sys.argv[1:]
conn = sqlite3.connect(path)
conn.enable_load_extension(True)
conn.load_extension(ext)
try:
    conn.execute("SELECT vl_set_key('the owner key, thirty-two characters!')").fetchall()
    conn.execute("INSERT INTO shops(id, user_id, platform, credentials) VALUES ('s3', 'u1', 'mercari', encrypt('NEW-SECRET-py'))")
    raise SystemExit("FAIL python: hostile CHECK not refused")
except sqlite3.DatabaseError as e:
    assert "unsafe use of vl_set_key()" in str(e), e
print("python hostile CHECK refused: ok")
PY
echo "nosecrets_entry: ok"
