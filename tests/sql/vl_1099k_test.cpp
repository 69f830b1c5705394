// vl_1099k: the fixtures (2025 Mercari 201 x $100 -> 1, 200 x $150 ->
// 0; 2024 eBay $5,000.01 -> 1, exactly $5,000.00 -> 0), each platform's gross
// basis, orders rather than units, and the reconciliation to income.
#include <gtest/gtest.h>

#include "tests/support/testdb.h"

using vltest::Db;

namespace {

void users(Db& db) {
  db.exec("SELECT vl_migrate();"
          "INSERT INTO users(id, email, password_hash, username) VALUES ('u1', 'a@x', 'h', 'one'), ('u2', 'b@x', 'h', 'two'),"
          " ('u3', 'c@x', 'h', 'three'), ('u4', 'd@x', 'h', 'four'), ('u5', 'e@x', 'h', 'five');");
}

// n orders of `price` on `platform` for `user`, on `day`.
void orders(Db& db, const std::string& user, const std::string& platform, int n, const std::string& price,
            const std::string& day) {
  db.exec("WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < " + std::to_string(n) + ") "
          "INSERT INTO sales(user_id, platform, platform_order_id, sale_price, status, created_at) "
          "SELECT '" + user + "', '" + platform + "', '" + user + "-' || i, " + price + ", 'delivered', '" + day + "' FROM k");
}

std::string row(Db& db, int year, const std::string& user) {
  return db.table("SELECT platform, gross, transactions, threshold_gross, quote(threshold_transactions), form_expected, "
                  "basis, reconciled_gross FROM vl_1099k(" + std::to_string(year) + ", '" + user + "')");
}

}  // namespace

TEST(Vl1099k, Mercari2025Needs201OrdersAndOver20000) {
  Db db;
  users(db);
  orders(db, "u1", "mercari", 201, "100", "2025-03-01 12:00:00");
  orders(db, "u2", "mercari", 200, "150", "2025-03-01 12:00:00");
  const std::string basis = "mercari from 2025-01-01: item + shipping + tax (unverified)";
  EXPECT_EQ(row(db, 2025, "u1"), "mercari|20100.0|201|20000.0|200|1|" + basis + "|20100.0");
  EXPECT_EQ(row(db, 2025, "u2"), "mercari|30000.0|200|20000.0|200|0|" + basis + "|30000.0");
  // Nothing sold in 2024: no rows.
  EXPECT_EQ(row(db, 2024, "u1"), "");
}

TEST(Vl1099k, Ebay2024IsOver5000AtAnyCount) {
  Db db;
  users(db);
  // eBay counts item and buyer-paid shipping, not tax: 2490 + 10 shipping + 2500.01 = 5000.01.
  db.exec("INSERT INTO sales(user_id, platform, platform_order_id, sale_price, shipping_charged, tax_amount, created_at) VALUES"
          " ('u3', 'ebay', 'o1', 2490, 10, 0, '2024-05-01'), ('u3', 'ebay', 'o2', 2500.01, 0, 200, '2024-06-01'),"
          " ('u4', 'ebay', 'o1', 4990, 10, 50, '2024-05-01');");
  const std::string basis = "ebay from 2000-01-01: item + shipping (unverified)";
  EXPECT_EQ(row(db, 2024, "u3"), "ebay|5000.01|2|5000.0|NULL|1|" + basis + "|5000.01");
  EXPECT_EQ(row(db, 2024, "u4"), "ebay|5000.0|1|5000.0|NULL|0|" + basis + "|5000.0");
}

