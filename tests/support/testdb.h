// A real SQLite connection for SQL-level tests, loading the built library the
// way users do (sqlite3_load_extension with no entry point named).
#pragma once

#include <sqlite3.h>

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace vltest {

// Path of the built library without its suffix, as `.load` takes it.
const char* extension_path();

class Db {
 public:
  // `path` ":memory:" by default. `load` false gives a plain connection that
  // never loaded the extension (to prove rules hold without it).
  explicit Db(const std::string& path = ":memory:", bool load = true, int flags = 0);
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  sqlite3* get() const { return db_; }

  // Runs SQL; fails the test (ADD_FAILURE) with the error when it does not succeed.
  void exec(const std::string& sql);
  // Runs SQL and returns the error message ("" when it succeeded).
  std::string error(const std::string& sql);
  // First column of the first row as text ("NULL" for NULL, "" for no row).
  std::string text(const std::string& sql);
  long long integer(const std::string& sql);
  double real(const std::string& sql);
  // All rows, each column as text joined by '|' ("NULL" for NULL).
  std::vector<std::string> rows(const std::string& sql);
  // Same as sqlite3 -list output, rows joined by '\n'.
  std::string table(const std::string& sql) ;

  // EXPLAIN QUERY PLAN of `sql`: the detail column of each row, joined by '\n'.
  std::string plan(const std::string& sql);

  // CREATE statements of the schema, sorted, for before/after comparisons.
  std::string schema_dump(const std::string& schema = "main");
  // schema_dump plus every row of every table of `schema` (virtual tables and FTS
  // shadow tables included), each value through quote() so types count too: what
  // "the data is unchanged" is checked against.
  std::string snapshot(const std::string& schema = "main");

 private:
  sqlite3* db_ = nullptr;
};

// Each SQL must fail with exactly its message (one GoogleTest expectation each,
// naming the SQL when it fails).
void expect_errors(Db& db, const std::vector<std::pair<std::string, std::string>>& cases);

// Each SQL must fail with exactly its message (GoogleTest expectations), leave
// no transaction open and change nothing (Db::snapshot of main).
void expect_refusals(Db& db, const std::vector<std::pair<std::string, std::string>>& cases);

// The plans core/vtab.h promises a table-valued function `name` whose HIDDEN
// arguments are `args` (column name, an SQL value for it), the first `required`
// of them required. For every set of arguments given as equalities (written last
// argument first: argv follows the argument order, not the WHERE's), "SCAN <name>
// VIRTUAL TABLE INDEX <bit i = argument i given>:", with no comparison left in
// the program (the constraints are consumed), when the required ones are among
// them, else "no query solution". With every argument taken row by row from a
// table, the function is the inner loop and takes them all.
void expect_argument_plans(Db& db, const std::string& name,
                           const std::vector<std::pair<std::string, std::string>>& args, int required);

// A migrated file with one user and one item with an image, for the edge tests
// of the virtual tables that damage a file on purpose.
struct ShopFile {
  std::string path;
  Db db;
  explicit ShopFile(const std::string& name);
  // Another connection that never loaded the extension, without the domain
  // triggers that would refuse the damage a test does on purpose.
  std::unique_ptr<Db> vandal();
  // "status|detail" of one vl_health check.
  std::string health(const std::string& check);
};

// `s` as an SQL string literal.
std::string lit(const std::string& s);

// Reads a file of the source tree (relative to the repository root).
std::string read_source(const std::string& relative);

// A fresh file path under the test temp directory (removed if present).
std::string temp_path(const std::string& name);

// "1" where this SQLite does not refuse a non-deterministic DIRECTONLY function in a CHECK (3.40),
// so the library also registers its DIRECTONLY functions DETERMINISTIC (ext/schema_origin.h);
// "0" where it refuses them by itself. Asked with a probe function of the test's own.
std::string directonly_marked_deterministic();

}  // namespace vltest
