// The core helpers (ext/core: statements, write transactions, argument
// readers) through the functions that use them, at the paths the feature
// tests do not take: a read-only file, a failure inside the caller's own
// transaction, a trigger's refusal passed through word for word, numbers
// given as text, schema names that need quoting.
#include <gtest/gtest.h>

#include <string>

#include "tests/support/testdb.h"

using vltest::Db;

namespace {

// The schema and every row of every table of main.
std::string content(Db& db) {
  std::string out = db.schema_dump();
  for (const auto& t : db.rows("SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE "
                               "VIRTUAL%' ORDER BY name"))
    out += "\n== " + t + "\n" + db.table("SELECT * FROM \"" + t + "\" ORDER BY 1");
  return out;
}

const char* kSeller =
    "SELECT vl_migrate();"
    "INSERT INTO users(id, email, password_hash, username) VALUES ('u1', 'ann@example.com', 'h', 'ann');"
    "INSERT INTO inventory(id, user_id, sku, title, list_price, cost_price, quantity, status) VALUES "
    "  ('i1', 'u1', 'SKU-1', 'Wool Coat', 80, 20, 3, 'active');"
    "INSERT INTO listings(id, inventory_id, user_id, platform, title, price, status) VALUES "
    "  ('l1', 'i1', 'u1', 'ebay', 'Wool Coat', 80, 'active');"
    "INSERT INTO offers(id, user_id, listing_id, platform, offer_amount, expires_at) VALUES "
    "  ('o1', 'u1', 'l1', 'ebay', 60, '2026-01-01 00:00:00');";

const char* kMercari =
    "CAST('Item Id,Sold Date,Item Title,Order Status,Item Price,Net Seller Proceeds\n"
    "m1,2025-03-01,Hat,Completed,$20.00,$18.00\n' AS BLOB)";

}  // namespace

TEST(CoreEdges, AReadOnlyFileRefusesEveryWriter) {
  std::string path = vltest::temp_path("core-edges-ro.db");
  {
    Db db(path);
    db.exec(kSeller);
  }
  Db ro("file:" + path + "?mode=ro", true, SQLITE_OPEN_READONLY);
  std::string before = content(ro);
  EXPECT_EQ(ro.error("SELECT vl_expire_offers('2026-06-01 00:00:00')"),
            "vaultlister: vl_expire_offers: attempt to write a readonly database");
  EXPECT_EQ(ro.error(std::string("SELECT vl_import_sales(") + kMercari + ", NULL, 'u1')"),
            "vaultlister: vl_import_sales: attempt to write a readonly database");
  EXPECT_EQ(ro.error("SELECT vl_install_triggers()"),
            "vaultlister: vl_install_triggers: database 'main' is read-only (open it read-write to change its "
            "schema)");
  EXPECT_EQ(content(ro), before);
  EXPECT_EQ(sqlite3_get_autocommit(ro.get()), 1);
}

TEST(CoreEdges, AFailureInsideTheCallersTransactionUndoesOnlyItsOwnPart) {
  Db db;
  db.exec(kSeller);
  db.exec("BEGIN; INSERT INTO users(id, email, password_hash, username) VALUES ('u2', 'b@x', 'h', 'b')");
  std::string during = content(db);
  // The user is resolved after the savepoint was taken: its failure rolls
  // back to it, and the caller's transaction (and its row) stays.
  EXPECT_EQ(db.error(std::string("SELECT vl_import_sales(") + kMercari + ", NULL, 'nobody')"),
            "vaultlister: vl_import_sales: no user with id 'nobody' (the id of a row in users)");
  EXPECT_EQ(sqlite3_get_autocommit(db.get()), 0);
  EXPECT_EQ(content(db), during);
  db.exec("COMMIT");
  EXPECT_EQ(db.integer("SELECT count(*) FROM users"), 2);
}

TEST(CoreEdges, ATriggersRefusalComesThroughAsItIs) {
  Db db;
  db.exec(kSeller);
  std::string before = content(db);
  // A refunded line "(20.00)" reads as -20: the sales trigger refuses the
  // sale in its own words, and nothing of the import is kept.
  EXPECT_EQ(db.error("SELECT vl_import_sales(CAST('Item Id,Sold Date,Item Title,Order Status,Item Price,Net Seller "
                     "Proceeds\nm1,2025-03-01,Hat,Completed,$5.00,$4.00\nm2,2025-03-01,Cap,Completed,(20.00),$0.00\n' "
                     "AS BLOB), NULL, 'u1')"),
            "vaultlister: sales: sale_price must be a number >= 0 (got a negative or non-numeric value)");
  EXPECT_EQ(content(db), before);
}

TEST(CoreEdges, NumbersGivenAsText) {
  Db db;
  db.exec("SELECT vl_migrate()");
  EXPECT_DOUBLE_EQ(db.real("SELECT net_profit(' \t12.50\t ', '0.5', '+2', '1e0')"), 9.0);
  EXPECT_EQ(db.integer("SELECT length(vl_random_token('12'))"), 16);
  EXPECT_EQ(db.integer("SELECT length(vl_random_token(3.0))"), 4);
  for (const char* bad : {"'0x10'", "'inf'", "'1e400'", "'12abc'", "''", "'   '", "printf('%.70c', '1')"}) {
    EXPECT_EQ(db.error(std::string("SELECT net_profit(") + bad + ", 0, 0, 0)"),
              "vaultlister: net_profit: sale_price is text that is not a number (a number)")
        << bad;
  }
  vltest::expect_errors(db, {
      {"SELECT vl_random_token(1.5)", "vaultlister: vl_random_token: nbytes is not a whole number (an integer)"},
      {"SELECT vl_random_token(1e16)", "vaultlister: vl_random_token: nbytes is not a whole number (an integer)"},
      {"SELECT vl_random_token('many')",
       "vaultlister: vl_random_token: nbytes is text that is not a number (a number)"},
      {"SELECT platform_fee('ebay', 9e999)", "vaultlister: platform_fee: sale_price is not finite (a number)"},
  });
}

TEST(CoreEdges, AnUnmigratedAttachedSchemaIsNamedQuoted) {
  Db db;
  db.exec("ATTACH ':memory:' AS \"o'neil\"");
  EXPECT_EQ(db.text("SELECT detail FROM vl_health('o''neil') WHERE name = 'schema_version'"),
            "database 'o'neil' is not migrated: run SELECT vl_migrate('o''neil')");
}
