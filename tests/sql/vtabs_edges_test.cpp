// Virtual tables at the edges their main tests leave out: vl_crosslist's
// item and argument refusals, stock, image and fee cases and word-boundary
// cuts next to separators; vl_health's column comparison, envelope shapes,
// dangling rows of a table without rowids; vl_due_rules with a schedule that
// never fires again; vl_fee_breakdown with a NULL shipping amount.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "support/testdb.h"

using vltest::Db;
using vltest::expect_refusals;

namespace {

// A migrated file with one user and one item with an image.
struct Shop {
  std::string path;
  Db db;
  explicit Shop(const std::string& name) : path(vltest::temp_path(name)), db(path) {
    db.exec("PRAGMA synchronous = OFF; SELECT vl_migrate()");
    db.exec("INSERT INTO users(id, email, password_hash, username) VALUES ('u1', 'a@example.com', 'h', 'a');"
            "INSERT INTO inventory(id, user_id, title, description, brand, size, condition, list_price, "
            "  cost_price, quantity, status, images) VALUES "
            "  ('i1', 'u1', 'Wool Coat', 'warm', 'Zara', 'M', 'good', 80, 20, 1, 'active', '[\"a.jpg\"]')");
  }
  // Another connection that never loaded the extension, without the domain
  // triggers that would refuse the damage a test does on purpose.
  std::unique_ptr<Db> vandal() {
    auto plain = std::make_unique<Db>(path, false);
    plain->exec("PRAGMA foreign_keys = OFF; PRAGMA synchronous = OFF");
    for (const auto& name : plain->rows("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name NOT IN "
                                        "('inventory_ai', 'inventory_au', 'inventory_ad')"))
      plain->exec("DROP TRIGGER \"" + name + "\"");
    return plain;
  }
  std::string health(const std::string& check) {
    return db.text("SELECT status || '|' || detail FROM vl_health WHERE name = '" + check + "'");
  }
};

const std::string kPlatformsExpected =
    "(a JSON array of platform names or a comma-separated list such as 'ebay,mercari')";

}  // namespace

