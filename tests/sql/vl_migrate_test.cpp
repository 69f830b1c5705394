// vl_migrate, vl_schema_version, vl_install_triggers, vl_migrations, and the
// schema they install, checked against the user's own schema document.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "tests/support/testdb.h"

using vltest::Db;

namespace {

// ---- the seed document, parsed (never copied by hand) ----------------------
struct SeedColumn {
  std::string name, type, constraints;
};
struct SeedTable {
  std::string name;
  std::vector<SeedColumn> columns;
};

std::string trim(std::string s) {
  size_t a = s.find_first_not_of(" \t\r");
  size_t b = s.find_last_not_of(" \t\r");
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

std::vector<std::string> cells(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream ss(line);
  std::string cell;
  std::getline(ss, cell, '|');  // before the first bar
  while (std::getline(ss, cell, '|')) out.push_back(trim(cell));
  if (!out.empty() && out.back().empty()) out.pop_back();
  return out;
}

std::vector<SeedTable> parse_seed() {
  // tests/fixtures/database-schema.txt is the user's schema document, copied
  // unchanged (see tests/fixtures/README.md).
  std::vector<std::string> lines;
  std::stringstream ss(vltest::read_source("tests/fixtures/database-schema.txt"));
  for (std::string l; std::getline(ss, l);) lines.push_back(l);
  std::vector<SeedTable> tables;
  for (size_t i = 2; i < lines.size(); ++i) {
    if (lines[i].rfind("| Column |", 0) != 0) continue;
    SeedTable t{trim(lines[i - 2]), {}};
    for (size_t j = i + 2; j < lines.size() && lines[j].rfind("|", 0) == 0; ++j) {
      auto c = cells(lines[j]);
      // The document lost the name of users.email: its row reads
      // "| TEXT | UNIQUENOT NULL | |". The index idx_users_email ON users(email)
      // names it.
      if (t.name == "users" && c.size() >= 2 && c[0] == "TEXT" && c[1] == "UNIQUENOT NULL") {
        c = {"email", "TEXT", "UNIQUENOT NULL"};
      }
      while (c.size() < 3) c.push_back("");
      t.columns.push_back({c[0], c[1], c[2]});
    }
    tables.push_back(t);
  }
  return tables;
}

struct SeedIndex {
  std::string name, table, columns;
};
std::vector<SeedIndex> parse_seed_indexes() {
  std::vector<SeedIndex> out;
  std::string text = vltest::read_source("tests/fixtures/database-schema.txt");
  std::stringstream ss(text);
  bool in = false;
  for (std::string l; std::getline(ss, l);) {
    if (l.rfind("| Index Name |", 0) == 0) {
      in = true;
      continue;
    }
    if (in && l.rfind("|---", 0) == 0) continue;
    if (in && l.rfind("|", 0) != 0) in = false;
    if (!in) continue;
    auto c = cells(l);
    std::string cols = c[2];
    cols.erase(std::remove(cols.begin(), cols.end(), '('), cols.end());
    cols.erase(std::remove(cols.begin(), cols.end(), ')'), cols.end());
    out.push_back({c[0], c[1], cols});
  }
  return out;
}

Db& migrated(Db& db) {
  db.exec("SELECT vl_migrate()");
  return db;
}

}  // namespace

TEST(Schema, CoreTablesMatchTheSeedColumnByColumn) {
  Db db;
  migrated(db);
  auto tables = parse_seed();
  ASSERT_EQ(tables.size(), 8u);
  for (const auto& t : tables) {
    SCOPED_TRACE(t.name);
    auto actual = db.rows("SELECT name, type, \"notnull\", coalesce(dflt_value, 'NULL'), pk "
                          "FROM pragma_table_xinfo('" + t.name + "') ORDER BY cid");
    // The seed's columns first, exactly; after them only what later migrations append
    // (0006_analytics), in that order.
    static const std::map<std::string, std::vector<std::string>> appended = {
        {"sales", {"shipping_charged|REAL|0|0|0", "unit_cost|REAL|0|NULL|0", "cancelled_by|TEXT|0|NULL|0"}},
        {"inventory", {"first_listed_at|DATETIME|0|NULL|0", "disposed_at|DATETIME|0|NULL|0"}},
    };
    auto more = appended.count(t.name) ? appended.at(t.name) : std::vector<std::string>{};
    ASSERT_EQ(actual.size(), t.columns.size() + more.size());
    EXPECT_EQ(std::vector<std::string>(actual.begin() + static_cast<long>(t.columns.size()), actual.end()), more);
    std::string table_sql = db.text("SELECT sql FROM sqlite_master WHERE name = '" + t.name + "'");
    for (size_t i = 0; i < t.columns.size(); ++i) {
      const auto& c = t.columns[i];
      SCOPED_TRACE(c.name);
      std::string pk = c.constraints.find("PK") != std::string::npos ? "1" : "0";
      bool notnull = c.constraints.find("NOT NULL") != std::string::npos || pk == "1";
      std::string dflt = "NULL";
      std::smatch m;
      if (std::regex_search(c.constraints, m, std::regex(R"(DEFAULT ('[^']*'|\S+))"))) dflt = m[1];
      if (c.name == "id") dflt = "";  // checked below: the UUID v4 expression
      std::string expect = c.name + "|" + c.type + "|" + (notnull ? "1" : "0") + "|";
      if (c.name == "id") {
        EXPECT_EQ(actual[i].substr(0, expect.size()), expect);
        EXPECT_NE(actual[i].find("randomblob"), std::string::npos);
      } else {
        EXPECT_EQ(actual[i], expect + dflt + "|" + pk);
      }
      // Enumerations: CHECK (a | b | c) becomes IN ('a', 'b', 'c').
      if (std::regex_search(c.constraints, m, std::regex(R"(CHECK \(([^)]*)\))"))) {
        std::string list, item;
        std::stringstream vs(m[1].str());
        while (std::getline(vs, item, '|')) list += (list.empty() ? "'" : ", '") + trim(item) + "'";
        EXPECT_NE(table_sql.find(c.name + " IN (" + list + ")"), std::string::npos) << list;
      }
      if (c.constraints.find("UNIQUE") != std::string::npos) {
        EXPECT_EQ(db.integer("SELECT count(*) FROM pragma_index_list('" + t.name +
                             "') il JOIN pragma_index_info(il.name) ii WHERE il.[unique] AND ii.name = '" +
                             c.name + "' AND (SELECT count(*) FROM pragma_index_info(il.name)) = 1"),
                  1);
      }
      if (std::regex_search(c.constraints, m, std::regex(R"(FK → (\w+)\.(id))"))) {
        std::string action = "NO ACTION";
        if (c.constraints.find("ON DELETE CASCADE") != std::string::npos) action = "CASCADE";
        if (c.constraints.find("ON DELETE SET NULL") != std::string::npos) action = "SET NULL";
        EXPECT_EQ(db.text("SELECT \"table\" || '.' || \"to\" || '|' || on_delete FROM pragma_foreign_key_list('" +
                          t.name + "') WHERE \"from\" = '" + c.name + "'"),
                  m[1].str() + "." + m[2].str() + "|" + action);
      }
    }
  }
}

TEST(Schema, SeedIndexesAndUniqueConstraints) {
  Db db;
  migrated(db);
  auto indexes = parse_seed_indexes();
  ASSERT_EQ(indexes.size(), 20u);
  for (const auto& ix : indexes) {
    SCOPED_TRACE(ix.name);
    EXPECT_EQ(db.text("SELECT tbl_name FROM sqlite_master WHERE type = 'index' AND name = '" + ix.name + "'"),
              ix.table);
    EXPECT_EQ(db.text("SELECT group_concat(name, ', ') FROM pragma_index_info('" + ix.name + "')"),
              ix.columns);
  }
  // One listing per platform per item; one shop per platform per user.
  EXPECT_EQ(db.integer("SELECT count(*) FROM pragma_index_list('listings') il WHERE il.[unique] AND "
                       "(SELECT group_concat(name) FROM pragma_index_info(il.name)) = 'inventory_id,platform'"),
            1);
  EXPECT_EQ(db.integer("SELECT count(*) FROM pragma_index_list('shops') il WHERE il.[unique] AND "
                       "(SELECT group_concat(name) FROM pragma_index_info(il.name)) = 'user_id,platform'"),
            1);
}

TEST(Schema, All38TablesOfTheSpecExist) {
  Db db;
  migrated(db);
  const std::set<std::string> expected = {
      "users", "sessions", "inventory", "listings", "sales", "offers", "shops", "automation_rules",
      "listing_templates", "automation_logs", "tasks", "analytics_snapshots", "sustainability_log",
      "alerts", "collaborations", "sync_queue", "notifications", "security_logs", "request_logs",
      "error_logs", "audit_logs", "user_preferences", "inventory_fts", "price_history",
      "image_assets", "tags", "inventory_tags", "shipping_profiles", "bundles", "bundle_items",
      "returns", "messages", "webhooks", "webhook_deliveries", "api_keys", "reports",
      "rum_metrics", "feature_flags"};
  ASSERT_EQ(expected.size(), 38u);
  for (const auto& name : expected) {
    EXPECT_EQ(db.integer("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '" + name + "'"), 1)
        << name;
  }
  // Every foreign-key column is the leftmost column of some index.
  auto unindexed = db.rows(
      "SELECT m.name || '.' || fk.\"from\" FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) fk "
      "WHERE m.type = 'table' AND NOT EXISTS (SELECT 1 FROM pragma_index_list(m.name) il "
      "JOIN pragma_index_info(il.name) ii WHERE ii.seqno = 0 AND ii.name = fk.\"from\")");
  EXPECT_TRUE(unindexed.empty()) << unindexed[0];
}

TEST(Schema, IdsAreUuidV4AndNeverNull) {
  Db db;
  migrated(db);
  db.exec("INSERT INTO users(email, password_hash, username) VALUES ('a@example.com', 'h', 'a')");
  std::string id = db.text("SELECT id FROM users");
  EXPECT_TRUE(std::regex_match(id, std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")))
      << id;
  EXPECT_EQ(db.error("INSERT INTO users(id, email, password_hash, username) VALUES (NULL, 'b@x', 'h', 'b')"),
            "NOT NULL constraint failed: users.id");
}

TEST(Migrate, ReportAndIdempotence) {
  Db db;
  std::string report = db.text("SELECT vl_migrate()");
  EXPECT_NE(report.find("\"from\":0"), std::string::npos) << report;
  EXPECT_NE(report.find("\"applied\":[\"0001_core\""), std::string::npos) << report;
  int latest = static_cast<int>(db.integer("SELECT max(version) FROM vl_migrations"));
  EXPECT_EQ(db.integer("SELECT vl_schema_version()"), latest);
  std::string before = db.schema_dump();
  std::string again = db.text("SELECT vl_migrate()");
  EXPECT_EQ(again, "{\"schema\":\"main\",\"from\":" + std::to_string(latest) + ",\"to\":" +
                       std::to_string(latest) + ",\"applied\":[],\"changed\":[],\"trigger_sets\":[]}");
  EXPECT_EQ(db.schema_dump(), before);
  EXPECT_EQ(db.integer("SELECT count(*) FROM vl_migrations WHERE status = 'applied'"), latest);
}

TEST(Migrate, LoadingChangesNothing) {
  std::string path = vltest::temp_path("load.db");
  {
    Db plain(path, false);
    plain.exec("CREATE TABLE mine(x); INSERT INTO mine VALUES (1)");
  }
  std::string before;
  {
    Db plain(path, false);
    before = plain.schema_dump() + plain.text("PRAGMA user_version") + plain.text("PRAGMA schema_version");
  }
  {
    Db loaded(path, true);
    EXPECT_EQ(loaded.integer("SELECT vl_schema_version()"), 0);
    EXPECT_EQ(loaded.text("SELECT vl_version()").empty(), false);
  }
  Db plain(path, false);
  EXPECT_EQ(plain.schema_dump() + plain.text("PRAGMA user_version") + plain.text("PRAGMA schema_version"), before);
}

TEST(Migrate, AttachedSchemaLeavesMainAlone) {
  Db db;
  std::string path = vltest::temp_path("aux.db");
  db.exec("ATTACH '" + path + "' AS \"aux db\"");
  std::string main_before = db.schema_dump("main");
  std::string report = db.text("SELECT vl_migrate('aux db')");
  EXPECT_NE(report.find("\"schema\":\"aux db\""), std::string::npos);
  EXPECT_EQ(db.schema_dump("main"), main_before);
  EXPECT_EQ(db.integer("SELECT vl_schema_version('aux db')"), db.integer("SELECT max(version) FROM vl_migrations('aux db')"));
  EXPECT_EQ(db.integer("SELECT vl_schema_version()"), 0);
  // Its triggers work inside that schema.
  db.exec("INSERT INTO \"aux db\".users(id, email, password_hash, username) VALUES ('u1', 'a@x', 'h', 'a');"
          "INSERT INTO \"aux db\".inventory(id, user_id, title, list_price) VALUES ('i1', 'u1', 'Blue Jacket', 10)");
  EXPECT_EQ(db.text("SELECT id FROM \"aux db\".inventory_fts WHERE inventory_fts MATCH 'jacket'"), "i1");
  EXPECT_EQ(db.error("SELECT vl_migrate('nope')"),
            "vaultlister: vl_migrate: no database named 'nope' (main or the name of an attached database)");
}

TEST(Migrate, ReadOnlyDatabaseIsRefusedCleanly) {
  std::string path = vltest::temp_path("ro.db");
  { Db rw(path, false); rw.exec("CREATE TABLE mine(x)"); }
  Db ro(path, true, SQLITE_OPEN_READONLY);
  EXPECT_EQ(ro.error("SELECT vl_migrate()"),
            "vaultlister: vl_migrate: database 'main' is read-only (open it read-write to change its schema)");
  EXPECT_EQ(ro.integer("SELECT count(*) FROM sqlite_master"), 1);
}

TEST(Migrate, FailingMigrationLeavesNothingBehind) {
  Db db;
  // A table of the second migration already exists: the first migration runs,
  // the second fails, and the whole run must vanish.
  db.exec("CREATE TABLE listing_templates(x)");
  std::string before = db.schema_dump();
  std::string err = db.error("SELECT vl_migrate()");
  EXPECT_EQ(err.rfind("vaultlister: vl_migrate: 0002_tables, statement ", 0), 0u) << err;
  EXPECT_NE(err.find("listing_templates already exists"), std::string::npos) << err;
  EXPECT_NE(err.find("(nothing of this run was kept)"), std::string::npos) << err;
  EXPECT_EQ(db.schema_dump(), before);
  EXPECT_TRUE(sqlite3_get_autocommit(db.get()));
}

TEST(Migrate, InsideTheCallersTransactionUsesASavepoint) {
  Db db;
  db.exec("BEGIN; CREATE TABLE mine(x); SELECT vl_migrate(); ROLLBACK");
  EXPECT_EQ(db.integer("SELECT count(*) FROM sqlite_master"), 0);
  db.exec("BEGIN; SELECT vl_migrate(); COMMIT");
  EXPECT_GT(db.integer("SELECT vl_schema_version()"), 0);
}

TEST(Migrate, NewerSchemaIsRefused) {
  Db db;
  migrated(db);
  db.exec("INSERT INTO vl_schema_migrations(version, name, checksum) VALUES (9999, '9999_future', 'x')");
  std::string err = db.error("SELECT vl_migrate()");
  EXPECT_EQ(err.rfind("vaultlister: vl_migrate: database 'main' is at schema version 9999, newer than this build knows", 0), 0u) << err;
}

TEST(Migrate, ChangedMigrationIsReportedNotRerun) {
  Db db;
  migrated(db);
  db.exec("UPDATE vl_schema_migrations SET checksum = 'edited' WHERE version = 1");
  std::string report = db.text("SELECT vl_migrate()");
  EXPECT_NE(report.find("\"changed\":[\"0001_core\"]"), std::string::npos) << report;
  EXPECT_EQ(db.text("SELECT status FROM vl_migrations WHERE version = 1"), "changed");
}

TEST(Migrate, WriteLockHeldPastBusyTimeoutIsAClearError) {
  std::string path = vltest::temp_path("busy.db");
  Db holder(path, false);
  holder.exec("PRAGMA journal_mode = WAL; CREATE TABLE t(x); BEGIN IMMEDIATE; INSERT INTO t VALUES (1)");
  Db db(path);
  sqlite3_busy_timeout(db.get(), 50);
  EXPECT_EQ(db.error("SELECT vl_migrate()"),
            "vaultlister: vl_migrate: the database is locked by another connection (retry when the other "
            "writer has finished, or raise the busy timeout)");
  holder.exec("COMMIT");
  EXPECT_EQ(db.error("SELECT vl_migrate()"), "");
}

TEST(Migrate, ArgumentErrors) {
  Db db;
  EXPECT_EQ(db.error("SELECT vl_migrate('main', 2)"),
            "vaultlister: vl_migrate: wrong number of arguments: 2 (vl_migrate([schema]))");
  EXPECT_EQ(db.error("SELECT vl_migrate(NULL)"), "vaultlister: vl_migrate: schema is NULL (text)");
  EXPECT_EQ(db.error("SELECT vl_migrate(x'00')"), "vaultlister: vl_migrate: schema is a blob (text)");
  EXPECT_EQ(db.error("SELECT vl_install_triggers()"),
            "vaultlister: vl_install_triggers: database 'main' has no vaultlister schema (run SELECT vl_migrate() first)");
}

TEST(InstallTriggers, RecreatesDroppedTriggers) {
  Db db;
  migrated(db);
  std::string before = db.schema_dump();
  long long count = db.integer("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'");
  db.exec("DROP TRIGGER inventory_au");
  EXPECT_EQ(db.integer("SELECT vl_install_triggers()"), count);
  EXPECT_EQ(db.schema_dump(), before);
  // vl_migrate also repairs a lost trigger.
  db.exec("DROP TRIGGER inventory_ai");
  std::string report = db.text("SELECT vl_migrate()");
  EXPECT_NE(report.find("\"trigger_sets\":[\"00_fts\"]"), std::string::npos) << report;
  EXPECT_EQ(db.schema_dump(), before);
}

TEST(Fts, IndexFollowsEveryEditAndDelete) {
  Db db;
  migrated(db);
  db.exec("INSERT INTO users(id, email, password_hash, username) VALUES ('u1', 'a@x', 'h', 'a');"
          "INSERT INTO inventory(id, user_id, title, brand, list_price) VALUES ('i1', 'u1', 'Red Wool Coat', 'Acme', 10);"
          "INSERT INTO inventory(id, user_id, title, list_price) VALUES ('i2', 'u1', 'Green Scarf', 5)");
  auto match = [&](const std::string& q) {
    return db.table("SELECT id FROM inventory_fts WHERE inventory_fts MATCH '" + q + "' ORDER BY id");
  };
  const char* titles[] = {"Blue Denim Jacket", "Vintage Leather Boots", "Silk Tie", "Wool Sweater"};
  std::string old_word = "coat";
  for (const char* title : titles) {
    db.exec(std::string("UPDATE inventory SET title = '") + title + "' WHERE id = 'i1'");
    EXPECT_EQ(match(old_word), "") << title;
    std::string first = title;
    first = first.substr(0, first.find(' '));
    EXPECT_EQ(match(first), "i1") << title;
    EXPECT_EQ(db.error("INSERT INTO inventory_fts(inventory_fts, rank) VALUES ('integrity-check', 1)"), "");
    old_word = first;
  }
  db.exec("UPDATE inventory SET list_price = 12, quantity = 3 WHERE id = 'i1'");  // not indexed
  EXPECT_EQ(match("acme"), "i1");
  db.exec("DELETE FROM inventory WHERE id = 'i1'");
  EXPECT_EQ(match("acme"), "");
  EXPECT_EQ(match("wool"), "");
  EXPECT_EQ(match("scarf"), "i2");
  EXPECT_EQ(db.error("INSERT INTO inventory_fts(inventory_fts, rank) VALUES ('integrity-check', 1)"), "");
}

TEST(Plain, AMigratedFileIsUsableWithoutTheExtension) {
  std::string path = vltest::temp_path("plain.db");
  { Db db(path); migrated(db); }
  Db plain(path, false);
  plain.exec("INSERT INTO users(email, password_hash, username) VALUES ('p@x', 'h', 'p');"
             "INSERT INTO inventory(user_id, title, list_price) SELECT id, 'Plain Lamp', 20 FROM users");
  EXPECT_EQ(plain.text("SELECT title FROM inventory_fts WHERE inventory_fts MATCH 'lamp'"), "Plain Lamp");
  EXPECT_EQ(plain.error("INSERT INTO inventory(user_id, title, list_price, condition) SELECT id, 'x', 1, 'mint' FROM users")
                .rfind("CHECK constraint failed", 0),
            0u);
  EXPECT_EQ(plain.text("PRAGMA integrity_check"), "ok");
  EXPECT_EQ(plain.text("PRAGMA foreign_key_check"), "");
}

// The plan (core/vtab.h): idxNum bit 0 = the optional schema given.
TEST(Migrations, QueryPlanTakesTheSchemaItIsGiven) {
  Db db;
  EXPECT_EQ(db.plan("SELECT * FROM vl_migrations"), "SCAN vl_migrations VIRTUAL TABLE INDEX 0:");
  EXPECT_EQ(db.plan("SELECT * FROM vl_migrations('main')"), "SCAN vl_migrations VIRTUAL TABLE INDEX 1:");
}
