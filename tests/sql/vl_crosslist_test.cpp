// vl_crosslist and the platform_limits / platform_conditions tables: fitting
// text at word boundaries, condition words, problems and warnings, fees, and
// the one-statement INSERT ... SELECT cross-listing.
#include <gtest/gtest.h>

#include "tests/support/testdb.h"

using vltest::Db;
using vltest::expect_refusals;

namespace {

struct Shop : Db {
  Shop() {
    exec("SELECT vl_migrate()");
    exec("INSERT INTO users (id, email, password_hash, username) VALUES ('u1', 'a@x', 'h', 'a')");
  }
  void item(const std::string& id, const std::string& title, const std::string& extra_cols = "",
            const std::string& extra_vals = "") {
    exec("INSERT INTO inventory (id, user_id, title, list_price, cost_price, condition, images" +
         extra_cols + ") VALUES ('" + id + "', 'u1', '" + title + "', 40, 10, 'good', '[\"a.jpg\"]'" +
         extra_vals + ")");
  }
};

const std::string k95 =  // 95 characters; the 80th falls inside "Straight"
    "Vintage Levis 501 Jeans Size 32x30 Made in USA, Button Fly, Medium Wash Denim Straight Leg Fits";


const std::string kPlatformsExpected =
    "(a JSON array of platform names or a comma-separated list such as 'ebay,mercari')";

}  // namespace

TEST(Crosslist, OneRowPerPlatformFromTheLimitsTable) {
  Shop db;
  db.item("i1", "Blue shirt");
  EXPECT_EQ(db.integer("SELECT count(*) FROM vl_crosslist('i1')"),
            db.integer("SELECT count(*) FROM platform_limits"));
  EXPECT_EQ(db.rows("SELECT platform, title, price, condition, already_listed, problems FROM "
                    "vl_crosslist('i1', 'mercari, EBAY,mercari')"),
            (std::vector<std::string>{"mercari|Blue shirt|40.0|Good|0|[]", "ebay|Blue shirt|40.0|Good|0|[]"}));
  EXPECT_EQ(db.rows("SELECT platform FROM vl_crosslist('i1', '[\"depop\", \"ebay\"]')"),
            (std::vector<std::string>{"depop", "ebay"}));
  EXPECT_EQ(db.integer("SELECT count(*) FROM vl_crosslist('i1', NULL)"),
            db.integer("SELECT count(*) FROM platform_limits"));
  // The hidden arguments read back as given.
  EXPECT_EQ(db.text("SELECT inventory_id || '|' || platforms || '|' || user_id FROM vl_crosslist('i1', 'ebay')"),
            "i1|ebay|u1");
}

TEST(Crosslist, TitleCutAtAWordBoundaryWithoutTrailingPunctuation) {
  Shop db;
  ASSERT_EQ(k95.size(), 95u);
  db.item("i1", k95, ", description", ", 'Short.'");
  EXPECT_EQ(db.text("SELECT title FROM vl_crosslist('i1', 'ebay')"),
            "Vintage Levis 501 Jeans Size 32x30 Made in USA, Button Fly, Medium Wash Denim");
  EXPECT_EQ(db.text("SELECT warnings FROM vl_crosslist('i1', 'ebay')"),
            "[\"title shortened from 95 to 77 characters\"]");
  EXPECT_EQ(db.text("SELECT title FROM vl_crosslist('i1', 'facebook')"), k95);  // limit 100
  EXPECT_EQ(db.text("SELECT warnings FROM vl_crosslist('i1', 'facebook')"), "[]");
  // A cut right after a comma drops the comma; the cut counts code points, not bytes.
  db.exec("UPDATE platform_limits SET title_max = 11 WHERE platform = 'ebay'");
  db.item("i2", "Jeans, blue denim");
  EXPECT_EQ(db.text("SELECT title FROM vl_crosslist('i2', 'ebay')"), "Jeans, blue");
  db.exec("UPDATE platform_limits SET title_max = 9 WHERE platform = 'ebay'");
  EXPECT_EQ(db.text("SELECT title FROM vl_crosslist('i2', 'ebay')"), "Jeans");
  db.item("i3", "Café — crème brûlée set");
  EXPECT_EQ(db.text("SELECT title FROM vl_crosslist('i3', 'ebay')"), "Café");
  db.exec("UPDATE platform_limits SET title_max = 12 WHERE platform = 'ebay'");
  EXPECT_EQ(db.text("SELECT title FROM vl_crosslist('i3', 'ebay')"), "Café — crème");
  // One word longer than the limit is cut at the limit.
  db.item("i4", "Supercalifragilistic");
  EXPECT_EQ(db.text("SELECT title FROM vl_crosslist('i4', 'ebay')"), "Supercalifra");
  // Exactly at the limit: unchanged.
  db.item("i5", "abcdef ghijk");
  EXPECT_EQ(db.text("SELECT title || '|' || warnings FROM vl_crosslist('i5', 'ebay')"), "abcdef ghijk|[]");
}

