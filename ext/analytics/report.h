// Shared pieces of the seller reports (vl_profit_loss, vl_sell_through,
// vl_inventory_aging, vl_account_health): argument readers that speak in one
// voice, and the money arithmetic every report uses.
//
// Money contract (docs/sql/vl_profit_loss.md): every stored amount is taken to
// the cent on its own (half away from zero, as fees.h does), sums are exact
// integers of cents, and a figure that depends on an unknown amount is NULL,
// never 0. Percentages are rounded to two decimals.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ext/core/stmt.h"
#include "ext/core/vtab.h"

namespace vl::report {

// A calendar day 'YYYY-MM-DD' (a real date: 2025-02-30 is refused). nullopt
// when the value is NULL or the argument was not given.
std::optional<std::string> read_day(std::string_view fn, std::string_view what, sqlite3_value* v);

// The window [start, end) of a report: two days, end not before start.
// nullopt when either is NULL (the report then has no rows).
struct Window {
  std::string start, end;
};
std::optional<Window> read_window(std::string_view fn, sqlite3_value* start, sqlite3_value* end);

// An optional user filter: nullopt (every user) when not given or NULL.
std::optional<std::string> read_user(std::string_view fn, sqlite3_value* v);

// A report's query: `sql` (ending in its WHERE clause), then " AND <user_column> =
// ?<user_param>" when a user is given (bound here), then `tail` (GROUP BY ...).
// The caller binds the other parameters.
Stmt query(sqlite3* db, std::string_view fn, std::string sql, std::string_view user_column,
           int user_param, const std::optional<std::string>& user, std::string_view tail = {});

// The query of a window report (vl_profit_loss, vl_sell_through): `sql` reads
// the window [start, end) as ?1 and ?2 and ends in its WHERE clause; a given
// user adds " AND <user_column> = ?3". The window and the user are bound here;
// a parameter above ?3 that `sql` names is the caller's to bind.
Stmt window_query(sqlite3* db, std::string_view fn, std::string sql, const Window& w,
                  std::string_view user_column, const std::optional<std::string>& user);

// The head every as-of report shares (vl_account_health, vl_inventory_aging):
// args[0] is as_of (a day, ?1 of `sql`), args[1] the optional user_id (?2,
// compared with `user_column`). Both are read, then the query is prepared
// and bound; nullopt when as_of is NULL (the report then has no rows).
std::optional<Stmt> as_of_query(sqlite3* db, std::string_view fn, sqlite3_value* const* args,
                                std::string sql, std::string_view user_column,
                                std::string_view tail = {});

// A stored amount of money to cents, half away from zero.
int64_t cents(double dollars);

// An amount that may be unknown: adding an unknown part makes the sum unknown.
struct Money {
  int64_t cents = 0;
  bool known = true;
  void add(int64_t c) { cents += c; }
  void add_unknown() { known = false; }
  // Adds (sign +1) or takes away (-1) the amount in column `col`, unknown when NULL.
  void add_column(const Stmt& s, int col, int sign = 1) {
    if (s.is_null(col))
      add_unknown();
    else
      add(sign * report::cents(s.real(col)));
  }
  void sub(const Money& o) {
    cents -= o.cents;
    known = known && o.known;
  }
};

Cell money_cell(int64_t cents);
Cell money_cell(const Money& m);
// round(num / den * 100, 2); NULL when either is unknown or den is 0.
Cell percent_cell(const Money& num, const Money& den);
Cell percent_cell(int64_t num, int64_t den);
// A number of days rounded to two decimals; NULL for an empty set.
Cell median_cell(std::vector<double> values);
Cell mean_cell(const std::vector<double>& values);

// Text of a column, "" for NULL (platform and month keys are never NULL in
// the reports' queries unless a row is malformed).
std::string column_text(sqlite3_stmt* s, int col);

}  // namespace vl::report
