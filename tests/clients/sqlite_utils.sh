#!/usr/bin/env bash
# sqlite-utils (Debian package) loads the library with --load-extension, migrates a file,
# inserts rows with its own `insert` command and reads a table back.
set -euo pipefail
: "${VL_EXT:?path of the built library without suffix}" "${VL_SOURCE:?repo root}"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
db="$tmp/utils.db"
want_version="$(head -n1 "$VL_SOURCE/VERSION")"
want_schema="$(ls "$VL_SOURCE"/sql/[0-9][0-9][0-9][0-9]_*.sql | wc -l)"
fail() { echo "FAIL: $*" >&2; exit 1; }
# Its CSV output ends lines with CRLF.
crlf() { tr -d '\r'; }

# sqlite-utils passes the path to load_extension as given: the full file name works everywhere.
out="$(sqlite-utils query "$db" --load-extension="$VL_EXT.so" --csv --no-headers \
        "SELECT vl_version(), json_extract(vl_migrate(), '\$.to'), vl_schema_version()" | crlf)"
[[ "$out" == "$want_version,$want_schema,$want_schema" ]] || fail "query printed '$out'"

sqlite-utils query "$db" --load-extension="$VL_EXT.so" \
  "INSERT INTO users (id, email, password_hash, username) VALUES ('u1','di@example.com','x','di')" >/dev/null
echo '[{"id":"i1","user_id":"u1","title":"Coach Tabby Shoulder Bag","list_price":180},
      {"id":"i2","user_id":"u1","title":"Kate Spade Wallet","list_price":45.5}]' \
  | sqlite-utils insert "$db" inventory - --load-extension="$VL_EXT.so"
rows="$(sqlite-utils rows "$db" inventory -c id -c title -c list_price -c status --csv --no-headers | crlf)"
expected="i1,Coach Tabby Shoulder Bag,180.0,draft
i2,Kate Spade Wallet,45.5,draft"
[[ "$rows" == "$expected" ]] || fail "rows printed:
$rows"
# The FTS triggers installed by vl_migrate saw sqlite-utils' inserts.
hits="$(sqlite-utils query "$db" --csv --no-headers "SELECT id FROM inventory_fts WHERE inventory_fts MATCH 'wallet'" | crlf)"
[[ "$hits" == "i2" ]] || fail "fts printed '$hits'"
echo "sqlite-utils $(sqlite-utils --version | awk '{print $NF}'): ok"