TEST(Crosslist, DescriptionFittedAndNullKept) {
  Shop db;
  std::string words;
  for (int i = 0; i < 400; ++i) words += "word ";  // 2000 characters
  db.item("i1", "t", ", description", ", '" + words + "'");
  EXPECT_EQ(db.integer("SELECT length(description) FROM vl_crosslist('i1', 'poshmark')"), 1499);
  EXPECT_EQ(db.text("SELECT substr(description, -5) FROM vl_crosslist('i1', 'poshmark')"), " word");
  EXPECT_EQ(db.text("SELECT warnings FROM vl_crosslist('i1', 'poshmark')"),
            "[\"description shortened from 2000 to 1499 characters\"]");
  db.item("i2", "t");
  EXPECT_EQ(db.text("SELECT description FROM vl_crosslist('i2', 'poshmark')"), "NULL");
}

TEST(Crosslist, ConditionWordsComeFromTheTable) {
  Shop db;
  db.item("i1", "t");
  EXPECT_EQ(db.rows("SELECT platform, condition FROM vl_crosslist('i1', 'ebay,depop,facebook,etsy')"),
            (std::vector<std::string>{"ebay|Good", "depop|Used - Good", "facebook|Used - Good", "etsy|NULL"}));
  db.exec("UPDATE inventory SET condition = 'poor' WHERE id = 'i1'");
  EXPECT_EQ(db.text("SELECT problems FROM vl_crosslist('i1', 'depop')"),
            "[\"condition 'poor' has no equivalent on depop\"]");
  db.exec("INSERT INTO platform_conditions (platform, condition, platform_condition, source) "
          "VALUES ('depop', 'poor', 'Used - Poor', 'test')");
  EXPECT_EQ(db.text("SELECT condition || problems FROM vl_crosslist('i1', 'depop')"), "Used - Poor[]");
  db.exec("UPDATE inventory SET condition = NULL WHERE id = 'i1'");
  EXPECT_EQ(db.text("SELECT problems FROM vl_crosslist('i1', 'ebay')"), "[\"missing condition\"]");
  EXPECT_EQ(db.text("SELECT problems FROM vl_crosslist('i1', 'etsy')"), "[]");  // no condition field
}

