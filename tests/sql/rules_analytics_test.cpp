// The facts of migration 0006_analytics and their triggers (45_analytics.sql,
// the unit_cost lines of 20_sales.sql / 40_inventory.sql), through a
// connection that never loaded the extension: the cost a sale's profit used,
// when an item was first listed and disposed of, lots kept to one user, and
// returns closing the loop (domain-rules.md, Returns).
#include <gtest/gtest.h>

#include "tests/sql/rules_support.h"

namespace {

std::unique_ptr<vltest::Db> shop(const std::string& name) {
  auto db = rules::plain_db(name);
  db->exec("INSERT INTO inventory(id, user_id, title, list_price, cost_price, quantity, low_stock_threshold, status) VALUES "
           "('i1', 'u1', 'Denim Jacket', 60, 12.5, 1, 0, 'active');"
           "INSERT INTO listings(id, inventory_id, user_id, platform, title, price, status) VALUES "
           "('l1', 'i1', 'u1', 'ebay', 'Denim Jacket', 60, 'active'),"
           "('l2', 'i1', 'u1', 'poshmark', 'Denim Jacket', 58, 'active')");
  return db;
}

TEST(RulesAnalytics, UnitCostIsTheCostNetProfitUsed) {
  auto db = shop("an_unit_cost.db");
  db->exec("INSERT INTO inventory(id, user_id, title, list_price, cost_price, quantity) VALUES ('i2', 'u1', 'Cap', 5, NULL, 3)");
  db->exec("INSERT INTO sales(id, user_id, listing_id, platform, sale_price, platform_fee, shipping_cost) VALUES "
           "('s1', 'u1', 'l1', 'ebay', 50, 6, 4)");
  db->exec("INSERT INTO sales(id, user_id, inventory_id, platform, sale_price) VALUES ('s2', 'u1', 'i2', 'etsy', 9)");
  db->exec("INSERT INTO sales(id, user_id, platform, sale_price) VALUES ('s3', 'u1', 'etsy', 7)");
  // Unknown cost stays NULL in unit_cost (the profit counts it as 0, as the profit rule says).
  EXPECT_EQ(db->table("SELECT id, unit_cost, net_profit FROM sales ORDER BY id"),
            "s1|12.5|27.5\ns2|NULL|9.0\ns3|NULL|7.0");
  // A corrected cost changes both (Sales 1); a client's write to unit_cost is overwritten.
  db->exec("UPDATE inventory SET cost_price = 10 WHERE id = 'i1'");
  db->exec("UPDATE sales SET unit_cost = 99 WHERE id = 's1'");
  EXPECT_EQ(db->table("SELECT unit_cost, net_profit FROM sales WHERE id = 's1'"), "10.0|30.0");
  // Moving a sale to another item takes that item's cost.
  db->exec("UPDATE inventory SET cost_price = 2 WHERE id = 'i2'");
  db->exec("UPDATE sales SET inventory_id = 'i2' WHERE id = 's3'");
  EXPECT_EQ(db->table("SELECT unit_cost, net_profit FROM sales WHERE id = 's3'"), "2.0|5.0");
  EXPECT_EQ(db->error("UPDATE sales SET cancelled_by = 'robot' WHERE id = 's1'").find("CHECK constraint failed"), 0u);
  EXPECT_EQ(db->error("UPDATE sales SET cancelled_by = 'buyer' WHERE id = 's1'"), "");
  EXPECT_EQ(db->text("SELECT shipping_charged FROM sales WHERE id = 's2'"), "0.0");
}

TEST(RulesAnalytics, FirstListedAtIsSetOnceAndDisposalIsDated) {
  auto db = rules::plain_db("an_first_listed.db");
  db->exec("INSERT INTO inventory(id, user_id, title, list_price, quantity, status) VALUES ('i1', 'u1', 'Boots', 80, 2, 'active')");
  db->exec("INSERT INTO listings(id, inventory_id, user_id, platform, title, price, status) VALUES "
           "('l1', 'i1', 'u1', 'ebay', 'Boots', 80, 'draft')");
  EXPECT_EQ(db->text("SELECT first_listed_at FROM inventory"), "NULL");
  db->exec("UPDATE listings SET status = 'active', listed_at = '2025-03-01 10:00:00' WHERE id = 'l1'");
  EXPECT_EQ(db->text("SELECT first_listed_at FROM inventory"), "2025-03-01 10:00:00");
  // A second platform and a relist change nothing.
  db->exec("INSERT INTO listings(id, inventory_id, user_id, platform, title, price, status, listed_at) VALUES "
           "('l2', 'i1', 'u1', 'mercari', 'Boots', 80, 'active', '2025-04-01 00:00:00')");
  db->exec("UPDATE listings SET status = 'ended' WHERE id = 'l1'");
  db->exec("UPDATE listings SET status = 'active' WHERE id = 'l1'");
  EXPECT_EQ(db->text("SELECT first_listed_at FROM inventory"), "2025-03-01 10:00:00");
  // An item first listed by an insert that goes live at once gets that listing's listed_at.
  db->exec("INSERT INTO inventory(id, user_id, title, list_price) VALUES ('i2', 'u1', 'Hat', 10)");
  db->exec("INSERT INTO listings(id, inventory_id, user_id, platform, title, price, status) VALUES "
           "('l3', 'i2', 'u1', 'ebay', 'Hat', 10, 'active')");
  EXPECT_EQ(db->integer("SELECT first_listed_at = (SELECT listed_at FROM listings WHERE id = 'l3') FROM inventory WHERE id = 'i2'"), 1);
  // Soft delete dates the disposal; a restore clears it.
  db->exec("UPDATE inventory SET status = 'deleted' WHERE id = 'i2'");
  EXPECT_EQ(db->integer("SELECT disposed_at IS NOT NULL FROM inventory WHERE id = 'i2'"), 1);
  db->exec("UPDATE inventory SET status = 'draft' WHERE id = 'i2'");
  EXPECT_EQ(db->text("SELECT disposed_at FROM inventory WHERE id = 'i2'"), "NULL");
}

TEST(RulesAnalytics, LotsHoldOneUsersItemsEachAtMostOnce) {
  auto db = shop("an_lots.db");
  db->exec("INSERT INTO inventory(id, user_id, title, list_price) VALUES ('b1', 'u2', 'Bob item', 1)");
  db->exec("INSERT INTO lots(id, user_id, purchased_at, supplier, total_cost) VALUES ('lot1', 'u1', '2025-01-05', 'estate sale', 20),"
           " ('lot2', 'u1', '2025-02-05', 'thrift', 5)");
  EXPECT_EQ(db->error("INSERT INTO lot_items(lot_id, inventory_id) VALUES ('lot1', 'b1')"),
            "vaultlister: lot_items: inventory_id names an item of another user (put items of the lot's user_id in it)");
  EXPECT_EQ(db->error("INSERT INTO lot_items(lot_id, inventory_id, estimated_value) VALUES ('lot1', 'i1', 30)"), "");
  EXPECT_NE(db->error("INSERT INTO lot_items(lot_id, inventory_id) VALUES ('lot2', 'i1')").find("UNIQUE constraint failed"),
            std::string::npos);
  EXPECT_EQ(db->error("UPDATE lots SET user_id = 'u2' WHERE id = 'lot1'"),
            "vaultlister: lots: user_id cannot change while the lot holds items (move its items out first)");
  EXPECT_NE(db->error("INSERT INTO lot_items(lot_id, inventory_id, estimated_value) VALUES ('lot2', 'i1', -1)").find("CHECK"),
            std::string::npos);
  db->exec("DELETE FROM lots WHERE id = 'lot1'");
  EXPECT_EQ(db->integer("SELECT count(*) FROM lot_items"), 0);
}

TEST(RulesAnalytics, ReferenceRowsAreSeededWithTheirSources) {
  auto db = rules::plain_db("an_reference.db");
  EXPECT_EQ(db->table("SELECT year, cents_per_mile FROM mileage_rates ORDER BY year"), "2023|65.5\n2024|67.0\n2025|70.0");
  EXPECT_EQ(db->table("SELECT first_year, coalesce(last_year, '-'), gross_over, coalesce(transactions_over, 'any') "
                      "FROM tax_form_thresholds WHERE form = '1099-K' AND jurisdiction = 'federal' ORDER BY first_year"),
            "2011|2023|20000.0|200\n2024|2024|5000.0|any\n2025|-|20000.0|200");
  EXPECT_EQ(db->table("SELECT platform, valid_from, includes_shipping, includes_tax, verified FROM platform_gross_basis ORDER BY platform"),
            "ebay|2000-01-01|1|0|0\nmercari|2025-01-01|1|1|0");
  EXPECT_EQ(db->integer("SELECT count(*) FROM (SELECT source FROM mileage_rates UNION ALL SELECT source FROM tax_form_thresholds "
                        "UNION ALL SELECT source FROM platform_gross_basis) WHERE length(source) < 20"),
            0);
}

// Returns close the loop: a restock return that reaches received gives the unit back once,
// whatever the sale's status, records it in the audit trail, and leaves the listings ended.
TEST(RulesAnalytics, AReceivedRestockReturnGivesTheUnitBackOnce) {
  auto db = shop("an_returns.db");
  db->exec("INSERT INTO sales(id, user_id, listing_id, platform, sale_price, status) VALUES ('s1', 'u1', 'l1', 'ebay', 50, 'delivered')");
  EXPECT_EQ(db->table("SELECT quantity, status FROM inventory"), "0|sold");
  db->exec("INSERT INTO returns(id, user_id, sale_id, restock, status) VALUES ('r1', 'u1', 's1', 1, 'approved')");
  EXPECT_EQ(db->text("SELECT quantity FROM inventory"), "0");
  db->exec("UPDATE returns SET status = 'received' WHERE id = 'r1'");
  EXPECT_EQ(db->table("SELECT quantity, status FROM inventory"), "1|active");
  EXPECT_EQ(db->table("SELECT id, status FROM listings ORDER BY id"), "l1|sold\nl2|ended");
  EXPECT_EQ(db->table("SELECT user_id, action, resource_type, resource_id, json_extract(details, '$.return_id'), "
                      "json_extract(details, '$.sale_id'), json_extract(details, '$.quantity') FROM audit_logs"),
            "u1|inventory.restock|inventory|i1|r1|s1|1");
  EXPECT_EQ(db->integer("SELECT restocked_at IS NOT NULL FROM returns WHERE id = 'r1'"), 1);
  // Later moves of the return, of the sale, and a second return of the same sale: no second unit.
  db->exec("UPDATE returns SET status = 'refunded', refunded_at = '2025-05-01' WHERE id = 'r1'");
  db->exec("UPDATE returns SET status = 'closed' WHERE id = 'r1'");
  db->exec("UPDATE sales SET status = 'returned' WHERE id = 's1'");
  db->exec("INSERT INTO returns(id, user_id, sale_id, restock, status) VALUES ('r2', 'u1', 's1', 1, 'received')");
  EXPECT_EQ(db->text("SELECT quantity FROM inventory"), "1");
  EXPECT_EQ(db->integer("SELECT count(*) FROM audit_logs WHERE action = 'inventory.restock'"), 1);
  // The record cannot be cleared to restock again.
  EXPECT_EQ(db->error("UPDATE returns SET restocked_at = NULL WHERE id = 'r1'"),
            "vaultlister: returns: restocked_at cannot change once the unit is back in stock (it records the restock)");
}

TEST(RulesAnalytics, AReturnRecordedAsRefundedRestocksAtInsert) {
  auto db = shop("an_returns_insert.db");
  db->exec("INSERT INTO sales(id, user_id, listing_id, platform, sale_price, status) VALUES ('s1', 'u1', 'l1', 'ebay', 50, 'shipped')");
  // The case: a refunded return with restock = 1 used to leave the item at 0.
  db->exec("INSERT INTO returns(id, user_id, sale_id, restock, status, refund_amount, refunded_at) VALUES "
           "('r1', 'u1', 's1', 1, 'refunded', 50, '2025-05-01')");
  EXPECT_EQ(db->table("SELECT quantity, status FROM inventory"), "1|active");
  // Not for restock, or not yet received: nothing.
  db->exec("INSERT INTO inventory(id, user_id, title, list_price, quantity) VALUES ('i2', 'u1', 'Cap', 5, 1);"
           "INSERT INTO sales(id, user_id, inventory_id, platform, sale_price, status) VALUES ('s2', 'u1', 'i2', 'ebay', 5, 'shipped');"
           "INSERT INTO returns(id, user_id, sale_id, restock, status) VALUES ('r2', 'u1', 's2', 0, 'received'),"
           " ('r3', 'u1', 's2', 1, 'in_transit')");
  EXPECT_EQ(db->text("SELECT quantity FROM inventory WHERE id = 'i2'"), "0");
  // received_at alone counts as received.
  db->exec("UPDATE returns SET received_at = '2025-06-01 09:00:00' WHERE id = 'r3'");
  EXPECT_EQ(db->text("SELECT quantity FROM inventory WHERE id = 'i2'"), "1");
}

TEST(RulesAnalytics, SalesThatTookNoUnitGiveNoneBack) {
  auto db = shop("an_returns_none.db");
  // An oversell took no unit.
  db->exec("INSERT INTO sales(id, user_id, listing_id, platform, sale_price, status) VALUES ('s1', 'u1', 'l1', 'ebay', 50, 'shipped')");
  db->exec("INSERT INTO sales(id, user_id, inventory_id, platform, sale_price, status) VALUES ('s2', 'u1', 'i1', 'etsy', 40, 'shipped')");
  EXPECT_EQ(db->integer("SELECT count(*) FROM alerts WHERE type = 'oversell'"), 1);
  db->exec("INSERT INTO returns(id, user_id, sale_id, restock, status) VALUES ('r2', 'u1', 's2', 1, 'received')");
  EXPECT_EQ(db->text("SELECT quantity FROM inventory"), "0");
  // A cancelled sale gave its unit back when cancelled; its return gives none, and a sale whose
  // return restocked it gives none when cancelled.
  db->exec("INSERT INTO inventory(id, user_id, title, list_price, quantity) VALUES ('i2', 'u1', 'Cap', 5, 1);"
           "INSERT INTO sales(id, user_id, inventory_id, platform, sale_price) VALUES ('s3', 'u1', 'i2', 'ebay', 5);"
           "UPDATE sales SET status = 'cancelled' WHERE id = 's3';"
           "INSERT INTO returns(id, user_id, sale_id, restock, status) VALUES ('r3', 'u1', 's3', 1, 'received')");
  EXPECT_EQ(db->text("SELECT quantity FROM inventory WHERE id = 'i2'"), "1");
  db->exec("INSERT INTO sales(id, user_id, inventory_id, platform, sale_price) VALUES ('s4', 'u1', 'i2', 'ebay', 5);"
           "INSERT INTO returns(id, user_id, sale_id, restock, status) VALUES ('r4', 'u1', 's4', 1, 'received');"
           "UPDATE sales SET status = 'cancelled' WHERE id = 's4'");
  EXPECT_EQ(db->text("SELECT quantity FROM inventory WHERE id = 'i2'"), "1");
}

}  // namespace
