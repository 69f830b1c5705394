#!/usr/bin/env bash
# The sqlite3 shell (Debian's, SQLite 3.40) loads the built library with `.load`, migrates a
# file database, writes through the schema and reads the results back.
set -euo pipefail
: "${VL_EXT:?path of the built library without suffix}" "${VL_SOURCE:?repo root}"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
db="$tmp/shell.db"
want_version="$(head -n1 "$VL_SOURCE/VERSION")"
want_schema="$(ls "$VL_SOURCE"/sql/[0-9][0-9][0-9][0-9]_*.sql | wc -l)"

fail() { echo "FAIL: $*" >&2; exit 1; }

out="$(sqlite3 -batch -bail "$db" <<SQL
.load $VL_EXT
SELECT vl_version();
SELECT json_extract(vl_migrate(), '\$.to');
SELECT vl_schema_version();
INSERT INTO users (id, email, password_hash, username) VALUES ('u1', 'ann@example.com', 'x', 'ann');
INSERT INTO inventory (id, user_id, title, brand, list_price, cost_price)
  VALUES ('i1', 'u1', 'Patagonia Better Sweater Fleece Jacket', 'Patagonia', 64.00, 12.50);
SELECT title || '|' || list_price FROM inventory WHERE id = 'i1';
SELECT id FROM inventory_fts WHERE inventory_fts MATCH 'sweater';
SELECT json_array_length(vl_migrate(), '\$.applied');
SQL
)"
echo "$out"
expected="$want_version
$want_schema
$want_schema
Patagonia Better Sweater Fleece Jacket|64.0
i1
0"
[[ "$out" == "$expected" ]] || fail "shell output differs; expected:
$expected"

# A second shell session on the same file sees the migrated schema without re-running anything.
again="$(sqlite3 -batch -bail "$db" ".load $VL_EXT" "SELECT vl_schema_version(), count(*) FROM inventory;")"
[[ "$again" == "$want_schema|1" ]] || fail "reopened file: got '$again', expected '$want_schema|1'"
echo "sqlite3 shell: ok"