TEST(CrosslistEdges, RefusedItemsAndPlatformLists) {
  Shop s("crosslist-edges-refusals.db");
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
  Shop s("crosslist-edges-rows.db");
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
  Shop s("crosslist-edges-cuts.db");
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

TEST(HealthEdges, ColumnsDifferingInOneAttributeEach) {
  Shop s("health-edges-columns.db");
  auto plain = s.vandal();
  // feature_flags as ours, but: id not the primary key, name nullable,
  // enabled with another default, description generated.
  plain->exec(
      "DROP TABLE feature_flags;"
      "CREATE TABLE feature_flags (id TEXT NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || "
      "lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + "
      "(random() & 3), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))), "
      "name TEXT UNIQUE, description TEXT GENERATED ALWAYS AS ('x') VIRTUAL, enabled INTEGER DEFAULT 1, "
      "rollout_percentage INTEGER DEFAULT 100, target_tiers TEXT DEFAULT '[]', target_users TEXT DEFAULT '[]', "
      "conditions TEXT DEFAULT '{}', created_at DATETIME DEFAULT CURRENT_TIMESTAMP, "
      "updated_at DATETIME DEFAULT CURRENT_TIMESTAMP)");
  EXPECT_EQ(s.health("tables"),
            "problem|altered: feature_flags.id differs, feature_flags.name differs, feature_flags.description "
            "differs, feature_flags.enabled differs");
  // An index missing and another altered are both named.
  plain->exec("DROP INDEX idx_sales_status; DROP INDEX idx_tasks_user_id; "
              "CREATE INDEX idx_tasks_user_id ON tasks(user_id, status)");
  EXPECT_EQ(s.health("indexes"), "problem|missing: idx_sales_status; altered: idx_tasks_user_id");
}

TEST(HealthEdges, EnvelopeShapes) {
  Shop s("health-edges-envelopes.db");
  auto plain = s.vandal();
  const std::string iv = std::string(24, 'a'), tag = std::string(32, 'b');
  const std::vector<std::string> good = {
      "gcm:" + iv + ":" + tag + ":",                      // an empty plaintext
      "gcm:" + iv + ":" + tag + ":ABCDEF0123",            // upper-case hex
      std::string(32, 'C') + ":" + std::string(64, 'd'),  // legacy CBC, two blocks
  };
  const std::vector<std::string> bad = {
      "gcm:" + iv + "a:" + tag + ":00",              // the iv one digit long
      "gcm:" + iv + ":" + tag + "b:00",              // the tag one digit long
      "gcm:" + iv.substr(1) + "g:" + tag + ":00",    // not hex
      "gcm:" + iv + ":" + tag.substr(1) + "G:00",
      "gcm:" + iv + ":" + tag + ":0",                // odd ciphertext
      "gcm:" + iv + ":" + tag + ":zz",
      "gcm:" + iv + ":" + tag,                       // too short
      std::string(32, 'c') + ":" + std::string(30, 'd'),
      std::string(31, 'c') + "::" + std::string(32, 'd'),
      std::string(31, 'c') + "x:" + std::string(32, 'd'),
      std::string(32, 'c') + ":" + std::string(31, 'd') + "x",
      std::string(32, 'c') + ":" + std::string(48, 'd'),  // not whole blocks
      std::string(33, 'c') + ":" + std::string(32, 'd'),  // no ':' after the iv
  };
  int n = 0;
  for (const auto& v : good)
    plain->exec("INSERT INTO webhooks(id, user_id, url, secret) VALUES ('g" + std::to_string(n++) +
                "', 'u1', 'https://example.com', '" + v + "')");
  EXPECT_EQ(s.health("plaintext_secrets"), "ok|every secret is encrypted");
  n = 10;
  for (const auto& v : bad)
    plain->exec("INSERT INTO webhooks(id, user_id, url, secret) VALUES ('w" + std::to_string(n++) +
                "', 'u1', 'https://example.com', '" + v + "')");
  EXPECT_EQ(s.health("plaintext_secrets"),
            "problem|13 plaintext values: webhooks.secret of w10, webhooks.secret of w11, webhooks.secret of w12, "
            "webhooks.secret of w13, webhooks.secret of w14, ... (13 in all)");
  EXPECT_EQ(s.db.integer("SELECT count(*) FROM webhooks"), 16);
}

TEST(HealthEdges, DanglingRowsOfATableWithoutRowids) {
  Shop s("health-edges-fk.db");
  auto plain = s.vandal();
  plain->exec("INSERT INTO inventory_tags(inventory_id, tag_id) VALUES ('i1', 'no-such-tag')");
  EXPECT_EQ(s.health("foreign_keys"), "problem|1 dangling: inventory_tags rowid ? -> tags");
}

TEST(DueRulesEdges, AScheduleThatNeverFiresAgainIsNotDue) {
  Shop s("due-edges.db");
  s.db.exec("INSERT INTO automation_rules(id, user_id, name, type, platform, schedule, last_run_at) VALUES "
            "('r1', 'u1', 'new year', 'share', 'poshmark', '0 0 1 1 *', '9999-06-01 00:00:00'),"
            "('r2', 'u1', 'daily', 'share', 'poshmark', '0 9 * * *', '2026-01-01 00:00:00')");
  EXPECT_EQ(s.db.table("SELECT rule_id, due_at FROM vl_due_rules('9999-12-31 23:00:00')"),
            "r2|2026-01-01 14:00:00");
  EXPECT_EQ(s.db.integer("SELECT count(*) FROM vl_due_rules(NULL)"), 0);
}

TEST(FeeBreakdownEdges, NullShippingIsNoShipping) {
  Db db;
  db.exec("SELECT vl_migrate()");
  EXPECT_EQ(db.table("SELECT component, amount FROM vl_fee_breakdown('ebay', 100, NULL, '2025-06-01')"),
            db.table("SELECT component, amount FROM vl_fee_breakdown('ebay', 100, 0, '2025-06-01')"));
  EXPECT_EQ(db.integer("SELECT count(*) FROM vl_fee_breakdown('ebay', NULL)"), 0);
}
