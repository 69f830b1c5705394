#!/usr/bin/env bash
# make demo's generator, run twice into temp dirs: it must succeed, its report must be the same
# both times (fixed seed and clock; ciphertexts and trigger-made ids are never printed), and the
# database it leaves must hold what a seller's database holds.
set -euo pipefail
: "${VL_EXT:?path of the built library without suffix}" "${VL_SOURCE:?repo root}"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

for run in 1 2; do
  /usr/bin/python3 "$VL_SOURCE/scripts/demo.py" --ext "$VL_EXT" --out "$tmp/run$run/demo.db" \
    --report "$tmp/run$run/report.txt" > "$tmp/run$run.stdout" \
    || { cat "$tmp/run$run.stdout"; fail "demo run $run exited non-zero"; }
done
cat "$tmp/run1/report.txt"
diff -u "$tmp/run1/report.txt" "$tmp/run2/report.txt" || fail "two runs printed different reports"

db="$tmp/run1/demo.db"
q() { sqlite3 -batch -bail "$db" ".load $VL_EXT" "$1"; }
# Plain facts of the generated data.
[[ "$(q "SELECT count(*) BETWEEN 280 AND 320 FROM inventory")" == 1 ]] || fail "inventory is not ~300 items"
[[ "$(q "SELECT group_concat(platform) FROM (SELECT DISTINCT platform FROM listings ORDER BY 1)")" == \
   "depop,ebay,mercari,poshmark" ]] || fail "listings do not span the four marketplaces"
[[ "$(q "SELECT count(DISTINCT strftime('%Y-%m', created_at)) FROM sales")" == 6 ]] || fail "sales do not span six months"
[[ "$(q "SELECT timezone FROM users")" == "America/New_York" ]] || fail "the seller's timezone"
# Shops hold ciphertext only, and it decrypts with the demo key.
[[ "$(q "SELECT count(*) FROM shops WHERE credentials LIKE 'v2:sb:%'")" == 4 ]] || fail "shop credentials are not encrypted and bound to their row"
# The domain rules held for the whole history: every stored profit agrees with net_profit(),
# and no sold-out item has a live listing.
[[ "$(q "SELECT count(*) FROM sales s LEFT JOIN inventory i ON i.id = s.inventory_id
         WHERE s.net_profit IS NOT net_profit(s.sale_price, s.platform_fee, s.shipping_cost, i.cost_price)")" == 0 ]] \
  || fail "a stored net_profit disagrees with net_profit()"
[[ "$(q "SELECT count(*) FROM listings l JOIN inventory i ON i.id = l.inventory_id
         WHERE i.quantity = 0 AND l.status IN ('active', 'pending')")" == 0 ]] || fail "a sold-out item is still listed"
[[ "$(q "SELECT count(*) FROM alerts WHERE type = 'oversell'")" == 1 ]] || fail "expected exactly one oversell alert"
# The report shows each section a seller looks for.
for s in "Profit by platform and month" "the delist queue" "Oversell alert" "Low stock" \
         "vl_due_rules" "vl_crosslist" "vl_search" "vl_health"; do
  grep -q "$s" "$tmp/run1/report.txt" || fail "report lacks the section '$s'"
done
echo "demo: ok (two identical reports)"
