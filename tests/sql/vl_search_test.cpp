// vl_search: what a person types into a search box, over inventory_fts.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "tests/sql/search_support.h"

using vltest::Db;

namespace {

class VlSearch : public vltest::SearchFixture {
 protected:
  // Ids found for `typed`, best first, or "ERROR: ..." when it failed.
  std::string ids(const std::string& typed, const char* user = nullptr) {
    sqlite3_stmt* s = nullptr;
    std::string sql = user ? "SELECT id FROM vl_search(?1, ?2) ORDER BY rank, id"
                           : "SELECT id FROM vl_search(?1) ORDER BY rank, id";
    if (sqlite3_prepare_v2(db.get(), sql.c_str(), -1, &s, nullptr) != SQLITE_OK)
      return "ERROR: " + std::string(sqlite3_errmsg(db.get()));
    sqlite3_bind_text(s, 1, typed.data(), static_cast<int>(typed.size()), SQLITE_TRANSIENT);
    if (user) sqlite3_bind_text(s, 2, user, -1, SQLITE_TRANSIENT);
    std::string out;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
      if (!out.empty()) out += ",";
      out += reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
    }
    if (rc != SQLITE_DONE) out = "ERROR: " + std::string(sqlite3_errmsg(db.get()));
    sqlite3_finalize(s);
    return out;
  }
};

TEST_F(VlSearch, FindsWordsAndReturnsItsColumns) {
  EXPECT_EQ(db.rows("SELECT id, title, brand, typeof(rank), snippet FROM vl_search('jeans')"),
            (std::vector<std::string>{"i3|Levi's 501 jeans|Levi's|real|Levi's 501 [jeans]"}));
  EXPECT_EQ(ids("shirt"), "i1,i2");
  EXPECT_EQ(db.text("SELECT query || '|' || user_id FROM vl_search('jeans', 'u2')"), "jeans|u2");
}

TEST_F(VlSearch, TitleOutranksDescription) {
  add("t1", "u1", "Merino wool sweater", "warm", "Acme");
  add("t2", "u1", "Warm sweater", "merino wool blend", "Acme");
  EXPECT_EQ(db.table("SELECT id FROM vl_search('wool')"), "t1\nt2");
  EXPECT_LT(db.real("SELECT rank FROM vl_search('wool') WHERE id = 't1'"),
            db.real("SELECT rank FROM vl_search('wool') WHERE id = 't2'"));
}

TEST_F(VlSearch, OrderEqualsHandWrittenBm25Query) {
  add("t1", "u1", "Shirt shirt", "shirt", "Shirtmaker");
  add("t2", "u1", "Blue top", "a shirt, really", "Acme");
  EXPECT_EQ(db.table("SELECT id FROM vl_search('shirt')"),
            db.table("SELECT i.id FROM inventory_fts JOIN inventory AS i ON i.rowid = "
                     "inventory_fts.rowid WHERE inventory_fts MATCH '\"shirt\"*' AND i.status <> "
                     "'deleted' ORDER BY bm25(inventory_fts, 0.0, 10.0, 2.0, 5.0, 3.0)"));
}

TEST_F(VlSearch, LastWordIsAPrefixOthersAreWhole) {
  EXPECT_EQ(ids("jea"), "i3");
  EXPECT_EQ(ids("501 je"), "i3");
  EXPECT_EQ(ids("jea 501"), "");
  EXPECT_EQ(ids("sh"), "i1,i2");
}

TEST_F(VlSearch, ApostrophesSplitLikeTheIndex) {
  EXPECT_EQ(ids("O'Neill"), "i1");
  EXPECT_EQ(ids("o'neill t-shirt"), "i1");
  EXPECT_EQ(ids("oneill"), "i2");
  EXPECT_EQ(ids("Levi's"), "i3,i2");  // i3 has it in its title too
  EXPECT_EQ(ids("levi’s"), "i3,i2");  // typographic apostrophe
  EXPECT_EQ(ids("'"), "");
}

TEST_F(VlSearch, Hyphens) {
  EXPECT_EQ(ids("T-Shirt"), "i1");
  EXPECT_EQ(ids("-shirt"), "i1,i2");
  EXPECT_EQ(ids("shirt-"), "i1,i2");
  EXPECT_EQ(ids("---"), "");
}