TEST(Crosslist, ProblemsASellerMustFix) {
  Shop db;
  db.exec("INSERT INTO inventory (id, user_id, title, list_price, condition, images) "
          "VALUES ('i1', 'u1', 'Jacket', 2, 'good', '[]')");
  EXPECT_EQ(db.text("SELECT problems FROM vl_crosslist('i1', 'poshmark')"),
            "[\"no images\",\"price 2.00 is below the minimum of 3.00\"]");
  EXPECT_EQ(db.text("SELECT problems FROM vl_crosslist('i1', 'grailed')"), "[\"no images\",\"missing brand\"]");
  db.exec("UPDATE inventory SET brand = '  ' WHERE id = 'i1'");
  EXPECT_EQ(db.text("SELECT problems FROM vl_crosslist('i1', 'grailed')"), "[\"no images\",\"missing brand\"]");
  db.exec("UPDATE inventory SET brand = 'Acne', images = '[\"a\",\"b\"]' WHERE id = 'i1'");
  EXPECT_EQ(db.text("SELECT problems FROM vl_crosslist('i1', 'grailed')"), "[]");
  db.exec("UPDATE platform_limits SET requires_size = 1, photos_min = 3 WHERE platform = 'grailed'");
  EXPECT_EQ(db.text("SELECT problems FROM vl_crosslist('i1', 'grailed')"),
            "[\"needs at least 3 images, has 2\",\"missing size\"]");
  // image_assets count as images too.
  db.exec("INSERT INTO image_assets (user_id, inventory_id, url) VALUES ('u1', 'i1', 'x'), ('u1', 'i1', 'y'), "
          "('u1', 'i1', 'z')");
  db.exec("UPDATE inventory SET size = 'M' WHERE id = 'i1'");
  EXPECT_EQ(db.text("SELECT problems FROM vl_crosslist('i1', 'grailed')"), "[]");
  db.exec("UPDATE inventory SET quantity = 0 WHERE id = 'i1'");
  EXPECT_EQ(db.text("SELECT problems FROM vl_crosslist('i1', 'grailed')"), "[\"item is sold out (quantity 0)\"]");
}

TEST(Crosslist, WarningsForImagesAndQuantity) {
  Shop db;
  db.exec("INSERT INTO inventory (id, user_id, title, list_price, condition, quantity, images) VALUES "
          "('i1', 'u1', 'Mug', 12, 'new', 3, json_array(1,2,3,4,5,6,7,8,9,10,11,12,13))");
  EXPECT_EQ(db.text("SELECT warnings FROM vl_crosslist('i1', 'mercari')"),
            "[\"only the first 12 of 13 images can be used\",\"quantity 3: mercari lists at most 1 per listing\"]");
  EXPECT_EQ(db.text("SELECT warnings FROM vl_crosslist('i1', 'ebay')"), "[]");
}

TEST(Crosslist, FeeAndNetProfitFollowTheFeeTable) {
  Shop db;
  db.item("i1", "t");
  EXPECT_EQ(db.text("SELECT estimated_fee = platform_fee(platform, price, 0) AND "
                    "estimated_net_profit = round(price - estimated_fee - 10, 2) "
                    "FROM vl_crosslist('i1', 'ebay')"),
            "1");
  // An edit of today's rule shows at once.
  db.exec("UPDATE platform_fee_rules SET percent = 50, fixed_amount = 1 WHERE platform = 'vinted'");
  EXPECT_EQ(db.text("SELECT estimated_fee || '|' || estimated_net_profit FROM vl_crosslist('i1', 'vinted')"),
            "21.0|9.0");
  // A platform without fee rules gets its draft and a warning, not a guess.
  db.exec("INSERT INTO platform_limits (platform, source) VALUES ('kidizen', 'test')");
  EXPECT_EQ(db.text("SELECT quote(estimated_fee) || quote(estimated_net_profit) || warnings "
                    "FROM vl_crosslist('i1', 'kidizen')"),
            "NULLNULL[\"no fee rule in force today: fee and net profit unknown\"]");
  // NULL cost counts as 0, as in net_profit.
  db.exec("UPDATE inventory SET cost_price = NULL WHERE id = 'i1'");
  EXPECT_EQ(db.text("SELECT estimated_net_profit FROM vl_crosslist('i1', 'vinted')"), "19.0");
}

