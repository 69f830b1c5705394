// vl_sell_through: sold versus still live, and how long items take to list
// and to sell, per platform and for all, on a hand-computed fixture.
#include <gtest/gtest.h>

#include "tests/support/testdb.h"

using vltest::Db;
using vltest::expect_refusals;

namespace {

void seed(Db& db) {
  db.exec("SELECT vl_migrate()");
  db.exec("INSERT INTO users (id, email, password_hash, username) VALUES "
          "('u1', 'ann@example.com', 'x', 'ann'), ('u2', 'bob@example.com', 'x', 'bob')");
  db.exec("INSERT INTO inventory (id, user_id, title, cost_price, list_price, quantity, created_at) "
          "VALUES ('t1', 'u1', 't1', 5, 30, 1, '2025-01-01'), ('t2', 'u1', 't2', 5, 30, 1, '2025-01-01'), "
          "('t3', 'u1', 't3', 5, 30, 2, '2025-01-01'), ('t4', 'u1', 't4', 5, 30, 1, '2024-11-01'), "
          "('t5', 'u1', 't5', 5, 30, 1, '2025-01-01'), ('t6', 'u1', 't6', 5, 30, 1, '2025-01-01'), "
          "('v1', 'u2', 'v1', 5, 30, 1, '2025-01-01')");
  // t2 came in a lot bought on 2024-12-22: that is its acquisition date.
  db.exec("INSERT INTO lots (id, user_id, purchased_at, total_cost) VALUES "
          "('lot1', 'u1', '2024-12-22', 5)");
  db.exec("INSERT INTO lot_items (lot_id, inventory_id) VALUES ('lot1', 't2')");
  db.exec("INSERT INTO listings (id, inventory_id, user_id, platform, title, price, status, listed_at) "
          "VALUES ('l1', 't1', 'u1', 'ebay', 't1', 30, 'active', '2025-01-11'), "
          "('l2e', 't2', 'u1', 'ebay', 't2', 30, 'active', '2025-01-01'), "
          "('l2m', 't2', 'u1', 'mercari', 't2', 30, 'active', '2025-01-05'), "
          "('l3', 't3', 'u1', 'ebay', 't3', 30, 'active', '2025-02-01'), "
          "('l4', 't4', 'u1', 'ebay', 't4', 30, 'active', '2024-12-01'), "
          "('l5', 't5', 'u1', 'mercari', 't5', 30, 'active', '2025-03-15'), "
          "('lv', 'v1', 'u2', 'ebay', 'v1', 30, 'active', '2025-01-01')");
  db.exec("INSERT INTO sales (id, user_id, listing_id, platform, sale_price, status, created_at) VALUES "
          "('s1', 'u1', 'l1', 'ebay', 30, 'shipped', '2025-01-21'), "
          "('s2', 'u1', 'l2m', 'mercari', 30, 'shipped', '2025-02-10'), "
          "('s3', 'u1', 'l3', 'ebay', 30, 'shipped', '2025-03-03'), "
          "('sv', 'u2', 'lv', 'ebay', 30, 'shipped', '2025-01-02')");
  db.exec("INSERT INTO sales (id, user_id, inventory_id, platform, sale_price, status, created_at) "
          "VALUES ('s6', 'u1', 't6', 'ebay', 30, 'pending', '2025-02-02')");
  db.exec("UPDATE sales SET status = 'cancelled', cancelled_by = 'buyer' WHERE id = 's6'");
}

constexpr const char* kAll =
    "SELECT platform, sold_items, active_items, sell_through, units_sold, units_listed, "
    "median_days_to_sell, mean_days_to_sell, median_days_to_list FROM ";

TEST(SellThroughSql, HandComputedFigures) {
  Db db;
  seed(db);
  ASSERT_EQ(db.text("SELECT first_listed_at FROM inventory WHERE id = 't2'"), "2025-01-01");
  // ebay:    sold t1 (10 days after listing), t3 (30); live at end t3 (1 unit left), t4;
  //          listed in Q1: t1 1 unit, t2 1, t3 2 = 4; days to list 10, 10 (lot), 31.
  // mercari: sold t2, 40 days after its FIRST listing (on ebay); live t5; listed t2, t5;
  //          days to list 14 (lot to 2025-01-05) and 73 (2025-01-01 to 2025-03-15).
  // all:     sold t1 t2 t3, live t3 t4 t5; first listed in Q1: t1 t2 t3 t5 = 5 units;
  //          days to sell 10, 40, 30; days to list 10, 10, 31, 73.
  // s6 was cancelled: no sale anywhere.
  EXPECT_EQ(db.table(std::string(kAll) + "vl_sell_through('2025-01-01', '2025-04-01', NULL, 'u1')"),
            "ebay|2|2|50.0|2|4|20.0|20.0|10.0\n"
            "mercari|1|1|50.0|1|2|40.0|40.0|43.5\n"
            "NULL|3|3|50.0|3|5|30.0|26.67|20.5");
  EXPECT_EQ(db.table(std::string(kAll) + "vl_sell_through('2025-01-01', '2025-04-01', 'mercari', 'u1')"),
            "mercari|1|1|50.0|1|2|40.0|40.0|43.5");
  // A platform with nothing: its row of zeros, NULL where nothing was measured.
  EXPECT_EQ(db.table(std::string(kAll) + "vl_sell_through('2025-01-01', '2025-04-01', 'etsy')"),
            "etsy|0|0|NULL|0|0|NULL|NULL|NULL");
  // Before s3 (2025-03-03) t3's listing was live and unsold.
  EXPECT_EQ(db.table("SELECT platform, sold_items, active_items FROM "
                     "vl_sell_through('2025-01-01', '2025-03-01', 'ebay', 'u1')"),
            "ebay|1|2");
  // Every user: u2's v1 sold on ebay on its second day.
  EXPECT_EQ(db.table("SELECT sold_items, units_sold, median_days_to_sell FROM "
                     "vl_sell_through('2025-01-01', '2025-04-01') WHERE platform = 'ebay'"),
            "3|3|10.0");
}

TEST(SellThroughSql, NoSales) {
  Db db;
  seed(db);
  EXPECT_EQ(db.table(std::string(kAll) + "vl_sell_through('2030-01-01', '2031-01-01', NULL, 'u1') "
                                         "WHERE platform IS NULL"),
            "NULL|0|3|0.0|0|0|NULL|NULL|NULL");
  EXPECT_EQ(db.table(std::string(kAll) + "vl_sell_through('2020-01-01', '2020-02-01')"),
            "NULL|0|0|NULL|0|0|NULL|NULL|NULL");
  EXPECT_EQ(db.integer("SELECT count(*) FROM vl_sell_through(NULL, '2025-01-01')"), 0);
}

// The plan (core/vtab.h): idxNum bit i = argument i given; start and end are required.
TEST(SellThroughSql, QueryPlanTakesTheArgumentsItIsGiven) {
  Db db;
  EXPECT_EQ(db.plan("SELECT * FROM vl_sell_through('2025-01-01', '2025-04-01', 'ebay')"),
            "SCAN vl_sell_through VIRTUAL TABLE INDEX 7:");
  vltest::expect_argument_plans(db, "vl_sell_through",
                                {{"start", "'2025-01-01'"}, {"end", "'2025-04-01'"},
                                 {"only_platform", "'ebay'"}, {"user_id", "'u1'"}},
                                2);
}

TEST(SellThroughSql, Refusals) {
  Db db;
  seed(db);
  expect_refusals(
      db, {
              {"SELECT * FROM vl_sell_through('2025-04-01', '2025-01-01')",
               "vaultlister: vl_sell_through: end '2025-01-01' is before start '2025-04-01' (an "
               "end on or after the start: the window is [start, end))"},
              {"SELECT * FROM vl_sell_through('2025-1-1', '2025-04-01')",
               "vaultlister: vl_sell_through: start '2025-1-1' is not a date (a day as "
               "YYYY-MM-DD, such as '2025-01-01')"},
              {"SELECT * FROM vl_sell_through('2025-01-01', '2025-04-01', x'01')",
               "vaultlister: vl_sell_through: platform is a blob (text)"},
              {"SELECT * FROM vl_sell_through('2025-01-01', '2025-04-01', 'ebay', x'01')",
               "vaultlister: vl_sell_through: user_id is a blob (text)"},
          });
  EXPECT_NE(db.error("SELECT * FROM vl_sell_through('2025-01-01')"), "");  // end is required
}

}  // namespace
