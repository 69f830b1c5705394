/*
** vl_search: full-text search over inventory, for whatever a person types
** into a search box.
**
**   SELECT id, title, rank FROM vl_search('levis 501') LIMIT 20;
**   SELECT * FROM vl_search('o''neill jack', 'u1') ORDER BY rank;   -- one user
**   SELECT * FROM vl_search WHERE query = 't-shirt' AND user_id = ?;  -- same thing
**
** Declared schema:
**   CREATE TABLE x(id TEXT, title TEXT, brand TEXT, rank REAL, snippet TEXT,
**                  query HIDDEN, user_id HIDDEN)
**
** Rows are the inventory items of `main` whose indexed text (inventory_fts:
** title, description, brand, tags, id) contains every word of the query, the
** last word as a prefix (type-ahead), best first. Items with status 'deleted'
** are left out. rank is FTS5's bm25 with the column weights kRankFunction
** (title 10, brand 5, tags 3, description 2, id 0): lower is better. It is
** called as bm25(inventory_fts, ...) and sorted by SQLite, not through
** FTS5's `rank MATCH` / ORDER BY rank path: that path ranks rows in a
** nested statement whose position-list blob (fts5PoslistBlob) drops an
** out-of-memory error and hands on a truncated blob, which later reads as
** "database disk image is malformed".
** snippet is the best-matching column's excerpt with hits in [brackets],
** made by our FTS5 auxiliary function vl_search_snippet
** (functions/vl_search_snippet.cpp: the algorithm of FTS5's snippet(), which
** can turn an error into a wrong snippet; ext/search/snippet.h says how).
**
** The query is never handed to FTS5 as syntax. It is cut into words by the
** same unicode61 tokenizer the index uses (fetched through the fts5_api), so
** "O'Neill" becomes o + neill and "T-Shirt" t + shirt exactly as in the index,
** quotes / * ^ : ( ) and bare AND/OR/NEAR are plain text, and emoji (not
** letters or digits to unicode61, so never indexed) are dropped. Each word is
** quoted as an FTS5 string and the words are AND-ed. Only the first kMaxWords
** words count; text with no word at all (empty, blanks, punctuation, emoji)
** gives no rows, not an error.
**
** xBestIndex contract: HIDDEN argument 0 `query` (required) and 1 `user_id`
** (optional), each taken only from an equality constraint, given to xFilter
** in that order (plan bits below). A query constraint that exists but is not
** usable yet makes the plan SQLITE_CONSTRAINT, so SQLite reorders the join;
** so does an unusable user_id constraint (answering it as "every user" would
** show other users' items). A plan without any query constraint is accepted
** at a prohibitive cost and fails in xFilter with our own message, which
** reads better than "no query solution". ORDER BY rank (ascending, alone) is
** consumed: the cursor streams a statement already ordered by rank, so
** `LIMIT 20` stops after 20 rows; when vl_search is the only table of the
** statement, its LIMIT (+ OFFSET) is also handed to that statement (plan bits
** kLimit, kOffset), whose sort then keeps only those rows.
**
** Schema: always main (the application's file); an attached database is not
** searched.
*/
#include <cstdint>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "ext/core/function.h"
#include "ext/core/stmt.h"
#include "ext/core/vtab.h"
#include "ext/search/fts5.h"
#include "ext/vtab/modules.h"

