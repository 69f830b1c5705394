// Adoption: vl_migrate() on a file the VaultLister web application built
// (tests/fixtures/legacy/vaultlister_app.sql, from reference/legacy-databases.md).
// Every test snapshots the file before, adopts it, and compares after.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <map>
#include <set>

#include "tests/support/testdb.h"

using vltest::Db;

namespace {

const char* kRows = R"sql(
PRAGMA ignore_check_constraints = ON;  -- the app's own CHECK never allowed 'otl', yet rows hold it
INSERT INTO users(id, email, password_hash, username, subscription_tier, is_admin, mfa_secret, created_at) VALUES
  ('u1', 'ann@example.com', 'h1', 'ann', 'pro', 1, 'JBSWY3DPEHPK3PXP', '2025-01-05T09:00:00.000Z'),
  ('u2', 'bob@example.com', 'h2', 'bob', 'free', 0, NULL, '2025-01-06 10:00:00');
INSERT INTO sessions(id, user_id, refresh_token, expires_at) VALUES ('se1', 'u1', 'tok1', '2026-12-01 00:00:00');
INSERT INTO inventory(id, user_id, sku, title, description, brand, list_price, cost_price, status, tags,
                      bin_location, supplier, created_at) VALUES
  ('i1', 'u1', 'SKU-1', 'Red Velvet Dress', 'A dress', 'Zara', 40, 10, 'active', '["party"]', 'A-01', 'thrift', '2025-03-01T10:00:00.000Z'),
  ('i2', 'u1', 'SKU-2', 'Blue Denim Jacket', 'A jacket', 'Levi''s', 55, 20, 'active', '[]', 'B-07', NULL, '2025-03-02 11:00:00'),
  ('i3', 'u2', NULL, 'Leather Boots', NULL, NULL, 80, 0, 'draft', '[]', NULL, NULL, '2025-03-03 12:00:00');
UPDATE inventory SET title = 'Green Velvet Dress' WHERE id = 'i1';
-- What years of the broken triggers left behind: an entry for a row long gone.
INSERT INTO inventory_fts(rowid, id, title, description, brand, tags) VALUES (1000, 'gone', 'Obsolete Zebra Lamp', '', '', '[]');
INSERT INTO listings(id, inventory_id, user_id, platform, title, price, status, folder_id, refresh_count, notes, listed_at) VALUES
  ('l1', 'i1', 'u1', 'poshmark', 'Green Velvet Dress', 45, 'active', 'f1', 3, 'bump weekly', '2025-03-04T08:30:00.000Z'),
  ('l2', 'i2', 'u1', 'ebay', 'Blue Denim Jacket', 60, 'active', NULL, 0, NULL, '2025-03-05 09:00:00');
INSERT INTO sales(id, user_id, listing_id, inventory_id, platform, sale_price, platform_fee, shipping_cost, net_profit, item_cost) VALUES
  ('s1', 'u1', 'l2', 'i2', 'ebay', 60, 7.8, 5, 99.99, 20);
INSERT INTO offers(id, user_id, listing_id, platform, offer_amount, buyer_name, listing_price, message) VALUES
  ('o1', 'u1', 'l1', 'poshmark', 35, 'Carol', 45, 'would you take 35?');
INSERT INTO shops(id, user_id, platform, credentials, oauth_provider, oauth_token, oauth_refresh_token, connection_type) VALUES
  ('sh1', 'u1', 'ebay', 'gcm:000102030405060708090a0b:000102030405060708090a0b0c0d0e0f:abcd', 'ebay',
   '000102030405060708090a0b0c0d0e0f:00112233445566778899aabbccddeeff', NULL, 'oauth');
INSERT INTO automation_rules(id, user_id, name, type, platform, sort_order, tags) VALUES
  ('r1', 'u1', 'Offer to likers', 'otl', 'poshmark', 3, 'weekend'),
  ('r2', 'u1', 'Share closet', 'share', 'poshmark', 1, NULL);
INSERT INTO analytics_snapshots(id, user_id, date, platform, metrics) VALUES
  ('a1', 'u1', '2025-03-01', NULL, '{"sales":2}'), ('a2', 'u1', '2025-03-01', 'ebay', '{"sales":1}');
INSERT INTO tasks(id, user_id, type, payload) VALUES ('t1', 'u1', 'sync', '{"shop":"sh1"}');
INSERT INTO chat_messages(room, body, sent_at) VALUES ('general', 'hello', '2025-02-01 10:00:00'), ('general', 'hi', NULL);
INSERT INTO calendar_events(id, user_id, starts_at, title) VALUES ('c1', 'u1', '2025-04-01T09:00:00.000Z', 'Pickup');
INSERT INTO user_webhooks(id, user_id, name, url, secret, events, headers, is_active, created_at, last_triggered_at,
                          failure_count) VALUES
  ('w1', 'u1', 'Sales to Zapier', 'https://hooks.example.com/sales', 'whsec_3f9a1c', '["sale.created"]',
   '{"X-Team":"ops"}', 1, '2025-03-05 09:00:00', '2025-03-06T12:00:01.000Z', 0),
  ('w2', 'u2', 'Old endpoint', 'http://old.example.com/hook', 'whsec_77d0e2', '[]', NULL, 0, '2025-01-07 10:00:00', NULL, 4);
INSERT INTO webhook_deliveries(id, webhook_id, event_type, payload, status, status_code, created_at) VALUES
  ('d1', 'w1', 'sale.created', '{"sale_id":"s1"}', 'delivered', 200, '2025-03-06 12:00:00'),
  ('d2', 'w2', 'sale.created', '{"sale_id":"s0"}', 'failed', 500, '2025-01-08 10:00:00');
PRAGMA ignore_check_constraints = OFF;
)sql";

