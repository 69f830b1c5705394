// Shared by the seller's numbers (vl_allocate_lot, vl_cogs, vl_1099k): amounts
// in integer cents, the calendar-year window, the user a report is for (also
// the user vl_import_sales imports for), and the schema version they need.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ext/core/api.h"

namespace vl::analytics {

// Dollars (REAL, as stored) to cents, rounded half away from zero.
int64_t cents(double dollars);

// Splits `total` cents over `weights` (each >= 0, their sum > 0) in proportion,
// so that the parts add up to `total` exactly: each part is its quota rounded
// down, and the cents left over go one each to the largest remainders (ties:
// the earlier weight first). $10.00 over 3 equal weights is 334, 333, 333.
std::vector<int64_t> largest_remainder(int64_t total, const std::vector<int64_t>& weights);

// Refuses a database whose schema predates migration 0006_analytics.
void require_analytics_schema(sqlite3* db, std::string_view fn);

// A calendar year argument: an integer from 1900 to 9999.
int read_year(std::string_view fn, sqlite3_value* v);

// The user a report is for: the user_id argument when given (it must name a
// row of users), else the one user of the database. Several users and no
// user_id is refused; no users at all gives nullopt (an empty report).
std::optional<std::string> resolve_user(sqlite3* db, std::string_view fn, sqlite3_value* user_id,
                                        std::string_view usage);

// The arguments of a yearly report (vl_cogs, vl_1099k): read and checked in
// one place, then the schema and the user.
struct YearReport {
  int year = 0;
  std::optional<std::string> user;  // nullopt: the database has no users
};
YearReport year_report(sqlite3* db, std::string_view fn, sqlite3_value* year, sqlite3_value* user_id);

}  // namespace vl::analytics
