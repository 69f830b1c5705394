// vl_cogs: the Schedule C view. cogs = beginning + purchases - ending is
// computed from the units on hand; sold_cost from the sales, returns and
// disposals: on a multi-year fixture with a lot, a restocked return,
// quantities above 1, a cancelled sale and a disposal, the two agree, and
// every figure matches the hand computation in the comments.
#include <gtest/gtest.h>

#include "tests/support/testdb.h"

using vltest::Db;

namespace {

// Costs: A $6 (3 units, from the lot), B $12 (1 unit, from the lot), C $5 (2 units), D $20 (1).
void history(Db& db) {
  db.exec("SELECT vl_migrate();"
          "INSERT INTO users(id, email, password_hash, username) VALUES ('u1', 'a@x', 'h', 'closet'),"
          " ('u2', 'b@x', 'h', 'other'), ('u3', 'c@x', 'h', 'idle');"
          "INSERT INTO inventory(id, user_id, title, list_price, cost_price, quantity, created_at) VALUES"
          " ('A', 'u1', 'Socks', 15, 0, 3, '2026-01-01'), ('B', 'u1', 'Boots', 30, 0, 1, '2026-01-01'),"
          " ('C', 'u1', 'Cap', 10, 5, 2, '2024-06-10'), ('D', 'u1', 'Desk lamp', 40, 20, 1, '2025-02-01');"
          "INSERT INTO lots(id, user_id, purchased_at, total_cost) VALUES ('L', 'u1', '2024-03-01', 30);"
          "INSERT INTO lot_items(lot_id, inventory_id, estimated_value) VALUES ('L', 'A', 60), ('L', 'B', 40);"
          "SELECT vl_allocate_lot('L', 'value');"  // A: $18 over 3 units = $6; B: $12
          "INSERT INTO sales(id, user_id, inventory_id, platform, sale_price, status, created_at) VALUES"
          " ('s1', 'u1', 'A', 'ebay', 15, 'delivered', '2024-04-01 10:00:00'),"
          " ('s2', 'u1', 'C', 'ebay', 10, 'delivered', '2024-07-01 10:00:00'),"
          " ('s3', 'u1', 'A', 'mercari', 14, 'delivered', '2024-11-01 10:00:00');"
          // s3 comes back in January: one unit of A on hand again.
          "INSERT INTO returns(id, user_id, sale_id, restock, status, received_at, refund_amount, refunded_at) VALUES"
          " ('r1', 'u1', 's3', 1, 'received', '2025-01-15 10:00:00', 14, '2025-01-16');"
          "INSERT INTO sales(id, user_id, inventory_id, platform, sale_price, status, created_at) VALUES"
          " ('s4', 'u1', 'B', 'ebay', 30, 'delivered', '2025-03-01 10:00:00'),"
          " ('s5', 'u1', 'D', 'ebay', 35, 'pending', '2025-04-01 10:00:00'),"
          " ('s6', 'u1', 'A', 'ebay', 15, 'delivered', '2025-05-01 10:00:00');"
          // s5 is cancelled after its month closed: it took no unit in the end.
          "UPDATE sales SET status = 'cancelled', cancelled_by = 'buyer' WHERE id = 's5';"
          // The last cap is thrown away in June.
          "UPDATE inventory SET status = 'deleted', disposed_at = '2025-06-01 00:00:00' WHERE id = 'C';");
}

std::string cogs(Db& db, int year, const std::string& user = "u1") {
  return db.text("SELECT quote(beginning_inventory) || '|' || quote(purchases) || '|' || quote(ending_inventory) || '|' || "
                 "quote(cogs) || '|' || quote(sold_cost) FROM vl_cogs(" + std::to_string(year) + ", '" + user + "')");
}

}  // namespace

TEST(VlCogs, TheLedgerAndTheSalesAgreeYearByYear) {
  Db db;
  history(db);
  EXPECT_EQ(db.table("SELECT id, cost_price, quantity FROM inventory WHERE user_id = 'u1' ORDER BY id"),
            "A|6.0|1\nB|12.0|0\nC|5.0|1\nD|20.0|1");
  // 2023: nothing bought yet.
  EXPECT_EQ(cogs(db, 2023), "0.0|0.0|0.0|0.0|0.0");
  // 2024: bought A 3x6 + B 12 + C 2x5 = 40; on hand at the end A 1 (6) + B (12) + C 1 (5) = 23;
  // cogs = 0 + 40 - 23 = 17 = sold s1 (6) + s2 (5) + s3 (6).
  EXPECT_EQ(cogs(db, 2024), "0.0|40.0|23.0|17.0|17.0");
  // 2025: bought D 20; on hand at the end A 1 (6) + D (20) = 26; cogs = 23 + 20 - 26 = 17 =
  // sold s4 (12) + s6 (6) - restocked r1 (6) + disposed C 1x5; s5 cancelled counts nothing.
  EXPECT_EQ(cogs(db, 2025), "23.0|20.0|26.0|17.0|17.0");
  EXPECT_EQ(cogs(db, 2026), "26.0|0.0|26.0|0.0|0.0");
  // With one user, user_id can be left out; the identity holds for every year.
  EXPECT_EQ(db.integer("SELECT count(*) FROM (SELECT 2020 + value AS y FROM json_each('[0,1,2,3,4,5,6]')) "
                       "WHERE (SELECT cogs IS NOT sold_cost FROM vl_cogs(y, 'u1'))"),
            0);
}