// A legacy file on disk, written by a connection that never loaded us, in WAL
// like the application ran it. `variant` runs after the base layout and rows.
std::string legacy_file(const std::string& name, const std::string& variant = "") {
  std::string path = vltest::temp_path(name);
  Db plain(path, false);
  plain.exec("PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON");
  plain.exec(vltest::read_source("tests/fixtures/legacy/vaultlister_app.sql"));
  plain.exec(kRows);
  if (!variant.empty()) plain.exec(variant);
  return path;
}

// Every value of every column of every table, keyed "table.column", in rowid order.
std::map<std::string, std::vector<std::string>> values(Db& db) {
  std::map<std::string, std::vector<std::string>> out;
  for (const std::string& t : db.rows("SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' "
                                      "AND name NOT LIKE 'inventory_fts%' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'vl_%'")) {
    bool rowid = db.text("SELECT sql FROM sqlite_master WHERE name = '" + t + "'").find("WITHOUT ROWID") == std::string::npos;
    for (const std::string& c : db.rows("SELECT name FROM pragma_table_xinfo('" + t + "')")) {
      out[t + "." + c] = db.rows("SELECT quote(\"" + c + "\") FROM \"" + t + "\" ORDER BY " + (rowid ? "rowid" : "1"));
    }
  }
  return out;
}

// The whole file's content: schema and every row, for "left exactly as it was".
std::string content(Db& db) {
  std::string out = db.schema_dump();
  for (const auto& [k, v] : values(db)) {
    out += "\n" + k + ":";
    for (const auto& x : v) out += " " + x;
  }
  return out;
}

std::set<std::string> names(Db& db, const std::string& type) {
  std::set<std::string> out;
  for (const auto& n : db.rows("SELECT name FROM sqlite_master WHERE type = '" + type + "'")) out.insert(n);
  return out;
}

}  // namespace

