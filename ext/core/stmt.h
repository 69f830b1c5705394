// RAII over prepared statements and transactions, speaking the extension API.
//
// Stmt owns one sqlite3_stmt and finalizes it in its destructor, so no path
// (error, exception, early return) leaves a statement unfinalized. Failures
// throw vl::Error carrying the SQLite code and sqlite3_errmsg().
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ext/core/api.h"
#include "ext/core/error.h"

namespace vl {

// Quotes an identifier for SQL text: "name" with embedded quotes doubled.
// Every identifier that comes from a database (a schema, table or column
// name) goes through this before it is spliced into SQL.
std::string quote_ident(std::string_view name);

// Quotes a string literal: 'text' with embedded quotes doubled.
std::string quote_literal(std::string_view text);

class Stmt {
 public:
  // `who` names the SQL function on whose behalf the statement runs; it
  // prefixes any error.
  Stmt(sqlite3* db, std::string_view sql, std::string_view who);
  ~Stmt() { sqlite3_finalize(stmt_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  Stmt(Stmt&& other) noexcept;
  Stmt& operator=(Stmt&&) = delete;

  Stmt& bind(int i, std::nullptr_t);
  Stmt& bind(int i, int64_t v);
  Stmt& bind(int i, int v) { return bind(i, static_cast<int64_t>(v)); }
  Stmt& bind(int i, double v);
  Stmt& bind(int i, std::string_view v);
  Stmt& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
  Stmt& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }

  // true: a row is ready; false: done. Throws on error.
  bool step();
  // One step that never throws: SQLITE_ROW, SQLITE_DONE or the error code,
  // for a caller that tells errors apart itself (a constraint naming a row, a
  // lock to retry). raise(rc) then reports any other code as step() would;
  // errmsg() is the connection's text for it.
  int try_step() noexcept { return sqlite3_step(stmt_); }
  [[noreturn]] void raise(int rc) const { fail(rc); }
  std::string errmsg() const { return sqlite3_errmsg(db_); }
  // Steps to completion, discarding rows.
  void run();
  void reset();

  int64_t int64(int col) const { return sqlite3_column_int64(stmt_, col); }
  double real(int col) const { return sqlite3_column_double(stmt_, col); }
  bool is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  std::string text(int col) const;
  std::optional<std::string> opt_text(int col) const;
  sqlite3_value* value(int col) const { return sqlite3_column_value(stmt_, col); }
  int columns() const { return sqlite3_column_count(stmt_); }
  sqlite3_stmt* get() const { return stmt_; }

 private:
  [[noreturn]] void fail(int rc) const;
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  std::string who_;
};

// The statements of a multi-statement SQL text, each up to and including its
// ';' (the last may lack one), with leading white space dropped; pieces of
// only white space and comments are left out. Boundaries come from
// sqlite3_complete, so a ';' inside a string, a comment or a trigger body
// never splits a statement. The views point into `sql`.
std::vector<std::string_view> split_statements(std::string_view sql);

// Skips white space and comments from `at`; the index of the first other
// character (s.size() when there is none).
size_t skip_space_and_comments(std::string_view s, size_t at);

// A statement of exec_each that failed: its 1-based number among the
// statements run, its text, the SQLite code and sqlite3_errmsg().
struct StatementFailure {
  int index;
  std::string_view text;
  int rc;
  std::string message;
};

// Throws the failure as exec() reports it: vl::Error naming `who`, or the
// message as it is when it already speaks in our voice (a trigger's RAISE).
[[noreturn]] void raise_failure(std::string_view who, const StatementFailure& f);

// Runs each statement of `sql` in turn, discarding rows. At the first failure
// (out of memory excepted: std::bad_alloc) on_error is called; it throws to
// report the failure in its caller's words, or returns to have exec_each stop
// and return the code. SQLITE_OK when every statement ran.
int exec_each(sqlite3* db, std::string_view sql,
              const std::function<void(const StatementFailure&)>& on_error);

// Runs every statement of `sql` in turn (no result rows expected); a failure
// throws vl::Error naming `who` (a trigger's own message kept as it is).
void exec(sqlite3* db, std::string_view sql, std::string_view who);

// First column of the first row as integer; `fallback` when there is no row.
int64_t query_int(sqlite3* db, std::string_view sql, std::string_view who,
                  int64_t fallback = 0);

// One write transaction that nests correctly: BEGIN IMMEDIATE when the
// connection is in autocommit mode (so a competing writer is met at once,
// under the busy timeout, never half-way), a SAVEPOINT inside a caller's
// transaction. The destructor rolls back unless commit() ran.
class WriteTransaction {
 public:
  WriteTransaction(sqlite3* db, std::string_view who);
  ~WriteTransaction();
  WriteTransaction(const WriteTransaction&) = delete;
  WriteTransaction& operator=(const WriteTransaction&) = delete;
  void commit();

 private:
  sqlite3* db_;
  std::string who_;
  bool outermost_;
  bool done_ = false;
};

}  // namespace vl