TEST(Crosslist, OneStatementInsertSelectCrossLists) {
  Shop db;
  db.item("i1", k95);
  db.exec("INSERT INTO listings (inventory_id, user_id, platform, title, price) "
          "VALUES ('i1', 'u1', 'ebay', 'mine', 35)");
  EXPECT_EQ(db.text("SELECT group_concat(platform) FROM vl_crosslist('i1') WHERE already_listed"), "ebay");
  db.exec("INSERT INTO listings (inventory_id, user_id, platform, title, description, price, condition_tag) "
          "SELECT inventory_id, user_id, platform, title, description, price, condition "
          "FROM vl_crosslist('i1') WHERE NOT already_listed");
  EXPECT_EQ(db.integer("SELECT count(*) FROM listings WHERE inventory_id = 'i1'"),
            db.integer("SELECT count(*) FROM platform_limits"));
  EXPECT_EQ(db.text("SELECT title FROM listings WHERE platform = 'ebay'"), "mine");
  EXPECT_EQ(db.text("SELECT title || '|' || condition_tag FROM listings WHERE platform = 'poshmark'"),
            "Vintage Levis 501 Jeans Size 32x30 Made in USA, Button Fly, Medium Wash Denim|Good");
  EXPECT_EQ(db.integer("SELECT count(*) FROM vl_crosslist('i1') WHERE NOT already_listed"), 0);
  // Running it again inserts nothing.
  db.exec("INSERT INTO listings (inventory_id, user_id, platform, title, price) "
          "SELECT inventory_id, user_id, platform, title, price FROM vl_crosslist('i1') WHERE NOT already_listed");
  EXPECT_EQ(db.integer("SELECT count(*) FROM listings WHERE inventory_id = 'i1'"),
            db.integer("SELECT count(*) FROM platform_limits"));
}

TEST(Crosslist, EveryItemAtOnceThroughAJoin) {
  Shop db;
  db.item("a", "one");
  db.item("b", "two");
  EXPECT_EQ(db.integer("SELECT count(*) FROM inventory i, vl_crosslist(i.id, 'ebay,mercari') c"), 4);
}

TEST(Crosslist, Refusals) {
  Shop db;
  db.item("i1", "t");
  EXPECT_EQ(db.error("SELECT * FROM vl_crosslist('nope')"),
            "vaultlister: vl_crosslist: no inventory item with id 'nope' (the id of a row of inventory)");
  EXPECT_EQ(db.error("SELECT * FROM vl_crosslist(printf('%.100c', 'x'))"),
            "vaultlister: vl_crosslist: no inventory item with the given id (the id of a row of inventory)");
  EXPECT_EQ(db.error("SELECT * FROM vl_crosslist(NULL)"), "vaultlister: vl_crosslist: inventory_id is NULL (text)");
  EXPECT_EQ(db.error("SELECT * FROM vl_crosslist(x'6931')"), "vaultlister: vl_crosslist: inventory_id is a blob (text)");
  EXPECT_EQ(db.error("SELECT * FROM vl_crosslist(CAST(x'ff' AS TEXT))"),
            "vaultlister: vl_crosslist: inventory_id is not valid UTF-8 (UTF-8 text)");
  const std::string known =
      " (one of: depop, ebay, etsy, facebook, grailed, mercari, poshmark, vinted, whatnot)";
  EXPECT_EQ(db.error("SELECT * FROM vl_crosslist('i1', 'ebay,zzz')"),
            "vaultlister: vl_crosslist: unknown platform 'zzz'" + known);
  EXPECT_EQ(db.error("SELECT * FROM vl_crosslist('i1', printf('%.100c', 'z'))"),
            "vaultlister: vl_crosslist: unknown platform (a name of 100 bytes)" + known);
  const std::string list =
      " (a JSON array of platform names or a comma-separated list such as 'ebay,mercari')";
  EXPECT_EQ(db.error("SELECT * FROM vl_crosslist('i1', '')"), "vaultlister: vl_crosslist: platforms is empty" + list);
  EXPECT_EQ(db.error("SELECT * FROM vl_crosslist('i1', '[]')"), "vaultlister: vl_crosslist: platforms is empty" + list);
  EXPECT_EQ(db.error("SELECT * FROM vl_crosslist('i1', 'ebay,,mercari')"),
            "vaultlister: vl_crosslist: platforms has an empty name" + list);
  EXPECT_EQ(db.error("SELECT * FROM vl_crosslist('i1', '[\"ebay\", 3]')"),
            "vaultlister: vl_crosslist: platforms holds a value that is not a string" + list);
  EXPECT_EQ(db.error("SELECT * FROM vl_crosslist('i1', '[\"ebay\"')"),
            "vaultlister: vl_crosslist: platforms is not a valid JSON array" + list);
  EXPECT_EQ(db.error("SELECT * FROM vl_crosslist('i1', x'00')"), "vaultlister: vl_crosslist: platforms is a blob (text)");
  EXPECT_NE(db.error("SELECT * FROM vl_crosslist"), "");  // inventory_id is required
  db.exec("UPDATE inventory SET title = CAST(x'4aff' AS TEXT) WHERE id = 'i1'");
  EXPECT_EQ(db.error("SELECT * FROM vl_crosslist('i1')"),
            "vaultlister: vl_crosslist: the item's title or description is not valid UTF-8 (fix the text of "
            "the inventory row)");
}