TEST(Adopt, KeepsEveryRowAndValueAndConformsTheSchema) {
  std::string path = legacy_file("adopt-main.db");
  Db db(path);
  auto before = values(db);
  std::string untouched_before = db.table(
      "SELECT type || ' ' || name || ': ' || coalesce(sql, '') FROM sqlite_master "
      "WHERE name IN ('migrations', 'chat_messages', 'calendar_events', 'inventory_deletions', 'active_inventory') ORDER BY name");
  std::string seq_before = db.table("SELECT name, seq FROM sqlite_sequence WHERE name IN ('migrations', 'chat_messages') ORDER BY name");

  std::string report = db.text("SELECT vl_migrate()");
  EXPECT_NE(report.find("\"adopted\":{\"migrations\":[\"0001_core\",\"0002_tables\"]"), std::string::npos) << report;
  EXPECT_NE(report.find("\"listings.folder_id\""), std::string::npos) << report;
  EXPECT_NE(report.find("\"fts_rows\":3"), std::string::npos) << report;

  // Every value of the file is still there, under the same column name, except the one
  // normalization the spec asks for.
  auto after = values(db);
  for (const auto& [key, vals] : before) {
    SCOPED_TRACE(key);
    ASSERT_TRUE(after.count(key));
    if (key == "analytics_snapshots.platform") {
      EXPECT_EQ(after[key], (std::vector<std::string>{"'all'", "'ebay'"}));
    } else {
      EXPECT_EQ(after[key], vals);
    }
  }
  EXPECT_EQ(db.text("SELECT is_admin || bin_location FROM users, inventory WHERE users.id = 'u1' AND inventory.id = 'i1'"), "1A-01");
  EXPECT_EQ(db.text("SELECT sort_order || '|' || type FROM automation_rules WHERE id = 'r1'"), "3|otl");
  EXPECT_EQ(db.text("SELECT item_cost FROM sales WHERE id = 's1'"), "20.0");
  // Stored history is kept, even where it disagrees with the formula.
  EXPECT_EQ(db.text("SELECT net_profit FROM sales WHERE id = 's1'"), "99.99");
  EXPECT_EQ(db.text("SELECT oauth_token FROM shops WHERE id = 'sh1'"),
            "000102030405060708090a0b0c0d0e0f:00112233445566778899aabbccddeeff");

  // Tables, views, sequences of the file that are not ours: exactly as they were.
  EXPECT_EQ(db.table("SELECT type || ' ' || name || ': ' || coalesce(sql, '') FROM sqlite_master "
                     "WHERE name IN ('migrations', 'chat_messages', 'calendar_events', 'inventory_deletions', 'active_inventory') ORDER BY name"),
            untouched_before);
  EXPECT_EQ(db.table("SELECT name, seq FROM sqlite_sequence WHERE name IN ('migrations', 'chat_messages') ORDER BY name"), seq_before);

  // Our schema: all tables, every index and trigger a fresh database gets.
  Db fresh;
  fresh.exec("SELECT vl_migrate()");
  for (const char* type : {"table", "index", "trigger"}) {
    SCOPED_TRACE(type);
    auto have = names(db, type);
    for (const auto& n : names(fresh, type)) EXPECT_TRUE(have.count(n)) << n;
  }
  // Every column of ours, with our declared type and NOT NULL, in our order. A column a later
  // migration appends (ALTER TABLE ADD COLUMN, 0006_analytics) comes after the file's own
  // extra columns; every other column of ours comes first.
  for (const auto& t : fresh.rows("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' AND sql NOT LIKE 'CREATE VIRTUAL%' AND name NOT LIKE 'inventory_fts_%'")) {
    SCOPED_TRACE(t);
    const std::string q = "SELECT name, type, \"notnull\", pk FROM pragma_table_xinfo('" + t + "') ";
    auto ours = fresh.rows(q + "ORDER BY cid");
    auto theirs = db.rows(q + "ORDER BY cid");
    ASSERT_GE(theirs.size(), ours.size());
    auto appended_ours = fresh.rows(q + "WHERE (name, '" + t + "') IN (VALUES ('shipping_charged', 'sales'), ('unit_cost', 'sales'), "
                                    "('cancelled_by', 'sales'), ('first_listed_at', 'inventory'), ('disposed_at', 'inventory'), "
                                    "('restocked_at', 'returns')) ORDER BY cid");
    const long first = static_cast<long>(ours.size() - appended_ours.size());
    EXPECT_EQ(std::vector<std::string>(theirs.begin(), theirs.begin() + first),
              std::vector<std::string>(ours.begin(), ours.begin() + first));
    EXPECT_EQ(std::vector<std::string>(theirs.end() - static_cast<long>(appended_ours.size()), theirs.end()), appended_ours);
  }
  // The file's own index, view and (non-FTS) trigger came through the rebuild.
  EXPECT_EQ(db.integer("SELECT count(*) FROM sqlite_master WHERE name IN ('idx_inventory_bin_location', "
                       "'idx_listings_inventory_platform', 'active_inventory', 'inventory_log_delete')"), 4);
  EXPECT_EQ(db.text("SELECT group_concat(id) FROM active_inventory ORDER BY id"), "i1,i2");
  EXPECT_EQ(db.text("PRAGMA integrity_check"), "ok");
  EXPECT_EQ(db.rows("PRAGMA foreign_key_check").size(), 0u);

  // New constraints hold from now on.
  // (the same refusal, word for word, as a fresh database gives: a domain trigger may speak first)
  fresh.exec("INSERT INTO users(id, email, password_hash, username) VALUES ('u2', 'b@x', 'h', 'b');"
             "INSERT INTO inventory(id, user_id, title, list_price) VALUES ('i3', 'u2', 'x', 1)");
  for (const std::string sql : {
           "INSERT INTO listings(id, inventory_id, user_id, platform, title, price) VALUES ('l9', 'i3', 'u2', 'ebay', 'x', -1)",
           "INSERT INTO listings(id, inventory_id, user_id, platform, title, price) VALUES ('l9', NULL, 'u2', 'ebay', 'x', 1)",
           "INSERT INTO users(id, email, password_hash, username, subscription_tier) VALUES ('u9', 'z@x', 'h', 'z', 'gold')"}) {
    std::string refusal = fresh.error(sql);
    EXPECT_FALSE(refusal.empty()) << sql;
    EXPECT_EQ(db.error(sql), refusal);
  }
  db.exec("INSERT INTO automation_rules(id, user_id, name, type) VALUES ('r3', 'u2', 'otl too', 'otl')");
  db.exec("UPDATE listings SET last_bumped_at = '2026-11-25 10:00:00', error_message = NULL WHERE id = 'l1'");
  // ON DELETE CASCADE now: the listing and its offer go with the item; the file's own trigger still logs.
  db.exec("PRAGMA foreign_keys = ON; DELETE FROM inventory WHERE id = 'i1'");
  EXPECT_EQ(db.integer("SELECT count(*) FROM listings WHERE id = 'l1'") + db.integer("SELECT count(*) FROM offers"), 0);
  EXPECT_EQ(db.text("SELECT inventory_id FROM inventory_deletions"), "i1");
}