namespace vl {
namespace {

constexpr const char* kFn = "vl_search";
// A search box is a few words; more only slow FTS5 down without narrowing
// anything a person meant. Later words are ignored (documented).
constexpr int kMaxWords = 32;
// Column weights follow the declared FTS5 columns: id, title, description,
// brand, tags.
constexpr const char* kRankFunction = "bm25(inventory_fts, 0.0, 10.0, 2.0, 5.0, 3.0)";

enum Col { kId, kTitle, kBrand, kRank, kSnippet, kQuery, kUserId };

enum class Plan : int { kQuery = 1, kUserId = 2, kNoQuery = 4, kLimit = 8, kOffset = 16 };
constexpr int bit(Plan p) { return static_cast<int>(p); }

struct WordSink {
  std::vector<std::string> words;
};

// Stops the tokenizer once enough words are in hand, so a huge paste costs
// no more than its first kMaxWords words.
constexpr int kEnoughWords = SQLITE_DONE;

// Called from FTS5's C code: no exception may leave it, so a failed
// allocation becomes SQLITE_NOMEM (code_current_exception), which fts_query
// turns back into std::bad_alloc on our side of the call.
int collect_word(void* ctx, int, const char* token, int n, int, int) noexcept {
  auto* sink = static_cast<WordSink*>(ctx);
  if (n <= 0) return SQLITE_OK;
  try {
    sink->words.emplace_back(token, static_cast<size_t>(n));
  } catch (...) {
    return code_current_exception();
  }
  return static_cast<int>(sink->words.size()) >= kMaxWords ? kEnoughWords : SQLITE_OK;
}

struct TokenizerHandle {
  fts5_tokenizer methods{};
  Fts5Tokenizer* tok = nullptr;
  TokenizerHandle(fts5_api* api) {
    void* user = nullptr;
    int rc = api->xFindTokenizer(api, "unicode61", &user, &methods);
    if (rc == SQLITE_OK) rc = methods.xCreate(user, nullptr, 0, &tok);
    if (rc == SQLITE_NOMEM) throw std::bad_alloc();
    if (rc != SQLITE_OK) {
      throw Error(kFn, "the unicode61 tokenizer is not available", "an SQLite built with FTS5");
    }
  }
  ~TokenizerHandle() {
    if (tok) methods.xDelete(tok);
  }
  TokenizerHandle(const TokenizerHandle&) = delete;
  TokenizerHandle& operator=(const TokenizerHandle&) = delete;
};

// The FTS5 query for typed text: "w1" "w2" ... "wn"*, or "" when the text
// holds no word.
std::string fts_query(fts5_api* api, std::string_view typed) {
  TokenizerHandle t(api);
  WordSink sink;
  int rc = t.methods.xTokenize(t.tok, &sink, FTS5_TOKENIZE_QUERY, typed.data(),
                               static_cast<int>(typed.size()), collect_word);
  if (rc != SQLITE_OK && rc != kEnoughWords) {
    if (rc == SQLITE_NOMEM) throw std::bad_alloc();
    throw Error(kFn, "the query could not be split into words", "UTF-8 text", rc);
  }
  std::string out;
  for (size_t i = 0; i < sink.words.size(); ++i) {
    if (i) out += ' ';
    out += '"';
    // unicode61 treats '"' as a separator, so a word never holds one; the
    // doubling keeps the string well-formed even if that ever changed.
    for (char c : sink.words[i]) {
      if (c == '"') out += '"';
      out += c;
    }
    out += '"';
  }
  if (!out.empty()) out += '*';
  return out;
}

struct SearchTable : sqlite3_vtab {
  static constexpr const char* kSchema =
      "CREATE TABLE x(id TEXT, title TEXT, brand TEXT, rank REAL, snippet TEXT, "
      "query HIDDEN, user_id HIDDEN)";
  sqlite3* db = nullptr;
  fts5_api* fts5 = nullptr;  // looked up on first use; lives as long as db

  // INNOCUOUS (its registry row): it only reads rows the file already holds,
  // so a view in a file opened with trusted_schema=OFF may use it.
  static SearchTable* connect(sqlite3* d, void*) {
    auto* t = new SearchTable();
    t->db = d;
    return t;
  }

  int best_index(sqlite3_index_info* info) {
    int query = -1, user = -1, limit = -1, offset = -1;
    bool query_unusable = false, user_unusable = false;
    for (int c = 0; c < info->nConstraint; ++c) {
      const auto& con = info->aConstraint[c];
      if (con.op == SQLITE_INDEX_CONSTRAINT_LIMIT && con.usable) limit = c;
      if (con.op == SQLITE_INDEX_CONSTRAINT_OFFSET && con.usable) offset = c;
      if (con.op != SQLITE_INDEX_CONSTRAINT_EQ) continue;
      if (con.iColumn == kQuery) {
        if (con.usable)
          query = c;
        else
          query_unusable = true;
      } else if (con.iColumn == kUserId) {
        if (con.usable)
          user = c;
        else
          user_unusable = true;
      }
    }
    if ((query < 0 && query_unusable) || (user < 0 && user_unusable)) return SQLITE_CONSTRAINT;
    int plan = 0, argv = 1;
    if (query >= 0) {
      plan |= bit(Plan::kQuery);
      info->aConstraintUsage[query].argvIndex = argv++;
      info->aConstraintUsage[query].omit = 1;
    } else {
      plan |= bit(Plan::kNoQuery);
    }
    if (user >= 0) {
      plan |= bit(Plan::kUserId);
      info->aConstraintUsage[user].argvIndex = argv++;
      info->aConstraintUsage[user].omit = 1;
    }
    if (query >= 0) {
      info->estimatedCost = user >= 0 ? 50.0 : 100.0;
      info->estimatedRows = 25;
    } else {
      info->estimatedCost = 1e18;
      info->estimatedRows = 1000000;
    }
    bool rank_order = info->nOrderBy == 0;
    if (info->nOrderBy == 1 && info->aOrderBy[0].iColumn == kRank && !info->aOrderBy[0].desc) {
      info->orderByConsumed = 1;
      rank_order = true;
    }
    // The statement's LIMIT (SQLite 3.38+ passes it when vl_search is the
    // whole FROM clause): rows come in rank order, so only the first
    // LIMIT + OFFSET can be needed, and the inner statement keeps only those
    // (its sort then never holds more). Not omitted: SQLite still applies
    // LIMIT and OFFSET itself. Only when the rows are read in our order.
    if (query >= 0 && rank_order && limit >= 0) {
      plan |= bit(Plan::kLimit);
      info->aConstraintUsage[limit].argvIndex = argv++;
      if (offset >= 0) {
        plan |= bit(Plan::kOffset);
        info->aConstraintUsage[offset].argvIndex = argv++;
      }
    }
    info->idxNum = plan;
    return SQLITE_OK;
  }
};

struct SearchCursor : sqlite3_vtab_cursor {
  explicit SearchCursor(SearchTable& t) : table(t) {}
  SearchTable& table;
  std::unique_ptr<Stmt> stmt;
  ValueHolder query_arg, user_arg;
  bool done = true;

