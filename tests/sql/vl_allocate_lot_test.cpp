// vl_allocate_lot: a lot's total cost over its items in cents, by largest
// remainder, with the fixtures ($10.00 over 3, $20.00 over 30/10/10).
#include <gtest/gtest.h>

#include "tests/support/testdb.h"

using vltest::Db;

namespace {

void shop(Db& db) {
  db.exec("SELECT vl_migrate();"
          "INSERT INTO users(id, email, password_hash, username) VALUES ('u1', 'a@x', 'h', 'closet'), ('u2', 'b@x', 'h', 'other');"
          "INSERT INTO inventory(id, user_id, title, list_price, cost_price, quantity) VALUES"
          " ('a', 'u1', 'Scarf', 10, 0, 1), ('b', 'u1', 'Belt', 10, 0, 1), ('c', 'u1', 'Hat', 10, 0, 1),"
          " ('d', 'u1', 'Coat', 90, 0, 1), ('e', 'u1', 'Vest', 30, 0, 1), ('f', 'u1', 'Tie', 30, 0, 1),"
          " ('m', 'u1', 'Socks', 5, 1, 4), ('n', 'u1', 'Mitts', 5, 1, 1);"
          "INSERT INTO lots(id, user_id, purchased_at, total_cost) VALUES ('even3', 'u1', '2025-01-02', 10),"
          " ('value3', 'u1', '2025-01-03', 20), ('multi', 'u1', '2025-01-04', 9), ('empty', 'u1', '2025-01-05', 7);"
          "INSERT INTO lot_items(lot_id, inventory_id, estimated_value) VALUES"
          " ('even3', 'a', NULL), ('even3', 'b', NULL), ('even3', 'c', NULL),"
          " ('value3', 'd', 30), ('value3', 'e', 10), ('value3', 'f', 10),"
          " ('multi', 'm', NULL), ('multi', 'n', 0);");
}

}  // namespace

TEST(VlAllocateLot, EvenSplitsTenDollarsOverThreeAs334_333_333) {
  Db db;
  shop(db);
  std::string report = db.text("SELECT vl_allocate_lot('even3', 'even')");
  EXPECT_EQ(db.table("SELECT id, cost_price FROM inventory WHERE id IN ('a', 'b', 'c') ORDER BY id"),
            "a|3.34\nb|3.33\nc|3.33");
  EXPECT_EQ(db.table("SELECT json_extract(value, '$.inventory_id'), json_extract(value, '$.share'), "
                     "json_extract(value, '$.previous_cost'), json_extract(value, '$.kept') "
                     "FROM json_each(" + std::string("'") + report + "', '$.items')"),
            "a|3.34|0.0|0\nb|3.33|0.0|0\nc|3.33|0.0|0");
  EXPECT_EQ(db.table("SELECT json_extract('" + report + "', '$.total_cost'), json_extract('" + report + "', '$.updated'), "
                     "json_extract('" + report + "', '$.kept'), json_extract('" + report + "', '$.method')"),
            "10.0|3|0|even");
  // Each change went into price_history like any cost edit.
  EXPECT_EQ(db.integer("SELECT count(*) FROM price_history WHERE inventory_id IN ('a', 'b', 'c')"), 3);
}

TEST(VlAllocateLot, ValueSplitsTwentyDollarsOver30_10_10As12_4_4) {
  Db db;
  shop(db);
  db.exec("SELECT vl_allocate_lot('value3', 'value')");
  EXPECT_EQ(db.table("SELECT id, cost_price FROM inventory WHERE id IN ('d', 'e', 'f') ORDER BY id"), "d|12.0\ne|4.0\nf|4.0");
  // Remainders: $1.00 over 1/1/1 and then 7 estimates of $1, $2, $4 — every split adds up exactly.
  db.exec("UPDATE lots SET total_cost = 1 WHERE id = 'value3'; UPDATE lot_items SET estimated_value = 1 WHERE lot_id = 'value3'");
  db.exec("SELECT vl_allocate_lot('value3', 'value')");
  EXPECT_EQ(db.table("SELECT cost_price FROM inventory WHERE id IN ('d', 'e', 'f') ORDER BY id"), "0.34\n0.33\n0.33");
  db.exec("UPDATE lots SET total_cost = 0.07 WHERE id = 'value3';"
          "UPDATE lot_items SET estimated_value = CASE inventory_id WHEN 'd' THEN 1 WHEN 'e' THEN 2 ELSE 4 END WHERE lot_id = 'value3'");
  db.exec("SELECT vl_allocate_lot('value3', 'value')");
  EXPECT_EQ(db.table("SELECT cost_price FROM inventory WHERE id IN ('d', 'e', 'f') ORDER BY id"), "0.01\n0.02\n0.04");
}