TEST(Adopt, FullTextIndexIsRebuiltAndStaysExact) {
  std::string path = legacy_file("adopt-fts.db");
  Db db(path);
  db.exec("SELECT vl_migrate()");
  EXPECT_EQ(db.integer("SELECT count(*) FROM inventory_fts WHERE inventory_fts MATCH 'zebra'"), 0);
  EXPECT_EQ(db.integer("SELECT count(*) FROM inventory_fts WHERE inventory_fts MATCH 'red'"), 0);
  // Every current title is found, on its own row.
  for (const auto& r : db.rows("SELECT rowid, title FROM inventory")) {
    auto bar = r.find('|');
    std::string rowid = r.substr(0, bar), title = r.substr(bar + 1);
    EXPECT_EQ(db.text("SELECT group_concat(rowid) FROM inventory_fts WHERE inventory_fts MATCH '\"" + title + "\"'"), rowid) << title;
  }
  db.exec("INSERT INTO inventory_fts(inventory_fts, rank) VALUES ('integrity-check', 1)");
  // Later edits keep it exact, including a second update of one row (which
  // the old triggers turned into "database disk image is malformed" on 3.40).
  db.exec("UPDATE inventory SET title = 'Purple Silk Dress' WHERE id = 'i1'");
  db.exec("UPDATE inventory SET title = 'Orange Silk Dress' WHERE id = 'i1'");
  db.exec("DELETE FROM inventory WHERE id = 'i3'");
  db.exec("INSERT INTO inventory(id, user_id, title, list_price) VALUES ('i4', 'u2', 'Canvas Tote', 15)");
  EXPECT_EQ(db.text("SELECT group_concat(id) FROM inventory_fts WHERE inventory_fts MATCH 'dress OR boots OR tote'"), "i1,i4");
  EXPECT_EQ(db.integer("SELECT count(*) FROM inventory_fts WHERE inventory_fts MATCH 'purple OR green OR leather'"), 0);
  db.exec("INSERT INTO inventory_fts(inventory_fts, rank) VALUES ('integrity-check', 1)");
}

