// The fee engine; see fees.h for the rounding contract and sql/0003_fees.sql
// for the meaning of a rule row.
#include "ext/fees/fees.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include <date/date.h>

#include "ext/core/error.h"
#include "ext/core/stmt.h"

namespace vl::fees {
namespace {

std::optional<Cents> opt_cents(const Stmt& s, int col) {
  if (s.is_null(col)) return std::nullopt;
  return Cents::from_double(s.real(col));
}

int component_order(const std::string& c) {
  static const char* kOrder[] = {"commission", "per_order", "payment_processing",
                                 "listing",    "promotion", "other"};
  for (int i = 0; i < 6; ++i)
    if (c == kOrder[i]) return i;
  return 6;
}

}  // namespace

std::vector<Rule> load_rules(sqlite3* db, std::string_view fn, const std::string& platform) {
  std::optional<Stmt> s;
  try {
    s.emplace(db,
              "SELECT id, component, effective_from, effective_to, band_mode, price_min, "
              "price_max, percent, fixed_amount, applies_to, min_fee, max_fee, source "
              "FROM main.platform_fee_rules WHERE platform = ?1",
              fn);
  } catch (const Error& e) {
    // Told apart by asking the schema, not by reading SQLite's message: a view
    // of that name over a table that is gone also says "no such table".
    if ((e.code() & 0xff) == SQLITE_ERROR &&
        query_int(db, "SELECT count(*) FROM main.sqlite_master WHERE name = 'platform_fee_rules' COLLATE NOCASE "
                      "AND type IN ('table', 'view')",
                  fn) == 0)
      throw Error(fn, "main has no platform_fee_rules table",
                  "run SELECT vl_migrate() to install the fee schedules");
    throw;
  }
  s->bind(1, platform);
  std::vector<Rule> rules;
  while (s->step()) {
    Rule r;
    r.id = s->text(0);
    r.component = s->text(1);
    r.effective_from = s->text(2);
    r.effective_to = s->opt_text(3);
    r.tiered = s->text(4) == "tiered";
    r.min = Cents::from_double(s->real(5));
    r.max = opt_cents(*s, 6);
    r.percent_milli = std::llround(s->real(7) * 1000.0);
    r.fixed = Cents::from_double(s->real(8));
    r.applies_to = s->text(9);
    r.min_fee = opt_cents(*s, 10);
    r.max_fee = opt_cents(*s, 11);
    r.source = s->text(12);
    rules.push_back(std::move(r));
  }
  if (rules.empty()) {
    Stmt known(db, "SELECT group_concat(platform, ', ') FROM "
                   "(SELECT DISTINCT platform FROM main.platform_fee_rules ORDER BY platform)",
               fn);
    known.step();
    std::string list = known.is_null(0) ? "" : known.text(0);
    throw NoRule(fn, "unknown platform '" + platform + "'",
                list.empty() ? "platform_fee_rules has no rules: add some" : "one of: " + list);
  }
  // A stable order for the breakdown: by component, then by band.
  std::stable_sort(rules.begin(), rules.end(), [](const Rule& a, const Rule& b) {
    int ca = component_order(a.component), cb = component_order(b.component);
    if (ca != cb) return ca < cb;
    if (a.component != b.component) return a.component < b.component;
    if (a.min != b.min) return a.min < b.min;
    return a.id < b.id;
  });
  return rules;
}

std::vector<Line> apply(std::string_view fn, const std::string& platform,
                        const std::vector<Rule>& rules, Cents price, Cents shipping,
                        const std::string& on_date) {
  std::vector<Line> lines;
  bool in_force = false;
  std::string first, last;
  for (const Rule& r : rules) {
    if (first.empty() || r.effective_from < first) first = r.effective_from;
    if (r.effective_from > on_date || (r.effective_to && on_date >= *r.effective_to)) continue;
    in_force = true;
    Cents base = r.applies_to == "item" ? price : price + shipping;
    Cents part;
    if (r.tiered) {
      Cents top = r.max ? std::min(base, *r.max) : base;
      part = top - r.min;
      if (part <= Cents()) continue;
    } else {
      if (base < r.min || (r.max && base > *r.max)) continue;
      part = base;
    }
    Cents amount = part.percent(r.percent_milli) + r.fixed;
    if (r.min_fee && amount < *r.min_fee) amount = *r.min_fee;
    if (r.max_fee && amount > *r.max_fee) amount = *r.max_fee;
    lines.push_back(Line{&r, base, amount});
  }
  if (!in_force) {
    throw NoRule(fn, "no fee rule for '" + platform + "' is in force on " + on_date,
                "a date on or after " + first + ", or add a rule to platform_fee_rules that covers it");
  }
  return lines;
}

Cents total(const std::vector<Line>& lines) {
  Cents t;
  for (const Line& l : lines) t += l.amount;
  return t;
}

std::string today_utc() {
  // date's civil calendar rather than gmtime_r, which Windows' C runtime lacks.
  return date::format("%F", date::floor<date::days>(std::chrono::system_clock::now()));
}

}  // namespace vl::fees
