#!/usr/bin/env bash
# What encrypt's table scan costs on a SQLite that lets a CHECK call it (3.40; docs/secrets.md,
# "A database file is input", point 3): one read of every table definition per writing statement
# that calls encrypt. Measured with the system sqlite3 shell on a migrated file, as
#   scan per statement ~ (A - D) - (E - F)
# A: N one-row INSERTs with encrypt, D: one N-row INSERT ... SELECT with encrypt (one scan),
# E and F: the same without encrypt (what N statements cost against one, scan aside).
# usage: bench/encrypt_table_scan.sh [build/vaultlister] [N]
set -euo pipefail
ext=${1:-build/vaultlister}
n=${2:-5000}
command -v sqlite3 >/dev/null || { echo "encrypt_table_scan: needs the sqlite3 shell (apt-get install sqlite3)" >&2; exit 1; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
key=$(printf '0%.0s' $(seq 64))
rows="WITH RECURSIVE r(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM r WHERE v < $n)"
{ echo "BEGIN;"; for i in $(seq "$n"); do echo "INSERT INTO vault VALUES (encrypt('secret $i'));"; done; echo "ROLLBACK;"; } >"$dir/A.sql"
{ echo "BEGIN;"; for i in $(seq "$n"); do echo "INSERT INTO vault VALUES ('secret $i');"; done; echo "ROLLBACK;"; } >"$dir/E.sql"
printf 'BEGIN;\n%s INSERT INTO vault SELECT encrypt('"'"'secret '"'"' || v) FROM r;\nROLLBACK;\n' "$rows" >"$dir/D.sql"
printf 'BEGIN;\n%s INSERT INTO vault SELECT '"'"'secret '"'"' || v FROM r;\nROLLBACK;\n' "$rows" >"$dir/F.sql"
sqlite3 "$dir/g.db" ".load $ext" "SELECT vl_migrate();" "CREATE TABLE vault(c);" >/dev/null
tables=$(sqlite3 "$dir/g.db" "SELECT count(*) FROM sqlite_schema WHERE type = 'table'")
best() {  # best of 5 wall-clock runs, seconds
  local b=""
  for _ in 1 2 3 4 5; do
    local t0 t1
    t0=$(date +%s.%N)
    sqlite3 "$dir/g.db" ".load $ext" "SELECT vl_set_key('$key');" ".read $dir/$1.sql" >/dev/null
    t1=$(date +%s.%N)
    b=$(echo "$t1 $t0 ${b:-}" | awk '{d = $1 - $2; if ($3 == "" || d < $3) print d; else print $3}')
  done
  echo "$b"
}
A=$(best A); D=$(best D); E=$(best E); F=$(best F)
echo "SQLite $(sqlite3 :memory: 'SELECT sqlite_version()'), $tables tables, N = $n, best of 5 (seconds): A $A  D $D  E $E  F $F"
awk -v a="$A" -v d="$D" -v e="$E" -v f="$F" -v n="$n" \
  'BEGIN { printf "encrypt table scan: %.1f us per writing statement ((A - D) - (E - F)) / N\n", ((a - d) - (e - f)) / n * 1e6 }'