TEST_F(VlSearch, QuotesBalancedOrNot) {
  EXPECT_EQ(ids("\"plain shirt\""), "i2");
  EXPECT_EQ(ids("\"shirt"), "i1,i2");
  EXPECT_EQ(ids("shirt\""), "i1,i2");
  EXPECT_EQ(ids("\"\"\""), "");
  EXPECT_EQ(ids("'jeans"), "i3");
}

TEST_F(VlSearch, ColonsParenthesesStarCaret) {
  EXPECT_EQ(ids("shirt:"), "i1,i2");
  EXPECT_EQ(ids("title:jeans"), "");  // "title" is a word here, not a column filter
  EXPECT_EQ(ids("{title brand}: jeans"), "");
  EXPECT_EQ(ids("(shirt)"), "i1,i2");
  EXPECT_EQ(ids("jeans)"), "i3");
  EXPECT_EQ(ids("(("), "");
  EXPECT_EQ(ids("shi*"), "i1,i2");
  EXPECT_EQ(ids("*"), "");
  EXPECT_EQ(ids("^jeans"), "i3");
  EXPECT_EQ(ids("jeans +"), "i3");
}

TEST_F(VlSearch, BareOperatorsAreWords) {
  EXPECT_EQ(ids("salt and pepper"), "i4");
  EXPECT_EQ(ids("AND"), "i4");
  EXPECT_EQ(ids("black OR"), "i4");
  EXPECT_EQ(ids("OR"), "i4");
  EXPECT_EQ(ids("NEAR"), "");
  EXPECT_EQ(ids("NEAR(shirt jeans)"), "");
  EXPECT_EQ(ids("NOT shirt"), "");
  EXPECT_EQ(ids("shirt AND"), "");
}

TEST_F(VlSearch, EmojiAreDropped) {
  EXPECT_EQ(ids("🔥 shirt"), "i1,i2");
  EXPECT_EQ(ids("shirt🔥"), "i1,i2");
  EXPECT_EQ(ids("🔥"), "");
  EXPECT_EQ(ids("👍🏽👨‍👩‍👧"), "");
}

TEST_F(VlSearch, OtherScripts) {
  EXPECT_EQ(ids("кофта"), "i6");
  EXPECT_EQ(ids("КОФТА шерст"), "i6");
  EXPECT_EQ(ids("köln"), "i5");
  EXPECT_EQ(ids("koln"), "i5");  // diacritics folded as in the index
  EXPECT_EQ(ids("fußball"), "i5");
  EXPECT_EQ(ids("日本"), "i7");   // unicode61 keeps a run of CJK as one word: prefix
  EXPECT_EQ(ids("着物"), "");     // ...so a word inside the run is not found
}

TEST_F(VlSearch, EmptyAndBlankFindNothing) {
  EXPECT_EQ(ids(""), "");
  EXPECT_EQ(ids("   "), "");
  EXPECT_EQ(ids(" \t\n\r "), "");
  EXPECT_EQ(ids("!?.,;"), "");
  EXPECT_EQ(db.integer("SELECT count(*) FROM vl_search('')"), 0);
}

TEST_F(VlSearch, LongInput) {
  std::string words;
  while (words.size() < 5000) words += "shirt ";
  words.resize(5000);
  EXPECT_EQ(words.size(), 5000u);
  EXPECT_EQ(ids(words), "i1,i2");  // only the first 32 words count

  std::string one_word(5000, 'x');
  EXPECT_EQ(ids(one_word), "");

  std::string punctuation;
  while (punctuation.size() < 5000) punctuation += "\"()*^:-' ";
  EXPECT_EQ(ids(punctuation), "");

  std::string mixed = "jeans ";
  while (mixed.size() < 5000) mixed += "O'Neill \"T-Shirt ( AND OR NEAR * ^ : 🔥 ";
  EXPECT_EQ(ids(mixed), "");  // jeans and o'neill are in no item together

  std::string huge(1000000, ' ');
  huge.replace(0, 5, "jeans");
  EXPECT_EQ(ids(huge), "i3");
}

