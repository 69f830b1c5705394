#include "ext/analytics/report.h"

#include <algorithm>
#include <cmath>

#include "ext/core/function.h"

namespace vl::report {
namespace {

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

bool is_day(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (t[i] < '0' || t[i] > '9') return false;
  int y = (t[0] - '0') * 1000 + (t[1] - '0') * 100 + (t[2] - '0') * 10 + (t[3] - '0');
  int m = (t[5] - '0') * 10 + (t[6] - '0');
  int d = (t[8] - '0') * 10 + (t[9] - '0');
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= kDays[m - 1] + (m == 2 && leap(y) ? 1 : 0);
}

double round2(double x) { return static_cast<double>(std::llround(x * 100.0)) / 100.0; }

}  // namespace

std::optional<std::string> read_day(std::string_view fn, std::string_view what, sqlite3_value* v) {
  if (!given(v)) return std::nullopt;
  std::string_view t = arg_text(fn, what, v);
  if (!is_day(t))
    throw Error(fn, std::string(what) + " '" + std::string(t) + "' is not a date",
                "a day as YYYY-MM-DD, such as '2025-01-01'");
  return std::string(t);
}

std::optional<Window> read_window(std::string_view fn, sqlite3_value* start, sqlite3_value* end) {
  auto s = read_day(fn, "start", start);
  auto e = read_day(fn, "end", end);
  if (!s || !e) return std::nullopt;
  if (*e < *s)
    throw Error(fn, "end '" + *e + "' is before start '" + *s + "'",
                "an end on or after the start: the window is [start, end)");
  return Window{*s, *e};
}

std::optional<std::string> read_user(std::string_view fn, sqlite3_value* v) {
  if (!given(v)) return std::nullopt;
  return std::string(arg_text(fn, "user_id", v));
}

Stmt query(sqlite3* db, std::string_view fn, std::string sql, std::string_view user_column,
           int user_param, const std::optional<std::string>& user, std::string_view tail) {
  if (user) sql += " AND " + std::string(user_column) + " = ?" + std::to_string(user_param);
  sql += tail;
  Stmt s(db, sql, fn);
  if (user) s.bind(user_param, *user);
  return s;
}

Stmt window_query(sqlite3* db, std::string_view fn, std::string sql, const Window& w,
                  std::string_view user_column, const std::optional<std::string>& user) {
  Stmt s = query(db, fn, std::move(sql), user_column, 3, user);
  s.bind(1, w.start).bind(2, w.end);
  return s;
}

std::optional<Stmt> as_of_query(sqlite3* db, std::string_view fn, sqlite3_value* const* args,
                                std::string sql, std::string_view user_column,
                                std::string_view tail) {
  auto as_of = read_day(fn, "as_of", args[0]);
  auto user = read_user(fn, args[1]);
  if (!as_of) return std::nullopt;
  std::optional<Stmt> s(query(db, fn, std::move(sql), user_column, 2, user, tail));
  s->bind(1, *as_of);
  return s;
}

int64_t cents(double dollars) { return std::llround(dollars * 100.0); }

Cell money_cell(int64_t c) { return static_cast<double>(c) / 100.0; }

Cell money_cell(const Money& m) {
  if (!m.known) return std::monostate{};
  return money_cell(m.cents);
}

Cell percent_cell(int64_t num, int64_t den) {
  if (den == 0) return std::monostate{};
  return round2(static_cast<double>(num) * 100.0 / static_cast<double>(den));
}

Cell percent_cell(const Money& num, const Money& den) {
  if (!num.known || !den.known) return std::monostate{};
  return percent_cell(num.cents, den.cents);
}

Cell median_cell(std::vector<double> v) {
  if (v.empty()) return std::monostate{};
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  double m = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
  return round2(m);
}

Cell mean_cell(const std::vector<double>& v) {
  if (v.empty()) return std::monostate{};
  double sum = 0;
  for (double x : v) sum += x;
  return round2(sum / static_cast<double>(v.size()));
}

std::string column_text(sqlite3_stmt* s, int col) {
  const unsigned char* p = sqlite3_column_text(s, col);
  if (p == nullptr) return std::string();
  return std::string(reinterpret_cast<const char*>(p),
                     static_cast<size_t>(sqlite3_column_bytes(s, col)));
}

}  // namespace vl::report
