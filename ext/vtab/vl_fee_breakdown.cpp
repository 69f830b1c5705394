/*
** vl_fee_breakdown: the seller's fee for one sale, one row per fee rule that
** applies, from main.platform_fee_rules (sql/0003_fees.sql).
**
**   SELECT component, basis, base, percent, fixed, amount
**     FROM vl_fee_breakdown('ebay', 25.00, 5.00, '2025-06-01');
**   -- commission|order_total|30.0|13.6|0.0|4.08
**   -- per_order|order_total|30.0|0.0|0.4|0.4
**
**   SELECT total(amount) FROM vl_fee_breakdown('ebay', 25, 5, '2025-06-01');
**   -- 4.48, the same as platform_fee('ebay', 25, 5, '2025-06-01')
**
** Declared schema:
**   CREATE TABLE x(component TEXT, basis TEXT, base REAL, percent REAL,
**                  fixed REAL, amount REAL, rule_id TEXT, source TEXT,
**                  platform HIDDEN, sale_price HIDDEN,
**                  shipping_charged HIDDEN, on_date HIDDEN)
**
** A tiered component (eBay's 13.6% up to $7,500 and 2.35% above) gives one
** row per tier; `base` is the whole base the rule looked at. Each amount is
** rounded to the cent on its own and platform_fee() is defined as their sum
** (ext/fees/fees.h), so total(amount) equals platform_fee() exactly.
** A NULL sale_price gives no rows (platform_fee gives NULL).
**
** xBestIndex contract: four HIDDEN arguments in this order; platform and
** sale_price are required (a plan without a usable equality constraint on
** both is SQLITE_CONSTRAINT), shipping_charged (default 0) and on_date
** (default date('now'), UTC) are optional. Plan encoding as in core/vtab.h:
** idxNum bit i = argument i given, values in argv in argument order. The rows
** are computed in xFilter; constraints are all omitted (SQLite need not
** re-check them).
**
** INNOCUOUS like platform_fee: it only reads the fee table of main.
*/
#include "ext/core/vtab.h"
#include "ext/vtab/modules.h"
#include "ext/fees/fee_args.h"
#include "ext/fees/fees.h"

namespace vl {
namespace {

struct FeeBreakdown : RowsShape<8, 4, 2> {
  static constexpr const char* kSchema =
      "CREATE TABLE x(component TEXT, basis TEXT, base REAL, percent REAL, fixed REAL, "
      "amount REAL, rule_id TEXT, source TEXT, platform HIDDEN, sale_price HIDDEN, "
      "shipping_charged HIDDEN, on_date HIDDEN)";

  static void produce(sqlite3* db, void*, sqlite3_value* const* args, std::vector<Row>& out) {
    static constexpr const char* kFn = "vl_fee_breakdown";
    std::string platform = fees::read_platform(kFn, args[0]);
    if (sqlite3_value_type(args[1]) == SQLITE_NULL) return;
    Cents price = fees::read_money(kFn, "sale_price", args[1]);
    Cents shipping;
    if (given(args[2]))
      shipping = fees::read_money(kFn, "shipping_charged", args[2]);
    std::string on_date = args[3] != nullptr ? fees::read_date(kFn, args[3]) : fees::today_utc();
    auto rules = fees::load_rules(db, kFn, platform);
    for (const fees::Line& l : fees::apply(kFn, platform, rules, price, shipping, on_date)) {
      Row r;
      r.emplace_back(l.rule->component);
      r.emplace_back(l.rule->applies_to);
      r.emplace_back(l.base.dollars());
      r.emplace_back(static_cast<double>(l.rule->percent_milli) / 1000.0);
      r.emplace_back(l.rule->fixed.dollars());
      r.emplace_back(l.amount.dollars());
      r.emplace_back(l.rule->id);
      r.emplace_back(l.rule->source);
      out.push_back(std::move(r));
    }
  }
};

}  // namespace

const sqlite3_module* vl_fee_breakdown_module() {
  return rows_module<FeeBreakdown>();
}

}  // namespace vl
