// The SQL arguments of the fee names; see fee_args.h.
#include "ext/fees/fee_args.h"

#include <new>

#include "ext/core/error.h"
#include "ext/core/function.h"

namespace vl::fees {
namespace {

constexpr std::string_view kNonNegative = "an amount of 0 or more";
constexpr std::string_view kAtMost = "an amount of at most 1000000000";

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

}  // namespace

std::string read_platform(std::string_view fn, sqlite3_value* v) {
  std::string_view text = arg_text(fn, "platform", v);
  if (text.size() > 100) throw Error(fn, "platform is too long", "a platform name such as 'ebay'");
  std::string p(text);
  for (char& c : p)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return p;
}

Cents read_money(std::string_view fn, std::string_view what, sqlite3_value* v) {
  double d = arg_number(fn, what, v);
  // Checked as a double first: a huge value would overflow the cents.
  if (d < 0) throw Error(fn, std::string(what) + " is negative", kNonNegative);
  if (d > Cents::kMaxDollars) throw Error(fn, std::string(what) + " is too large", kAtMost);
  return Cents::from_double(d);
}

Cents checked_money(std::string_view fn, std::string_view what, Cents amount) {
  if (amount < Cents()) throw Error(fn, std::string(what) + " is negative", kNonNegative);
  if (amount.dollars() > Cents::kMaxDollars)
    throw Error(fn, std::string(what) + " is too large", kAtMost);
  return amount;
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

}  // namespace vl::fees