TEST_F(VlSearch, WordsBeyondTheCapAreIgnored) {
  std::string many = "jeans";
  for (int i = 0; i < 31; ++i) many += " jeans";
  EXPECT_EQ(ids(many + " nothingmatchesthis"), "i3");
  EXPECT_EQ(ids("nothingmatchesthis" + std::string(" jeans"), nullptr), "");
}

TEST_F(VlSearch, DeletedItemsAreLeftOut) {
  EXPECT_EQ(ids("deleted"), "");
  db.exec("UPDATE inventory SET status = 'active' WHERE id = 'i8'");
  EXPECT_EQ(ids("deleted"), "i8");
}

TEST_F(VlSearch, UserFilter) {
  EXPECT_EQ(ids("shirt", "u1"), "i1,i2");
  EXPECT_EQ(ids("shirt", "u2"), "");
  EXPECT_EQ(ids("levi", "u2"), "i3");
  EXPECT_EQ(ids("levi", "nobody"), "");
  EXPECT_EQ(db.table("SELECT id FROM vl_search WHERE query = 'levi' AND user_id = 'u1'"), "i2");
}

TEST_F(VlSearch, EditsAreFound) {
  db.exec("UPDATE inventory SET title = 'Wool scarf' WHERE id = 'i2'");
  EXPECT_EQ(ids("scarf"), "i2");
  EXPECT_EQ(ids("plain"), "");
  db.exec("UPDATE inventory SET brand = 'Pendleton' WHERE id = 'i2'");
  EXPECT_EQ(ids("pendle"), "i2");
  db.exec("DELETE FROM inventory WHERE id = 'i2'");
  EXPECT_EQ(ids("scarf"), "");
}

TEST_F(VlSearch, NumbersAreText) {
  EXPECT_EQ(db.table("SELECT id FROM vl_search(501)"), "i3");
}

TEST_F(VlSearch, Refusals) {
  EXPECT_EQ(db.error("SELECT * FROM vl_search"),
            "vaultlister: vl_search: no query given (vl_search(query [, user_id]) or WHERE "
            "query = ...)");
  EXPECT_EQ(db.error("SELECT * FROM vl_search(NULL)"),
            "vaultlister: vl_search: query is NULL (text)");
  EXPECT_EQ(db.error("SELECT * FROM vl_search(x'6a65616e73')"),
            "vaultlister: vl_search: query is a blob (text)");
  EXPECT_EQ(db.error("SELECT * FROM vl_search(CAST(x'6aff' AS TEXT))"),
            "vaultlister: vl_search: query is not valid UTF-8 (UTF-8 text)");
  EXPECT_EQ(db.error("SELECT * FROM vl_search('jeans', NULL)"),
            "vaultlister: vl_search: user_id is NULL (a users.id, or leave it out to search "
            "every user)");
  EXPECT_EQ(db.error("SELECT * FROM vl_search('jeans', x'7531')"),
            "vaultlister: vl_search: user_id is a blob (text)");
  EXPECT_EQ(db.error("SELECT * FROM vl_search('a', 'b', 'c')"),
            "too many arguments on vl_search() - max 2");
}

TEST(VlSearchUnmigrated, SaysToMigrate) {
  Db db;
  EXPECT_EQ(db.error("SELECT * FROM vl_search('jeans')"),
            "vaultlister: vl_search: database 'main' has no search index (run SELECT "
            "vl_migrate() first)");
  // Text without a word never needs the index.
  EXPECT_EQ(db.error("SELECT * FROM vl_search('')"), "");
}