TEST(Adopt, SecondRunChangesNothing) {
  std::string path = legacy_file("adopt-idem.db");
  Db db(path);
  db.exec("SELECT vl_migrate()");
  std::string once = content(db);
  EXPECT_EQ(db.text("SELECT vl_migrate()").find("\"adopted\""), std::string::npos);
  EXPECT_EQ(db.text("SELECT json_array_length(vl_migrate(), '$.applied')"), "0");
  EXPECT_EQ(content(db), once);
  EXPECT_EQ(db.integer("SELECT count(*) FROM vl_migrations WHERE status <> 'applied'"), 0);
}

TEST(Adopt, VariantsMissingColumnsNoIndexCascadeFreeForeignKeys) {
  // A file whose runner swallowed "duplicate column" and friends: listings has no
  // unique index at all and no extra columns, inventory lacks the later columns,
  // analytics_snapshots lacks nothing but has a NULL platform.
  std::string path = legacy_file("adopt-variant.db",
                                 "DROP INDEX idx_listings_inventory_platform;"
                                 "ALTER TABLE listings DROP COLUMN notes; ALTER TABLE listings DROP COLUMN folder_id;"
                                 "DROP VIEW active_inventory; DROP INDEX idx_inventory_bin_location;"
                                 "ALTER TABLE inventory DROP COLUMN bin_location;"
                                 "DROP TABLE tasks;");
  Db db(path);
  auto before = values(db);
  db.exec("SELECT vl_migrate()");
  auto after = values(db);
  for (const auto& [key, vals] : before) {
    SCOPED_TRACE(key);
    if (key != "analytics_snapshots.platform") {
      EXPECT_EQ(after[key], vals);
    }
  }
  EXPECT_FALSE(after.count("listings.folder_id"));
  EXPECT_EQ(after["listings.last_bumped_at"], (std::vector<std::string>{"NULL", "NULL"}));
  EXPECT_EQ(db.integer("SELECT count(*) FROM sqlite_master WHERE name = 'tasks'"), 1);
  EXPECT_EQ(db.text("PRAGMA integrity_check"), "ok");
}

