#!/usr/bin/env bash
# make demo's generator, run twice into temp dirs: it must succeed, its report must be the same
# both times (fixed seed and clock; ciphertexts and trigger-made ids are never printed), and the
# database it leaves must hold what a seller's database holds.
set -euo pipefail
: "${VL_EXT:?path of the built library without suffix}" "${VL_SOURCE:?repo root}"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
source "$VL_SOURCE/tests/clients/lib/skip.sh"
/usr/bin/python3 -c 'import matplotlib' 2>/dev/null \
  || vl_skip demo "python3-matplotlib draws the demo's charts (apt-get install python3-matplotlib)"

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
# "Your numbers": the seller's reports, and the two charts as real PNG files where it says.
for s in "Your numbers: profit and loss by month and platform (vl_profit_loss)" \
         "Your numbers: will a 1099-K come for 2026? (vl_1099k)" "(vl_sell_through)" \
         "Your numbers: inventory aging as of 2026-11-20 (vl_inventory_aging)" "(vl_account_health)"; do
  grep -qF "$s" "$tmp/run1/report.txt" || fail "report lacks the section '$s'"
done
grep -q "^  2026-06  ebay " "$tmp/run1/report.txt" || fail "no profit and loss row for June on eBay"
[[ "$(q "SELECT group_concat(bucket, ',') FROM vl_inventory_aging('2026-11-20')")" == \
   "0-30,31-60,61-90,91-180,181-365,365+,never listed" ]] || fail "aging buckets"
[[ "$(q "SELECT count(*) FROM vl_profit_loss('2026-01-01', '2027-01-01') WHERE platform IS NULL AND expenses > 0")" == 6 ]] \
  || fail "expected an overhead row in each of the six months"
for png in profit-by-month-and-platform.png inventory-aging.png; do
  grep -qF "$tmp/run1/$png" "$tmp/run1.stdout" || fail "the demo does not say where $png is"
  /usr/bin/python3 - "$tmp/run1/$png" <<'PY' || fail "$png is not a valid PNG"
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "signature"
pos, chunks = 8, []
while pos < len(data):   # every chunk whole, with a correct CRC; IHDR first, IEND last
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body, crc = data[pos + 8:pos + 8 + n], struct.unpack(">I", data[pos + 8 + n:pos + 12 + n])[0]
    assert zlib.crc32(kind + body) == crc, kind
    chunks.append((kind, body))
    pos += 12 + n
assert chunks[0][0] == b"IHDR" and chunks[-1][0] == b"IEND", "chunk order"
w, h = struct.unpack(">II", chunks[0][1][:8])
assert w >= 400 and h >= 300, (w, h)
PY
done
echo "demo: ok (two identical reports, two charts)"