  void filter(int idxNum, const char*, int argc, sqlite3_value** argv) {
    stmt.reset();
    done = true;
    query_arg = ValueHolder();
    user_arg = ValueHolder();
    if (!(idxNum & bit(Plan::kQuery))) {
      throw Error(kFn, "no query given", "vl_search(query [, user_id]) or WHERE query = ...");
    }
    int at = 0;
    if (at < argc) query_arg = ValueHolder(argv[at++]);
    if ((idxNum & bit(Plan::kUserId)) && at < argc) user_arg = ValueHolder(argv[at++]);
    // Rows needed at most (LIMIT + OFFSET), or -1: all. A LIMIT that is not
    // a non-negative integer is left to SQLite.
    int64_t needed = -1;
    if ((idxNum & bit(Plan::kLimit)) && at < argc) {
      sqlite3_value* lim = argv[at++];
      sqlite3_value* off = (idxNum & bit(Plan::kOffset)) && at < argc ? argv[at++] : nullptr;
      if (sqlite3_value_type(lim) == SQLITE_INTEGER && sqlite3_value_int64(lim) >= 0) {
        needed = sqlite3_value_int64(lim);
        if (off && sqlite3_value_type(off) == SQLITE_INTEGER && sqlite3_value_int64(off) > 0) {
          int64_t skip = sqlite3_value_int64(off);
          needed = needed > INT64_MAX - skip ? -1 : needed + skip;
        } else if (off && sqlite3_value_type(off) != SQLITE_INTEGER) {
          needed = -1;
        }
      }
    }

    std::string_view typed = arg_text(kFn, "query", query_arg.get());
    std::string user;
    if (user_arg.get()) {
      if (sqlite3_value_type(user_arg.get()) == SQLITE_NULL) {
        // NULL is refused rather than read as "every user": a session whose
        // user id went missing must not see everyone's inventory.
        throw Error(kFn, "user_id is NULL", "a users.id, or leave it out to search every user");
      }
      user = std::string(arg_text(kFn, "user_id", user_arg.get()));
    }

    if (!table.fts5) table.fts5 = search::find_fts5(table.db, kFn);
    std::string match = fts_query(table.fts5, typed);
    if (match.empty()) return;

    std::string sql =
        "SELECT i.id, i.title, i.brand, ";
    sql += kRankFunction;
    sql +=
        " AS search_rank, vl_search_snippet(inventory_fts, -1, '[', ']', '…', 12), i.rowid "
        "FROM main.inventory_fts JOIN main.inventory AS i ON i.rowid = inventory_fts.rowid "
        "WHERE inventory_fts MATCH ?1 AND i.status IS NOT 'deleted'";
    if (user_arg.get()) sql += " AND i.user_id = ?2";
    sql += " ORDER BY search_rank";
    if (needed >= 0) sql += " LIMIT ?3";
    try {
      stmt = std::make_unique<Stmt>(table.db, sql, kFn);
    } catch (const Error&) {
      if (query_int(table.db,
                    "SELECT count(*) FROM main.sqlite_master WHERE name IN "
                    "('inventory', 'inventory_fts')",
                    kFn) < 2) {
        throw Error(kFn, "database 'main' has no search index", "run SELECT vl_migrate() first");
      }
      throw;
    }
    stmt->bind(1, match);
    if (user_arg.get()) stmt->bind(2, user);
    if (needed >= 0) stmt->bind(3, needed);
    done = !stmt->step();
  }
  void next() { done = !stmt->step(); }
  bool eof() const { return done; }
  void column(sqlite3_context* ctx, int col) {
    if (col <= kSnippet) {
      sqlite3_result_value(ctx, stmt->value(col));
    } else if (col == kQuery) {
      if (query_arg.get()) sqlite3_result_value(ctx, query_arg.get());
    } else if (col == kUserId) {
      if (user_arg.get()) sqlite3_result_value(ctx, user_arg.get());
    }
  }
  int64_t rowid() const { return stmt ? stmt->int64(5) : 0; }
};

}  // namespace

const sqlite3_module* vl_search_module() {
  return VTabModule<SearchTable, SearchCursor>::module();
}

}  // namespace vl