TEST(Adopt, ConflictsStopCleanlyNamingTableIdsAndConstraint) {
  struct Case {
    const char* name;
    std::string variant, message;
  };
  const std::vector<Case> cases = {
      {"dup", "DROP INDEX idx_listings_inventory_platform;"
              "INSERT INTO listings(id, inventory_id, user_id, platform, title, price) VALUES ('l3', 'i1', 'u1', 'poshmark', 'again', 40)",
       "vaultlister: vl_migrate: listings: 2 rows break UNIQUE(inventory_id, platform): ids l1, l3 "
       "(resolve them, then run vl_migrate again)"},
      {"neg", "UPDATE listings SET price = -5 WHERE id = 'l2'",
       "vaultlister: vl_migrate: listings: 1 row breaks CHECK(price >= 0): ids l2 (resolve them, then run vl_migrate again)"},
      {"null", "UPDATE listings SET inventory_id = NULL WHERE id = 'l2'; UPDATE listings SET price = NULL WHERE id = 'l1'",
       "vaultlister: vl_migrate: listings: 1 row breaks NOT NULL(price): ids l1; listings: 1 row breaks NOT NULL(inventory_id): ids l2 "
       "(resolve them, then run vl_migrate again)"},
      {"tier", "UPDATE users SET subscription_tier = 'gold' WHERE id = 'u2'",
       "vaultlister: vl_migrate: users: 1 row breaks CHECK(subscription_tier IN ('free', 'starter', 'pro', 'business')): ids u2 "
       "(resolve them, then run vl_migrate again)"},
      {"snap", "INSERT INTO analytics_snapshots(id, user_id, date, platform) VALUES ('a3', 'u1', '2025-03-01', 'all')",
       "vaultlister: vl_migrate: analytics_snapshots: 2 rows break UNIQUE(user_id, date, platform): ids a1, a3 "
       "(resolve them, then run vl_migrate again)"},
      {"orphan", "PRAGMA foreign_keys = OFF; INSERT INTO sessions(id, user_id, refresh_token, expires_at) VALUES ('se2', 'nobody', 't2', '2027-01-01')",
       "vaultlister: vl_migrate: sessions: 1 row breaks FOREIGN KEY(user_id) REFERENCES users: ids se2 "
       "(resolve them, then run vl_migrate again)"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    std::string path = legacy_file(std::string("adopt-conflict-") + c.name + ".db", c.variant);
    Db db(path);
    std::string before = content(db);
    long long fk = db.integer("PRAGMA foreign_keys");
    EXPECT_EQ(db.error("SELECT vl_migrate()"), c.message);
    EXPECT_EQ(content(db), before);
    EXPECT_TRUE(sqlite3_get_autocommit(db.get()));
    EXPECT_EQ(db.integer("PRAGMA foreign_keys"), fk);  // as the connection had it
    Db reopened(path, false);
    EXPECT_EQ(content(reopened), before);
  }
}

TEST(Adopt, ForeignKeysSettingIsRestoredAndTransactionsAreRespected) {
  std::string path = legacy_file("adopt-fk.db");
  {
    Db db(path);
    db.exec("PRAGMA foreign_keys = ON; BEGIN");
    std::string before = content(db);
    EXPECT_EQ(db.error("SELECT vl_migrate()"),
              "vaultlister: vl_migrate: adopting an existing file rebuilds tables, which needs PRAGMA foreign_keys off, "
              "and it cannot change inside a transaction (run SELECT vl_migrate() outside a transaction, or "
              "PRAGMA foreign_keys = OFF first)");
    db.exec("ROLLBACK");
    EXPECT_EQ(content(db), before);
    // Outside a transaction it adopts, cascades nothing, and turns foreign keys back on.
    db.exec("SELECT vl_migrate()");
    EXPECT_EQ(db.integer("PRAGMA foreign_keys"), 1);
    EXPECT_EQ(db.integer("SELECT count(*) FROM listings") * 10 + db.integer("SELECT count(*) FROM offers"), 21);
  }
  // With foreign keys off, inside a caller's transaction: a savepoint, undone by ROLLBACK.
  std::string path2 = legacy_file("adopt-tx.db");
  Db db(path2);
  std::string before = content(db);
  db.exec("PRAGMA foreign_keys = OFF; BEGIN; SELECT vl_migrate(); ROLLBACK");
  EXPECT_EQ(content(db), before);
}

TEST(Adopt, AttachedSchema) {
  std::string path = legacy_file("adopt-aux.db");
  Db db;
  db.exec("ATTACH '" + path + "' AS legacy");
  db.exec("SELECT vl_migrate('legacy')");
  EXPECT_EQ(db.integer("SELECT count(*) FROM main.sqlite_master"), 0);
  EXPECT_EQ(db.integer("SELECT count(*) FROM legacy.sqlite_master WHERE name IN ('idx_inventory_bin_location', 'inventory_log_delete')"), 2);
  EXPECT_EQ(db.text("SELECT id FROM legacy.inventory_fts WHERE inventory_fts MATCH 'boots'"), "i3");
  EXPECT_EQ(db.text("PRAGMA legacy.integrity_check"), "ok");
}

TEST(Adopt, TwoHundredThousandRows) {
  std::string path = vltest::temp_path("adopt-200k.db");
  {
    Db plain(path, false);
    plain.exec("PRAGMA journal_mode = WAL");
    plain.exec(vltest::read_source("tests/fixtures/legacy/vaultlister_app.sql"));
    // The broken insert trigger would dominate the build; the index is rebuilt anyway.
    plain.exec("DROP TRIGGER inventory_ai; DROP TRIGGER inventory_au;"
               "INSERT INTO users(id, email, password_hash, username) VALUES ('u1', 'a@x', 'h', 'a');"
               "BEGIN;"
               "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000) "
               "INSERT INTO inventory(id, user_id, sku, title, description, brand, list_price, status, bin_location) "
               "SELECT 'item-' || i, 'u1', 'SKU-' || i, 'Vintage item ' || i || CASE i % 3 WHEN 0 THEN ' jacket' ELSE ' dress' END, "
               "'desc ' || i, 'brand' || (i % 50), i % 500, 'active', 'bin-' || (i % 97) FROM n;"
               "INSERT INTO listings(id, inventory_id, user_id, platform, title, price) "
               "SELECT 'l-' || rowid, id, 'u1', 'ebay', title, list_price FROM inventory WHERE rowid % 4 = 0;"
               "COMMIT");
  }
  Db db(path);
  auto start = std::chrono::steady_clock::now();
  db.exec("SELECT vl_migrate()");
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
  std::cout << "[adopt] 200000 inventory rows adopted in " << ms << " ms (SQLite " << sqlite3_libversion() << ")" << std::endl;
  EXPECT_EQ(db.integer("SELECT count(*) FROM inventory"), 200000);
  EXPECT_EQ(db.integer("SELECT count(*) FROM listings"), 50000);
  EXPECT_EQ(db.integer("SELECT count(*) FROM inventory WHERE bin_location IS NOT NULL"), 200000);
  EXPECT_EQ(db.integer("SELECT count(*) FROM inventory_fts WHERE inventory_fts MATCH 'jacket'"), 66666);
  db.exec("INSERT INTO inventory_fts(inventory_fts, rank) VALUES ('integrity-check', 1)");
  EXPECT_EQ(db.text("PRAGMA integrity_check"), "ok");
}

TEST(Adopt, OnlyAFileWithTheApplicationsTablesIsAdopted) {
  // users alone (some other application's) is not a VaultLister file: the plain
  // migration runs and meets the existing table.
  Db db;
  db.exec("CREATE TABLE users(x)");
  std::string err = db.error("SELECT vl_migrate()");
  EXPECT_EQ(err.rfind("vaultlister: vl_migrate: 0001_core, statement 1 ", 0), 0u) << err;
}

// The application's subscriptions live in user_webhooks and its deliveries point there:
// adoption carries each subscription into webhooks under its id, so every delivery stays
// linked, and leaves user_webhooks as it was.
TEST(Adopt, WebhookSubscriptionsOfUserWebhooksKeepTheirDeliveries) {
  std::string path = legacy_file("adopt-webhooks.db");
  Db db(path);
  std::string theirs = db.table("SELECT * FROM user_webhooks ORDER BY id");
  db.exec("SELECT vl_migrate()");
  EXPECT_EQ(db.table("SELECT id, user_id, url, secret, events, description, is_active, failure_count, "
                     "last_delivery_at, created_at FROM webhooks ORDER BY id"),
            "w1|u1|https://hooks.example.com/sales|whsec_3f9a1c|[\"sale.created\"]|Sales to Zapier|1|0|"
            "2025-03-06T12:00:01.000Z|2025-03-05 09:00:00\n"
            "w2|u2|http://old.example.com/hook|whsec_77d0e2|[]|Old endpoint|0|4|NULL|2025-01-07 10:00:00");
  EXPECT_EQ(db.table("SELECT d.id, w.id FROM webhook_deliveries AS d JOIN webhooks AS w ON w.id = d.webhook_id "
                     "ORDER BY d.id"),
            "d1|w1\nd2|w2");
  EXPECT_EQ(db.table("SELECT * FROM user_webhooks ORDER BY id"), theirs);
  EXPECT_EQ(db.table("PRAGMA foreign_key_check"), "");
  // The secrets are as the application stored them: vl_health names them until encrypted.
  EXPECT_EQ(db.text("SELECT status || ': ' || detail FROM vl_health WHERE name = 'plaintext_secrets'"),
            "problem: 2 plaintext values: webhooks.secret of w1, webhooks.secret of w2");
  // A delivery through the cascade: deleting a user removes its subscription and deliveries.
  db.exec("PRAGMA foreign_keys = ON; DELETE FROM users WHERE id = 'u2'");
  EXPECT_EQ(db.table("SELECT id FROM webhook_deliveries ORDER BY id"), "d1");
}

TEST(Adopt, AUserWebhookOurDefinitionRefusesIsReportedAndNothingChanges) {
  std::string path = legacy_file("adopt-webhooks-bad.db",
                                 "UPDATE user_webhooks SET url = 'ftp://files.example.com' WHERE id = 'w2'");
  Db db(path);
  std::string before = content(db);
  EXPECT_EQ(db.error("SELECT vl_migrate()"),
            "vaultlister: vl_migrate: user_webhooks: 1 row breaks CHECK(lower(substr(url, 1, 7)) = 'http://' OR "
            "lower(substr(url, 1, 8)) = 'https://'): ids w2 (resolve them, then run vl_migrate again)");
  EXPECT_EQ(content(db), before);
}
