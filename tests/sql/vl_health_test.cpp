// vl_health: a fresh database is all ok; each check sees the damage done to
// it on purpose through a plain connection (the extension never loaded).
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <thread>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "tests/support/testdb.h"

using vltest::Db;

namespace {

const std::vector<std::string> kChecks = {
    "schema_version", "tables",     "indexes",           "triggers",
    "foreign_keys",   "fts",        "sold_out_listings", "net_profit",
    "plaintext_secrets", "unbound_secrets", "negative_quantities"};

// name -> "status|detail"
std::map<std::string, std::string> health(Db& db, const std::string& from = "vl_health") {
  std::map<std::string, std::string> out;
  sqlite3_stmt* s = nullptr;
  std::string sql = "SELECT name, status, detail FROM " + from;
  if (sqlite3_prepare_v2(db.get(), sql.c_str(), -1, &s, nullptr) != SQLITE_OK) {
    ADD_FAILURE() << sqlite3_errmsg(db.get());
    return out;
  }
  while (sqlite3_step(s) == SQLITE_ROW) {
    out[reinterpret_cast<const char*>(sqlite3_column_text(s, 0))] =
        std::string(reinterpret_cast<const char*>(sqlite3_column_text(s, 1))) + "|" +
        reinterpret_cast<const char*>(sqlite3_column_text(s, 2));
  }
  sqlite3_finalize(s);
  return out;
}

std::string status(Db& db, const std::string& check) {
  std::string v = health(db)[check];
  return v.substr(0, v.find('|'));
}
std::string detail(Db& db, const std::string& check) {
  std::string v = health(db)[check];
  return v.substr(v.find('|') + 1);
}

class VlHealth : public ::testing::Test {
 protected:
  void SetUp() override {
    path = vltest::temp_path("vl_health.db");
    db = std::make_unique<Db>(path);
    db->exec("PRAGMA synchronous = OFF; SELECT vl_migrate()");
    db->exec(
        "INSERT INTO users(id, email, password_hash, username) VALUES "
        "('u1', 'a@example.com', 'h', 'a');"
        "INSERT INTO inventory(id, user_id, title, list_price, cost_price, quantity, status) "
        "VALUES ('i1', 'u1', 'Wool coat', 80, 20, 2, 'active');"
        "INSERT INTO listings(id, inventory_id, user_id, platform, title, price, status) "
        "VALUES ('l1', 'i1', 'u1', 'ebay', 'Wool coat', 80, 'active');"
        "INSERT INTO sales(id, user_id, inventory_id, platform, sale_price, platform_fee, "
        "shipping_cost) VALUES ('s1', 'u1', 'i1', 'ebay', 80, 10, 5)");
  }
  // A connection that never loaded the extension, with the domain triggers
  // (which would refuse or repair the damage) dropped; the FTS triggers stay.
  std::unique_ptr<Db> vandal() {
    auto plain = std::make_unique<Db>(path, false);
    plain->exec("PRAGMA foreign_keys = OFF; PRAGMA synchronous = OFF; BEGIN");
    for (const auto& name :
         plain->rows("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name NOT IN "
                     "('inventory_ai', 'inventory_au', 'inventory_ad')")) {
      plain->exec("DROP TRIGGER \"" + name + "\"");
    }
    plain->exec("COMMIT");
    return plain;
  }
  void expect_only_problems(std::initializer_list<std::string> expected) {
    auto h = health(*db);
    for (const auto& c : kChecks) {
      bool want = std::find(expected.begin(), expected.end(), c) != expected.end();
      EXPECT_EQ(h[c].substr(0, h[c].find('|')), want ? "problem" : "ok") << c << ": " << h[c];
    }
  }
  std::string path;
  std::unique_ptr<Db> db;
};

TEST_F(VlHealth, FreshDatabaseIsAllOk) {
  EXPECT_EQ(db->table("SELECT group_concat(name, ',') FROM vl_health"),
            "schema_version,tables,indexes,triggers,foreign_keys,fts,sold_out_listings,"
            "net_profit,plaintext_secrets,unbound_secrets,negative_quantities");
  for (const auto& [name, v] : health(*db)) EXPECT_EQ(v.substr(0, 3), "ok|") << name << " " << v;
  EXPECT_EQ(db->integer("SELECT net_profit FROM sales WHERE id = 's1'"), 45);
  // Also an empty one, and one where the user added things of their own.
  Db fresh;
  fresh.exec("SELECT vl_migrate()");
  EXPECT_EQ(fresh.integer("SELECT count(*) FROM vl_health WHERE status <> 'ok'"), 0);
  db->exec(
      "PRAGMA foreign_keys = OFF;"
      "ALTER TABLE inventory ADD COLUMN my_extra TEXT;"
      "CREATE TABLE _litestream_seq(id INTEGER PRIMARY KEY, seq INTEGER);"
      "CREATE TABLE mine(user_ref TEXT REFERENCES users(id));"
      "INSERT INTO mine VALUES ('ghost');"
      "CREATE INDEX my_index ON inventory(color);"
      "CREATE TRIGGER my_trigger AFTER INSERT ON mine BEGIN SELECT 1; END;"
      "ANALYZE");
  expect_only_problems({});
}

TEST_F(VlHealth, SchemaVersionNotMigrated) {
  Db empty;
  EXPECT_EQ(health(empty)["schema_version"],
            "problem|database 'main' is not migrated: run SELECT vl_migrate()");
  EXPECT_EQ(health(empty)["tables"].substr(0, 17), "problem|missing: ");
  EXPECT_EQ(health(empty)["net_profit"].substr(0, 22), "problem|cannot check: ");
}

TEST_F(VlHealth, SchemaVersionNewerOrChanged) {
  auto plain = vandal();
  plain->exec("UPDATE vl_schema_migrations SET checksum = 'x' WHERE version = 1");
  std::string count = db->text("SELECT count(*) FROM vl_migrations");
  EXPECT_EQ(health(*db)["schema_version"],
            "problem|version " + count + " of " + count + ", changed since applied: 0001_core");
  plain->exec("INSERT INTO vl_schema_migrations(version, name, checksum) VALUES (999, 'x', 'y')");
  EXPECT_EQ(health(*db)["schema_version"],
            "problem|version 999 is newer than this build knows (" + count +
                "): use a newer vaultlister");
  plain->exec("DELETE FROM vl_schema_migrations WHERE version <> 1");
  EXPECT_EQ(detail(*db, "schema_version").rfind("version 1 of " + count + ", pending: 0002_tables", 0), 0u)
      << detail(*db, "schema_version");
}

TEST_F(VlHealth, MissingAndAlteredTables) {
  auto plain = vandal();
  plain->exec("DROP TABLE bundle_items");
  EXPECT_EQ(health(*db)["tables"], "problem|missing: bundle_items");
  plain->exec("ALTER TABLE rum_metrics DROP COLUMN connection_type");
  EXPECT_EQ(health(*db)["tables"],
            "problem|missing: bundle_items; altered: rum_metrics.connection_type missing");
  plain->exec(
      "CREATE TABLE bundle_items(id TEXT, bundle_id TEXT, inventory_id TEXT, listing_id TEXT, "
      "allocated_price REAL, created_at DATETIME)");
  std::string d = detail(*db, "tables");
  EXPECT_NE(d.find("altered: bundle_items.id differs"), std::string::npos) << d;
}

TEST_F(VlHealth, MissingAndAlteredIndexes) {
  auto plain = vandal();
  plain->exec("DROP INDEX idx_sales_status");
  EXPECT_EQ(health(*db)["indexes"], "problem|missing: idx_sales_status");
  plain->exec("CREATE INDEX idx_sales_status ON sales(status, platform)");
  EXPECT_EQ(health(*db)["indexes"], "problem|altered: idx_sales_status");
}

TEST_F(VlHealth, MissingAndAlteredTriggers) {
  Db plain(path, false);
  plain.exec("DROP TRIGGER inventory_ad");
  EXPECT_EQ(health(*db)["triggers"], "problem|missing: inventory_ad");
  plain.exec(
      "CREATE TRIGGER inventory_ad AFTER DELETE ON inventory BEGIN SELECT 1; END");
  EXPECT_EQ(health(*db)["triggers"], "problem|altered: inventory_ad");
  db->exec("SELECT vl_install_triggers()");
  expect_only_problems({});
}

TEST_F(VlHealth, ForeignKeys) {
  auto plain = vandal();
  plain->exec(
      "INSERT INTO listings(id, inventory_id, user_id, platform, title, price) "
      "VALUES ('l2', 'ghost', 'u1', 'etsy', 'Nothing', 1)");
  std::string rowid = plain->text("SELECT rowid FROM listings WHERE id = 'l2'");
  EXPECT_EQ(health(*db)["foreign_keys"],
            "problem|1 dangling: listings rowid " + rowid + " -> inventory");
}

TEST_F(VlHealth, FtsIndexOutOfStep) {
  Db plain(path, false);
  plain.exec("INSERT INTO inventory_fts(rowid, id, title) VALUES (9999, 'ghost', 'Ghost')");
  std::string d = detail(*db, "fts");
  EXPECT_EQ(status(*db, "fts"), "problem");
  EXPECT_EQ(d.rfind("inventory_fts does not match inventory (", 0), 0u) << d;
  expect_only_problems({"fts"});
  plain.exec("INSERT INTO inventory_fts(inventory_fts) VALUES ('rebuild')");
  expect_only_problems({});
}

TEST_F(VlHealth, OnlyReads) {
  // Inside a caller's transaction, the caller's own writes survive the
  // check's rolled-back savepoint.
  db->exec("BEGIN; INSERT INTO users(id, email, password_hash, username) VALUES "
           "('u9', 'z@example.com', 'h', 'z')");
  EXPECT_EQ(status(*db, "fts"), "ok");
  db->exec("COMMIT");
  EXPECT_EQ(db->integer("SELECT count(*) FROM users WHERE id = 'u9'"), 1);
  long long before = db->integer("PRAGMA data_version");
  Db other(path);
  EXPECT_EQ(other.integer("SELECT count(*) FROM vl_health WHERE status = 'ok'"), 11);
  EXPECT_EQ(db->integer("PRAGMA data_version"), before);  // the other connection wrote nothing
  // A read-only file: everything but the write-shaped FTS5 check runs.
  Db readonly(path, true, SQLITE_OPEN_READONLY);
  auto h = health(readonly);
  EXPECT_EQ(h["fts"], "problem|cannot check: the database is read-only");
  EXPECT_EQ(h["net_profit"].substr(0, 3), "ok|");
}

TEST_F(VlHealth, SoldOutListings) {
  auto plain = vandal();
  plain->exec("UPDATE inventory SET quantity = 0 WHERE id = 'i1'");
  EXPECT_EQ(health(*db)["sold_out_listings"],
            "problem|1 live listings of sold-out items: l1");
  plain->exec("UPDATE inventory SET quantity = 3, status = 'deleted' WHERE id = 'i1'");
  EXPECT_EQ(status(*db, "sold_out_listings"), "problem");
  plain->exec("UPDATE listings SET status = 'ended' WHERE id = 'l1'");
  EXPECT_EQ(status(*db, "sold_out_listings"), "ok");
}

TEST_F(VlHealth, NetProfit) {
  auto plain = vandal();
  plain->exec("UPDATE sales SET net_profit = 99 WHERE id = 's1'");
  plain->exec(
      "INSERT INTO sales(id, user_id, platform, sale_price, platform_fee, net_profit) VALUES "
      "('s2', 'u1', 'etsy', 10, NULL, 10), ('s3', 'u1', 'etsy', 10, 1, NULL)");
  EXPECT_EQ(health(*db)["net_profit"], "problem|2 sales disagree with the formula: s1, s3");
  plain->exec("UPDATE sales SET net_profit = 45 WHERE id = 's1'");
  plain->exec("UPDATE inventory SET cost_price = 21 WHERE id = 'i1'");
  EXPECT_EQ(health(*db)["net_profit"], "problem|2 sales disagree with the formula: s1, s3");
}

TEST_F(VlHealth, PlaintextSecrets) {
  auto plain = vandal();
  std::string gcm = "gcm:" + std::string(24, 'a') + ":" + std::string(32, 'b') + ":0f";
  std::string legacy = std::string(32, 'c') + ":" + std::string(32, 'd');
  plain->exec("INSERT INTO shops(id, user_id, platform, credentials) VALUES "
              "('sh1', 'u1', 'ebay', '" + gcm + "'), ('sh2', 'u1', 'etsy', '" + legacy +
              "'), ('sh3', 'u1', 'poshmark', NULL), ('sh4', 'u1', 'mercari', '')");
  EXPECT_EQ(status(*db, "plaintext_secrets"), "ok");
  plain->exec("INSERT INTO shops(id, user_id, platform, credentials) VALUES "
              "('sh5', 'u1', 'depop', '{\"password\":\"hunter2\"}')");
  plain->exec("INSERT INTO webhooks(id, user_id, url, secret) VALUES "
              "('w1', 'u1', 'https://example.com', 'gcm:short:aa:bb')");
  std::string h = health(*db)["plaintext_secrets"];
  EXPECT_EQ(h, "problem|2 plaintext values: shops.credentials of sh5, webhooks.secret of w1");
  EXPECT_EQ(h.find("hunter2"), std::string::npos);
  // Legacy files carry OAuth token columns: checked when present.
  plain->exec("DELETE FROM shops WHERE id = 'sh5'; DELETE FROM webhooks;"
              "ALTER TABLE shops ADD COLUMN oauth_token TEXT;"
              "ALTER TABLE shops ADD COLUMN oauth_refresh_token TEXT;"
              "UPDATE shops SET oauth_refresh_token = 'rt-123' WHERE id = 'sh2'");
  EXPECT_EQ(health(*db)["plaintext_secrets"],
            "problem|1 plaintext values: shops.oauth_refresh_token of sh2");
}

// Without the key: the v2 envelope says in its authenticated header whether
// it was bound (encrypted with an aad); gcm:, legacy CBC and unbound v2 are
// named. Plaintext is the other check's business, not counted here.
TEST_F(VlHealth, UnboundSecrets) {
  db->exec("SELECT vl_set_key('a passphrase for the health test, 32+ characters')");
  db->exec("INSERT INTO shops(id, user_id, platform, credentials) VALUES "
           "('sh1', 'u1', 'ebay', encrypt('{}', NULL, json_array('shops', 'credentials', 'sh1'))), "
           "('sh2', 'u1', 'etsy', encrypt('{}', x'" + std::string(64, '1') + "', json_array('shops', 'credentials', 'sh2')))");
  db->exec("INSERT INTO webhooks(id, user_id, url, secret) VALUES "
           "('w1', 'u1', 'https://example.com', encrypt('s', NULL, json_array('webhooks', 'secret', 'w1')))");
  EXPECT_EQ(health(*db)["unbound_secrets"], "ok|every encrypted secret is bound to its row");
  db->exec("INSERT INTO shops(id, user_id, platform, credentials) VALUES "
           "('sh3', 'u1', 'depop', encrypt('{}')), "                                   // v2, no aad
           "('sh4', 'u1', 'mercari', encrypt('{}', x'" + std::string(64, '2') + "')), "  // gcm:
           "('sh5', 'u1', 'poshmark', NULL)");
  auto plain = vandal();
  plain->exec("INSERT INTO shops(id, user_id, platform, credentials) VALUES "
              "('sh7', 'u1', 'vinted', '" + std::string(32, 'c') + ":" + std::string(32, 'd') + "'), "
              "('sh8', 'u1', 'kidizen', 'not encrypted'), ('sh6', 'u1', 'grailed', '')");
  std::string h = health(*db)["unbound_secrets"];
  EXPECT_EQ(h, "problem|3 values not bound to their row (1 legacy cbc, 1 gcm, 1 v2 without aad): "
               "shops.credentials of sh3, shops.credentials of sh4, shops.credentials of sh7");
  EXPECT_EQ(health(*db)["plaintext_secrets"], "problem|1 plaintext values: shops.credentials of sh8");
  // A flipped binding flag is still counted by what the envelope says; it
  // would not open (the header is authenticated: crypto_test).
  plain->exec("UPDATE shops SET credentials = replace(credentials, 'v2:sb:', 'v2:su:') WHERE id = 'sh1'");
  EXPECT_NE(health(*db)["unbound_secrets"].find("shops.credentials of sh1"), std::string::npos);
}

TEST_F(VlHealth, NegativeQuantities) {
  auto plain = vandal();
  plain->exec("PRAGMA ignore_check_constraints = ON");
  plain->exec("UPDATE inventory SET quantity = -1 WHERE id = 'i1'");
  plain->exec("UPDATE listings SET price = -5 WHERE id = 'l1'");
  EXPECT_EQ(health(*db)["negative_quantities"],
            "problem|2 negative values: inventory.quantity of i1, listings.price of l1");
}

TEST_F(VlHealth, CannotCheckIsAProblem) {
  auto plain = vandal();
  plain->exec("PRAGMA foreign_keys = OFF; DROP TABLE returns; DROP TABLE bundles; "
              "DROP TABLE bundle_items; DROP TABLE sustainability_log; DROP TABLE sales");
  std::string h = health(*db)["net_profit"];
  EXPECT_EQ(h.rfind("problem|cannot check: ", 0), 0u) << h;
  EXPECT_NE(h.find("no such table"), std::string::npos) << h;
}

TEST_F(VlHealth, ManyFindingsAreCounted) {
  auto plain = vandal();
  plain->exec(
      "WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < 7) "
      "INSERT INTO sales(id, user_id, platform, sale_price, net_profit) "
      "SELECT 'x' || k, 'u1', 'ebay', 10, 0 FROM n");
  EXPECT_EQ(health(*db)["net_profit"],
            "problem|7 sales disagree with the formula: x1, x2, x3, x4, x5, ... (7 in all)");
}

TEST(VlHealthSchema, AttachedAndRefusals) {
  Db db;
  db.exec("ATTACH ':memory:' AS \"aux db\"; SELECT vl_migrate('aux db')");
  EXPECT_EQ(db.integer("SELECT count(*) FROM vl_health('aux db') WHERE status = 'ok'"), 11);
  EXPECT_EQ(db.text("SELECT status FROM vl_health WHERE name = 'schema_version'"), "problem");
  EXPECT_EQ(db.integer("SELECT count(*) FROM vl_health WHERE schema = 'aux db' AND status = 'ok'"),
            11);
  EXPECT_EQ(db.error("SELECT * FROM vl_health('nope')"),
            "vaultlister: vl_health: no database named 'nope' (main or the name of an attached "
            "database)");
  EXPECT_EQ(db.error("SELECT * FROM vl_health(NULL)"),
            "vaultlister: vl_health: schema is NULL (text)");
  EXPECT_EQ(db.error("SELECT * FROM vl_health(x'00')"),
            "vaultlister: vl_health: schema is a blob (text)");
  EXPECT_EQ(db.error("SELECT * FROM vl_health(CAST(x'ff' AS TEXT))"),
            "vaultlister: vl_health: schema is not valid UTF-8 (UTF-8 text)");
  EXPECT_EQ(db.error("SELECT * FROM vl_health('main', 1)"),
            "too many arguments on vl_health() - max 1");
}

}  // namespace

