// vl_account_health: seller cancellations over the 90 days up to as_of,
// against the limits of account_limits (data, not code).
#include <gtest/gtest.h>

#include "tests/support/testdb.h"

using vltest::Db;
using vltest::expect_refusals;

namespace {

// n sales of `platform` on day `day`, `status`, cancelled_by `by`.
std::string sales(int n, const char* platform, const char* day, const char* status, const char* by) {
  return "WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < " +
         std::to_string(n) +
         ") INSERT INTO sales (user_id, platform, sale_price, status, cancelled_by, created_at) "
         "SELECT 'u1', '" + platform + "', 20, 'pending', NULL, '" + day + "' FROM n;" +
         (std::string(status) == "pending"
              ? std::string()
              : std::string("UPDATE sales SET status = '") + status + "', cancelled_by = " + by +
                    " WHERE rowid > (SELECT max(rowid) FROM sales) - " + std::to_string(n) + ";");
}

void seed(Db& db) {
  db.exec("SELECT vl_migrate()");
  db.exec("INSERT INTO users (id, email, password_hash, username) VALUES "
          "('u1', 'ann@example.com', 'x', 'ann'), ('u2', 'bob@example.com', 'x', 'bob')");
  // The window of 2025-06-30 is 2025-04-02 .. 2025-06-30, both days included.
  db.exec(sales(29, "poshmark", "2025-04-02 00:00:00", "pending", "NULL"));
  db.exec(sales(1, "poshmark", "2025-06-30 23:59:59", "cancelled", "'seller'"));
  db.exec(sales(1, "poshmark", "2025-05-01", "cancelled", "'buyer'"));
  db.exec(sales(1, "poshmark", "2025-04-01 23:59:59", "cancelled", "'seller'"));  // day 91
  db.exec(sales(1, "poshmark", "2025-07-01", "cancelled", "'seller'"));           // after
  db.exec(sales(3, "mercari", "2025-06-01", "pending", "NULL"));
  db.exec(sales(1, "mercari", "2025-06-02", "cancelled", "'platform'"));
  db.exec(sales(9, "ebay", "2025-05-15", "pending", "NULL"));
  // An oversell: the item has no stock left when the sale arrives, the trigger records an
  // alert; once cancelled (by nobody named) it is the seller's cancellation.
  db.exec("INSERT INTO inventory (id, user_id, title, cost_price, list_price, quantity) "
          "VALUES ('gone', 'u1', 'Gone', 1, 10, 0)");
  db.exec("INSERT INTO sales (id, user_id, inventory_id, platform, sale_price, created_at) "
          "VALUES ('over', 'u1', 'gone', 'ebay', 10, '2025-06-10')");
  db.exec("INSERT INTO sales (user_id, platform, sale_price, status, created_at) "
          "VALUES ('u2', 'poshmark', 10, 'pending', '2025-06-10')");
}

TEST(AccountHealthSql, RatesAgainstTheirLimits) {
  Db db;
  seed(db);
  ASSERT_EQ(db.integer("SELECT count(*) FROM alerts WHERE type = 'oversell'"), 1);
  // poshmark: 31 orders, 1 seller cancellation (the buyer's does not count) = 3.23% >= 3%.
  // ebay: the oversell is not cancelled yet. mercari: the platform's cancellation is not
  // the seller's.
  const std::string q = "SELECT platform, orders, seller_cancellations, cancellation_rate, "
                        "limit_rate, at_risk FROM vl_account_health('2025-06-30', 'u1')";
  EXPECT_EQ(db.table(q),
            "ebay|10|0|0.0|NULL|NULL\n"
            "mercari|4|0|0.0|NULL|NULL\n"
            "poshmark|31|1|3.23|3.0|1");
  db.exec("UPDATE sales SET status = 'cancelled' WHERE id = 'over'");
  EXPECT_EQ(db.table(q + " WHERE platform = 'ebay'"), "ebay|10|1|10.0|NULL|NULL");
  // The buyer asked for it: not the seller's, even oversold.
  db.exec("UPDATE sales SET cancelled_by = 'buyer' WHERE id = 'over'");
  EXPECT_EQ(db.table(q + " WHERE platform = 'ebay'"), "ebay|10|0|0.0|NULL|NULL");
  // The limits are rows: a changed limit and a new platform need no release.
  db.exec("UPDATE account_limits SET limit_rate = 3.5 WHERE platform = 'poshmark'");
  db.exec("INSERT INTO account_limits (platform, metric, limit_rate, valid_from, source) VALUES "
          "('mercari', 'seller_cancellation_rate', 0, '2025-06-30', 'test')");
  EXPECT_EQ(db.table("SELECT platform, limit_rate, at_risk FROM vl_account_health('2025-06-30', 'u1') "
                     "WHERE limit_rate IS NOT NULL"),
            "mercari|0.0|1\nposhmark|3.5|0");
  // Not yet in force the day before.
  EXPECT_EQ(db.text("SELECT limit_rate FROM vl_account_health('2025-06-29', 'u1') "
                    "WHERE platform = 'mercari'"),
            "NULL");
  // Every user: u2's poshmark order joins (32 orders).
  EXPECT_EQ(db.text("SELECT orders FROM vl_account_health('2025-06-30') WHERE platform = 'poshmark'"),
            "32");
}

TEST(AccountHealthSql, WindowEdgesAndNoSales) {
  Db db;
  seed(db);
  // As of 2025-07-01 the window starts 2025-04-03: the 29 orders of 2025-04-02 leave it and
  // the seller cancellation of 2025-07-01 enters: 2 of 3.
  EXPECT_EQ(db.table("SELECT orders, seller_cancellations, cancellation_rate, at_risk FROM "
                     "vl_account_health('2025-07-01', 'u1') WHERE platform = 'poshmark'"),
            "3|2|66.67|1");
  EXPECT_EQ(db.integer("SELECT count(*) FROM vl_account_health('2020-01-01')"), 0);
  EXPECT_EQ(db.integer("SELECT count(*) FROM vl_account_health(NULL)"), 0);
}

// The plan (core/vtab.h): idxNum bit i = argument i given; as_of is required.
TEST(AccountHealthSql, QueryPlanTakesTheArgumentsItIsGiven) {
  Db db;
  EXPECT_EQ(db.plan("SELECT * FROM vl_account_health('2025-06-30', 'u1')"),
            "SCAN vl_account_health VIRTUAL TABLE INDEX 3:");
  vltest::expect_argument_plans(db, "vl_account_health", {{"as_of", "'2025-06-30'"}, {"user_id", "'u1'"}}, 1);
}

TEST(AccountHealthSql, Refusals) {
  Db db;
  seed(db);
  expect_refusals(db, {
                          {"SELECT * FROM vl_account_health('2025-06-31')",
                           "vaultlister: vl_account_health: as_of '2025-06-31' is not a date (a day "
                           "as YYYY-MM-DD, such as '2025-01-01')"},
                          {"SELECT * FROM vl_account_health(x'01')",
                           "vaultlister: vl_account_health: as_of is a blob (text)"},
                          {"SELECT * FROM vl_account_health('2025-06-30', x'01')",
                           "vaultlister: vl_account_health: user_id is a blob (text)"},
                      });
  EXPECT_NE(db.error("SELECT * FROM vl_account_health"), "");  // as_of is required
  EXPECT_NE(db.error("INSERT INTO account_limits (platform, metric, limit_rate, valid_from, source) "
                     "VALUES ('ebay', 'defect_rate', 1, '2025-01-01', 'x')"),
            "");  // a metric the report does not compute is refused by the table
}

}  // namespace
