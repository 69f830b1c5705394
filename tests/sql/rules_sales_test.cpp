// domain-rules.md, Sales 1-7, through a connection that never loaded the
// extension.
#include <gtest/gtest.h>

#include "tests/sql/rules_support.h"

namespace {

std::unique_ptr<vltest::Db> shop(const std::string& name, int quantity) {
  auto db = rules::plain_db(name);
  db->exec("INSERT INTO inventory(id, user_id, title, list_price, cost_price, quantity, low_stock_threshold, status) VALUES "
           "('i1', 'u1', 'Denim Jacket', 60, 12.5, " + std::to_string(quantity) + ", 0, 'active');"
           "INSERT INTO listings(id, inventory_id, user_id, platform, title, price, status) VALUES "
           "('l1', 'i1', 'u1', 'ebay', 'Denim Jacket', 60, 'active'),"
           "('l2', 'i1', 'u1', 'poshmark', 'Denim Jacket', 58, 'active'),"
           "('l3', 'i1', 'u1', 'mercari', 'Denim Jacket', 55, 'pending')");
  return db;
}

TEST(RulesSales, SoldOnOneDelistedEverywhere) {
  auto db = shop("sales_soldout.db", 1);
  db->exec("INSERT INTO sales(id, user_id, listing_id, platform, sale_price, platform_fee, shipping_cost, net_profit) "
           "VALUES ('s1', 'u1', 'l1', 'ebay', 50, 6.55, NULL, 999)");
  // The sale: item filled in from the listing, profit derived (999 overwritten).
  EXPECT_EQ(db->table("SELECT inventory_id, status, net_profit FROM sales"), "i1|pending|30.95");
  // The item: one unit taken, now sold.
  EXPECT_EQ(db->table("SELECT quantity, status FROM inventory"), "0|sold");
  // The listings: the sold one sold with sold_at, the others ended, never sold_at.
  EXPECT_EQ(db->table("SELECT id, status, sold_at IS NOT NULL FROM listings ORDER BY id"),
            "l1|sold|1\nl2|ended|0\nl3|ended|0");
  // One delist per ended listing, with its platform and a payload naming the sale.
  EXPECT_EQ(db->table("SELECT action, entity_type, entity_id, platform, status, json_extract(payload, '$.sale_id'), "
                      "json_extract(payload, '$.sold_on'), json_extract(payload, '$.previous_status') FROM sync_queue ORDER BY entity_id"),
            "delist|listing|l2|poshmark|pending|s1|ebay|active\ndelist|listing|l3|mercari|pending|s1|ebay|pending");
  EXPECT_EQ(db->integer("SELECT count(*) FROM sync_queue WHERE user_id = 'u1'"), 2);
  // No oversell, no low stock notice (threshold 0), no alert.
  EXPECT_EQ(db->integer("SELECT count(*) FROM alerts"), 0);
  EXPECT_EQ(db->integer("SELECT count(*) FROM notifications"), 0);
  // No webhooks, so no deliveries.
  EXPECT_EQ(db->integer("SELECT count(*) FROM webhook_deliveries"), 0);
}

TEST(RulesSales, WithStockLeftTheOtherListingsStayLive) {
  auto db = shop("sales_stock.db", 2);
  db->exec("INSERT INTO sales(id, user_id, listing_id, platform, sale_price) VALUES ('s1', 'u1', 'l2', 'poshmark', 50)");
  EXPECT_EQ(db->table("SELECT quantity, status FROM inventory"), "1|active");
  EXPECT_EQ(db->table("SELECT status FROM listings ORDER BY id"), "active\nactive\npending");
  EXPECT_EQ(db->integer("SELECT count(*) FROM sync_queue"), 0);
  // A sale that is recorded already cancelled takes nothing.
  db->exec("INSERT INTO sales(user_id, inventory_id, platform, sale_price, status) VALUES ('u1', 'i1', 'ebay', 50, 'cancelled')");
  EXPECT_EQ(db->text("SELECT quantity FROM inventory"), "1");
  // A sale without listing or item only records money.
  db->exec("INSERT INTO sales(id, user_id, platform, sale_price, platform_fee) VALUES ('s9', 'u1', 'ebay', 10, 1.25)");
  EXPECT_EQ(db->text("SELECT net_profit FROM sales WHERE id = 's9'"), "8.75");
}

TEST(RulesSales, ProfitFollowsEveryChange) {
  auto db = shop("sales_profit.db", 5);
  db->exec("INSERT INTO sales(id, user_id, inventory_id, platform, sale_price, platform_fee, shipping_cost) VALUES ('s1', 'u1', 'i1', 'ebay', 40, 5, 4.2)");
  EXPECT_EQ(db->text("SELECT net_profit FROM sales"), "18.3");
  db->exec("UPDATE sales SET platform_fee = NULL");
  EXPECT_EQ(db->text("SELECT net_profit FROM sales"), "23.3");
  db->exec("UPDATE sales SET net_profit = 1000");
  EXPECT_EQ(db->text("SELECT net_profit FROM sales"), "23.3");
  db->exec("UPDATE inventory SET cost_price = 20 WHERE id = 'i1'");
  EXPECT_EQ(db->text("SELECT net_profit FROM sales"), "15.8");
  db->exec("UPDATE inventory SET cost_price = NULL WHERE id = 'i1'");
  EXPECT_EQ(db->text("SELECT net_profit FROM sales"), "35.8");
  db->exec("INSERT INTO inventory(id, user_id, title, list_price, cost_price) VALUES ('i9', 'u1', 'x', 1, 100)");
  db->exec("UPDATE sales SET inventory_id = 'i9'");
  EXPECT_EQ(db->text("SELECT net_profit FROM sales"), "-64.2");
  db->exec("UPDATE sales SET inventory_id = NULL");
  EXPECT_EQ(db->text("SELECT net_profit FROM sales"), "35.8");
}

TEST(RulesSales, OversellIsRecordedNeverRefused) {
  auto db = shop("sales_oversell.db", 1);
  db->exec("INSERT INTO sales(id, user_id, listing_id, platform, sale_price) VALUES ('s1', 'u1', 'l1', 'ebay', 50)");
  db->exec("INSERT INTO sales(id, user_id, inventory_id, platform, sale_price) VALUES ('s2', 'u1', 'i1', 'poshmark', 48)");
  EXPECT_EQ(db->integer("SELECT count(*) FROM sales"), 2);
  EXPECT_EQ(db->text("SELECT quantity FROM inventory"), "0");
  EXPECT_EQ(db->table("SELECT user_id, type, severity, json_extract(data, '$.sale_id'), json_extract(data, '$.inventory_id'), "
                      "json_extract(data, '$.platform') FROM alerts"),
            "u1|oversell|critical|s2|i1|poshmark");
  EXPECT_EQ(db->table("SELECT type, json_extract(data, '$.sale_id') FROM notifications"), "oversell|s2");
  // Cancelling the oversold sale gives back nothing: it took nothing.
  db->exec("UPDATE sales SET status = 'cancelled' WHERE id = 's2'");
  EXPECT_EQ(db->table("SELECT quantity, status FROM inventory"), "0|sold");
}

TEST(RulesSales, LowStockOncePerCrossing) {
  auto db = rules::plain_db("sales_low.db");
  db->exec("INSERT INTO inventory(id, user_id, title, list_price, quantity, low_stock_threshold, status) VALUES ('i1', 'u1', 'Tee', 10, 4, 2, 'active')");
  auto sell = [&] { db->exec("INSERT INTO sales(user_id, inventory_id, platform, sale_price) VALUES ('u1', 'i1', 'ebay', 10)"); };
  sell();  // 3: above
  EXPECT_EQ(db->integer("SELECT count(*) FROM notifications"), 0);
  sell();  // 2: crosses
  sell();  // 1: still low, no second notice
  EXPECT_EQ(db->table("SELECT type, json_extract(data, '$.quantity') FROM notifications"), "low_stock|2");
  db->exec("UPDATE inventory SET quantity = 5 WHERE id = 'i1'");
  sell(); sell(); sell();  // 4, 3, 2: crosses again
  EXPECT_EQ(db->integer("SELECT count(*) FROM notifications WHERE type = 'low_stock'"), 2);
}

TEST(RulesSales, StatusMachineAndTimes) {
  auto db = shop("sales_status.db", 5);
  db->exec("INSERT INTO sales(id, user_id, inventory_id, platform, sale_price) VALUES ('s1', 'u1', 'i1', 'ebay', 50)");
  EXPECT_EQ(db->error("UPDATE sales SET status = 'delivered' WHERE id = 's1'"),
            "vaultlister: sales: status cannot move from pending to delivered (allowed: pending -> confirmed, shipped, cancelled)");
  EXPECT_EQ(db->error("UPDATE sales SET status = NULL WHERE id = 's1'"),
            "vaultlister: sales: status cannot be NULL (name one of the statuses)");
  db->exec("UPDATE sales SET status = 'confirmed' WHERE id = 's1'");
  db->exec("UPDATE sales SET status = 'shipped' WHERE id = 's1'");
  EXPECT_EQ(db->text("SELECT (shipped_at IS NOT NULL) || (delivered_at IS NULL) FROM sales"), "11");
  db->exec("UPDATE sales SET status = 'delivered', delivered_at = '2026-01-02 03:04:05' WHERE id = 's1'");
  EXPECT_EQ(db->text("SELECT delivered_at FROM sales"), "2026-01-02 03:04:05");
  EXPECT_EQ(db->error("UPDATE sales SET status = 'pending' WHERE id = 's1'"),
            "vaultlister: sales: status cannot move from delivered to pending (allowed: delivered -> returned)");
  db->exec("UPDATE sales SET status = 'returned' WHERE id = 's1'");
  EXPECT_EQ(db->error("UPDATE sales SET status = 'delivered' WHERE id = 's1'"),
            "vaultlister: sales: status cannot move from returned to delivered (returned is final)");
  EXPECT_EQ(db->error("INSERT INTO sales(user_id, platform, sale_price, status) VALUES ('u1', 'ebay', 1, NULL)"),
            "vaultlister: sales: status cannot be NULL (name one of the statuses, or leave it out for pending)");
  // The same status twice is no move.
  EXPECT_EQ(db->error("UPDATE sales SET status = 'returned' WHERE id = 's1'"), "");
  db->exec("INSERT INTO sales(id, user_id, platform, sale_price, status) VALUES ('s2', 'u1', 'ebay', 1, 'shipped')");
  EXPECT_EQ(db->integer("SELECT shipped_at IS NOT NULL FROM sales WHERE id = 's2'"), 1);
}

TEST(RulesSales, CancellationUndoesTheSoldOut) {
  auto db = shop("sales_undo.db", 1);
  db->exec("INSERT INTO sales(id, user_id, listing_id, platform, sale_price) VALUES ('s1', 'u1', 'l1', 'ebay', 50)");
  db->exec("UPDATE sales SET status = 'cancelled' WHERE id = 's1'");
  EXPECT_EQ(db->table("SELECT quantity, status FROM inventory"), "1|active");
  EXPECT_EQ(db->table("SELECT id, status FROM listings ORDER BY id"), "l1|sold\nl2|active\nl3|pending");
  EXPECT_EQ(db->table("SELECT entity_id, platform, json_extract(payload, '$.sale_id') FROM sync_queue WHERE action = 'relist' ORDER BY entity_id"),
            "l2|poshmark|s1\nl3|mercari|s1");
}

TEST(RulesSales, ReturnGivesTheUnitBackOnlyWhenReceivedForRestock) {
  auto db = shop("sales_return.db", 1);
  db->exec("INSERT INTO sales(id, user_id, listing_id, platform, sale_price, status) VALUES ('s1', 'u1', 'l1', 'ebay', 50, 'delivered')");
  db->exec("INSERT INTO returns(id, user_id, sale_id, restock, status) VALUES ('r1', 'u1', 's1', 1, 'requested')");
  db->exec("UPDATE sales SET status = 'returned' WHERE id = 's1'");
  EXPECT_EQ(db->text("SELECT quantity FROM inventory"), "0");
  db->exec("UPDATE returns SET status = 'received' WHERE id = 'r1'");
  EXPECT_EQ(db->table("SELECT quantity, status FROM inventory"), "1|active");
  // The ended listings are left for the seller to relist once the item is checked (Returns).
  EXPECT_EQ(db->integer("SELECT count(*) FROM sync_queue WHERE action = 'relist'"), 0);
  EXPECT_EQ(db->table("SELECT id, status FROM listings ORDER BY id"), "l1|sold\nl2|ended\nl3|ended");
  db->exec("UPDATE returns SET status = 'refunded' WHERE id = 'r1'");  // no second unit
  EXPECT_EQ(db->text("SELECT quantity FROM inventory"), "1");
  // A return received before the sale turns returned.
  db->exec("INSERT INTO inventory(id, user_id, title, list_price, quantity) VALUES ('i2', 'u1', 'Cap', 5, 1);"
           "INSERT INTO sales(id, user_id, inventory_id, platform, sale_price, status) VALUES ('s2', 'u1', 'i2', 'ebay', 5, 'shipped');"
           "INSERT INTO returns(user_id, sale_id, restock, status) VALUES ('u1', 's2', 0, 'received')");
  db->exec("UPDATE sales SET status = 'returned' WHERE id = 's2'");
  EXPECT_EQ(db->text("SELECT quantity FROM inventory WHERE id = 'i2'"), "0");  // not for restock
}

// The rows a sale writes carry this second's updated_at whatever they held before (the triggers
// set it in their own UPDATEs), and one write of the sale's row fills item, profit and times.
TEST(RulesSales, EveryRowASaleWritesIsStampedOnce) {
  auto db = shop("sales_stamps.db", 1);
  db->exec("UPDATE inventory SET updated_at = '2001-01-01 00:00:00';"
           "UPDATE listings SET updated_at = '2001-01-01 00:00:00'");
  // "Now" is any second from just before the statement to the check: CURRENT_TIMESTAMP may
  // tick between the two on a loaded machine.
  const std::string now = "BETWEEN '" + db->text("SELECT CURRENT_TIMESTAMP") + "' AND CURRENT_TIMESTAMP";
  db->exec("INSERT INTO sales(id, user_id, listing_id, platform, sale_price, status, updated_at) "
           "VALUES ('s1', 'u1', 'l1', 'ebay', 50, 'shipped', '2001-01-01 00:00:00')");
  EXPECT_EQ(db->table("SELECT inventory_id, net_profit, shipped_at " + now + ", delivered_at IS NULL, "
                      "updated_at " + now + " FROM sales"), "i1|37.5|1|1|1");
  EXPECT_EQ(db->table("SELECT quantity, status, updated_at " + now + " FROM inventory"), "0|sold|1");
  EXPECT_EQ(db->table("SELECT id, status, coalesce(sold_at " + now + ", 0), updated_at " + now + " FROM listings ORDER BY id"),
            "l1|sold|1|1\nl2|ended|0|1\nl3|ended|0|1");
  // Item given (and its listing): no fill, same profit rule; delivered stamps delivered_at only.
  db->exec("INSERT INTO inventory(id, user_id, title, list_price, cost_price, quantity, status) VALUES ('i2', 'u1', 'Hat', 9, 2, 3, 'active');"
           "INSERT INTO listings(id, inventory_id, user_id, platform, title, price, status) VALUES ('l9', 'i2', 'u1', 'ebay', 'Hat', 9, 'active')");
  db->exec("INSERT INTO sales(id, user_id, listing_id, inventory_id, platform, sale_price, platform_fee, status, delivered_at) "
           "VALUES ('s2', 'u1', 'l9', 'i2', 'ebay', 9, 1, 'delivered', '2020-05-05 05:05:05')");
  db->exec("INSERT INTO sales(id, user_id, inventory_id, platform, sale_price, status) VALUES ('s3', 'u1', 'i2', 'etsy', 9, 'delivered')");
  EXPECT_EQ(db->table("SELECT id, inventory_id, net_profit, shipped_at IS NULL, delivered_at " + now + ", "
                      "CASE WHEN id = 's2' THEN delivered_at END FROM sales WHERE id IN ('s2', 's3') ORDER BY id"),
            "s2|i2|6.0|1|0|2020-05-05 05:05:05\ns3|i2|7.0|1|1|NULL");
  EXPECT_EQ(db->table("SELECT quantity, status FROM inventory WHERE id = 'i2'"), "1|active");
  EXPECT_EQ(db->text("SELECT status FROM listings WHERE id = 'l9'"), "active");
}

}  // namespace
