// The snippet engine behind vl_search_snippet (ext/search/snippet.h), without
// SQLite. Expected snippets are worked out by hand from FTS5's snippet()
// algorithm; the longer ones are the outputs tests/sql/vl_search_snippet_test.cpp
// sees from FTS5's own snippet() on the same texts.
#include <gtest/gtest.h>

#include <cctype>
#include <string>
#include <vector>

#include "ext/search/snippet.h"

namespace search = vl::search;
using search::Hit;
using search::Token;

namespace {

// unicode61 on ASCII text: a token is a run of letters and digits.
std::vector<Token> words(const std::string& text) {
  std::vector<Token> out;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && !std::isalnum(static_cast<unsigned char>(text[i]))) ++i;
    size_t start = i;
    while (i < text.size() && std::isalnum(static_cast<unsigned char>(text[i]))) ++i;
    if (i > start) out.push_back(Token{static_cast<int>(start), static_cast<int>(i)});
  }
  return out;
}

// Hits of one one-token phrase: every token of `text` equal to `word`
// (case-insensitive), in column `column`.
std::vector<Hit> hits_of(const std::string& text, const std::string& word, int column = 0, int phrase = 0) {
  std::vector<Hit> out;
  std::vector<Token> t = words(text);
  for (size_t i = 0; i < t.size(); ++i) {
    std::string w = text.substr(static_cast<size_t>(t[i].start), static_cast<size_t>(t[i].end - t[i].start));
    for (char& c : w) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (w == word) out.push_back(Hit{phrase, column, static_cast<int>(i), 1});
  }
  return out;
}

// The whole snippet of a one-column row, as vl_search_snippet computes it.
std::string snippet(const std::string& text, const std::vector<Hit>& hits, int tokens,
                    const search::Markers& m = {"[", "]", "…"}) {
  const std::vector<Token> t = words(text);
  const int size = static_cast<int>(t.size());
  search::Window best;
  for (int col : search::columns_to_score(hits, 1, -1)) {
    EXPECT_TRUE(search::score_column(hits, col, size, search::sentence_starts(text, t), tokens, best));
  }
  if (best.column_size == 0) best.column_size = size;
  return search::highlight(text, t, hits, best, tokens, m);
}

const std::string kLong =
    "a long text without any sentence end that goes on and on about nothing in particular "
    "before it finally mentions denim somewhere near the middle and then keeps going with "
    "more words after the denim for a good while longer";
const std::string kJeans =
    "Great jeans. Worn twice: no stains, no holes. The denim is thick and soft, and these "
    "jeans fit like a 32x32 would. Ships fast. Jeans jeans jeans at the very end";

}  // namespace

TEST(SearchSnippet, SentencesStartAtTokenZeroAndAfterAStopAndWhiteSpace) {
  EXPECT_EQ(search::sentence_starts(kJeans, words(kJeans)), (std::vector<int>{0, 2, 4, 8, 22, 24}));
  // A stop without white space after it ("a.b", "10:30") starts nothing;
  // white space alone starts nothing either; tabs and line ends count.
  const std::string t = "one.two 10:30 three  four.\tfive:\r\nsix";
  EXPECT_EQ(search::sentence_starts(t, words(t)), (std::vector<int>{0, 6, 7}));
  EXPECT_TRUE(search::sentence_starts("", {}).empty());
}

TEST(SearchSnippet, OnlyColumnsWithAHitAreScored) {
  std::vector<Hit> hits = {{0, 3, 0, 1}, {1, 1, 4, 1}, {0, 1, 2, 1}, {0, 7, 0, 1}};
  EXPECT_EQ(search::columns_to_score(hits, 5, -1), (std::vector<int>{1, 3}));
  EXPECT_EQ(search::columns_to_score(hits, 5, 3), (std::vector<int>{3}));
  EXPECT_TRUE(search::columns_to_score(hits, 5, 2).empty());
  EXPECT_TRUE(search::columns_to_score(hits, 5, 7).empty());  // column 7 does not exist
  EXPECT_TRUE(search::columns_to_score({}, 5, -1).empty());
}

