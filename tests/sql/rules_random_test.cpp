// A few thousand random sales, cancellations, returns and edits, then the
// invariants of domain-rules.md: no live listing of a sold-out item, quantity
// never negative, every net_profit equal to its formula (and to net_profit()).
// The seed is fixed so a failure replays; the plain connection proves the
// rules need no extension.
#include <gtest/gtest.h>

#include <random>

#include "tests/sql/rules_support.h"

namespace {

TEST(RulesRandom, InvariantsHoldAfterThousandsOfRandomOperations) {
  std::string path = vltest::temp_path("rules_random.db");
  auto db = rules::plain_db("rules_random.db");
  std::mt19937 rng(20261125);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  auto money = [&](int max_cents) { return std::to_string(pick(max_cents)) + " / 100.0"; };
  const char* platforms[] = {"ebay", "poshmark", "mercari", "etsy"};
  db->exec("BEGIN");
  for (int i = 0; i < 60; ++i) {
    std::string id = "'i" + std::to_string(i) + "'";
    db->exec("INSERT INTO inventory(id, user_id, title, list_price, cost_price, quantity, low_stock_threshold, status) VALUES (" +
             id + ", 'u1', 'item', 50, " + money(3000) + ", " + std::to_string(1 + pick(3)) + ", 1, 'active')");
    for (int p = 0; p < 4; ++p) {
      if (pick(4) == 0) continue;
      db->exec("INSERT INTO listings(id, inventory_id, user_id, platform, title, price, status) VALUES ('l" + std::to_string(i) + "_" +
               platforms[p] + "', " + id + ", 'u1', '" + platforms[p] + "', 't', 50, '" + (pick(3) ? "active" : "pending") + "')");
    }
  }
  int sales = 0;
  for (int step = 0; step < 3000; ++step) {
    int op = pick(10);
    std::string item = "'i" + std::to_string(pick(60)) + "'";
    if (op < 5) {
      // A sale, through a listing when the item has one (live or not), else straight on the item.
      std::string listing = db->text("SELECT id FROM listings WHERE inventory_id = " + item + " ORDER BY random() LIMIT 1");
      std::string sid = "'s" + std::to_string(sales++) + "'";
      std::string fee = pick(5) ? money(800) : "NULL";
      if (!listing.empty() && pick(4)) {
        db->exec("INSERT INTO sales(id, user_id, listing_id, platform, sale_price, platform_fee, shipping_cost) VALUES (" + sid +
                 ", 'u1', '" + listing + "', (SELECT platform FROM listings WHERE id = '" + listing + "'), " + money(9000) + ", " + fee +
                 ", " + money(1500) + ")");
      } else {
        db->exec("INSERT INTO sales(id, user_id, inventory_id, platform, sale_price, platform_fee) VALUES (" + sid + ", 'u1', " + item +
                 ", 'etsy', " + money(9000) + ", " + fee + ")");
      }
    } else if (op < 7 && sales > 0) {
      // Cancel or return (with a received restock return) a random sale, when its status allows.
      std::string sid = "'s" + std::to_string(pick(sales)) + "'";
      std::string status = db->text("SELECT status FROM sales WHERE id = " + sid);
      if (status == "pending" || status == "confirmed") {
        db->exec("UPDATE sales SET status = 'cancelled' WHERE id = " + sid);
      } else if (status == "shipped" || status == "delivered") {
        db->exec("INSERT INTO returns(user_id, sale_id, restock, status) VALUES ('u1', " + sid + ", 1, 'received');"
                 "UPDATE sales SET status = 'returned' WHERE id = " + sid);
      }
    } else if (op < 8 && sales > 0) {
      std::string sid = "'s" + std::to_string(pick(sales)) + "'";
      std::string status = db->text("SELECT status FROM sales WHERE id = " + sid);
      if (status == "pending" || status == "confirmed") db->exec("UPDATE sales SET status = 'shipped' WHERE id = " + sid);
      if (status == "shipped") db->exec("UPDATE sales SET status = 'delivered' WHERE id = " + sid);
    } else if (op < 9) {
      db->exec("UPDATE inventory SET cost_price = " + money(4000) + " WHERE id = " + item);
    } else if (sales > 0) {
      std::string sid = "'s" + std::to_string(pick(sales)) + "'";
      db->exec("UPDATE sales SET sale_price = " + money(9000) + ", shipping_cost = " + (pick(2) ? money(900) : "NULL") +
               ", net_profit = 12345 WHERE id = " + sid);
    }
  }
  db->exec("COMMIT");
  ASSERT_GT(sales, 1000);
  // The replay exercised every path.
  EXPECT_GT(db->integer("SELECT count(*) FROM alerts WHERE type = 'oversell'"), 0);
  EXPECT_GT(db->integer("SELECT count(*) FROM sync_queue WHERE action = 'relist'"), 0);
  EXPECT_GT(db->integer("SELECT count(*) FROM sales WHERE status = 'returned'"), 0);
  EXPECT_GT(db->integer("SELECT count(*) FROM inventory WHERE quantity = 0"), 0);

  EXPECT_EQ(db->integer("SELECT count(*) FROM listings l JOIN inventory i ON i.id = l.inventory_id "
                        "WHERE l.status IN ('active', 'pending') AND (i.quantity = 0 OR i.status IN ('sold', 'deleted'))"), 0);
  EXPECT_EQ(db->integer("SELECT count(*) FROM inventory WHERE quantity < 0 OR quantity IS NULL"), 0);
  EXPECT_EQ(db->integer("SELECT count(*) FROM inventory WHERE (quantity = 0) <> (status = 'sold')"), 0);
  EXPECT_EQ(db->integer("SELECT count(*) FROM sales s WHERE s.net_profit IS NOT round(s.sale_price - coalesce(s.platform_fee, 0) "
                        "- coalesce(s.shipping_cost, 0) - coalesce((SELECT cost_price FROM inventory WHERE id = s.inventory_id), 0), 2)"), 0);
  // unit_cost is the cost each net_profit used (0006_analytics).
  EXPECT_EQ(db->integer("SELECT count(*) FROM sales s WHERE s.unit_cost IS NOT (SELECT cost_price FROM inventory WHERE id = s.inventory_id)"), 0);
  // A return gives at most one unit back per sale.
  EXPECT_EQ(db->integer("SELECT count(*) FROM (SELECT sale_id FROM returns WHERE restocked_at IS NOT NULL GROUP BY sale_id HAVING count(*) > 1)"), 0);
  // Stock accounting: each item's quantity is its start minus the units its live sales took.
  EXPECT_EQ(db->integer("SELECT count(*) FROM sales WHERE listing_id IS NOT NULL AND inventory_id IS NULL"), 0);
  db.reset();

  // The extension's net_profit() computes the same number as the trigger for every row.
  vltest::Db loaded(path);
  if (loaded.error("SELECT net_profit(10, 1, 1, 1)").empty()) {
    EXPECT_EQ(loaded.integer("SELECT count(*) FROM sales s WHERE s.net_profit IS NOT net_profit(s.sale_price, s.platform_fee, "
                             "s.shipping_cost, (SELECT cost_price FROM inventory WHERE id = s.inventory_id))"), 0);
    EXPECT_GT(loaded.integer("SELECT count(*) FROM sales"), 1000);
  } else {
    ADD_FAILURE() << "net_profit() is not registered in this build";
  }
}

}  // namespace
