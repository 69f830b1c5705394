#include "ext/schema_origin.h"

#include <atomic>
#include <cstdint>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "ext/core/error.h"
#include "ext/core/function.h"

#include "ext/core/conn.h"

namespace vl {
namespace {

void probe_fn(sqlite3_context* ctx, int, sqlite3_value**) { sqlite3_result_int(ctx, 1); }

// 1: marked, 0: not marked, -1: not yet known.
std::atomic<int> g_marked{-1};

bool probe() {
  Conn conn;
  // Through the API table: the host's own SQLite, the one that matters.
  if (conn.open(":memory:", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) != SQLITE_OK)
    return false;  // unknown: assume the older behaviour (the safe side)
  sqlite3* db = conn.get();
  bool marked = false;
  if (sqlite3_create_function_v2(db, "vl_probe", 0, SQLITE_UTF8 | SQLITE_DIRECTONLY, nullptr,
                                 probe_fn, nullptr, nullptr, nullptr) == SQLITE_OK) {
    // A CHECK of a table in main is resolved as schema SQL even while it is
    // being created: a host that marks such calls refuses it right here.
    int rc = sqlite3_exec(db, "CREATE TABLE t(x CHECK (vl_probe()))", nullptr, nullptr, nullptr);
    marked = rc != SQLITE_OK;
  }
  return marked;
}

bool any_statement_running(sqlite3* db) {
  for (sqlite3_stmt* s = sqlite3_next_stmt(db, nullptr); s; s = sqlite3_next_stmt(db, s)) {
    if (sqlite3_stmt_busy(s)) return true;
  }
  return false;
}

// Ends the savepoint vl_reparse when it may still be open: ROLLBACK TO drops the
// temporary table (and with it, when it was created, every parsed schema), RELEASE
// closes the savepoint. An error that rolls back the whole transaction (SQLite does so
// for some out-of-memory and I/O errors) has closed every savepoint already: the
// connection is in autocommit mode again and there is nothing to end (ROLLBACK TO would
// only fail with "no such savepoint" and leave that as the connection's error). Each
// statement needs memory, so a transient failure is tried again. SQLITE_OK once no
// savepoint of ours is left, else the last error (an allocation failing every time).
int end_reparse_savepoint(sqlite3* db) {
  int rc = SQLITE_OK;
  for (int attempt = 0; attempt < 3; ++attempt) {
    if (sqlite3_get_autocommit(db)) return SQLITE_OK;
    rc = sqlite3_exec(db, "ROLLBACK TO vl_reparse; RELEASE vl_reparse", nullptr, nullptr, nullptr);
    if (rc == SQLITE_OK) return SQLITE_OK;
  }
  return rc;
}

}  // namespace

// Set while this thread probes: with the library installed as an auto
// extension (sqlite3_auto_extension, vaultlister_preload.so), opening the
// probe's connection loads the library into it, which would probe again,
// forever. That nested load answers "not marked" (the safe side) without
// caching it; the probe's connection is never used for anything else.
thread_local bool t_probing = false;

bool check_calls_are_marked() {
  int v = g_marked.load();
  if (v < 0) {
    if (t_probing) return false;
    t_probing = true;
    v = probe() ? 1 : 0;
    t_probing = false;
    g_marked.store(v);
  }
  return v == 1;
}

bool schema_read_failed(int rc) {
  switch (rc & 0xff) {
    case SQLITE_ERROR:
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
      return true;
    default:
      return false;
  }
}


int reparse_schemas(sqlite3* db) {
  if (any_statement_running(db)) return SQLITE_OK;
  // Three statements, not one script, so that a failure names its step. The savepoint
  // can exist even when SAVEPOINT reports an error (a progress handler interrupting it
  // after it ran), so it is ended whatever happened.
  const int opened = sqlite3_exec(db, "SAVEPOINT vl_reparse", nullptr, nullptr, nullptr);
  const int created = opened == SQLITE_OK
                          ? sqlite3_exec(db, "CREATE TEMP TABLE vl_reparse_marker(x)", nullptr, nullptr, nullptr)
                          : opened;
  const int ended = end_reparse_savepoint(db);
  if (opened != SQLITE_OK) return opened;  // nothing was parsed again
  if (ended != SQLITE_OK) return ended;
  if (created == SQLITE_OK || schema_read_failed(created)) return SQLITE_OK;
  // Refused (PRAGMA query_only gives SQLITE_READONLY) or failed before SQLite dropped
  // the parsed schemas: an earlier parse may be in place.
  return created;
}

// Gap 3 --------------------------------------------------------------------
//
// A tokenizer written here because sqlite3ext.h exposes none of SQLite's, and
// the question is small: does this CREATE TABLE text call `fn`? It follows
// SQLite's lexical rules where they matter to that question (tokenize.c):
// '...' is a string (never a name), "...", `...` and [...] are quoted names,
// -- and /* */ are comments, and every byte >= 0x80 belongs to a name. A
// false "yes" (a REFERENCES clause naming a table `fn`) only refuses `fn`
// with a clear message; a false "no" would be a hole, so in doubt it says yes.

namespace {

bool is_name_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '$' || c >= 0x80;
}

bool same_ascii_nocase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    unsigned char x = static_cast<unsigned char>(a[i]), y = static_cast<unsigned char>(b[i]);
    if (x >= 'A' && x <= 'Z') x = static_cast<unsigned char>(x + 32);
    if (y >= 'A' && y <= 'Z') y = static_cast<unsigned char>(y + 32);
    if (x != y) return false;
  }
  return true;
}

