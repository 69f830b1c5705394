// vl_inventory_aging: stock by days since its first listing, on a fixture
// whose ages sit on each bucket's edges.
#include <gtest/gtest.h>

#include "tests/support/testdb.h"

using vltest::Db;
using vltest::expect_refusals;

namespace {

void seed(Db& db) {
  db.exec("SELECT vl_migrate()");
  db.exec("INSERT INTO users (id, email, password_hash, username) VALUES "
          "('u1', 'ann@example.com', 'x', 'ann'), ('u2', 'bob@example.com', 'x', 'bob')");
  // Ages as of 2025-06-30 in whole days from the day of first_listed_at.
  db.exec("INSERT INTO inventory (id, user_id, title, cost_price, list_price, quantity, status, "
          "created_at, first_listed_at) VALUES "
          "('a1', 'u1', 'a1', 5, 20, 2, 'active', '2025-01-01', '2025-06-30 18:00:00'), "  // 0
          "('a2', 'u1', 'a2', 3.50, 20, 1, 'active', '2025-01-01', '2025-05-31'), "         // 30
          "('a3', 'u1', 'a3', 8, 20, 1, 'active', '2025-01-01', '2025-05-30'), "            // 31
          "('a4', 'u1', 'a4', 1.10, 20, 3, 'active', '2025-01-01', '2025-04-01'), "         // 90
          "('a5', 'u1', 'a5', NULL, 20, 1, 'active', '2025-01-01', '2025-01-01'), "         // 180
          "('a6', 'u1', 'a6', 2, 20, 1, 'active', '2024-01-01', '2024-06-30'), "            // 365
          "('a7', 'u1', 'a7', 12, 20, 1, 'active', '2023-01-01', '2024-06-29'), "           // 366
          "('a8', 'u1', 'a8', 4, 20, 1, 'draft', '2025-01-01', NULL), "
          "('a9', 'u1', 'a9', 6, 20, 1, 'active', '2025-01-01', '2025-07-01'), "            // later
          "('a10', 'u1', 'a10', 9, 20, 0, 'active', '2025-01-01', '2025-06-01'), "          // none left
          "('a11', 'u1', 'a11', 9, 20, 1, 'deleted', '2025-01-01', '2025-06-01'), "
          "('a12', 'u1', 'a12', 9, 20, 1, 'draft', '2025-07-05', NULL), "                   // not yet
          "('b1', 'u2', 'b1', 9, 20, 1, 'active', '2025-01-01', '2025-06-01')");            // 29
}

TEST(InventoryAgingSql, BucketsOnTheirEdges) {
  Db db;
  seed(db);
  // 0-30: a1 (2 x 5) + a2 = 13.50; 61-90: a4 3 x 1.10 = 3.30; 91-180: a5's cost is unknown;
  // never listed: a8 and a9 (listed after as_of) = 10.
  EXPECT_EQ(db.table("SELECT bucket, items, units, cost_value FROM "
                     "vl_inventory_aging('2025-06-30', 'u1')"),
            "0-30|2|3|13.5\n"
            "31-60|1|1|8.0\n"
            "61-90|1|3|3.3\n"
            "91-180|1|1|NULL\n"
            "181-365|1|1|2.0\n"
            "365+|1|1|12.0\n"
            "never listed|2|2|10.0");
  EXPECT_EQ(db.table("SELECT items, units, cost_value FROM vl_inventory_aging('2025-06-30') "
                     "WHERE bucket = '0-30'"),
            "3|4|22.5");
  EXPECT_EQ(db.table("SELECT bucket, items FROM vl_inventory_aging('2025-06-30', NULL) "
                     "WHERE items > 0 AND bucket LIKE '3%'"),
            "31-60|1\n365+|1");
  // A day later every edge moves one bucket on.
  EXPECT_EQ(db.table("SELECT bucket, items FROM vl_inventory_aging('2025-07-01', 'u1')"),
            "0-30|2\n31-60|2\n61-90|0\n91-180|1\n181-365|1\n365+|2\nnever listed|1");
}

TEST(InventoryAgingSql, NothingInStockStillGivesEveryBucket) {
  Db db;
  seed(db);
  EXPECT_EQ(db.table("SELECT bucket, items, units, cost_value FROM vl_inventory_aging('2020-01-01')"),
            "0-30|0|0|0.0\n31-60|0|0|0.0\n61-90|0|0|0.0\n91-180|0|0|0.0\n181-365|0|0|0.0\n"
            "365+|0|0|0.0\nnever listed|0|0|0.0");
  EXPECT_EQ(db.integer("SELECT count(*) FROM vl_inventory_aging(NULL)"), 0);
  EXPECT_EQ(db.integer("SELECT sum(items) FROM vl_inventory_aging('2025-06-30', 'nobody')"), 0);
}

// The plan (core/vtab.h): idxNum bit i = argument i given; as_of is required.
TEST(InventoryAgingSql, QueryPlanTakesTheArgumentsItIsGiven) {
  Db db;
  EXPECT_EQ(db.plan("SELECT * FROM vl_inventory_aging('2025-06-30')"),
            "SCAN vl_inventory_aging VIRTUAL TABLE INDEX 1:");
  vltest::expect_argument_plans(db, "vl_inventory_aging",
                                {{"as_of", "'2025-06-30'"}, {"user_id", "'u1'"}}, 1);
}

TEST(InventoryAgingSql, Refusals) {
  Db db;
  seed(db);
  expect_refusals(db, {
                          {"SELECT * FROM vl_inventory_aging('30/06/2025')",
                           "vaultlister: vl_inventory_aging: as_of '30/06/2025' is not a date (a "
                           "day as YYYY-MM-DD, such as '2025-01-01')"},
                          {"SELECT * FROM vl_inventory_aging(x'01')",
                           "vaultlister: vl_inventory_aging: as_of is a blob (text)"},
                          {"SELECT * FROM vl_inventory_aging('2025-06-30', x'01')",
                           "vaultlister: vl_inventory_aging: user_id is a blob (text)"},
                      });
  EXPECT_NE(db.error("SELECT * FROM vl_inventory_aging"), "");  // as_of is required
}

}  // namespace