// Only the fee engine's domain answers (no rule for the platform, none in force
// today) become a warning; a broken platform_fee_rules table is reported as it is.
TEST(Crosslist, ABrokenFeeTableIsAnErrorNotAMissingRule) {
  Shop db;
  db.item("i1", "t");
  db.exec("DELETE FROM platform_fee_rules WHERE platform = 'ebay'");
  EXPECT_EQ(db.text("SELECT warnings FROM vl_crosslist('i1', 'ebay')"),
            "[\"no fee rule in force today: fee and net profit unknown\"]");
  db.exec("DROP TABLE platform_fee_rules; CREATE TABLE platform_fee_rules (platform TEXT)");
  EXPECT_EQ(db.error("SELECT * FROM vl_crosslist('i1', 'ebay')"), "vaultlister: vl_crosslist: no such column: id");
  db.exec("DROP TABLE platform_fee_rules");
  EXPECT_EQ(db.error("SELECT * FROM vl_crosslist('i1', 'ebay')"),
            "vaultlister: vl_crosslist: main has no platform_fee_rules table (run SELECT vl_migrate() to install "
            "the fee schedules)");
}

TEST(Crosslist, LimitTablesCheckTheirValues) {
  Shop db;
  EXPECT_NE(db.error("INSERT INTO platform_limits (platform, title_max, source) VALUES ('x', 0, 's')"), "");
  EXPECT_NE(db.error("INSERT INTO platform_limits (platform, source) VALUES ('X', 's')"), "");
  EXPECT_NE(db.error("INSERT INTO platform_limits (platform, source) VALUES ('ebay', 's')"), "");
  EXPECT_NE(db.error("INSERT INTO platform_conditions (platform, condition, platform_condition, source) "
                     "VALUES ('x', 'mint', 'Mint', 's')"),
            "");
  EXPECT_NE(db.error("INSERT INTO platform_conditions (platform, condition, platform_condition, source) "
                     "VALUES ('ebay', 'new', 'Brand New', 's')"),
            "");
}

