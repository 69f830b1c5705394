#!/usr/bin/env bash
# tests/dqlite/run.sh <build dir> — the unchanged extension in a replicated 3-node dqlite cluster,
# surviving leader failover. Run by `make test-dqlite` and by ctest (tests/clients/dqlite.sh).
#
# Three dqlite-demo nodes (Debian go-dqlite) on 127.0.0.1, each started with
# LD_PRELOAD=vaultlister_preload.so and the same VAULTLISTER_KEY: the node program is not changed,
# the preload library registers the extension on its first sqlite3_open_v2. Through the dqlite
# shell we migrate (the write-shaped statement of docs/multi-node.md, sent down the exec path),
# insert users and items without ids, list an item on three marketplaces, sell it (stock,
# sold/ended listings, delist queue, profit by trigger), and store an encrypted credential.
#
# Then, until every node has led once: kill -9 the leader, wait for a new one, read everything
# again through it and compare with what the first leader returned — ids, timestamps, ciphertexts,
# decrypted secrets, delist rows, FTS5 integrity-check, vl_health — then restart the killed node.
# dqlite serves every read from the leader, so a node's replica is read exactly when it leads:
# that is why the loop runs until each node has led.
#
# Bounded: every wait gives up (and fails the test) after $WAIT seconds; at most $MAX_ROUNDS
# failovers. Every process started here is killed by its pid on exit.
set -euo pipefail

build="${1:?usage: run.sh <build dir>}"
build="$(cd "$build" && pwd)"
WAIT="${VL_DQLITE_WAIT:-30}"
MAX_ROUNDS="${VL_DQLITE_ROUNDS:-8}"
DB=vaultlister

fail() { echo "FAIL: $*" >&2; exit 1; }
for tool in dqlite-demo dqlite python3 timeout cc; do
  command -v "$tool" >/dev/null || fail "$tool not found (make test-dqlite installs go-dqlite)"
done
[[ -f "$build/vaultlister.so" ]] || fail "$build/vaultlister.so is not built"
[[ -f "$build/vaultlister_preload.so" ]] || fail "$build/vaultlister_preload.so is not built"