// The fts check needs the write lock for a moment (FTS5's integrity-check is
// an INSERT that is rolled back). While another connection writes it waits
// under the busy timeout like any writer, instead of reporting a healthy
// index as locked.
TEST(VlHealthConcurrency, FtsCheckWaitsForAWriterInsteadOfFailing) {
  std::string path = vltest::temp_path("health-busy.db");
  {
    vltest::Db setup(path);
    setup.exec("PRAGMA journal_mode = WAL; SELECT vl_migrate()");
  }
  vltest::Db writer(path, false);
  vltest::Db reader(path);
  sqlite3_busy_timeout(reader.get(), 10000);
  writer.exec("BEGIN IMMEDIATE; INSERT INTO users(email, password_hash, username) VALUES ('w@x', 'h', 'w')");
  std::thread release([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    writer.exec("COMMIT");
  });
  std::string fts = reader.text("SELECT status || '|' || detail FROM vl_health WHERE name = 'fts'");
  release.join();
  EXPECT_EQ(fts, "ok|inventory_fts matches inventory");
  // With a busy timeout shorter than the writer's transaction it says so.
  writer.exec("BEGIN IMMEDIATE");
  sqlite3_busy_timeout(reader.get(), 50);
  EXPECT_EQ(reader.text("SELECT status || '|' || detail FROM vl_health WHERE name = 'fts'"),
            "problem|cannot check: another connection held the write lock past the busy timeout");
  writer.exec("COMMIT");
}