TEST(Vl1099k, OrdersNotUnitsCancelledLeftOutAndReconciledToIncome) {
  Db db;
  users(db);
  db.exec("INSERT INTO sales(id, user_id, platform, platform_order_id, sale_price, shipping_charged, tax_amount, status, created_at) VALUES"
          // One mercari order of two units, with shipping and tax: 100 + 5 + 8 and 50 + 0 + 4.
          " ('m1', 'u5', 'mercari', 'M-1', 100, 5, 8, 'delivered', '2025-02-01'),"
          " ('m2', 'u5', 'mercari', 'M-1', 50, 0, 4, 'delivered', '2025-02-01'),"
          // Cancelled after its month closed: not in the gross.
          " ('m3', 'u5', 'mercari', 'M-2', 70, 0, 0, 'pending', '2025-03-01'),"
          // Poshmark has no basis row: item + shipping by default; no order id = its own order.
          " ('p1', 'u5', 'poshmark', NULL, 40, 7.5, 3, 'delivered', '2025-04-01'),"
          " ('p2', 'u5', 'poshmark', NULL, 20, 0, 0, 'delivered', '2025-04-02'),"
          // A 2024 etsy sale refunded in 2025: a row with only the refund.
          " ('e1', 'u5', 'etsy', 'E-1', 25, 0, 0, 'delivered', '2024-12-20'),"
          // Outside the year on both sides.
          " ('x1', 'u5', 'mercari', 'M-0', 999, 0, 0, 'delivered', '2024-12-31 23:59:59'),"
          " ('x2', 'u5', 'mercari', 'M-9', 999, 0, 0, 'delivered', '2026-01-01 00:00:00');"
          "UPDATE sales SET status = 'cancelled' WHERE id = 'm3';"
          "INSERT INTO returns(user_id, sale_id, status, restock, refund_amount, refunded_at) VALUES"
          " ('u5', 'm2', 'refunded', 0, 20, '2025-02-10T09:00:00Z'),"
          " ('u5', 'e1', 'refunded', 0, 25, '2025-01-05'),"
          " ('u5', 'p1', 'requested', 0, 40, NULL);");
  EXPECT_EQ(row(db, 2025, "u5"),
            // etsy: nothing sold in 2025, the refund only.
            "etsy|0.0|0|20000.0|200|0|NULL|-25.0\n"
            // mercari: 113 + 54 = 167, one order; income 167 - 12 tax - 20 refund = 135.
            "mercari|167.0|1|20000.0|200|0|mercari from 2025-01-01: item + shipping + tax (unverified)|135.0\n"
            // poshmark: 47.5 + 20, tax not counted; the unrefunded return changes nothing.
            "poshmark|67.5|2|20000.0|200|0|default: item + shipping (no platform_gross_basis row)|67.5");
}

TEST(Vl1099k, ThresholdsAndBasesAreData) {
  Db db;
  users(db);
  orders(db, "u1", "ebay", 3, "700", "2026-02-01");
  // A lower threshold added as a row applies from its first year (the latest first_year wins).
  db.exec("INSERT INTO tax_form_thresholds(form, jurisdiction, first_year, last_year, gross_over, transactions_over, source) "
          "VALUES ('1099-K', 'federal', 2026, NULL, 600, NULL, 'test row');"
          "INSERT INTO platform_gross_basis(platform, valid_from, includes_shipping, includes_tax, source, verified) "
          "VALUES ('ebay', '2026-01-01', 0, 0, 'test row', 1);");
  EXPECT_EQ(row(db, 2026, "u1"), "ebay|2100.0|3|600.0|NULL|1|ebay from 2026-01-01: item|2100.0");
  // No threshold for the year: unknown, not 0.
  db.exec("DELETE FROM tax_form_thresholds");
  EXPECT_EQ(db.table("SELECT quote(threshold_gross), quote(threshold_transactions), quote(form_expected) FROM vl_1099k(2026, 'u1')"),
            "NULL|NULL|NULL");
}

TEST(Vl1099k, Refusals) {
  Db db;
  users(db);
  vltest::expect_refusals(db, {
      {"SELECT * FROM vl_1099k(2025)",
       "vaultlister: vl_1099k: user_id is needed: the database has several users (vl_1099k(year, user_id))"},
      {"SELECT * FROM vl_1099k(2025, 'nobody')", "vaultlister: vl_1099k: no user with id 'nobody' (the id of a row in users)"},
      {"SELECT * FROM vl_1099k(NULL, 'u1')", "vaultlister: vl_1099k: year is NULL (a calendar year such as 2025)"},
      {"SELECT * FROM vl_1099k(10000, 'u1')",
       "vaultlister: vl_1099k: year 10000 is out of range (a calendar year from 1900 to 9999)"},
      {"SELECT * FROM vl_1099k", "no query solution"},
  });
  Db fresh;
  EXPECT_EQ(fresh.error("SELECT * FROM vl_1099k(2025)"),
            "vaultlister: vl_1099k: the database has no vaultlister schema of version 6 or newer (run SELECT vl_migrate() first)");
}

// The plan (core/vtab.h): idxNum bit i = argument i given; the year is required.
TEST(Vl1099k, QueryPlanTakesTheArgumentsItIsGiven) {
  Db db;
  EXPECT_EQ(db.plan("SELECT * FROM vl_1099k(2025)"), "SCAN vl_1099k VIRTUAL TABLE INDEX 1:");
  vltest::expect_argument_plans(db, "vl_1099k", {{"year", "2025"}, {"user_id", "'u1'"}}, 1);
}