// Whether `w` occurs in `s`, ASCII letters in any case: a name SQLite would
// resolve to `w` is spelled with exactly these letters, quoted or not (a
// quote inside a quoted name is doubled, which would change the letters), so
// a text without them cannot call `w` and is not tokenized at all.
bool contains_nocase(std::string_view s, std::string_view w) {
  if (w.empty() || s.size() < w.size()) return false;
  auto lower = [](char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c); };
  const char first = lower(w[0]);
  for (size_t i = 0; i + w.size() <= s.size(); ++i) {
    if (lower(s[i]) == first && same_ascii_nocase(s.substr(i, w.size()), w)) return true;
  }
  return false;
}

struct Token {
  enum Kind { kEnd, kName, kString, kOther } kind;
  std::string name;  // kName: unquoted text; kOther: the character
};

class Lexer {
 public:
  explicit Lexer(std::string_view s) : s_(s) {}

  Token next() {
    skip_blank();
    if (i_ >= s_.size()) return {Token::kEnd, {}};
    char c = s_[i_];
    if (c == '\'') return {Token::kString, quoted('\'')};
    if (c == '"' || c == '`') return {Token::kName, quoted(c)};
    if (c == '[') {
      size_t end = s_.find(']', i_ + 1);
      if (end == std::string_view::npos) end = s_.size();
      std::string name(s_.substr(i_ + 1, end - i_ - 1));
      i_ = end + 1;
      return {Token::kName, name};
    }
    if (is_name_byte(static_cast<unsigned char>(c))) {
      size_t start = i_;
      while (i_ < s_.size() && is_name_byte(static_cast<unsigned char>(s_[i_]))) ++i_;
      return {Token::kName, std::string(s_.substr(start, i_ - start))};
    }
    ++i_;
    return {Token::kOther, std::string(1, c)};
  }

 private:
  void skip_blank() {
    while (i_ < s_.size()) {
      char c = s_[i_];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
        ++i_;
      } else if (s_.compare(i_, 2, "--") == 0) {
        size_t end = s_.find('\n', i_);
        i_ = end == std::string_view::npos ? s_.size() : end + 1;
      } else if (s_.compare(i_, 2, "/*") == 0) {
        size_t end = s_.find("*/", i_ + 2);
        i_ = end == std::string_view::npos ? s_.size() : end + 2;
      } else {
        return;
      }
    }
  }

  // A quoted token whose quote doubles as its own escape ('it''s').
  std::string quoted(char q) {
    std::string out;
    for (++i_; i_ < s_.size(); ++i_) {
      if (s_[i_] != q) {
        out += s_[i_];
      } else if (i_ + 1 < s_.size() && s_[i_ + 1] == q) {
        out += q;
        ++i_;
      } else {
        ++i_;
        return out;
      }
    }
    return out;
  }

  std::string_view s_;
  size_t i_ = 0;
};

bool writer_running(sqlite3* db) {
  for (sqlite3_stmt* s = sqlite3_next_stmt(db, nullptr); s; s = sqlite3_next_stmt(db, s)) {
    if (sqlite3_stmt_busy(s) && !sqlite3_stmt_readonly(s)) return true;
  }
  return false;
}

// Statement-scoped auxdata (a negative index: kept for the whole execution,
// dropped on reset). Its value only says "this execution was checked".
constexpr int kCheckedAux = -0x564c;  // "VL"
char g_checked_marker;

// The CREATE TABLE texts of every attached database, as last read and
// answered on this connection (ConnState::origin). Reading them is cheap; the
// answer is not (a tokenizer over ~50 KB for a migrated file), so it is kept
// for as long as the texts are byte for byte the same. Each entry is
// length-prefixed, so two different lists never read the same.
struct TableTexts {
  std::string texts;  // schema, name, sql of each table, each as <8-byte length><bytes>
  std::string hit;    // "schema.table" calling the function, or ""
};