TEST(HealthEdges, ColumnsDifferingInOneAttributeEach) {
  vltest::ShopFile s("health-edges-columns.db");
  auto plain = s.vandal();
  // feature_flags as ours, but: id not the primary key, name nullable,
  // enabled with another default, description generated.
  plain->exec(
      "DROP TABLE feature_flags;"
      "CREATE TABLE feature_flags (id TEXT NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || "
      "lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + "
      "(random() & 3), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))), "
      "name TEXT UNIQUE, description TEXT GENERATED ALWAYS AS ('x') VIRTUAL, enabled INTEGER DEFAULT 1, "
      "rollout_percentage INTEGER DEFAULT 100, target_tiers TEXT DEFAULT '[]', target_users TEXT DEFAULT '[]', "
      "conditions TEXT DEFAULT '{}', created_at DATETIME DEFAULT CURRENT_TIMESTAMP, "
      "updated_at DATETIME DEFAULT CURRENT_TIMESTAMP)");
  EXPECT_EQ(s.health("tables"),
            "problem|altered: feature_flags.id differs, feature_flags.name differs, feature_flags.description "
            "differs, feature_flags.enabled differs");
  // An index missing and another altered are both named.
  plain->exec("DROP INDEX idx_sales_status; DROP INDEX idx_tasks_user_id; "
              "CREATE INDEX idx_tasks_user_id ON tasks(user_id, status)");
  EXPECT_EQ(s.health("indexes"), "problem|missing: idx_sales_status; altered: idx_tasks_user_id");
}

