// The fee engine behind platform_fee() and the vl_fee_breakdown and
// vl_crosslist tables, and the fee estimate of the eBay imports: reads the
// dated rules of main.platform_fee_rules (sql/0003_fees.sql states the row
// semantics) and applies them in whole cents (ext/core/money.h).
//
// Rounding contract (docs/money-and-fees.md): the base and the fixed amounts
// are taken to the cent, a percent to 0.001; each matching rule's amount is
// rounded half up to the cent on its own, then clamped to min_fee/max_fee;
// the fee is the sum of those rounded amounts. So the rows of
// vl_fee_breakdown add up to platform_fee() exactly.
//
// The SQL arguments of those names are read by fee_args.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ext/core/api.h"
#include "ext/core/error.h"
#include "ext/core/money.h"

namespace vl::fees {

// The engine's domain answer: the platform has no rule at all, or none in
// force on the date. Callers that can go on without a fee (vl_crosslist)
// catch this type only; any other Error (a missing or broken
// platform_fee_rules table, I/O, a lock) is reported as it is.
class NoRule : public Error {
 public:
  using Error::Error;
};

struct Rule {
  std::string id, component, effective_from;
  std::optional<std::string> effective_to;
  bool tiered = false;
  Cents min;
  std::optional<Cents> max;
  int64_t percent_milli = 0;  // percent * 1000
  Cents fixed;
  std::string applies_to;
  std::optional<Cents> min_fee, max_fee;
  std::string source;
};

// Every rule of one platform, all dates. Throws NoRule "unknown platform"
// (listing the known ones) when the platform has no rule at all.
std::vector<Rule> load_rules(sqlite3* db, std::string_view fn, const std::string& platform);

struct Line {
  const Rule* rule;
  Cents base;
  Cents amount;
};

// The rules in force on `on_date` (YYYY-MM-DD) that apply to this sale.
// Throws NoRule when no rule of the platform is in force on that date.
// Amounts are 0 or more and at most Cents::kMaxDollars (fee_args.h checks).
std::vector<Line> apply(std::string_view fn, const std::string& platform,
                        const std::vector<Rule>& rules, Cents price, Cents shipping,
                        const std::string& on_date);

Cents total(const std::vector<Line>& lines);

// date('now'): the UTC calendar date.
std::string today_utc();

}  // namespace vl::fees