TEST(VlCogs, UnknownCostIsNullNeverZero) {
  Db db;
  history(db);
  db.exec("INSERT INTO inventory(id, user_id, title, list_price, cost_price, quantity, created_at) VALUES"
          " ('E', 'u2', 'Mystery box', 5, NULL, 2, '2025-01-10');"
          "INSERT INTO sales(id, user_id, inventory_id, platform, sale_price, created_at) VALUES"
          " ('t1', 'u2', 'E', 'ebay', 9, '2025-02-01');");
  EXPECT_EQ(cogs(db, 2024, "u2"), "0.0|0.0|0.0|0.0|0.0");
  EXPECT_EQ(cogs(db, 2025, "u2"), "0.0|NULL|NULL|NULL|NULL");
  // A sale without an item has no known cost either.
  db.exec("INSERT INTO sales(id, user_id, platform, sale_price, created_at) VALUES ('t2', 'u3', 'ebay', 9, '2025-02-01')");
  EXPECT_EQ(cogs(db, 2025, "u3"), "0.0|0.0|0.0|0.0|NULL");
}

TEST(VlCogs, NoSalesNoUsersAndRefusals) {
  Db db;
  history(db);
  EXPECT_EQ(cogs(db, 2025, "u3"), "0.0|0.0|0.0|0.0|0.0");
  Db empty;
  empty.exec("SELECT vl_migrate()");
  EXPECT_EQ(empty.table("SELECT * FROM vl_cogs(2025)"), "0.0|0.0|0.0|0.0|0.0");
  vltest::expect_refusals(db, {
      {"SELECT * FROM vl_cogs(2025)",
       "vaultlister: vl_cogs: user_id is needed: the database has several users (vl_cogs(year, user_id))"},
      {"SELECT * FROM vl_cogs(2025, 'nobody')", "vaultlister: vl_cogs: no user with id 'nobody' (the id of a row in users)"},
      {"SELECT * FROM vl_cogs(NULL, 'u1')", "vaultlister: vl_cogs: year is NULL (a calendar year such as 2025)"},
      {"SELECT * FROM vl_cogs(1800, 'u1')",
       "vaultlister: vl_cogs: year 1800 is out of range (a calendar year from 1900 to 9999)"},
      {"SELECT * FROM vl_cogs", "no query solution"},
  });
  Db fresh;
  EXPECT_EQ(fresh.error("SELECT * FROM vl_cogs(2025)"),
            "vaultlister: vl_cogs: the database has no vaultlister schema of version 6 or newer (run SELECT vl_migrate() first)");
}

TEST(VlCogs, WorksFromAViewOfTheFile) {
  std::string path = vltest::temp_path("cogs-view.db");
  Db db(path);
  history(db);
  // INNOCUOUS: a view may use it under trusted_schema=OFF.
  db.exec("PRAGMA trusted_schema = OFF");
  db.exec("CREATE VIEW yearly AS SELECT cogs FROM vl_cogs(2024, 'u1')");
  EXPECT_EQ(db.text("SELECT cogs FROM yearly"), "17.0");
  EXPECT_EQ(db.error("CREATE VIEW alloc AS SELECT vl_allocate_lot('L', 'even')"), "");
  EXPECT_EQ(db.error("SELECT * FROM alloc"), "unsafe use of vl_allocate_lot()");
}

// The plan (core/vtab.h): idxNum bit i = argument i given; the year is required.
TEST(VlCogs, QueryPlanTakesTheArgumentsItIsGiven) {
  Db db;
  EXPECT_EQ(db.plan("SELECT * FROM vl_cogs(2025, 'u1')"), "SCAN vl_cogs VIRTUAL TABLE INDEX 3:");
  vltest::expect_argument_plans(db, "vl_cogs", {{"year", "2025"}, {"user_id", "'u1'"}}, 1);
}
