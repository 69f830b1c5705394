// domain-rules.md, Listings and Inventory, through a connection that never
// loaded the extension.
#include <gtest/gtest.h>

#include "tests/sql/rules_support.h"

namespace {

TEST(RulesListings, NothingListedForAnItemThatCannotSell) {
  auto db = rules::plain_db("listings_avail.db");
  db->exec("INSERT INTO inventory(id, user_id, title, list_price, quantity, status) VALUES "
           "('i0', 'u1', 'a', 1, 0, 'active'), ('is', 'u1', 'b', 1, 3, 'sold'), ('id', 'u1', 'c', 1, 3, 'deleted'), ('i1', 'u1', 'd', 1, 1, 'active')");
  for (const char* item : {"i0", "is", "id"}) {
    EXPECT_EQ(db->error(std::string("INSERT INTO listings(inventory_id, user_id, platform, title, price) VALUES ('") + item + "', 'u1', 'ebay', 't', 1)"),
              "vaultlister: listings: the item is sold out, sold or deleted (restock or restore the item before listing it)");
  }
  db->exec("INSERT INTO listings(id, inventory_id, user_id, platform, title, price) VALUES ('l1', 'i1', 'u1', 'ebay', 't', 1)");
  EXPECT_EQ(db->error("INSERT INTO listings(inventory_id, user_id, platform, title, price) VALUES ('i1', 'u1', 'ebay', 't', 2)"),
            "UNIQUE constraint failed: listings.inventory_id, listings.platform");
  // An upsert on the same pair still works (why there is no trigger for this rule).
  db->exec("INSERT INTO listings(inventory_id, user_id, platform, title, price) VALUES ('i1', 'u1', 'ebay', 't', 3) "
           "ON CONFLICT(inventory_id, platform) DO UPDATE SET price = excluded.price");
  EXPECT_EQ(db->table("SELECT id, price FROM listings"), "l1|3.0");
  EXPECT_EQ(db->error("INSERT INTO listings(inventory_id, user_id, platform, title, price, status) VALUES ('i1', 'u1', 'etsy', 't', 1, NULL)"),
            "vaultlister: listings: status cannot be NULL (name one of the statuses, or leave it out for draft)");
}

TEST(RulesListings, StatusMachineTimesAndPrices) {
  auto db = rules::plain_db("listings_status.db");
  db->exec("INSERT INTO inventory(id, user_id, title, list_price, quantity) VALUES ('i1', 'u1', 'a', 1, 1);"
           "INSERT INTO listings(id, inventory_id, user_id, platform, title, price) VALUES ('l1', 'i1', 'u1', 'ebay', 't', 20)");
  EXPECT_EQ(db->error("UPDATE listings SET status = 'sold'"),
            "vaultlister: listings: status cannot move from draft to sold (allowed: draft -> pending, active, archived)");
  db->exec("UPDATE listings SET status = 'active'");
  EXPECT_EQ(db->integer("SELECT listed_at IS NOT NULL AND sold_at IS NULL FROM listings"), 1);
  db->exec("UPDATE listings SET status = 'sold'");
  EXPECT_EQ(db->integer("SELECT sold_at IS NOT NULL FROM listings"), 1);
  EXPECT_EQ(db->error("UPDATE listings SET status = 'ended'"),
            "vaultlister: listings: status cannot move from sold to ended (allowed: sold -> archived, active)");
  db->exec("UPDATE inventory SET quantity = 0");
  EXPECT_EQ(db->error("UPDATE listings SET status = 'active'"),
            "vaultlister: listings: status cannot move from sold to active while the item is sold out, sold or deleted (restock or restore the item first)");
  db->exec("UPDATE inventory SET quantity = 1");
  db->exec("UPDATE listings SET status = 'active'");
  // Price: history row per change, original_price on the first cut only.
  db->exec("UPDATE listings SET price = 25");
  EXPECT_EQ(db->text("SELECT original_price FROM listings"), "NULL");
  db->exec("UPDATE listings SET price = 18");
  db->exec("UPDATE listings SET price = 15");
  db->exec("UPDATE listings SET price = 15");
  EXPECT_EQ(db->text("SELECT original_price FROM listings"), "25.0");
  EXPECT_EQ(db->table("SELECT listing_id, platform, previous_list_price, list_price FROM price_history ORDER BY rowid"),
            "l1|ebay|20.0|25.0\nl1|ebay|25.0|18.0\nl1|ebay|18.0|15.0");
}

TEST(RulesInventory, PriceHistorySoftDeleteAndSoldOutByHand) {
  auto db = rules::plain_db("inventory_rules.db");
  db->exec("INSERT INTO inventory(id, user_id, title, list_price, cost_price, quantity) VALUES ('i1', 'u1', 'a', 10, 2, 3);"
           "INSERT INTO listings(id, inventory_id, user_id, platform, title, price, status) VALUES "
           "('l1', 'i1', 'u1', 'ebay', 't', 10, 'active'), ('l2', 'i1', 'u1', 'etsy', 't', 10, 'draft')");
  db->exec("UPDATE inventory SET list_price = 12, cost_price = 3");
  db->exec("UPDATE inventory SET notes = 'no price change'");
  EXPECT_EQ(db->table("SELECT listing_id, previous_cost_price, cost_price, previous_list_price, list_price FROM price_history"),
            "NULL|2.0|3.0|10.0|12.0");
  db->exec("UPDATE inventory SET quantity = 0");
  EXPECT_EQ(db->table("SELECT id, status FROM listings ORDER BY id"), "l1|ended\nl2|draft");
  EXPECT_EQ(db->table("SELECT action, entity_id, json_extract(payload, '$.reason') FROM sync_queue"), "delist|l1|out_of_stock");
  db->exec("UPDATE inventory SET quantity = 2; UPDATE listings SET status = 'active' WHERE id = 'l1'");
  db->exec("UPDATE inventory SET status = 'deleted'");
  EXPECT_EQ(db->table("SELECT id, status FROM listings ORDER BY id"), "l1|ended\nl2|draft");
  EXPECT_EQ(db->table("SELECT action, entity_id, json_extract(payload, '$.reason') FROM sync_queue ORDER BY rowid DESC LIMIT 1"),
            "delist|l1|item_deleted");
}

TEST(RulesInventory, TagsJsonAndTablesNeverDisagree) {
  auto db = rules::plain_db("inventory_tags.db");
  auto agree = [&](const std::string& item) {
    return db->text("SELECT (SELECT group_concat(lower(value), ',') FROM (SELECT DISTINCT lower(value) AS value FROM json_each(tags) ORDER BY 1)) "
                    "IS (SELECT group_concat(lower(t.name), ',') FROM (SELECT t.name FROM inventory_tags it JOIN tags t ON t.id = it.tag_id "
                    "WHERE it.inventory_id = inventory.id ORDER BY lower(t.name)) t) FROM inventory WHERE id = '" + item + "'");
  };
  db->exec("INSERT INTO inventory(id, user_id, title, list_price, tags) VALUES ('i1', 'u1', 'a', 1, '[\"Vintage\",\"denim\",\"vintage\"]')");
  EXPECT_EQ(db->integer("SELECT count(*) FROM tags"), 2);
  EXPECT_EQ(agree("i1"), "1");
  db->exec("INSERT INTO inventory(id, user_id, title, list_price, tags) VALUES ('i2', 'u1', 'b', 1, '[\"VINTAGE\"]')");
  EXPECT_EQ(db->integer("SELECT count(*) FROM tags"), 2);  // one tag, any case
  db->exec("UPDATE inventory SET tags = '[\"denim\",\"boho\"]' WHERE id = 'i1'");
  EXPECT_EQ(agree("i1"), "1");
  db->exec("INSERT INTO inventory_tags(inventory_id, tag_id) SELECT 'i1', id FROM tags WHERE name = 'Vintage'");
  EXPECT_EQ(db->text("SELECT tags FROM inventory WHERE id = 'i1'"), "[\"denim\",\"boho\",\"Vintage\"]");
  db->exec("DELETE FROM inventory_tags WHERE inventory_id = 'i1' AND tag_id = (SELECT id FROM tags WHERE name = 'denim')");
  EXPECT_EQ(db->text("SELECT tags FROM inventory WHERE id = 'i1'"), "[\"boho\",\"Vintage\"]");
  db->exec("UPDATE tags SET name = 'Retro' WHERE name = 'Vintage'");
  EXPECT_EQ(db->table("SELECT tags FROM inventory ORDER BY id"), "[\"boho\",\"Retro\"]\n[\"Retro\"]");
  db->exec("DELETE FROM tags WHERE name = 'Retro'");
  EXPECT_EQ(db->table("SELECT tags FROM inventory ORDER BY id"), "[\"boho\"]\n[]");
  db->exec("UPDATE inventory SET tags = NULL WHERE id = 'i1'");
  EXPECT_EQ(db->integer("SELECT count(*) FROM inventory_tags"), 0);
  EXPECT_EQ(db->error("INSERT INTO inventory(user_id, title, list_price, tags) VALUES ('u1', 'c', 1, '[1, \"x\"]')"),
            "vaultlister: inventory: tags must be a JSON array of non-empty strings (for example [\"vintage\",\"denim\"])");
  EXPECT_EQ(db->error("UPDATE inventory SET tags = '[\" \"]' WHERE id = 'i2'"),
            "vaultlister: inventory: tags must be a JSON array of non-empty strings (for example [\"vintage\",\"denim\"])");
  EXPECT_NE(db->error("UPDATE inventory SET tags = 'not json' WHERE id = 'i2'"), "");  // the schema's CHECK
}

}  // namespace
