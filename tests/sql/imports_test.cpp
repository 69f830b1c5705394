// vl_marketplace_csv and vl_import_sales through a real connection.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "tests/support/testdb.h"

using vltest::Db;
using vltest::expect_refusals;
using vltest::lit;

namespace {

const char* kEbay =
    ",,,,,,,,,,,\r\n"
    "Sales Record Number,Order Number,Buyer Username,Buyer Name,Item Number,Item Title,Custom Label,"
    "Quantity,Sold For,Shipping And Handling,Total Price,Sale Date\r\n"
    "\"\"\r\n"
    "1001,12-34567-89012,buyer_one,Ann,,,,,,\"$9.00\",\"$64.00\",Sep-27-26\r\n"
    "1002,12-34567-89012,,,2345,Levi's 501 Jeans 32x30,SKU-JEANS,1,\"$30.00\",,,\r\n"
    "1003,12-34567-89012,,,2346,\"Pendleton Wool Shirt, L\",SKU-NONE,1,\"$25.00\",,,\r\n"
    "1004,11-11111-11111,buyer_two,Bo,3456,Nike Air Max 90,SKU-SHOES,2,\"$120.00\",\"$12.00\",\"$132.00\",Oct-01-26\r\n"
    "3,record(s) downloaded,\r\n"
    "Seller ID : thriftqueen\r\n";

const char* kMercari =
    "\"Item Id\",\"Sold Date\",\"Canceled Date\",\"Completed Date\",\"Item Title\",\"Order Status\","
    "\"Item Price\",\"Buyer Shipping Fee\",\"Seller Shipping Fee\",\"Mercari Selling Fee\","
    "\"Payment Processing Fee\",\"Net Seller Proceeds\"\n"
    "\"m12345678901\",\"2024-11-02\",\"\",\"2024-11-06\",\"Patagonia Fleece\",\"Completed\","
    "\"45.00\",\"0.00\",\"7.50\",\"4.50\",\"1.65\",\"31.35\"\n"
    "\"m22222222222\",\"2025-02-10\",\"2025-02-11\",\"\",\"Vans Old Skool\",\"Canceled\","
    "\"30.00\",\"\",\"\",\"\",\"\",\"0.00\"\n";

std::string write_file(const std::string& name, const std::string& text) {
  std::string path = vltest::temp_path(name);
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

void seller(Db& db) {
  db.exec("SELECT vl_migrate();"
          "INSERT INTO users(id, email, password_hash, username) VALUES ('u1', 'a@x', 'h', 'closet');"
          "INSERT INTO inventory(id, user_id, sku, title, list_price, cost_price, quantity, status) VALUES "
          " ('jeans', 'u1', 'SKU-JEANS', 'Levi''s 501', 35, 8, 1, 'active'),"
          " ('shoes', 'u1', 'SKU-SHOES', 'Nike Air Max 90', 70, 20, 5, 'active');"
          "INSERT INTO listings(id, inventory_id, user_id, platform, title, price, status) VALUES "
          " ('l-ebay', 'jeans', 'u1', 'ebay', 'Levi''s 501', 35, 'active'),"
          " ('l-posh', 'jeans', 'u1', 'poshmark', 'Levi''s 501', 35, 'active'),"
          " ('l-merc', 'jeans', 'u1', 'mercari', 'Levi''s 501', 35, 'active');");
}


// A migrated database with one user, an item and a listing.
struct Seller : Db {
  Seller() {
    exec("SELECT vl_migrate()");
    exec("INSERT INTO users(id, email, password_hash, username) VALUES ('u1', 'ann@example.com', 'h', 'ann');"
         "INSERT INTO inventory(id, user_id, sku, title, list_price, cost_price, quantity, status) VALUES "
         "  ('i1', 'u1', 'SKU-1', 'Wool Coat', 80, 20, 3, 'active');"
         "INSERT INTO listings(id, inventory_id, user_id, platform, title, price, status) VALUES "
         "  ('l1', 'i1', 'u1', 'ebay', 'Wool Coat', 80, 'active');");
  }
};

}  // namespace

TEST(MarketplaceCsv, ReadsAFileByPathAndBytes) {
  Db db;
  seller(db);
  std::string path = write_file("ebay.csv", kEbay);
  auto rows = db.rows("SELECT platform, order_id, item_id, sku, sold_at, quantity, sale_price, "
                      "shipping_charged, fee_estimated, buyer, status, line, import_key "
                      "FROM vl_marketplace_csv(" + lit(path) + ")");
  ASSERT_EQ(rows.size(), 3u);
  // The order row's shipping goes to the order's first item row, once.
  EXPECT_EQ(rows[0], "ebay|12-34567-89012|2345|SKU-JEANS|2026-09-27|1|30.0|9.0|1|buyer_one|completed|5|"
                     "ebay:12-34567-89012:2345");
  EXPECT_EQ(rows[2].substr(0, 44), "ebay|11-11111-11111|3456|SKU-SHOES|2026-10-0");
  // The fee estimate is platform_fee() of the sale's day, flagged as such.
  EXPECT_EQ(db.text("SELECT platform_fee = platform_fee('ebay', sale_price, coalesce(shipping_charged, 0), sold_at) "
                    "FROM vl_marketplace_csv(" + lit(path) + ") WHERE line = 7"),
            "1");
  // The same bytes as a blob give the same rows.
  EXPECT_EQ(db.table("SELECT import_key FROM vl_marketplace_csv(CAST(" + lit(kEbay) + " AS BLOB), 'ebay')"),
            db.table("SELECT import_key FROM vl_marketplace_csv(" + lit(path) + ")"));
}

TEST(MarketplaceCsv, Refusals) {
  Db db;
  seller(db);
  std::string fifo = vltest::temp_path("fifo");
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  vltest::expect_errors(db, {
      {"SELECT * FROM vl_marketplace_csv(NULL)",
       "vaultlister: vl_marketplace_csv: source is NULL (a file path or the file's bytes)"},
      {"SELECT * FROM vl_marketplace_csv('/nonexistent/x.csv')",
       "vaultlister: vl_marketplace_csv: cannot open '/nonexistent/x.csv': No such file or directory "
       "(a readable regular file)"},
      {"SELECT * FROM vl_marketplace_csv('/tmp')",
       "vaultlister: vl_marketplace_csv: '/tmp' is not a regular file (a readable regular file)"},
      {"SELECT * FROM vl_marketplace_csv(" + lit(fifo) + ")",
       "vaultlister: vl_marketplace_csv: '" + fifo + "' is not a regular file (a readable regular file)"},
      {"SELECT * FROM vl_marketplace_csv(" + lit(write_file("m.csv", kMercari)) + ", 'etsy')",
       "vaultlister: vl_marketplace_csv: unknown platform 'etsy' (ebay, poshmark or mercari)"},
      {"SELECT * FROM vl_marketplace_csv(x'c328')",
       "vaultlister: vl_marketplace_csv: source is not valid UTF-8 (a UTF-8 CSV export)"},
      {"SELECT * FROM vl_marketplace_csv()", "no query solution"},
  });
}

TEST(MarketplaceCsv, IsDirectOnly) {
  std::string path = vltest::temp_path("hostile.db");
  {
    Db plain(path, false);
    plain.exec("CREATE VIEW steal AS SELECT * FROM vl_marketplace_csv('/etc/passwd')");
  }
  Db db(path);
  std::string err = db.error("SELECT * FROM steal");
  EXPECT_NE(err.find("unsafe use of virtual table \"vl_marketplace_csv\""), std::string::npos) << err;
}

TEST(ImportSales, ImportsLinksBySkuSellsOutAndIsIdempotent) {
  Db db;
  seller(db);
  std::string path = write_file("ebay2.csv", kEbay);
  std::string report = db.text("SELECT vl_import_sales(" + lit(path) + ")");
  EXPECT_EQ(report,
            "{\"platform\":\"ebay\",\"read\":3,\"imported\":4,\"already_present\":0,\"skipped_cancelled\":0,"
            "\"unmatched_sku\":1,\"errors\":[]}");
  // The jeans sale links by Custom Label, sells the last unit out and
  // delists the other two listings.
  EXPECT_EQ(db.text("SELECT inventory_id || '|' || platform_order_id || '|' || buyer_username || '|' || "
                    "sale_price || '|' || created_at FROM sales WHERE sale_price = 30"),
            "jeans|12-34567-89012|buyer_one|30.0|2026-09-27 00:00:00");
  EXPECT_EQ(db.text("SELECT quantity || '|' || status FROM inventory WHERE id = 'jeans'"), "0|sold");
  EXPECT_EQ(db.table("SELECT entity_id || '|' || action FROM sync_queue ORDER BY entity_id"),
            "l-ebay|delist\nl-merc|delist\nl-posh|delist");
  // Quantity 2 becomes two sales whose prices add up to the line.
  EXPECT_EQ(db.text("SELECT count(*) || '|' || sum(sale_price) FROM sales WHERE inventory_id = 'shoes'"), "2|120.0");
  EXPECT_EQ(db.integer("SELECT quantity FROM inventory WHERE id = 'shoes'"), 3);

  // A user edit survives, and a re-import adds and changes nothing.
  db.exec("UPDATE sales SET notes = 'mine' WHERE sale_price = 25");
  std::string before = db.table("SELECT * FROM sales ORDER BY id");
  EXPECT_EQ(db.text("SELECT vl_import_sales(" + lit(path) + ", 'ebay', 'u1')"),
            "{\"platform\":\"ebay\",\"read\":3,\"imported\":0,\"already_present\":4,\"skipped_cancelled\":0,"
            "\"unmatched_sku\":0,\"errors\":[]}");
  EXPECT_EQ(db.table("SELECT * FROM sales ORDER BY id"), before);
}

TEST(ImportSales, FillsBuyerPaidShippingAndTax) {
  Db db;
  seller(db);
  const std::string ebay =
      ",,,,,,,,,,,\r\n"
      "Sales Record Number,Order Number,Buyer Username,Item Number,Item Title,Custom Label,Quantity,Sold For,"
      "Shipping And Handling,Seller Collected Tax,eBay Collected Tax,eBay Collected Tax and Fees Included in Total,Sale Date\r\n"
      "2001,22-1,b1,,,,,,$9.00,,$3.50,$3.50,Sep-27-25\r\n"
      "2002,22-1,,11,Shirt,,1,$30.00,,,,,\r\n"
      "2003,22-1,,12,Hat,,1,$20.00,,,,,\r\n"
      "2004,33-3,b2,13,Boots,SKU-SHOES,2,$100.00,$10.00,$0.50,$7.51,$7.51,Oct-01-25\r\n";
  db.exec("SELECT vl_import_sales(CAST(" + lit(ebay) + " AS BLOB), 'ebay', 'u1')");
  // The order's shipping and tax on its first item; quantity 2 splits both to the cent.
  EXPECT_EQ(db.table("SELECT platform_order_id, sale_price, shipping_charged, tax_amount FROM sales ORDER BY rowid"),
            "22-1|30.0|9.0|3.5\n22-1|20.0|0.0|0.0\n33-3|50.0|5.0|4.01\n33-3|50.0|5.0|4.0");
  EXPECT_EQ(db.table("SELECT title, tax_amount FROM vl_marketplace_csv(CAST(" + lit(ebay) + " AS BLOB)) ORDER BY line"),
            "Shirt|3.5\nHat|NULL\nBoots|8.01");
  const std::string mercari =
      "\"Item Id\",\"Sold Date\",\"Item Title\",\"Order Status\",\"Item Price\",\"Buyer Shipping Fee\","
      "\"Seller Shipping Fee\",\"Mercari Selling Fee\",\"Net Seller Proceeds\",\"Sales Tax Charged to Buyer\"\n"
      "\"m55555555555\",\"2025-03-02\",\"Fleece\",\"Completed\",\"45.00\",\"5.25\",\"0.00\",\"4.50\",\"40.50\",\"3.60\"\n";
  db.exec("SELECT vl_import_sales(CAST(" + lit(mercari) + " AS BLOB), 'mercari', 'u1')");
  EXPECT_EQ(db.text("SELECT shipping_charged || '|' || tax_amount FROM sales WHERE platform = 'mercari'"), "5.25|3.6");
  const std::string posh =
      "Poshmark Sales Report for @closet\n"
      "Order Date,SKU,Order Id,Listing Title,Order Price,Your Earnings,Sales Tax (Paid by Buyer),Buyer Username\n"
      "03/04/2025,,ab12,Scarf,$20.00,$16.05,$1.70,shopper\n"
      "03/05/2025,,ab13,Belt,$10.00,$7.05,--,shopper\n";
  db.exec("SELECT vl_import_sales(CAST(" + lit(posh) + " AS BLOB), 'poshmark', 'u1')");
  EXPECT_EQ(db.table("SELECT shipping_charged, tax_amount FROM sales WHERE platform = 'poshmark' ORDER BY platform_order_id"),
            "0.0|1.7\n0.0|0.0");
}

TEST(ImportSales, CancelledLinesAreCountedNotImported) {
  Db db;
  seller(db);
  std::string report = db.text("SELECT vl_import_sales(" + lit(write_file("m2.csv", kMercari)) + ")");
  EXPECT_EQ(report,
            "{\"platform\":\"mercari\",\"read\":2,\"imported\":1,\"already_present\":0,\"skipped_cancelled\":1,"
            "\"unmatched_sku\":1,\"errors\":[]}");
  EXPECT_EQ(db.text("SELECT platform || '|' || sale_price || '|' || platform_fee || '|' || shipping_cost "
                    "FROM sales"),
            "mercari|45.0|6.15|7.5");
}

TEST(ImportSales, AllOrNothing) {
  Db db;
  seller(db);
  std::string bad = std::string(kMercari) +
                    "\"m3\",\"2025-03-01\",\"\",\"\",\"Hat\",\"Completed\",\"twenty\",\"\",\"\",\"\",\"\",\"\"\n";
  std::string before = db.table("SELECT * FROM sales") + db.table("SELECT * FROM vl_imported_sales");
  EXPECT_EQ(db.error("SELECT vl_import_sales(" + lit(write_file("bad.csv", bad)) + ")"),
            "vaultlister: vl_import_sales: line 4, column 'Item Price': 'twenty' is not an amount "
            "(an amount such as $1,234.50)");
  EXPECT_EQ(db.table("SELECT * FROM sales") + db.table("SELECT * FROM vl_imported_sales"), before);
  EXPECT_EQ(db.error("SELECT vl_import_sales(" + lit(write_file("hdr.csv", "Item Id,Sold Date\nm1,2025-01-01\n")) + ")"),
            "vaultlister: vl_import_sales: no known header row in the first 15 lines (an eBay orders report, a "
            "Poshmark sales report or a Mercari sales CSV)");
}

TEST(ImportSales, UserResolutionAndArguments) {
  Db db;
  seller(db);
  db.exec("INSERT INTO users(id, email, password_hash, username) VALUES ('u2', 'b@x', 'h', 'other')");
  std::string path = write_file("m3.csv", kMercari);
  EXPECT_EQ(db.error("SELECT vl_import_sales(" + lit(path) + ")"),
            "vaultlister: vl_import_sales: user_id is needed: the database has several users "
            "(vl_import_sales(source, platform, user_id))");
  EXPECT_EQ(db.error("SELECT vl_import_sales(" + lit(path) + ", NULL, 'nobody')"),
            "vaultlister: vl_import_sales: no user with id 'nobody' (the id of a row in users)");
  EXPECT_EQ(db.error("SELECT vl_import_sales()"),
            "vaultlister: vl_import_sales: wrong number of arguments: 0 (vl_import_sales(source [, platform [, user_id]]))");
  Db fresh;
  EXPECT_EQ(fresh.error("SELECT vl_import_sales('x.csv')"),
            "vaultlister: vl_import_sales: the database has no vaultlister schema of version 6 or newer "
            "(run SELECT vl_migrate() first)");
}

// TEMP tables of the same names come first in an unqualified name's search order:
// the import must still read and write main's tables only.
TEST(ImportSales, TempTablesOfTheSameNamesAreNotCaptured) {
  Db db;
  seller(db);
  db.exec("CREATE TEMP TABLE users(id TEXT);"
          "CREATE TEMP TABLE inventory(id TEXT, user_id TEXT, sku TEXT, status TEXT, created_at TEXT);"
          "CREATE TEMP TABLE sales(id TEXT, user_id TEXT, inventory_id TEXT, platform TEXT, platform_order_id TEXT, "
          " buyer_username TEXT, sale_price REAL, platform_fee REAL, shipping_cost REAL, status TEXT, "
          " created_at TEXT, notes TEXT);"
          "CREATE TEMP TABLE vl_imported_sales(user_id TEXT, import_key TEXT, sale_id TEXT, platform TEXT, "
          " source_line INTEGER);"
          "INSERT INTO temp.users VALUES ('u1'), ('u2');"
          "INSERT INTO temp.inventory VALUES ('decoy', 'u1', 'SKU-JEANS', 'active', '2000-01-01')");
  std::string path = write_file("ebay-temp.csv", kEbay);
  EXPECT_EQ(db.text("SELECT vl_import_sales(" + lit(path) + ")"),
            "{\"platform\":\"ebay\",\"read\":3,\"imported\":4,\"already_present\":0,\"skipped_cancelled\":0,"
            "\"unmatched_sku\":1,\"errors\":[]}");
  EXPECT_EQ(db.integer("SELECT count(*) FROM main.sales"), 4);
  EXPECT_EQ(db.integer("SELECT count(*) FROM main.vl_imported_sales"), 4);
  EXPECT_EQ(db.integer("SELECT count(*) FROM temp.sales") + db.integer("SELECT count(*) FROM temp.vl_imported_sales"),
            0);
  EXPECT_EQ(db.text("SELECT inventory_id FROM main.sales WHERE sale_price = 30"), "jeans");
}

TEST(ImportSourceEdges, PathsThatAreNotExportsAreRefused) {
  Seller db;
  std::string dir = vltest::temp_path("import-edges");
  ::mkdir(dir.c_str(), 0700);
  std::string fifo = dir + "/fifo.csv", big = dir + "/big.csv";
  ::unlink(fifo.c_str());
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  // A sparse file one byte over the limit: its size is refused before any read.
  FILE* f = std::fopen(big.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  ASSERT_EQ(::ftruncate(fileno(f), (64 << 20) + 1), 0);
  std::fclose(f);
  expect_refusals(
      db, {
              {"SELECT * FROM vl_marketplace_csv('')",
               "vaultlister: vl_marketplace_csv: source is an empty path (a file path or the file's bytes)"},
              {"SELECT * FROM vl_marketplace_csv('" + dir + "/none.csv')",
               "vaultlister: vl_marketplace_csv: cannot open '" + dir +
                   "/none.csv': No such file or directory (a readable regular file)"},
              {"SELECT vl_import_sales('" + fifo + "', NULL, 'u1')",
               "vaultlister: vl_import_sales: '" + fifo + "' is not a regular file (a readable regular file)"},
              {"SELECT vl_import_sales('" + big + "', NULL, 'u1')",
               "vaultlister: vl_import_sales: '" + big + "' is larger than 67108864 bytes (a smaller export file)"},
              {"SELECT * FROM vl_marketplace_csv(zeroblob(67108865))",
               "vaultlister: vl_marketplace_csv: source is larger than 67108864 bytes (a smaller export)"},
              {"SELECT vl_import_sales(x'', NULL, 'u1')",
               "vaultlister: vl_import_sales: no known header row in the first 15 lines (an eBay orders report, a "
               "Poshmark sales report or a Mercari sales CSV)"},
              // An eBay line is priced with the fee schedule of its day; before
              // the first schedule there is none, and the import stops.
              {"SELECT vl_import_sales(CAST('Sales Record Number,Order Number,Item Title,Sold For,Sale Date\n"
               "1,1-1,Coat,$5,Jan-05-20\n' AS BLOB), NULL, 'u1')",
               "vaultlister: platform_fee: no fee rule for 'ebay' is in force on 2020-01-05 (a date on or after "
               "2023-02-01, or add a rule to platform_fee_rules that covers it)"},
          });
  ::unlink(fifo.c_str());
  ::unlink(big.c_str());
}

TEST(ImportSourceEdges, NoUsersHeaderOnlyAndUnmatchedMultiUnitLines) {
  Db empty;
  empty.exec("SELECT vl_migrate()");
  expect_refusals(empty, {{"SELECT vl_import_sales(CAST('Item Id,Sold Date,Item Title,Order Status,Item Price,Net Seller Proceeds\n' AS "
                           "BLOB))",
                           "vaultlister: vl_import_sales: user_id is needed: the database has no users "
                           "(vl_import_sales(source, platform, user_id))"}});
  Seller db;
  // A header and no line: nothing read, no platform to report.
  EXPECT_EQ(db.text("SELECT vl_import_sales(CAST('Item Id,Sold Date,Item Title,Order Status,Item Price,Net Seller Proceeds\n' AS BLOB), "
                    "NULL, NULL)"),
            "{\"platform\":null,\"read\":0,\"imported\":0,\"already_present\":0,\"skipped_cancelled\":0,"
            "\"unmatched_sku\":0,\"errors\":[]}");
  // Two units of an unknown SKU: two sales, one unmatched line; again: both present.
  const std::string csv =
      "CAST('Sales Record Number,Order Number,Item Title,Custom Label,Quantity,Sold For,Sale Date\n"
      "1,9-9,Scarf,NOPE,2,$10.00,Mar-05-25\n' AS BLOB)";
  EXPECT_EQ(db.text("SELECT vl_import_sales(" + csv + ")"),
            "{\"platform\":\"ebay\",\"read\":1,\"imported\":2,\"already_present\":0,\"skipped_cancelled\":0,"
            "\"unmatched_sku\":1,\"errors\":[]}");
  EXPECT_EQ(db.table("SELECT import_key FROM vl_imported_sales ORDER BY 1"), "ebay:9-9:NOPE/1\nebay:9-9:NOPE/2");
  EXPECT_EQ(db.text("SELECT vl_import_sales(" + csv + ", 'ebay', 'u1')"),
            "{\"platform\":\"ebay\",\"read\":1,\"imported\":0,\"already_present\":2,\"skipped_cancelled\":0,"
            "\"unmatched_sku\":0,\"errors\":[]}");
}

// The plan (core/vtab.h): idxNum bit i = argument i given; the source is required.
TEST(MarketplaceCsv, QueryPlanTakesTheArgumentsItIsGiven) {
  Db db;
  EXPECT_EQ(db.plan("SELECT * FROM vl_marketplace_csv('x.csv')"), "SCAN vl_marketplace_csv VIRTUAL TABLE INDEX 1:");
  EXPECT_EQ(db.plan("SELECT * FROM vl_marketplace_csv('x.csv', 'ebay')"),
            "SCAN vl_marketplace_csv VIRTUAL TABLE INDEX 3:");
  EXPECT_EQ(db.error("SELECT * FROM vl_marketplace_csv"), "no query solution");
}