tmp="$(mktemp -d)"
declare -a pid=("" "" "" "")      # pid[1..3]: the running dqlite-demo of each node, "" when down
embedded_pid=""                   # the one-node program of tests/dqlite/embedded_node.c
cleanup() {
  local status=$?
  if [[ -n "$embedded_pid" ]]; then kill -9 "$embedded_pid" 2>/dev/null || true; wait "$embedded_pid" 2>/dev/null || true; fi
  for i in 1 2 3; do
    if [[ -n "${pid[$i]}" ]]; then kill -9 "${pid[$i]}" 2>/dev/null || true; wait "${pid[$i]}" 2>/dev/null || true; fi
  done
  if ((status != 0)); then
    for i in 1 2 3; do
      [[ -f "$tmp/node$i.log" ]] && { echo "--- node $i log (tail)"; tail -n 20 "$tmp/node$i.log"; }
    done >&2
  fi
  rm -rf "$tmp"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Six free loopback ports (api and db address of each node).
read -r -a ports < <(python3 - <<'PY'
import socket
socks = []
for _ in range(7):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
PY
)
declare -a addr=("" "127.0.0.1:${ports[0]}" "127.0.0.1:${ports[1]}" "127.0.0.1:${ports[2]}")
declare -a api=("" "127.0.0.1:${ports[3]}" "127.0.0.1:${ports[4]}" "127.0.0.1:${ports[5]}")
servers="${addr[1]},${addr[2]},${addr[3]}"
node_of() { local i; for i in 1 2 3; do [[ "${addr[$i]}" == "$1" ]] && { echo "$i"; return; }; done; echo "?"; }

export VAULTLISTER_KEY="dqlite test key: thirty-two characters or more"

start_node() {   # start_node <i> : node 1 bootstraps, the others join it (ignored on restart)
  local i=$1 join=()
  ((i == 1)) || join=(--join "${addr[1]}")
  mkdir -p "$tmp/node$i"
  # An LD_PRELOAD from the caller (make test-sanitize: the sanitizer runtimes, which must come
  # first) is kept in front of the loader.
  VAULTLISTER_EXTENSION="$build/vaultlister" LD_PRELOAD="${LD_PRELOAD:+$LD_PRELOAD }$build/vaultlister_preload.so" \
    dqlite-demo --api "${api[$i]}" --db "${addr[$i]}" --dir "$tmp/node$i" "${join[@]}" \
    >>"$tmp/node$i.log" 2>&1 &
  pid[$i]=$!
}

# One statement through the dqlite shell. The shell sends a line that starts with SELECT as a
# query and anything else down the exec path (the one that replicates); each call is bounded.
sql() { timeout 10 dqlite -s "$servers" "$DB" "$1" 2>&1; }

# Retries while the cluster settles (no leader yet, leadership moving); fails after $WAIT s.
sql_retry() {
  local deadline=$((SECONDS + WAIT)) out
  while :; do
    if out="$(sql "$1")" && [[ "$out" != Error:* ]]; then printf '%s\n' "$out"; return 0; fi
    ((SECONDS < deadline)) || { echo "$out" >&2; fail "statement kept failing for ${WAIT}s: $1"; }
    sleep 0.3
  done
}

# A write is sent once, never retried: a retry after an error that came back from a commit which
# did happen would insert twice. The cluster is settled (three voters, a leader) before any write.
write() { local out; out="$(sql "$1")" || fail "write failed: $out ($1)"; [[ -z "$out" ]] || fail "write printed: $out ($1)"; }

leader() { timeout 10 dqlite -s "$servers" "$DB" .leader 2>/dev/null || true; }

wait_for() {   # wait_for <description> <command...>
  local what=$1; shift
  local deadline=$((SECONDS + WAIT))
  until "$@"; do
    ((SECONDS < deadline)) || fail "no $what within ${WAIT}s"
    sleep 0.3
  done
}
three_voters() { [[ "$(timeout 10 dqlite -s "$servers" "$DB" .cluster 2>/dev/null | grep -c '|voter$')" == 3 ]]; }
leader_other_than() { local l; l="$(leader)"; [[ -n "$l" && "$l" != "$1" ]]; }
node_answers() { timeout 5 dqlite -s "$servers" "$DB" ".describe ${addr[$1]}" >/dev/null 2>&1; }

# ---- an application that embeds dqlite and registers the extension itself -------------------
cc -Wall -Wextra -Werror -o "$tmp/embedded_node" "$(dirname "$0")/embedded_node.c" -ldqlite -lsqlite3 -ldl \
  || fail "tests/dqlite/embedded_node.c does not build (libdqlite-dev)"
embedded="127.0.0.1:${ports[6]}"
mkdir -p "$tmp/embedded"
"$tmp/embedded_node" "$embedded" "$tmp/embedded" "$build/vaultlister.so" >"$tmp/embedded.log" 2>&1 &
embedded_pid=$!
embedded_sql() { timeout 10 dqlite -s "$embedded" "$DB" "$1" 2>&1; }
deadline=$((SECONDS + WAIT))
until [[ "$(embedded_sql "SELECT vl_version()")" == "$(head -n1 "$(dirname "$0")/../../VERSION")" ]]; do
  ((SECONDS < deadline)) || { cat "$tmp/embedded.log" >&2; fail "the embedded node did not answer vl_version() within ${WAIT}s"; }
  sleep 0.3
done
out="$(embedded_sql "WITH run(report) AS (SELECT vl_migrate()) SELECT report FROM run WHERE report IS NULL")"
[[ -z "$out" ]] || fail "embedded node: migrate printed: $out"
[[ "$(embedded_sql "SELECT count(*) FROM vl_health WHERE status = 'ok'")" == 11 ]] \
  || fail "embedded node: vl_health is not clean after migrate"
kill -9 "$embedded_pid"; wait "$embedded_pid" 2>/dev/null || true; embedded_pid=""
echo "embedded node (tests/dqlite/embedded_node.c, one sqlite3_auto_extension call): vl_version, vl_migrate and vl_health ok"

# ---- the cluster ---------------------------------------------------------------------------
start_node 1
wait_for "first node" node_answers 1
start_node 2
start_node 3
wait_for "three voting nodes" three_voters
first_leader="$(leader)"
echo "cluster: node1=${addr[1]} node2=${addr[2]} node3=${addr[3]}; leader node $(node_of "$first_leader")"

# ---- writes, all down the exec path --------------------------------------------------------
n_migrations="$(ls "$(dirname "$0")/../../sql/"[0-9][0-9][0-9][0-9]_*.sql | wc -l)"
# vl_migrate() returns a report (a row), and dqlite's exec path refuses a statement that returns
# a row; this form runs it once and returns none (docs/multi-node.md, "The write path").
migrate="WITH run(report) AS (SELECT vl_migrate()) SELECT report FROM run WHERE report IS NULL"
write "$migrate"
[[ "$(sql_retry "SELECT vl_schema_version()")" == "$n_migrations" ]] || fail "schema version after vl_migrate"
write "$migrate"   # idempotent: a second run through the cluster changes nothing
[[ "$(sql_retry "SELECT count(*) FROM vl_migrations WHERE status = 'applied'")" == "$n_migrations" ]] \
  || fail "vl_migrations after a second migrate"

write "INSERT INTO users (email, password_hash, username) VALUES
  ('maya@example.com', 'x', 'maya'), ('olu@example.com', 'x', 'olu')"
write "INSERT INTO inventory (user_id, sku, title, brand, cost_price, list_price, quantity, status)
  SELECT id, 'SKU-1', 'Patagonia Better Sweater Fleece Jacket M', 'Patagonia', 12.50, 79, 1, 'active'
    FROM users WHERE username = 'maya'
  UNION ALL
  SELECT id, 'SKU-2', 'Levi''s 501 Original Jeans 32x32', 'Levi''s', 8, 45, 2, 'active'
    FROM users WHERE username = 'maya'
  UNION ALL
  SELECT id, 'SKU-3', 'Nike Air Max 90 Sneakers 10', 'Nike', 30, 120, 1, 'active'
    FROM users WHERE username = 'olu'"
write "INSERT INTO listings (inventory_id, user_id, platform, title, price, status)
  SELECT i.id, i.user_id, p.platform, 'Patagonia Better Sweater Fleece M', p.price, 'active'
    FROM inventory i, (SELECT 'ebay' AS platform, 79 AS price UNION ALL SELECT 'poshmark', 88
                       UNION ALL SELECT 'mercari', 75) p
   WHERE i.sku = 'SKU-1'"
write "INSERT INTO listings (inventory_id, user_id, platform, title, price, status)
  SELECT id, user_id, 'ebay', title, list_price, 'active' FROM inventory WHERE sku IN ('SKU-2', 'SKU-3')"
# The sale: platform_fee() and the triggers run on the leader; the followers receive pages.
write "INSERT INTO sales (user_id, listing_id, platform, sale_price, platform_fee, shipping_cost)
  SELECT l.user_id, l.id, 'ebay', 79, platform_fee('ebay', 79), 9.15
    FROM listings l JOIN inventory i ON i.id = l.inventory_id
   WHERE i.sku = 'SKU-1' AND l.platform = 'ebay'"
# The secret: encrypt() with the node's VAULTLISTER_KEY and a random IV, bound to the user by aad.
write "INSERT INTO shops (user_id, platform, platform_username, credentials)
  SELECT id, 'ebay', 'maya_closet', encrypt('{\"token\":\"v^1.1#i^1#p^3\"}', NULL, id)
    FROM users WHERE username = 'maya'"

# Tables an engine or a replication tool keeps in the database itself (Litestream's, libSQL's):
# vl_health must not count them as damage.
write "CREATE TABLE _litestream_seq (id INTEGER PRIMARY KEY, seq INTEGER)"
write "CREATE TABLE _litestream_lock (id INTEGER)"
write "CREATE TABLE libsql_wasm_func_table (name TEXT PRIMARY KEY, body TEXT)"

# ---- what every leader must return ---------------------------------------------------------
# Timestamps are concatenated to text so the shell prints SQLite's own value, not a Go time.
snapshot() {
  echo "== users"
  sql_retry "SELECT id, username, '' || created_at FROM users ORDER BY username"
  echo "== inventory"
  sql_retry "SELECT id, sku, quantity, status, '' || created_at, '' || updated_at FROM inventory ORDER BY sku"
  echo "== listings"
  sql_retry "SELECT l.id, i.sku, l.platform, l.status, '' || l.updated_at, ifnull('' || l.sold_at, '-')
               FROM listings l JOIN inventory i ON i.id = l.inventory_id ORDER BY i.sku, l.platform"
  echo "== sales"
  sql_retry "SELECT id, inventory_id, platform_fee, net_profit, '' || created_at FROM sales"
  echo "== delist queue"
  sql_retry "SELECT id, platform, action, entity_id, status, '' || created_at FROM sync_queue
              WHERE action = 'delist' ORDER BY platform"
  echo "== shops"
  sql_retry "SELECT id, credentials, decrypt(credentials, NULL, user_id) FROM shops"
  echo "== search"
  sql_retry "SELECT id, snippet FROM vl_search('patagonia fle')"
  echo "== fts integrity-check (exec path: an error if inventory_fts is out of step)"
  out="$(sql_retry "INSERT INTO inventory_fts(inventory_fts) VALUES ('integrity-check')")"
  [[ -z "$out" ]] && echo "ok" || echo "unexpected: $out"
  echo "== vl_health"
  sql_retry "SELECT name, status, detail FROM vl_health"
}

baseline="$tmp/baseline.txt"
snapshot >"$baseline"
cat "$baseline"

# The baseline itself must show the domain rules and the secret, not just be repeatable.
check() { [[ "$(sql_retry "$1")" == "$2" ]] || fail "$3 (query: $1)"; }
check "SELECT quantity, status FROM inventory WHERE sku = 'SKU-1'" "0|sold" "the sold item is not sold out"
check "SELECT group_concat(platform || '=' || status, ',') FROM
         (SELECT l.platform, l.status FROM listings l JOIN inventory i ON i.id = l.inventory_id
           WHERE i.sku = 'SKU-1' ORDER BY l.platform)" "ebay=sold,mercari=ended,poshmark=ended" \
      "the other listings did not end"
check "SELECT group_concat(platform, ',') FROM (SELECT platform FROM sync_queue WHERE action = 'delist'
         AND status = 'pending' ORDER BY platform)" "mercari,poshmark" "the delist queue"