TEST(SearchSnippet, WindowScoreCountsPhrasesOnceAndRepeatsByOne) {
  // phrase 0 at 2 and 5, phrase 1 (two tokens) at 6, phrase 0 in another column.
  std::vector<Hit> hits = {{0, 0, 2, 1}, {0, 0, 5, 1}, {1, 0, 6, 2}, {0, 1, 3, 1}};
  int adjusted = -1;
  EXPECT_EQ(search::window_score(hits, 0, 2, 5, 20, &adjusted), 2001);
  EXPECT_EQ(adjusted, 2);  // hits fill tokens 2..7 of a 5-token window: it starts at the first
  EXPECT_EQ(search::window_score(hits, 0, 2, 4, 20, nullptr), 1001);  // phrase 1 left out
  EXPECT_EQ(search::window_score(hits, 0, 3, 5, 20, nullptr), 2000);  // the first phrase-0 hit left out
  EXPECT_EQ(search::window_score(hits, 0, 8, 5, 20, nullptr), 0);
  // One hit at 3 in a 4-token window is centred (start 2), then kept inside a 5-token column.
  std::vector<Hit> one = {{0, 0, 3, 1}};
  EXPECT_EQ(search::window_score(one, 0, 3, 4, 20, &adjusted), 1000);
  EXPECT_EQ(adjusted, 2);
  search::window_score(one, 0, 3, 4, 5, &adjusted);
  EXPECT_EQ(adjusted, 1);
  search::window_score(one, 0, 0, 12, 5, &adjusted);
  EXPECT_EQ(adjusted, 0);  // a window longer than the column starts at 0
}

TEST(SearchSnippet, AHitPastTheColumnEndIsReported) {
  search::Window best;
  EXPECT_FALSE(search::score_column({{0, 0, 9, 1}}, 0, 8, {0}, 4, best));
  EXPECT_TRUE(search::score_column({{0, 0, 8, 1}}, 0, 8, {0}, 4, best));
}

TEST(SearchSnippet, TheBestWindowIsCentredOnItsHits) {
  // Two equal windows: the first wins; no sentence start but 0, which scores less.
  EXPECT_EQ(snippet(kLong, hits_of(kLong, "denim"), 6), "…finally mentions [denim] somewhere near the…");
  EXPECT_EQ(snippet(kLong, hits_of(kLong, "denim"), 3), "…mentions [denim] somewhere…");
}

TEST(SearchSnippet, ASentenceStartBeatsAWindowCentredLater) {
  // Window at hit 1 centred would start at 0 anyway; the sentence bonus of
  // token 0 (+120) beats the three repeats near the end (1003).
  EXPECT_EQ(snippet(kJeans, hits_of(kJeans, "jeans"), 12),
            "Great [jeans]. Worn twice: no stains, no holes. The denim is thick…");
  // With "denim" alone the window starting at its sentence ("The", +100)
  // beats the centred one.
  EXPECT_EQ(snippet(kJeans, hits_of(kJeans, "denim"), 6), "…The [denim] is thick and soft…");
}

TEST(SearchSnippet, OverlappingHitsAreOneRunAndMarkersAreVerbatim) {
  const std::string t = "a b c d";
  // "a b" at 0 and "b c" at 1 overlap: one run from a to c.
  std::vector<Hit> hits = {{0, 0, 0, 2}, {1, 0, 1, 2}};
  EXPECT_EQ(snippet(t, hits, 64), "[a b c] d");
  EXPECT_EQ(snippet(t, hits, 64, {"<b>", "</b>", "..."}), "<b>a b c</b> d");
  EXPECT_EQ(snippet(t, hits, 64, {"", "", ""}), "a b c d");
  // Adjacent but not overlapping: two runs.
  EXPECT_EQ(snippet(t, {{0, 0, 0, 1}, {0, 0, 1, 1}}, 64), "[a] [b] c d");
}

TEST(SearchSnippet, CutsAreMarkedAtEitherEnd) {
  const std::string t = "one two three four five six seven";
  EXPECT_EQ(snippet(t, hits_of(t, "four"), 3), "…three [four] five…");
  EXPECT_EQ(snippet(t, hits_of(t, "one"), 3), "[one] two three…");
  EXPECT_EQ(snippet(t, hits_of(t, "seven"), 3), "…five six [seven]");
  // No hit at all: the first tokens of the column.
  EXPECT_EQ(snippet(t, {}, 2), "one two…");
  // Zero tokens: no window, every hit highlighted, then an ellipsis.
  EXPECT_EQ(snippet("a b a", hits_of("a b a", "a"), 0), "[a] b [a]…");
}

TEST(SearchSnippet, TextStopsAtAnEmbeddedNul) {
  const std::string t("ab\0cd", 5);
  EXPECT_EQ(snippet(t, {}, 64), "ab");
}