TEST(HealthEdges, EnvelopeShapes) {
  vltest::ShopFile s("health-edges-envelopes.db");
  auto plain = s.vandal();
  const std::string iv = std::string(24, 'a'), tag = std::string(32, 'b');
  const std::vector<std::string> good = {
      "gcm:" + iv + ":" + tag + ":",                      // an empty plaintext
      "gcm:" + iv + ":" + tag + ":ABCDEF0123",            // upper-case hex
      std::string(32, 'C') + ":" + std::string(64, 'd'),  // legacy CBC, two blocks
  };
  const std::vector<std::string> bad = {
      "gcm:" + iv + "a:" + tag + ":00",              // the iv one digit long
      "gcm:" + iv + ":" + tag + "b:00",              // the tag one digit long
      "gcm:" + iv.substr(1) + "g:" + tag + ":00",    // not hex
      "gcm:" + iv + ":" + tag.substr(1) + "G:00",
      "gcm:" + iv + ":" + tag + ":0",                // odd ciphertext
      "gcm:" + iv + ":" + tag + ":zz",
      "gcm:" + iv + ":" + tag,                       // too short
      std::string(32, 'c') + ":" + std::string(30, 'd'),
      std::string(31, 'c') + "::" + std::string(32, 'd'),
      std::string(31, 'c') + "x:" + std::string(32, 'd'),
      std::string(32, 'c') + ":" + std::string(31, 'd') + "x",
      std::string(32, 'c') + ":" + std::string(48, 'd'),  // not whole blocks
      std::string(33, 'c') + ":" + std::string(32, 'd'),  // no ':' after the iv
  };
  int n = 0;
  for (const auto& v : good)
    plain->exec("INSERT INTO webhooks(id, user_id, url, secret) VALUES ('g" + std::to_string(n++) +
                "', 'u1', 'https://example.com', '" + v + "')");
  EXPECT_EQ(s.health("plaintext_secrets"), "ok|every secret is encrypted");
  n = 10;
  for (const auto& v : bad)
    plain->exec("INSERT INTO webhooks(id, user_id, url, secret) VALUES ('w" + std::to_string(n++) +
                "', 'u1', 'https://example.com', '" + v + "')");
  EXPECT_EQ(s.health("plaintext_secrets"),
            "problem|13 plaintext values: webhooks.secret of w10, webhooks.secret of w11, webhooks.secret of w12, "
            "webhooks.secret of w13, webhooks.secret of w14, ... (13 in all)");
  EXPECT_EQ(s.db.integer("SELECT count(*) FROM webhooks"), 16);
}

TEST(HealthEdges, DanglingRowsOfATableWithoutRowids) {
  vltest::ShopFile s("health-edges-fk.db");
  auto plain = s.vandal();
  plain->exec("INSERT INTO inventory_tags(inventory_id, tag_id) VALUES ('i1', 'no-such-tag')");
  EXPECT_EQ(s.health("foreign_keys"), "problem|1 dangling: inventory_tags rowid ? -> tags");
}

// The plan (core/vtab.h): idxNum bit 0 = the optional schema given.
TEST(Health, QueryPlanTakesTheSchemaItIsGiven) {
  Db db;
  EXPECT_EQ(db.plan("SELECT * FROM vl_health"), "SCAN vl_health VIRTUAL TABLE INDEX 0:");
  EXPECT_EQ(db.plan("SELECT * FROM vl_health('main')"), "SCAN vl_health VIRTUAL TABLE INDEX 1:");
}
