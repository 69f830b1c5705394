#include "functions/analytics.h"

#include <cmath>

#include "ext/core/error.h"
#include "ext/core/function.h"
#include "ext/core/stmt.h"

namespace vl::analytics {

int64_t cents(double dollars) { return std::llround(dollars * 100.0); }

std::vector<int64_t> largest_remainder(int64_t total, const std::vector<int64_t>& weights) {
  __int128 sum = 0;
  for (int64_t w : weights) sum += w;
  std::vector<int64_t> parts(weights.size(), 0);
  if (sum <= 0) return parts;
  std::vector<__int128> rest(weights.size(), 0);
  int64_t given = 0;
  for (size_t i = 0; i < weights.size(); ++i) {
    __int128 q = static_cast<__int128>(total) * weights[i];
    parts[i] = static_cast<int64_t>(q / sum);
    rest[i] = q % sum;
    given += parts[i];
  }
  for (int64_t left = total - given; left > 0; --left) {
    size_t best = 0;
    for (size_t i = 1; i < rest.size(); ++i)
      if (rest[i] > rest[best]) best = i;
    ++parts[best];
    rest[best] = -1;  // one extra cent per part at most
  }
  return parts;
}

void require_analytics_schema(sqlite3* db, std::string_view fn) {
  if (query_int(db, "SELECT count(*) FROM main.sqlite_master WHERE type = 'table' AND name = 'lot_items'", fn) == 0)
    throw Error(fn, "the database has no vaultlister schema of version 6 or newer", "run SELECT vl_migrate() first");
}

int read_year(std::string_view fn, sqlite3_value* v) {
  if (!given(v)) throw Error(fn, "year is NULL", "a calendar year such as 2025");
  int64_t y = arg_int(fn, "year", v);
  if (y < 1900 || y > 9999) throw Error(fn, "year " + std::to_string(y) + " is out of range", "a calendar year from 1900 to 9999");
  return static_cast<int>(y);
}

std::optional<std::string> resolve_user(sqlite3* db, std::string_view fn, sqlite3_value* user_id,
                                        std::string_view usage) {
  if (given(user_id)) {
    std::string user(arg_text(fn, "user_id", user_id));
    Stmt s(db, "SELECT 1 FROM main.users WHERE id = ?1", fn);
    s.bind(1, user);
    if (!s.step()) throw Error(fn, "no user with id '" + user + "'", "the id of a row in users");
    return user;
  }
  Stmt s(db, "SELECT id FROM main.users LIMIT 2", fn);
  std::vector<std::string> ids;
  while (s.step()) ids.push_back(s.text(0));
  if (ids.empty()) return std::nullopt;
  if (ids.size() > 1) throw Error(fn, "user_id is needed: the database has several users", usage);
  return ids[0];
}

YearReport year_report(sqlite3* db, std::string_view fn, sqlite3_value* year, sqlite3_value* user_id) {
  YearReport r;
  r.year = read_year(fn, year);
  require_analytics_schema(db, fn);
  r.user = resolve_user(db, fn, user_id, std::string(fn) + "(year, user_id)");
  return r;
}

}  // namespace vl::analytics