TEST(CrosslistEdges, RefusedItemsAndPlatformLists) {
  vltest::ShopFile s("crosslist-edges-refusals.db");
  auto plain = s.vandal();
  plain->exec("INSERT INTO inventory(id, user_id, title, description, list_price, cost_price, quantity, status) VALUES "
              "('big', 'u1', 'Gold', NULL, 2e9, 1, 1, 'active'), ('costly', 'u1', 'Gold', NULL, 80, 2e9, 1, 'active'),"
              "('bad', 'u1', 'Coat', CAST(x'ff' AS TEXT), 80, 1, 1, 'active')");
  expect_refusals(
      s.db, {
                {"SELECT * FROM vl_crosslist(printf('%.70c', 'x'))",
                 "vaultlister: vl_crosslist: no inventory item with the given id (the id of a row of inventory)"},
                {"SELECT * FROM vl_crosslist('big')",
                 "vaultlister: vl_crosslist: the item's list_price or cost_price is too large (an amount of at most "
                 "1000000000)"},
                {"SELECT * FROM vl_crosslist('costly')",
                 "vaultlister: vl_crosslist: the item's list_price or cost_price is too large (an amount of at most "
                 "1000000000)"},
                {"SELECT * FROM vl_crosslist('bad')",
                 "vaultlister: vl_crosslist: the item's title or description is not valid UTF-8 (fix the text of "
                 "the inventory row)"},
                {"SELECT * FROM vl_crosslist('i1', '[1]')",
                 "vaultlister: vl_crosslist: platforms holds a value that is not a string " + kPlatformsExpected},
                {"SELECT * FROM vl_crosslist('i1', '[')",
                 "vaultlister: vl_crosslist: platforms is not a valid JSON array " + kPlatformsExpected},
                {"SELECT * FROM vl_crosslist('i1', ' [] ')",
                 "vaultlister: vl_crosslist: platforms is empty " + kPlatformsExpected},
                {"SELECT * FROM vl_crosslist('i1', ', ebay')",
                 "vaultlister: vl_crosslist: platforms has an empty name " + kPlatformsExpected},
                {"SELECT * FROM vl_crosslist('i1', printf('%.70c', 'e'))",
                 "vaultlister: vl_crosslist: unknown platform (a name of 70 bytes) (one of: depop, ebay, etsy, "
                 "facebook, grailed, mercari, poshmark, vinted, whatnot)"},
            });
  plain->exec("DELETE FROM platform_limits");
  expect_refusals(s.db, {{"SELECT * FROM vl_crosslist('i1', 'ebay')",
                          "vaultlister: vl_crosslist: unknown platform 'ebay' (platform_limits has no rows: add some)"}});
}

TEST(CrosslistEdges, StockImagesFeesAndDuplicateNames) {
  vltest::ShopFile s("crosslist-edges-rows.db");
  auto plain = s.vandal();
  // One row per distinct name, in the order given.
  EXPECT_EQ(s.db.table("SELECT platform FROM vl_crosslist('i1', 'ebay,EBAY, mercari ,ebay')"), "ebay\nmercari");
  EXPECT_EQ(s.db.table("SELECT platform FROM vl_crosslist('i1', '[\"Mercari\", \"ebay\"]')"), "mercari\nebay");
  // A quantity the file left NULL is no stock problem; a deleted item is.
  plain->exec("UPDATE inventory SET quantity = NULL WHERE id = 'i1'");
  EXPECT_EQ(s.db.text("SELECT problems || warnings FROM vl_crosslist('i1', 'ebay')"), "[][]");
  plain->exec("UPDATE inventory SET quantity = 1, status = 'deleted' WHERE id = 'i1'");
  EXPECT_EQ(s.db.text("SELECT problems FROM vl_crosslist('i1', 'ebay')"),
            "[\"item is deleted (listings are only for items in stock)\"]");
  plain->exec("UPDATE inventory SET status = 'sold' WHERE id = 'i1'");
  EXPECT_EQ(s.db.text("SELECT problems FROM vl_crosslist('i1', 'ebay')"),
            "[\"item is sold (listings are only for items in stock)\"]");
  // A status the file left NULL is no stock problem either.
  plain->exec("UPDATE inventory SET status = NULL WHERE id = 'i1'");
  EXPECT_EQ(s.db.text("SELECT problems FROM vl_crosslist('i1', 'ebay')"), "[]");
  // A blank brand counts as none where a brand and a size are required.
  plain->exec("UPDATE platform_limits SET requires_size = 1 WHERE platform = 'grailed';"
              "UPDATE inventory SET brand = '  ', size = NULL WHERE id = 'i1'");
  EXPECT_EQ(s.db.text("SELECT problems FROM vl_crosslist('i1', 'grailed')"), "[\"missing brand\",\"missing size\"]");
  plain->exec("UPDATE inventory SET brand = 'Zara', size = 'M' WHERE id = 'i1'");
  EXPECT_EQ(s.db.text("SELECT problems FROM vl_crosslist('i1', 'grailed')"), "[]");
  plain->exec("UPDATE inventory SET status = 'active', title = '   ' WHERE id = 'i1'");
  EXPECT_EQ(s.db.text("SELECT problems FROM vl_crosslist('i1', 'ebay')"), "[\"empty title\"]");
  plain->exec("UPDATE inventory SET title = 'Wool Coat' WHERE id = 'i1'");
  // Images: none needed, none there; three needed, one there.
  plain->exec("UPDATE platform_limits SET photos_min = 0 WHERE platform = 'ebay'; UPDATE inventory SET images = '[]'");
  EXPECT_EQ(s.db.text("SELECT problems FROM vl_crosslist('i1', 'ebay')"), "[]");
  plain->exec("UPDATE platform_limits SET photos_min = 3 WHERE platform = 'ebay'; UPDATE inventory SET images = '[\"a\"]'");
  EXPECT_EQ(s.db.text("SELECT problems FROM vl_crosslist('i1', 'ebay')"), "[\"needs at least 3 images, has 1\"]");
  // A platform with limits but no fee rule: the draft comes without a fee.
  plain->exec("INSERT INTO platform_limits(platform, source) VALUES ('newplat', 'test')");
  EXPECT_EQ(s.db.text("SELECT quote(estimated_fee) || quote(estimated_net_profit) || warnings "
                      "FROM vl_crosslist('i1', 'newplat')"),
            "NULLNULL[\"no fee rule in force today: fee and net profit unknown\"]");
}

