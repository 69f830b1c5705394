// vl_search_snippet(fts_table, column, open, close, ellipsis, tokens): an FTS5
// auxiliary function with the arguments, algorithm and output of FTS5's
// snippet(), which reports every error instead of turning one into a wrong
// snippet (ext/search/snippet.h names the upstream bug). vl_search's snippet
// column is vl_search_snippet(inventory_fts, -1, '[', ']', '…', 12).
//
// Two registrations under one name (ext/registry.cpp): this file's FTS5
// function, which FTS5 runs when the first argument is an FTS5 table of the
// query, and a plain SQL function that SQLite resolves the name to and calls
// anywhere else, where it refuses in our voice. The plain one carries the
// flags, and SQLite copies them to the FTS5 function it substitutes
// (sqlite3VtabOverloadFunction): kPure, as the result depends only on the row
// and the arguments, and reading the text of a row the query already reads
// is safe in a view or trigger of an untrusted file.
#include <new>
#include <string>
#include <vector>

#include "ext/core/function.h"
#include "ext/search/snippet.h"
#include "functions/functions.h"

namespace vl::fn {
namespace {

using search::Hit;
using search::Token;

constexpr const char* kFn = "vl_search_snippet";
constexpr const char* kUsage = "vl_search_snippet(fts_table, column, open, close, ellipsis, tokens)";

// A failure code of the FTS5 API, reported as FTS5's own functions report
// theirs.
void fts_check(int rc) {
  if (rc != SQLITE_OK) throw_sqlite_code(rc);
}

// Called from FTS5's C code: no exception may leave it.
int collect_token(void* ctx, int tflags, const char*, int, int start, int end) noexcept {
  if (tflags & FTS5_TOKEN_COLOCATED) return SQLITE_OK;
  try {
    static_cast<std::vector<Token>*>(ctx)->push_back(Token{start, end});
  } catch (...) {
    return code_current_exception();
  }
  return SQLITE_OK;
}

std::vector<Token> tokenize(const Fts5ExtensionApi* api, Fts5Context* fts, const char* text, int n) {
  std::vector<Token> tokens;
  fts_check(api->xTokenize(fts, text, n, &tokens, collect_token));
  return tokens;
}

// The row's phrase instances, each with its phrase's length.
std::vector<Hit> read_hits(const Fts5ExtensionApi* api, Fts5Context* fts) {
  int count = 0;
  fts_check(api->xInstCount(fts, &count));
  std::vector<Hit> hits;
  for (int i = 0; i < count; ++i) {
    Hit h{};
    fts_check(api->xInst(fts, i, &h.phrase, &h.column, &h.offset));
    h.length = api->xPhraseSize(fts, h.phrase);
    hits.push_back(h);
  }
  return hits;
}

// open, close, ellipsis: NULL reads as empty text, as in snippet().
std::string marker_arg(sqlite3_value* v) {
  const unsigned char* t = sqlite3_value_text(v);
  if (t == nullptr) {
    if (sqlite3_value_type(v) != SQLITE_NULL) throw std::bad_alloc();
    return std::string();
  }
  return std::string(reinterpret_cast<const char*>(t), static_cast<size_t>(sqlite3_value_bytes(v)));
}

void snippet(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  if (argc != 5) throw Error(kFn, "wrong number of arguments", kUsage);
  const int columns = api->xColumnCount(fts);
  const int wanted = sqlite3_value_int(argv[0]);
  const search::Markers markers{marker_arg(argv[1]), marker_arg(argv[2]), marker_arg(argv[3])};
  const int tokens = sqlite3_value_int(argv[4]);

  const std::vector<Hit> hits = read_hits(api, fts);
  search::Window best;
  best.column = wanted >= 0 ? wanted : 0;
  // Only columns with a hit can score, so only those are read and tokenized
  // (snippet() tokenizes every column; same result).
  for (int col : search::columns_to_score(hits, columns, wanted)) {
    const char* text = nullptr;
    int n_text = 0, size = 0;
    fts_check(api->xColumnText(fts, col, &text, &n_text));
    const std::vector<Token> col_tokens = tokenize(api, fts, text, n_text);
    fts_check(api->xColumnSize(fts, col, &size));
    std::string_view view(text ? text : "", text ? static_cast<size_t>(n_text) : 0);
    if (!search::score_column(hits, col, size, search::sentence_starts(view, col_tokens), tokens, best)) {
      fts_check(SQLITE_CORRUPT_VTAB);
    }
  }

  const char* text = nullptr;
  int n_text = 0;
  fts_check(api->xColumnText(fts, best.column, &text, &n_text));
  if (best.column_size == 0) fts_check(api->xColumnSize(fts, best.column, &best.column_size));
  if (text == nullptr) return;  // a NULL column: NULL, as snippet() gives
  const std::vector<Token> best_tokens = tokenize(api, fts, text, n_text);
  std::string out = search::highlight(std::string_view(text, static_cast<size_t>(n_text)), best_tokens, hits,
                                      best, tokens, markers);
  sqlite3_result_text64(ctx, out.data(), out.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
}

}  // namespace

void vl_search_snippet_fts5(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* ctx, int argc,
                            sqlite3_value** argv) noexcept {
  try {
    snippet(api, fts, ctx, argc, argv);
  } catch (...) {
    result_current_exception(ctx);
  }
}

void vl_search_snippet(sqlite3_context*, int, sqlite3_value**) {
  throw Error(kFn, "the first argument is not an FTS5 table of the query",
              std::string(kUsage) + ", with fts_table an FTS5 table the query reads");
}

}  // namespace vl::fn