TEST(VlAllocateLot, SoldItemsKeepTheirCostUnlessAsked) {
  Db db;
  shop(db);
  db.exec("INSERT INTO sales(id, user_id, inventory_id, platform, sale_price) VALUES ('s1', 'u1', 'b', 'ebay', 8)");
  EXPECT_EQ(db.text("SELECT unit_cost || '|' || net_profit FROM sales"), "0.0|8.0");
  std::string report = db.text("SELECT vl_allocate_lot('even3', 'even')");
  EXPECT_EQ(db.table("SELECT id, cost_price FROM inventory WHERE id IN ('a', 'b', 'c') ORDER BY id"), "a|3.34\nb|0.0\nc|3.33");
  EXPECT_EQ(db.text("SELECT json_extract('" + report + "', '$.kept') || '|' || json_extract('" + report + "', '$.items[1].kept')"),
            "1|1");
  EXPECT_EQ(db.text("SELECT unit_cost || '|' || net_profit FROM sales"), "0.0|8.0");
  // update_sold = 1: the sale's cost and profit follow (domain rule Sales 1).
  db.exec("SELECT vl_allocate_lot('even3', 'even', 1)");
  EXPECT_EQ(db.text("SELECT cost_price FROM inventory WHERE id = 'b'"), "3.33");
  EXPECT_EQ(db.text("SELECT unit_cost || '|' || net_profit FROM sales"), "3.33|4.67");
}

TEST(VlAllocateLot, AnItemsShareCoversAllItsUnits) {
  Db db;
  shop(db);
  // m: 4 in stock, then one sold and kept = 4 units bought; n: 1. $9.00 even: $4.50 each.
  db.exec("INSERT INTO sales(id, user_id, inventory_id, platform, sale_price) VALUES ('s1', 'u1', 'm', 'ebay', 3)");
  std::string report = db.text("SELECT vl_allocate_lot('multi', 'even', 1)");
  EXPECT_EQ(db.table("SELECT json_extract(value, '$.inventory_id'), json_extract(value, '$.share'), json_extract(value, '$.units'), "
                     "json_extract(value, '$.unit_cost') FROM json_each('" + report + "', '$.items')"),
            "m|4.5|4|1.13\nn|4.5|1|4.5");
  EXPECT_EQ(db.table("SELECT id, cost_price FROM inventory WHERE id IN ('m', 'n') ORDER BY id"), "m|1.13\nn|4.5");
}

TEST(VlAllocateLot, Refusals) {
  Db db;
  shop(db);
  vltest::expect_refusals(db, {
      {"SELECT vl_allocate_lot('nope', 'even')",
       "vaultlister: vl_allocate_lot: no lot with id 'nope' (the id of a row in lots)"},
      {"SELECT vl_allocate_lot(NULL, 'even')", "vaultlister: vl_allocate_lot: lot_id is NULL (the id of a row in lots)"},
      {"SELECT vl_allocate_lot('even3', NULL)", "vaultlister: vl_allocate_lot: method is NULL ('even' or 'value')"},
      {"SELECT vl_allocate_lot('even3', 'fifo')", "vaultlister: vl_allocate_lot: unknown method 'fifo' ('even' or 'value')"},
      {"SELECT vl_allocate_lot('empty', 'even')", "vaultlister: vl_allocate_lot: lot 'empty' has no items (rows in lot_items for it first)"},
      {"SELECT vl_allocate_lot('even3', 'value')",
       "vaultlister: vl_allocate_lot: lot 'even3' has items without an estimated_value: a, b, c "
       "(an estimated_value for every item of the lot, or method 'even')"},
      {"SELECT vl_allocate_lot('multi', 'value')",
       "vaultlister: vl_allocate_lot: lot 'multi' has items without an estimated_value: m "
       "(an estimated_value for every item of the lot, or method 'even')"},
      {"SELECT vl_allocate_lot('even3', 'even', 2)",
       "vaultlister: vl_allocate_lot: update_sold is 2 (0 (keep the cost of sold items) or 1)"},
      {"SELECT vl_allocate_lot('even3')",
       "vaultlister: vl_allocate_lot: wrong number of arguments: 1 (vl_allocate_lot(lot_id, method [, update_sold]))"},
  });
  db.exec("UPDATE lot_items SET estimated_value = 0 WHERE lot_id = 'value3'");
  vltest::expect_refusals(db, {
      {"SELECT vl_allocate_lot('value3', 'value')",
       "vaultlister: vl_allocate_lot: the estimated values of lot 'value3' add up to 0 (estimated values above 0, or method 'even')"},
  });
  Db fresh;
  EXPECT_EQ(fresh.error("SELECT vl_allocate_lot('x', 'even')"),
            "vaultlister: vl_allocate_lot: the database has no vaultlister schema of version 6 or newer (run SELECT vl_migrate() first)");
}

TEST(VlAllocateLot, IsDirectOnly) {
  std::string path = vltest::temp_path("alloc-hostile.db");
  {
    Db setup(path);
    shop(setup);
  }
  {
    Db plain(path, false);
    plain.exec("CREATE VIEW v AS SELECT vl_allocate_lot('even3', 'even')");
  }
  Db db(path);
  std::string err = db.error("SELECT * FROM v");
  EXPECT_NE(err.find("unsafe use of vl_allocate_lot()"), std::string::npos) << err;
  EXPECT_EQ(db.text("SELECT cost_price FROM inventory WHERE id = 'a'"), "0.0");
}