TEST(CrosslistEdges, CutsNextToSeparatorsAndLongDashes) {
  vltest::ShopFile s("crosslist-edges-cuts.db");
  auto plain = s.vandal();
  plain->exec("UPDATE platform_limits SET title_max = 10 WHERE platform = 'ebay';"
              "UPDATE platform_limits SET title_max = 6 WHERE platform = 'mercari'");
  // The only space leaves nothing but separators before it: the cut stays mid-word.
  plain->exec("UPDATE inventory SET title = '--- abcdefghijkl' WHERE id = 'i1'");
  EXPECT_EQ(s.db.text("SELECT title || '|' || warnings FROM vl_crosslist('i1', 'ebay')"),
            "--- abcdef|[\"title shortened from 16 to 10 characters\"]");
  // A cut just after an em dash drops the dash and the space before it.
  plain->exec("UPDATE inventory SET title = 'Wool \xE2\x80\x94 Coat' WHERE id = 'i1'");
  EXPECT_EQ(s.db.text("SELECT title FROM vl_crosslist('i1', 'mercari')"), "Wool");
  plain->exec("UPDATE inventory SET title = 'Wool\xE2\x80\xA6\xC2\xB7 Coat' WHERE id = 'i1'");
  EXPECT_EQ(s.db.text("SELECT title FROM vl_crosslist('i1', 'mercari')"), "Wool");
}

// The plan (core/vtab.h): idxNum bit i = argument i given. inventory_id is
// required; from a join it is taken row by row, with the table as the inner loop.
TEST(Crosslist, QueryPlanTakesTheArgumentsItIsGiven) {
  Db db;
  EXPECT_EQ(db.plan("SELECT * FROM vl_crosslist('i1')"), "SCAN vl_crosslist VIRTUAL TABLE INDEX 1:");
  EXPECT_EQ(db.plan("SELECT * FROM vl_crosslist('i1', 'ebay')"), "SCAN vl_crosslist VIRTUAL TABLE INDEX 3:");
  db.exec("SELECT vl_migrate()");
  // (How inventory is scanned, by table or by covering index, is the SQLite version's choice.)
  std::string join = db.plan("SELECT c.platform FROM inventory AS i, vl_crosslist(i.id) AS c");
  EXPECT_EQ(join.find("SCAN i"), 0u) << join;
  EXPECT_EQ(join.substr(join.find('\n') + 1), "SCAN c VIRTUAL TABLE INDEX 1:") << join;
  EXPECT_EQ(db.error("SELECT * FROM vl_crosslist WHERE platforms = 'ebay'"), "no query solution");
}