check "SELECT count(*) FROM listings WHERE status = 'active'" "2" "the unsold items stay listed"
check "SELECT count(*) FROM sales s JOIN inventory i ON i.id = s.inventory_id
        WHERE s.net_profit = net_profit(79, s.platform_fee, 9.15, 12.50) AND s.platform_fee > 0" "1" \
      "net_profit was not derived"
check "SELECT count(*) FROM users WHERE id GLOB '[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]-*-4*'" \
      "2" "users did not get UUID defaults"
check "SELECT count(*) FROM shops WHERE credentials LIKE 'v2:sb:%' AND decrypt(credentials, NULL, user_id) = '{\"token\":\"v^1.1#i^1#p^3\"}'" \
      "1" "the credential is not an encrypt() envelope that decrypts"
check "SELECT count(*) FROM vl_health WHERE status <> 'ok'" "0" "vl_health is not clean"
check "SELECT count(*) FROM vl_health" "11" "vl_health rows"

# ---- failovers -----------------------------------------------------------------------------
declare -A led=(["$(node_of "$first_leader")"]=1)
current="$first_leader"
round=0
while ((${#led[@]} < 3)); do
  ((++round <= MAX_ROUNDS)) || fail "after $MAX_ROUNDS failovers only nodes ${!led[*]} have led"
  victim="$(node_of "$current")"
  [[ "$victim" != "?" ]] || fail "leader address '$current' is not one of the nodes"
  kill -9 "${pid[$victim]}"; wait "${pid[$victim]}" 2>/dev/null || true; pid[$victim]=""
  wait_for "new leader after killing node $victim" leader_other_than "$current"
  current="$(leader)"
  now="$(node_of "$current")"
  snapshot >"$tmp/round$round.txt"
  if ! diff -u "$baseline" "$tmp/round$round.txt"; then
    fail "round $round: node $now returns a different state than the first leader"
  fi
  led[$now]=1
  echo "failover $round: killed leader node $victim (kill -9); node $now leads; state identical ($(wc -l <"$baseline") lines); nodes that have led: $(echo "${!led[@]}" | tr ' ' '\n' | sort | tr '\n' ' ')"
  start_node "$victim"
  wait_for "node $victim back" node_answers "$victim"
  wait_for "three voting nodes after restarting node $victim" three_voters
done
echo "dqlite: every node has led once; ids, timestamps, ciphertexts, secrets, delist rows, FTS5 and vl_health identical after $round failovers"
