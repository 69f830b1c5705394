// vl_profit_loss: the income statement by month and platform, on a fixture
// whose every figure is computed by hand in the comments, plus the invariant
// Σnet = Σsales.net_profit when there is nothing but sales.
#include <gtest/gtest.h>

#include "tests/support/testdb.h"

using vltest::Db;
using vltest::expect_refusals;

namespace {

constexpr const char* kColumns =
    "SELECT month, platform, orders, gross, refunds, fees, shipping, cogs, expenses, net, margin, "
    "roi FROM ";

void seed(Db& db) {
  db.exec("SELECT vl_migrate()");
  db.exec("INSERT INTO users (id, email, password_hash, username) VALUES "
          "('u1', 'ann@example.com', 'x', 'ann'), ('u2', 'bob@example.com', 'x', 'bob')");
  // i2 has no known cost.
  db.exec("INSERT INTO inventory (id, user_id, title, cost_price, list_price, quantity) VALUES "
          "('i1', 'u1', 'Jeans', 10, 40, 4), ('i2', 'u1', 'Coat', NULL, 60, 1), "
          "('i3', 'u1', 'Hat', 4.25, 30, 1), ('i4', 'u2', 'Scarf', 7, 20, 1)");
  db.exec("INSERT INTO sales (id, user_id, inventory_id, platform, sale_price, platform_fee, "
          "shipping_cost, shipping_charged, status, created_at) VALUES "
          "('s1', 'u1', 'i1', 'ebay', 40, 5.33, 6.10, 8, 'shipped', '2025-01-05 10:00:00'), "
          "('s2', 'u1', 'i1', 'ebay', 25.50, 3.40, 4, 0, 'delivered', '2025-01-20 09:00:00'), "
          "('s3', 'u1', 'i3', 'poshmark', 30, 6, 0, 0, 'shipped', '2025-01-31 23:59:59'), "
          "('s4', 'u1', 'i1', 'mercari', 15, 1.50, 5, 5, 'confirmed', '2025-02-01 00:00:00'), "
          "('s5', 'u1', 'i2', 'ebay', 60, 8, 7, 0, 'shipped', '2025-03-10'), "
          "('s6', 'u1', 'i1', 'poshmark', 99, 19.80, 0, 0, 'pending', '2025-01-15 12:00:00'), "
          "('s7', 'u2', 'i4', 'ebay', 20, 2, 3, 0, 'shipped', '2025-01-07 08:00:00')");
  // s1 comes back in February: refunded, its fee credited, the label paid, restocked.
  db.exec("INSERT INTO returns (user_id, sale_id, status, refund_amount, fee_refund, "
          "return_shipping_cost, restock, refunded_at) VALUES "
          "('u1', 's1', 'refunded', 48, 5.33, 6.50, 1, '2025-02-10 15:00:00')");
  db.exec("INSERT INTO expenses (user_id, spent_at, category, amount, platform) VALUES "
          "('u1', '2025-01-10', 'supplies', 12.34, NULL), "
          "('u1', '2025-01-12', 'promoted listings', 3.21, 'ebay'), "
          "('u1', '2024-12-31', 'storage', 100, NULL)");
  // 10.5 miles at 70 cents (2025) = 7.35.
  db.exec("INSERT INTO mileage (user_id, driven_at, miles, purpose) VALUES "
          "('u1', '2025-01-11 08:00:00', 10.5, 'sourcing')");
}

TEST(ProfitLossSql, HandComputedStatement) {
  Db db;
  seed(db);
  // Jan ebay:   gross 40+8 + 25.50 = 73.50; fees 5.33+3.40 = 8.73; shipping 6.10+4 = 10.10;
  //             cogs 10+10 = 20; expenses 3.21; net 31.46; margin 42.80; roi 157.30.
  // Jan posh:   s3 + s6 (still pending): gross 129; fees 25.80; cogs 14.25; net 88.95;
  //             margin 68.95; roi 624.21.
  // Jan NULL:   supplies 12.34 + mileage 7.35 = 19.69.
  // Feb ebay:   only the refund: refunds 48; fees -5.33; shipping 6.50; cogs -10 (restocked);
  //             net = -48 + 5.33 - 6.50 + 10 = -39.17; margin and roi NULL.
  // Feb merc:   gross 20; fees 1.50; shipping 5; cogs 10; net 3.50; margin 17.50; roi 35.
  // Mar ebay:   s5's item has no cost: cogs, net, roi NULL; never 0.
  EXPECT_EQ(db.table(std::string(kColumns) + "vl_profit_loss('2025-01-01', '2025-04-01', 'u1')"),
            "2025-01|ebay|2|73.5|0.0|8.73|10.1|20.0|3.21|31.46|42.8|157.3\n"
            "2025-01|poshmark|2|129.0|0.0|25.8|0.0|14.25|0.0|88.95|68.95|624.21\n"
            "2025-01|NULL|0|0.0|0.0|0.0|0.0|0.0|19.69|-19.69|NULL|NULL\n"
            "2025-02|ebay|0|0.0|48.0|-5.33|6.5|-10.0|0.0|-39.17|NULL|NULL\n"
            "2025-02|mercari|1|20.0|0.0|1.5|5.0|10.0|0.0|3.5|17.5|35.0\n"
            "2025-03|ebay|1|60.0|0.0|8.0|7.0|NULL|0.0|NULL|NULL|NULL");
  // Every user: u2's s7 joins January on eBay (20 - 2 - 3 - 7 = 8 more).
  EXPECT_EQ(db.table("SELECT orders, gross, net FROM vl_profit_loss('2025-01-01', '2025-04-01') "
                     "WHERE month = '2025-01' AND platform = 'ebay'"),
            "3|93.5|39.46");
  EXPECT_EQ(db.table("SELECT orders, net FROM vl_profit_loss('2025-01-01', '2025-04-01', NULL) "
                     "WHERE month = '2025-01' AND platform = 'ebay'"),
            "3|39.46");
  EXPECT_EQ(db.integer("SELECT count(*) FROM vl_profit_loss('2025-01-01', '2025-04-01', 'u2')"), 1);
  // The window is [start, end): s3 at 23:59:59 is January's, s4 at midnight February's.
  EXPECT_EQ(db.table("SELECT platform, orders FROM vl_profit_loss('2025-01-01', '2025-02-01', 'u1') "
                     "WHERE platform IS NOT NULL"),
            "ebay|2\nposhmark|2");
  EXPECT_EQ(db.table("SELECT month, platform, orders FROM "
                     "vl_profit_loss('2025-02-01', '2025-02-02', 'u1') WHERE orders > 0"),
            "2025-02|mercari|1");
}

TEST(ProfitLossSql, SaleCancelledAfterItsMonthClosedIsRestated) {
  Db db;
  seed(db);
  const std::string jan =
      "SELECT orders, gross, fees, cogs, net, margin, roi FROM "
      "vl_profit_loss('2025-01-01', '2025-02-01', 'u1') WHERE platform = 'poshmark'";
  EXPECT_EQ(db.table(jan), "2|129.0|25.8|14.25|88.95|68.95|624.21");
  // In March the January order s6 is cancelled: January is restated without it
  // (30 - 6 - 4.25 = 19.75; 65.83%; 464.71%), and no other month moves.
  db.exec("UPDATE sales SET status = 'cancelled', cancelled_by = 'seller' WHERE id = 's6'");
  EXPECT_EQ(db.table(jan), "1|30.0|6.0|4.25|19.75|65.83|464.71");
  EXPECT_EQ(db.integer("SELECT count(*) FROM vl_profit_loss('2025-02-01', '2025-04-01', 'u1')"), 3);
}

TEST(ProfitLossSql, NoSalesAndUnknownMileageRate) {
  Db db;
  seed(db);
  EXPECT_EQ(db.integer("SELECT count(*) FROM vl_profit_loss('2030-01-01', '2031-01-01')"), 0);
  EXPECT_EQ(db.integer("SELECT count(*) FROM vl_profit_loss('2025-01-01', '2025-01-01')"), 0);
  EXPECT_EQ(db.integer("SELECT count(*) FROM vl_profit_loss(NULL, '2025-01-01')"), 0);
  EXPECT_EQ(db.integer("SELECT count(*) FROM vl_profit_loss('2025-01-01', NULL)"), 0);
  // An expense only: an overhead row, nothing else.
  EXPECT_EQ(db.table(std::string(kColumns) + "vl_profit_loss('2024-12-01', '2025-01-01')"),
            "2024-12|NULL|0|0.0|0.0|0.0|0.0|0.0|100.0|-100.0|NULL|NULL");
  // 2022 has no mileage rate: the cost of the trip is unknown, so are expenses and net.
  db.exec("INSERT INTO mileage (user_id, driven_at, miles) VALUES ('u1', '2022-05-01', 12)");
  EXPECT_EQ(db.table("SELECT platform, expenses, net FROM vl_profit_loss('2022-01-01', '2023-01-01')"),
            "NULL|NULL|NULL");
  db.exec("INSERT INTO mileage_rates (year, cents_per_mile, source) VALUES (2022, 62.5, 'test')");
  EXPECT_EQ(db.table("SELECT platform, expenses, net FROM vl_profit_loss('2022-01-01', '2023-01-01')"),
            "NULL|7.5|-7.5");
  // A restocked return of an item without a known cost leaves its month's cogs unknown.
  db.exec("INSERT INTO returns (user_id, sale_id, status, refund_amount, restock, refunded_at) "
          "VALUES ('u1', 's5', 'refunded', 60, 1, '2025-04-02')");
  EXPECT_EQ(db.table("SELECT platform, refunds, cogs, net, roi FROM "
                     "vl_profit_loss('2025-04-01', '2025-05-01')"),
            "ebay|60.0|NULL|NULL|NULL");
  // A rejected return is no refund.
  db.exec("UPDATE returns SET status = 'rejected' WHERE sale_id = 's5'");
  EXPECT_EQ(db.integer("SELECT count(*) FROM vl_profit_loss('2025-04-01', '2025-05-01')"), 0);
}

// With no returns, no expenses and no buyer-paid shipping, the statement adds
// up to the stored profit of the window's sales, cent for cent.
TEST(ProfitLossSql, NetAddsUpToStoredNetProfit) {
  Db db;
  db.exec("SELECT vl_migrate()");
  db.exec("INSERT INTO users (id, email, password_hash, username) VALUES ('u1', 'a@x', 'x', 'a')");
  db.exec("WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < 40) "
          "INSERT INTO inventory (id, user_id, title, cost_price, list_price, quantity) "
          "SELECT 'i' || k, 'u1', 'item ' || k, (k * 7919 % 4000) / 100.0, 50, 1000 FROM n");
  db.exec("WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < 600) "
          "INSERT INTO sales (user_id, inventory_id, platform, sale_price, platform_fee, "
          "shipping_cost, status, created_at) "
          "SELECT 'u1', 'i' || (1 + k % 40), "
          "CASE k % 4 WHEN 0 THEN 'ebay' WHEN 1 THEN 'poshmark' WHEN 2 THEN 'mercari' ELSE 'depop' END, "
          "(500 + k * 104729 % 20000) / 100.0, (k * 1299709 % 1500) / 100.0, "
          "(k * 15485863 % 900) / 100.0, 'shipped', "
          "datetime('2024-11-01', '+' || (k * 13 % 400) || ' days', '+' || (k % 86400) || ' seconds') "
          "FROM n");
  for (const char* w : {"'2025-01-01', '2026-01-01'", "'2024-11-15', '2025-03-17'",
                        "'2025-06-30', '2025-07-01'"}) {
    std::string window = w;
    long long ours = db.integer("SELECT CAST(round(total(net) * 100) AS INTEGER) FROM vl_profit_loss(" +
                                window + ")");
    long long stored = db.integer(
        "WITH w(s, e) AS (SELECT " + window + ") SELECT CAST(round(total(net_profit) * 100) AS "
        "INTEGER) FROM sales, w WHERE created_at >= w.s AND created_at < w.e");
    EXPECT_EQ(ours, stored) << window;
    EXPECT_NE(stored, 0) << window;
  }
}

// The plan (core/vtab.h): idxNum bit i = argument i given; start and end are required.
TEST(ProfitLossSql, QueryPlanTakesTheArgumentsItIsGiven) {
  Db db;
  EXPECT_EQ(db.plan("SELECT * FROM vl_profit_loss('2025-01-01', '2026-01-01', 'u1')"),
            "SCAN vl_profit_loss VIRTUAL TABLE INDEX 7:");
  vltest::expect_argument_plans(db, "vl_profit_loss",
                                {{"start", "'2025-01-01'"}, {"end", "'2026-01-01'"}, {"user_id", "'u1'"}}, 2);
}

TEST(ProfitLossSql, Refusals) {
  Db db;
  seed(db);
  expect_refusals(
      db, {
              {"SELECT * FROM vl_profit_loss('2025-02-01', '2025-01-01')",
               "vaultlister: vl_profit_loss: end '2025-01-01' is before start '2025-02-01' (an end "
               "on or after the start: the window is [start, end))"},
              {"SELECT * FROM vl_profit_loss('2025-02-30', '2025-03-01')",
               "vaultlister: vl_profit_loss: start '2025-02-30' is not a date (a day as "
               "YYYY-MM-DD, such as '2025-01-01')"},
              {"SELECT * FROM vl_profit_loss('2025-01-01', '2025-03-01 00:00:00')",
               "vaultlister: vl_profit_loss: end '2025-03-01 00:00:00' is not a date (a day as "
               "YYYY-MM-DD, such as '2025-01-01')"},
              {"SELECT * FROM vl_profit_loss(x'00', '2025-03-01')",
               "vaultlister: vl_profit_loss: start is a blob (text)"},
              {"SELECT * FROM vl_profit_loss('2025-01-01', '2025-03-01', x'00')",
               "vaultlister: vl_profit_loss: user_id is a blob (text)"},
          });
  EXPECT_NE(db.error("SELECT * FROM vl_profit_loss('2025-01-01')"), "");  // end is required
}

}  // namespace