void append_field(std::string* out, const void* p, size_t n) {
  uint64_t len = n;
  out->append(reinterpret_cast<const char*>(&len), sizeof len);
  out->append(static_cast<const char*>(p), n);
}

// Appends schema, name and sql of each table of `schema` to *texts.
void read_tables(sqlite3* db, std::string_view fn, const std::string& schema, std::string* texts) {
  char* sql = sqlite3_mprintf("SELECT name, sql FROM \"%w\".sqlite_schema WHERE type = 'table'",
                              schema.c_str());
  if (sql == nullptr) throw std::bad_alloc();
  sqlite3_stmt* st = nullptr;
  int rc = sqlite3_prepare_v2(db, sql, -1, &st, nullptr);
  sqlite3_free(sql);
  if (rc == SQLITE_OK) {
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      const char* name = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
      const char* text = reinterpret_cast<const char*>(sqlite3_column_text(st, 1));
      size_t name_len = static_cast<size_t>(sqlite3_column_bytes(st, 0));
      size_t text_len = static_cast<size_t>(sqlite3_column_bytes(st, 1));
      append_field(texts, schema.data(), schema.size());
      append_field(texts, name ? name : "", name ? name_len : 0);
      append_field(texts, text ? text : "", text ? text_len : 0);
    }
    if (rc == SQLITE_DONE) rc = SQLITE_OK;
  }
  std::string err = rc == SQLITE_OK ? "" : sqlite3_errmsg(db);
  sqlite3_finalize(st);
  if (!err.empty()) throw Error(fn, "cannot read the schema of " + schema + ": " + err, "a readable schema");
}

// "schema.table" of the first table of any attached database whose CREATE
// TABLE text calls `fn`, or "".
std::string first_table_calling(ConnState& state, sqlite3* db, std::string_view fn) {
  std::vector<std::string> schemas;
  {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT name FROM pragma_database_list", -1, &st, nullptr) != SQLITE_OK) {
      sqlite3_finalize(st);
      throw Error(fn, std::string("cannot list the attached databases: ") + sqlite3_errmsg(db),
                  "a readable schema");
    }
    while (sqlite3_step(st) == SQLITE_ROW)
      schemas.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
    sqlite3_finalize(st);
  }
  std::string texts;
  for (const std::string& schema : schemas) read_tables(db, fn, schema, &texts);

  if (!state.origin) state.origin = std::make_shared<TableTexts>();
  auto& seen = *std::static_pointer_cast<TableTexts>(state.origin);
  if (seen.texts == texts) return seen.hit;

  // Changed (or first read): answer from the texts just read.
  std::string hit;
  for (size_t at = 0; at < texts.size() && hit.empty();) {
    std::string_view field[3];
    for (std::string_view& f : field) {
      uint64_t len;
      std::memcpy(&len, texts.data() + at, sizeof len);
      f = std::string_view(texts).substr(at + sizeof len, len);
      at += sizeof len + len;
    }
    if (table_sql_calls(field[2], fn)) hit = std::string(field[0]) + "." + std::string(field[1]);
  }
  seen.texts = std::move(texts);
  seen.hit = hit;
  return hit;
}

}  // namespace

bool table_sql_calls(std::string_view create_sql, std::string_view fn) {
  if (!contains_nocase(create_sql, fn)) return false;
  Lexer lex(create_sql);
  // The table's own name comes before the first "(": a table called `fn` is not a call.
  Token t;
  do t = lex.next();
  while (t.kind != Token::kEnd && !(t.kind == Token::kOther && t.name == "("));
  Token prev{Token::kOther, "("};
  for (t = lex.next(); t.kind != Token::kEnd; prev = t, t = lex.next()) {
    if (t.kind == Token::kOther && t.name == "(" && prev.kind != Token::kOther &&
        same_ascii_nocase(prev.name, fn))
      return true;
  }
  return false;
}

void refuse_in_table_sql(sqlite3_context* ctx, std::string_view fn) {
  if (check_calls_are_marked()) return;
  if (sqlite3_get_auxdata(ctx, kCheckedAux) != nullptr) return;
  sqlite3* db = sqlite3_context_db_handle(ctx);
  if (!writer_running(db)) return;  // no CHECK is being evaluated
  std::string table = first_table_calling(conn_state(ctx), db, fn);
  if (!table.empty()) {
    throw Error(fn, "table " + table + " calls " + std::string(fn) + "() in its definition",
                "no CHECK, DEFAULT or generated column of a database file may call it; SQLite " +
                    std::string(sqlite3_libversion()) +
                    " does not refuse such a CHECK itself, so " + std::string(fn) +
                    " is refused while that table is attached");
  }
  sqlite3_set_auxdata(ctx, kCheckedAux, &g_checked_marker, nullptr);
}

}  // namespace vl
