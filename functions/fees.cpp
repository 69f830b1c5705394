// The fee engine; see fees.h for the rounding contract and sql/0003_fees.sql
// for the meaning of a rule row.
#include "functions/fees.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include <date/date.h>

#include "core/error.h"
#include "core/function.h"
#include "core/stmt.h"

namespace vl::fees {
namespace {

constexpr double kMaxAmount = 1.0e9;  // dollars; keeps cents * percent_milli inside int64

std::optional<int64_t> opt_cents(const Stmt& s, int col) {
  if (s.is_null(col)) return std::nullopt;
  return std::llround(s.real(col) * 100.0);
}

// Rounds x / d half up for x >= 0.
int64_t div_round(int64_t x, int64_t d) { return (x + d / 2) / d; }

bool digits(std::string_view s, size_t at, size_t n) {
  if (at + n > s.size()) return false;
  for (size_t i = at; i < at + n; ++i)
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}
int num(std::string_view s, size_t at, size_t n) {
  int v = 0;
  for (size_t i = at; i < at + n; ++i) v = v * 10 + (s[i] - '0');
  return v;
}

// Hand-written because SQLite's own date() is lenient in ways a fee date must
// not be ('2024-02-30' becomes March 1st, numbers are Julian days) and a
// date is small and central here.
bool valid_date_text(std::string_view s) {
  if (!(digits(s, 0, 4) && s.size() >= 10 && s[4] == '-' && digits(s, 5, 2) && s[7] == '-' &&
        digits(s, 8, 2)))
    return false;
  int y = num(s, 0, 4), m = num(s, 5, 2), d = num(s, 8, 2);
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1) return false;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  int max_day = kDays[m - 1] + (m == 2 && leap ? 1 : 0);
  if (d > max_day) return false;
  size_t i = 10;
  if (i == s.size()) return true;
  if (s[i] != ' ' && s[i] != 'T') return false;
  ++i;
  if (!(digits(s, i, 2) && i + 2 < s.size() && s[i + 2] == ':' && digits(s, i + 3, 2))) return false;
  if (num(s, i, 2) > 23 || num(s, i + 3, 2) > 59) return false;
  i += 5;
  if (i < s.size() && s[i] == ':') {
    if (!digits(s, i + 1, 2) || num(s, i + 1, 2) > 59) return false;
    i += 3;
    if (i < s.size() && s[i] == '.') {
      size_t j = i + 1;
      while (j < s.size() && s[j] >= '0' && s[j] <= '9') ++j;
      if (j == i + 1) return false;
      i = j;
    }
  }
  if (i == s.size()) return true;
  if (s[i] == 'Z') return i + 1 == s.size();
  if (s[i] == '+' || s[i] == '-') {
    return i + 6 == s.size() && digits(s, i + 1, 2) && s[i + 3] == ':' && digits(s, i + 4, 2) &&
           num(s, i + 1, 2) <= 23 && num(s, i + 4, 2) <= 59;
  }
  return false;
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
    r.min_cents = std::llround(s->real(5) * 100.0);
    r.max_cents = opt_cents(*s, 6);
    r.percent_milli = std::llround(s->real(7) * 1000.0);
    r.fixed_cents = std::llround(s->real(8) * 100.0);
    r.applies_to = s->text(9);
    r.min_fee_cents = opt_cents(*s, 10);
    r.max_fee_cents = opt_cents(*s, 11);
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
    if (a.min_cents != b.min_cents) return a.min_cents < b.min_cents;
    return a.id < b.id;
  });
  return rules;
}

std::vector<Line> apply(std::string_view fn, const std::string& platform,
                        const std::vector<Rule>& rules, int64_t price_cents,
                        int64_t shipping_cents, const std::string& on_date) {
  std::vector<Line> lines;
  bool in_force = false;
  std::string first, last;
  for (const Rule& r : rules) {
    if (first.empty() || r.effective_from < first) first = r.effective_from;
    if (r.effective_from > on_date || (r.effective_to && on_date >= *r.effective_to)) continue;
    in_force = true;
    int64_t base = r.applies_to == "item" ? price_cents : price_cents + shipping_cents;
    int64_t part;
    if (r.tiered) {
      int64_t top = r.max_cents ? std::min(base, *r.max_cents) : base;
      part = top - r.min_cents;
      if (part <= 0) continue;
    } else {
      if (base < r.min_cents || (r.max_cents && base > *r.max_cents)) continue;
      part = base;
    }
    int64_t amount = div_round(part * r.percent_milli, 100000) + r.fixed_cents;
    if (r.min_fee_cents && amount < *r.min_fee_cents) amount = *r.min_fee_cents;
    if (r.max_fee_cents && amount > *r.max_fee_cents) amount = *r.max_fee_cents;
    lines.push_back(Line{&r, base, amount});
  }
  if (!in_force) {
    throw NoRule(fn, "no fee rule for '" + platform + "' is in force on " + on_date,
                "a date on or after " + first + ", or add a rule to platform_fee_rules that covers it");
  }
  return lines;
}

int64_t total_cents(const std::vector<Line>& lines) {
  int64_t t = 0;
  for (const Line& l : lines) t += l.amount_cents;
  return t;
}

std::string read_platform(std::string_view fn, sqlite3_value* v) {
  std::string_view text = arg_text(fn, "platform", v);
  if (text.size() > 100) throw Error(fn, "platform is too long", "a platform name such as 'ebay'");
  std::string p(text);
  for (char& c : p)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return p;
}

int64_t read_money(std::string_view fn, std::string_view what, sqlite3_value* v) {
  double d = arg_number(fn, what, v);
  if (d < 0) throw Error(fn, std::string(what) + " is negative", "an amount of 0 or more");
  if (d > kMaxAmount)
    throw Error(fn, std::string(what) + " is too large", "an amount of at most 1000000000");
  return std::llround(d * 100.0);
}

std::string read_date(std::string_view fn, sqlite3_value* v) {
  static constexpr std::string_view kExpected =
      "a date 'YYYY-MM-DD' or an ISO 8601 datetime such as '2025-01-06T12:00:00Z'";
  switch (sqlite3_value_type(v)) {
    case SQLITE_NULL:
      throw Error(fn, "on_date is NULL", "a date 'YYYY-MM-DD'; leave the argument out for today");
    case SQLITE_TEXT:
      break;
    default:
      throw Error(fn, "on_date is not text", kExpected);
  }
  const char* p = reinterpret_cast<const char*>(sqlite3_value_text(v));
  if (p == nullptr) throw std::bad_alloc();
  std::string_view s(p, static_cast<size_t>(sqlite3_value_bytes(v)));
  if (!valid_date_text(s)) throw Error(fn, "on_date is not a valid date", kExpected);
  return std::string(s.substr(0, 10));
}

std::string today_utc() {
  // date's civil calendar rather than gmtime_r, which Windows' C runtime lacks.
  return date::format("%F", date::floor<date::days>(std::chrono::system_clock::now()));
}

}  // namespace vl::fees