TEST_F(VlSearch, QueryPlan) {
  auto plan = [&](const std::string& sql) {
    std::string out;
    for (const auto& r : db.rows("EXPLAIN QUERY PLAN " + sql)) out += r + "\n";
    return out;
  };
  std::string ranked = plan("SELECT id FROM vl_search('shirt') ORDER BY rank");
  EXPECT_NE(ranked.find("SCAN vl_search VIRTUAL TABLE INDEX 1:"), std::string::npos) << ranked;
  EXPECT_EQ(ranked.find("TEMP B-TREE"), std::string::npos) << ranked;
  // A LIMIT is handed on (plan bit 8; with OFFSET also 16), ordered or not by rank.
  std::string limited = plan("SELECT id FROM vl_search('shirt') ORDER BY rank LIMIT 5");
  EXPECT_NE(limited.find("SCAN vl_search VIRTUAL TABLE INDEX 9:"), std::string::npos) << limited;
  EXPECT_EQ(limited.find("TEMP B-TREE"), std::string::npos) << limited;
  std::string skipped = plan("SELECT id FROM vl_search('shirt') LIMIT 5 OFFSET 2");
  EXPECT_NE(skipped.find("SCAN vl_search VIRTUAL TABLE INDEX 25:"), std::string::npos) << skipped;
  // ...but not when the rows are sorted by something else.
  std::string by_id = plan("SELECT id FROM vl_search('shirt') ORDER BY id LIMIT 5");
  EXPECT_NE(by_id.find("SCAN vl_search VIRTUAL TABLE INDEX 1:"), std::string::npos) << by_id;
  std::string reversed = plan("SELECT id FROM vl_search('shirt') ORDER BY rank DESC");
  EXPECT_NE(reversed.find("USE TEMP B-TREE FOR ORDER BY"), std::string::npos) << reversed;
  std::string by_user = plan("SELECT id FROM vl_search('shirt', 'u1')");
  EXPECT_NE(by_user.find("VIRTUAL TABLE INDEX 3:"), std::string::npos) << by_user;
  // The query may come from another table: the planner puts that table first.
  db.exec("CREATE TABLE wanted(q TEXT); INSERT INTO wanted VALUES ('jeans'), ('plain')");
  EXPECT_EQ(db.table("SELECT s.id FROM wanted AS w, vl_search AS s WHERE s.query = w.q ORDER "
                     "BY s.id"),
            "i2\ni3");
  EXPECT_EQ(db.table("SELECT s.id FROM vl_search AS s, wanted AS w WHERE s.query = w.q ORDER "
                     "BY s.id"),
            "i2\ni3");
}

TEST_F(VlSearch, LimitStopsEarly) {
  db.exec(
      "WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < 500) "
      "INSERT INTO inventory(id, user_id, title, list_price, status) "
      "SELECT 'bulk' || k, 'u1', 'Bulk shirt number ' || k, 1, 'active' FROM n");
  EXPECT_EQ(db.integer("SELECT count(*) FROM (SELECT id FROM vl_search('shirt') LIMIT 20)"), 20);
  EXPECT_EQ(db.integer("SELECT count(*) FROM vl_search('shirt')"), 502);
  EXPECT_EQ(db.table("SELECT id FROM vl_search('shirt') LIMIT 3"),
            db.table("SELECT id FROM vl_search('shirt') ORDER BY rank LIMIT 3"));

  // The LIMIT handed to the ranking statement never changes which rows come:
  // every LIMIT / OFFSET window equals that slice of the full ranked list.
  std::vector<std::string> all = db.rows("SELECT id || '|' || snippet FROM vl_search('shirt')");
  ASSERT_EQ(all.size(), 502u);
  auto slice = [&](size_t from, size_t n) {
    std::vector<std::string> out;
    for (size_t i = from; i < std::min(all.size(), from + n); ++i) out.push_back(all[i]);
    return out;
  };
  EXPECT_EQ(db.rows("SELECT id || '|' || snippet FROM vl_search('shirt') LIMIT 7"), slice(0, 7));
  EXPECT_EQ(db.rows("SELECT id || '|' || snippet FROM vl_search('shirt') ORDER BY rank LIMIT 5 OFFSET 3"),
            slice(3, 5));
  EXPECT_EQ(db.rows("SELECT id || '|' || snippet FROM vl_search('shirt') LIMIT 5 OFFSET 499"), slice(499, 5));
  EXPECT_EQ(db.rows("SELECT id || '|' || snippet FROM vl_search('shirt') LIMIT 0"), slice(0, 0));
  EXPECT_EQ(db.rows("SELECT id || '|' || snippet FROM vl_search('shirt') LIMIT -1 OFFSET 500"), slice(500, 5));
  EXPECT_EQ(db.rows("SELECT id || '|' || snippet FROM vl_search('shirt') LIMIT 2 OFFSET -4"), slice(0, 2));
  // Sorted by another column, the LIMIT applies to all matches, not to the best ones.
  EXPECT_EQ(db.table("SELECT id FROM vl_search('shirt') ORDER BY id LIMIT 2"), "bulk1\nbulk10");
}

}  // namespace
