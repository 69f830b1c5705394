// The snippet engine behind vl_search_snippet (functions/vl_search_snippet.cpp)
// and so behind vl_search's snippet column: the algorithm and output of FTS5's
// snippet() as of SQLite 3.53, as pure C++ over what an FTS5 auxiliary
// function reads for one row (its phrase instances, a column's text and
// tokens). Unit-tested without SQLite in tests/unit/search_snippet_test.cpp;
// the FTS5 side reads the row and reports every error.
//
// Why not FTS5's own snippet(): an upstream bug in fts5SnippetFunction
// (ext/fts5/fts5_aux.c; seen in SQLite 3.53.2, the amalgamation the tests
// build, and unchanged in SQLite's source tree as we last read it; we found no
// report of it on SQLite's forum). Its loop over the columns does not stop on an error: each
// candidate column starts with `rc = xColumnText(...)`, which overwrites any
// error set before it, namely the SQLITE_NOMEM of the one-flag-per-phrase
// allocation (aSeen) before the loop, or an error of xInstCount, xInst or the
// scoring of the previous column. The call then returns SQLITE_OK with a
// snippet built from the hits it saw before the error: after the failed
// allocation, none, so the first column's (or the requested column's) first
// tokens without a highlight, which for inventory_fts is the item id. Our
// fault sweeps found it (docs/reliability-faults.md). The algorithm below is
// the same; errors are the caller's to report, so a snippet is either right
// or an error.
//
// The algorithm, per column that holds a hit (all columns when `column` is
// negative, else that one): every window of `tokens` tokens that starts at a
// hit, centred on its hits, scores 1000 per distinct phrase and 1 per repeat;
// the window that starts at the sentence before a hit (a sentence starts at
// token 0 and after '.' or ':' followed by white space) scores the same plus
// 120 at token 0, 100 elsewhere. The best score wins (the first on a tie); its
// hits are wrapped in open/close, runs of overlapping hits once, and an
// ellipsis marks text cut at either end.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace vl::search {

// One phrase instance of the row (FTS5's xInst), in FTS5's order, with the
// length of its phrase in tokens (xPhraseSize).
struct Hit {
  int phrase;
  int column;
  int offset;  // in tokens
  int length;
};

// One token of a column's text: its byte range. Colocated tokens (synonyms
// that share a position) are left out, as snippet() leaves them.
struct Token {
  int start;
  int end;
};

// The window chosen so far: its column, first token, score, and the size of
// its column in tokens (0 while no window has scored).
struct Window {
  int column = 0;
  int start = 0;
  int score = 0;
  int column_size = 0;
};

struct Markers {
  std::string open, close, ellipsis;
};

// The columns to score, in order: those of `columns` that hold a hit and are
// `wanted` (a negative `wanted`: every column).
std::vector<int> columns_to_score(const std::vector<Hit>& hits, int columns, int wanted);

// Token positions that start a sentence: 0, and each token preceded by '.' or
// ':' and then white space (space, tab, CR, LF).
std::vector<int> sentence_starts(std::string_view text, const std::vector<Token>& tokens);

// Score of the window [start, start + tokens) of `column`; `adjusted` (when not
// null) receives the start that centres its hits, kept within the column.
int window_score(const std::vector<Hit>& hits, int column, int start, int tokens, int column_size,
                 int* adjusted);

// Scores every window snippet() considers in `column` and keeps the best in
// `best`. false: a hit lies past the column's end (an index that contradicts
// its own row, which the caller reports as corruption).
bool score_column(const std::vector<Hit>& hits, int column, int column_size,
                  const std::vector<int>& sentences, int tokens, Window& best);

// The snippet text of `window` in its column's `text` (tokenized as `tokens`),
// `token_count` tokens long. Text is copied up to an embedded NUL, as
// snippet()'s "%.*s" copies it.
std::string highlight(std::string_view text, const std::vector<Token>& tokens, const std::vector<Hit>& hits,
                      const Window& window, int token_count, const Markers& markers);

}  // namespace vl::search
