// The fee engine behind platform_fee() and the vl_fee_breakdown and
// vl_crosslist tables: reads the dated rules of main.platform_fee_rules
// (sql/0003_fees.sql states the row semantics) and applies them in whole
// cents.
//
// Rounding contract (docs/money-and-fees.md): the base and the fixed amounts
// are taken to the cent, a percent to 0.001; each matching rule's amount is
// rounded half up to the cent on its own, then clamped to min_fee/max_fee;
// the fee is the sum of those rounded amounts. So the rows of
// vl_fee_breakdown add up to platform_fee() exactly.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/api.h"
#include "core/error.h"

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
  int64_t min_cents = 0;
  std::optional<int64_t> max_cents;
  int64_t percent_milli = 0;  // percent * 1000
  int64_t fixed_cents = 0;
  std::string applies_to;
  std::optional<int64_t> min_fee_cents, max_fee_cents;
  std::string source;
};

// Every rule of one platform, all dates. Throws NoRule "unknown platform"
// (listing the known ones) when the platform has no rule at all.
std::vector<Rule> load_rules(sqlite3* db, std::string_view fn, const std::string& platform);

struct Line {
  const Rule* rule;
  int64_t base_cents;
  int64_t amount_cents;
};

// The rules in force on `on_date` (YYYY-MM-DD) that apply to this sale.
// Throws NoRule when no rule of the platform is in force on that date.
std::vector<Line> apply(std::string_view fn, const std::string& platform,
                        const std::vector<Rule>& rules, int64_t price_cents,
                        int64_t shipping_cents, const std::string& on_date);

int64_t total_cents(const std::vector<Line>& lines);

// Argument readers shared by the three SQL names.
// A platform name: text, compared lower-case (platform columns are lower-case).
std::string read_platform(std::string_view fn, sqlite3_value* v);
// A non-negative amount of money, in cents (rounded half away from zero).
int64_t read_money(std::string_view fn, std::string_view what, sqlite3_value* v);
// YYYY-MM-DD, or a datetime / ISO 8601 text (space or T, seconds, fraction,
// Z or +HH:MM); the date part as written is returned.
std::string read_date(std::string_view fn, sqlite3_value* v);
// date('now'): the UTC calendar date.
std::string today_utc();

inline double dollars(int64_t cents) { return static_cast<double>(cents) / 100.0; }

}  // namespace vl::fees
