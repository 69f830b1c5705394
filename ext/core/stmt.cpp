#include "ext/core/stmt.h"

#include <cctype>
#include <memory>

namespace vl {

namespace {

// `text` between two `q`, each `q` inside it doubled: how SQL quotes both
// identifiers ("...") and string literals ('...').
std::string enclose(std::string_view text, char q) {
  std::string out;
  out.reserve(text.size() + 2);
  out += q;
  for (char c : text) {
    if (c == q) out += q;
    out += c;
  }
  out += q;
  return out;
}

}  // namespace

std::string quote_ident(std::string_view name) { return enclose(name, '"'); }

std::string quote_literal(std::string_view text) { return enclose(text, '\''); }

Stmt::Stmt(sqlite3* db, std::string_view sql, std::string_view who)
    : db_(db), who_(who) {
  int rc = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr);
  if (rc != SQLITE_OK) fail(rc);
}

Stmt::Stmt(Stmt&& other) noexcept
    : db_(other.db_), stmt_(other.stmt_), who_(std::move(other.who_)) {
  other.stmt_ = nullptr;
}

void Stmt::fail(int rc) const {
  if (rc == SQLITE_NOMEM) throw std::bad_alloc();
  // sqlite3_errmsg never returns NULL (its own "out of memory" text at worst).
  raise_failure(who_, StatementFailure{0, {}, rc, sqlite3_errmsg(db_)});
}

Stmt& Stmt::bind(int i, std::nullptr_t) {
  int rc = sqlite3_bind_null(stmt_, i);
  if (rc != SQLITE_OK) fail(rc);
  return *this;
}
Stmt& Stmt::bind(int i, int64_t v) {
  int rc = sqlite3_bind_int64(stmt_, i, v);
  if (rc != SQLITE_OK) fail(rc);
  return *this;
}
Stmt& Stmt::bind(int i, double v) {
  int rc = sqlite3_bind_double(stmt_, i, v);
  if (rc != SQLITE_OK) fail(rc);
  return *this;
}
Stmt& Stmt::bind(int i, std::string_view v) {
  int rc = sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  if (rc != SQLITE_OK) fail(rc);
  return *this;
}

bool Stmt::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  fail(rc);
}

void Stmt::run() {
  while (step()) {
  }
}

void Stmt::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::string Stmt::text(int col) const {
  const unsigned char* p = sqlite3_column_text(stmt_, col);
  int n = sqlite3_column_bytes(stmt_, col);
  if (p == nullptr) {
    if (sqlite3_errcode(db_) == SQLITE_NOMEM) throw std::bad_alloc();
    return std::string();
  }
  return std::string(reinterpret_cast<const char*>(p), static_cast<size_t>(n));
}

std::optional<std::string> Stmt::opt_text(int col) const {
  if (is_null(col)) return std::nullopt;
  return text(col);
}

size_t skip_space_and_comments(std::string_view s, size_t at) {
  for (;;) {
    while (at < s.size() && std::isspace(static_cast<unsigned char>(s[at]))) ++at;
    if (s.substr(at, 2) == "--") {
      size_t nl = s.find('\n', at);
      at = nl == std::string_view::npos ? s.size() : nl + 1;
    } else if (s.substr(at, 2) == "/*") {
      size_t e = s.find("*/", at + 2);
      at = e == std::string_view::npos ? s.size() : e + 2;
    } else {
      return at;
    }
  }
}

std::vector<std::string_view> split_statements(std::string_view sql) {
  std::vector<std::string_view> out;
  auto keep = [&](size_t from, size_t to) {
    std::string_view piece = sql.substr(from, to - from);
    if (skip_space_and_comments(piece, 0) >= piece.size()) return;
    size_t lead = 0;
    while (lead < piece.size() && std::isspace(static_cast<unsigned char>(piece[lead]))) ++lead;
    out.push_back(piece.substr(lead));
  };
  size_t start = 0;
  std::string candidate;
  for (size_t i = 0; i < sql.size(); ++i) {
    if (sql[i] != ';') continue;
    candidate.assign(sql.substr(start, i + 1 - start));
    if (!sqlite3_complete(candidate.c_str())) continue;
    keep(start, i + 1);
    start = i + 1;
  }
  keep(start, sql.size());
  return out;
}

namespace {
struct Finalizer {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
}  // namespace

int exec_each(sqlite3* db, std::string_view sql,
              const std::function<void(const StatementFailure&)>& on_error) {
  int index = 0;
  for (std::string_view text : split_statements(sql)) {
    sqlite3_stmt* raw = nullptr;
    int rc = sqlite3_prepare_v2(db, text.data(), static_cast<int>(text.size()), &raw, nullptr);
    std::unique_ptr<sqlite3_stmt, Finalizer> owned(raw);
    if (rc == SQLITE_OK && raw == nullptr) continue;  // an empty statement
    ++index;
    if (rc == SQLITE_OK) {
      while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
      }
      if (rc == SQLITE_DONE) continue;
    }
    if (rc == SQLITE_NOMEM) throw std::bad_alloc();
    // The text before finalize, which may replace it.
    StatementFailure failure{index, text, rc, sqlite3_errmsg(db)};
    owned.reset();
    on_error(failure);
    return rc;
  }
  return SQLITE_OK;
}

void raise_failure(std::string_view who, const StatementFailure& f) {
  // A trigger's RAISE already speaks in our voice; keep it as it is.
  if (f.message.rfind("vaultlister: ", 0) == 0) throw Error::verbatim(f.message, f.rc);
  throw Error(who, f.message, {}, f.rc);
}

void exec(sqlite3* db, std::string_view sql, std::string_view who) {
  exec_each(db, sql, [&](const StatementFailure& f) { raise_failure(who, f); });
}

int64_t query_int(sqlite3* db, std::string_view sql, std::string_view who, int64_t fallback) {
  Stmt s(db, sql, who);
  if (!s.step() || s.is_null(0)) return fallback;
  return s.int64(0);
}

WriteTransaction::WriteTransaction(sqlite3* db, std::string_view who)
    : db_(db), who_(who), outermost_(sqlite3_get_autocommit(db) != 0) {
  Stmt begin(db_, outermost_ ? "BEGIN IMMEDIATE" : "SAVEPOINT vaultlister", who_);
  int rc = begin.try_step();
  if (rc == SQLITE_DONE) return;
  int base = rc & 0xff;
  if (base == SQLITE_BUSY || base == SQLITE_LOCKED) {
    throw Error(who_, "the database is locked by another connection",
                "retry when the other writer has finished, or raise the busy timeout", rc);
  }
  begin.raise(rc);
}

WriteTransaction::~WriteTransaction() {
  if (done_) return;
  // Best effort: an error here cannot be reported, and the host rolls back
  // an aborted outermost transaction on its own.
  if (outermost_) {
    if (!sqlite3_get_autocommit(db_)) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  } else {
    sqlite3_exec(db_, "ROLLBACK TO vaultlister; RELEASE vaultlister", nullptr, nullptr, nullptr);
  }
}

void WriteTransaction::commit() {
  exec(db_, outermost_ ? "COMMIT" : "RELEASE vaultlister", who_);
  done_ = true;
}

}  // namespace vl
