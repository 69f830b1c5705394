// Adoption (vl_migrate on the application's file) of layouts the main
// adoption tests (adopt_test.cpp) do not build: odd column definitions,
// WITHOUT ROWID and id-less tables, long conflict lists, dangling references
// in a table without rowids, a later migration's table already present, and
// the connection settings adoption borrows.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/support/testdb.h"

using vltest::Db;

namespace {

// The application's layout with one user, written by a connection that never
// loaded us; `variant` runs after it.
std::string legacy_file(const std::string& name, const std::string& variant) {
  std::string path = vltest::temp_path(name);
  Db plain(path, false);
  plain.exec("PRAGMA journal_mode = WAL");
  plain.exec(vltest::read_source("tests/fixtures/legacy/vaultlister_app.sql"));
  plain.exec("INSERT INTO users(id, email, password_hash, username) VALUES ('u1', 'ann@example.com', 'h', 'ann')");
  plain.exec(variant);
  return path;
}

// The schema and every row of every table, to prove a refused run kept nothing.
std::string content(Db& db) {
  std::string out = db.schema_dump();
  for (const std::string& t : db.rows("SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE "
                                      "'CREATE VIRTUAL%' AND name NOT LIKE 'sqlite_%' ORDER BY name")) {
    out += "\n== " + t + "\n" + db.table("SELECT * FROM \"" + t + "\" ORDER BY 1");
  }
  return out;
}

// vl_migrate() must fail with `message` and leave the file exactly as it was.
void expect_refused(const std::string& path, const std::string& message) {
  Db db(path);
  std::string before = content(db);
  EXPECT_EQ(db.error("SELECT vl_migrate()"), message);
  EXPECT_EQ(content(db), before);
  EXPECT_TRUE(sqlite3_get_autocommit(db.get()));
}

}  // namespace

TEST(AdoptEdges, OddColumnDefinitionsComeBackWithTheirClauses) {
  std::string path = legacy_file("adopt-edge-columns.db", R"sql(
DROP TABLE tasks;
CREATE TABLE tasks ( -- the app's task queue, (with a comma) in a comment
  id TEXT PRIMARY KEY, /* who, asked */ user_id TEXT, type TEXT NOT NULL, payload TEXT NOT NULL DEFAULT '{}',
  "note ""quoted"" (x, y)" TEXT DEFAULT 'a,b)',
  [bracket, col] INTEGER DEFAULT (1 + 2),
  `tick col` TEXT COLLATE NOCASE,
  'single col' TEXT,
  code TEXT UNIQUE,
  total INTEGER GENERATED ALWAYS AS (length(type)) VIRTUAL,
  CONSTRAINT one_type CHECK (type <> ''),
  UNIQUE (id, type),
  FOREIGN KEY (user_id) REFERENCES users(id)
);
INSERT INTO tasks(id, user_id, type, payload, "note ""quoted"" (x, y)", [bracket, col], `tick col`, 'single col', code)
  VALUES ('t1', 'u1', 'sync', '{}', 'n', 5, 'T', 's', 'c1');
CREATE INDEX tasks_by_type ON tasks(type);
CREATE TRIGGER tasks_log AFTER INSERT ON tasks BEGIN SELECT 1; END;
)sql");
  Db db(path);
  std::string report = db.text("SELECT vl_migrate()");
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db.get(),
                               "SELECT group_concat(value, '|') FROM json_each(?1, '$.adopted.kept_columns') "
                               "WHERE value LIKE 'tasks.%'",
                               -1, &st, nullptr),
            SQLITE_OK);
  sqlite3_bind_text(st, 1, report.c_str(), -1, SQLITE_TRANSIENT);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  std::string kept = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  EXPECT_EQ(kept,
            "tasks.note \"quoted\" (x, y)|tasks.bracket, col|tasks.tick col|tasks.single col|tasks.code|tasks.total");
  // Every value kept under its own name; the generated column still computes.
  EXPECT_EQ(db.text("SELECT \"note \"\"quoted\"\" (x, y)\" || [bracket, col] || `tick col` || \"single col\" || code "
                    "|| total FROM tasks WHERE id = 't1'"),
            "n5Tsc14");
  // Each definition came back with its clauses (default, collation); the one
  // ALTER TABLE cannot add (UNIQUE) and the one the scanner cannot read (a
  // name in single quotes) come back with their type.
  db.exec("INSERT INTO tasks(id, user_id, type) VALUES ('t2', 'u1', 'relist')");
  EXPECT_EQ(db.text("SELECT \"note \"\"quoted\"\" (x, y)\" || '|' || [bracket, col] FROM tasks WHERE id = 't2'"),
            "a,b)|3");
  EXPECT_EQ(db.integer("SELECT count(*) FROM tasks WHERE `tick col` = 't'"), 1);
  EXPECT_EQ(db.table("SELECT name, type FROM pragma_table_info('tasks') WHERE name IN ('single col', 'code')"),
            "single col|TEXT\ncode|TEXT");
  // The file's own index and trigger on the table are back.
  EXPECT_EQ(db.integer("SELECT count(*) FROM sqlite_master WHERE name IN ('tasks_by_type', 'tasks_log')"), 2);
  EXPECT_EQ(db.text("PRAGMA integrity_check"), "ok");
}

TEST(AdoptEdges, WithoutRowidTableIsCopiedByColumnAndItsConflictNamed) {
  std::string ok = legacy_file("adopt-edge-worowid.db",
                               "DROP TABLE tasks; CREATE TABLE tasks(id TEXT PRIMARY KEY, user_id TEXT, type TEXT NOT "
                               "NULL, payload TEXT) WITHOUT ROWID; INSERT INTO tasks VALUES ('t1', 'u1', 'sync', '{}');");
  {
    Db db(ok);
    db.exec("SELECT vl_migrate()");
    EXPECT_EQ(db.text("SELECT id || type || payload || status FROM tasks"), "t1sync{}pending");
    // Ours again: a rowid table.
    EXPECT_EQ(db.integer("SELECT count(*) FROM sqlite_master WHERE name = 'tasks' AND sql LIKE '%WITHOUT ROWID%'"), 0);
  }
  // Without rowids the rows cannot be replayed one by one: SQLite's own words.
  std::string bad = legacy_file("adopt-edge-worowid-bad.db",
                                "DROP TABLE tasks; CREATE TABLE tasks(id TEXT PRIMARY KEY, user_id TEXT, type TEXT) "
                                "WITHOUT ROWID; INSERT INTO tasks VALUES ('t1', 'u1', 'sync'), ('t2', 'u1', NULL);");
  expect_refused(bad,
                 "vaultlister: vl_migrate: tasks: NOT NULL constraint failed: vl_adopt_new_tasks.type (resolve it, "
                 "then run vl_migrate again)");
}

TEST(AdoptEdges, LongConflictListsAreCutAtTwentyIdsAndRowsWithoutIdsNamedByRowid) {
  expect_refused(legacy_file("adopt-edge-many.db",
                             "WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < 23) "
                             "INSERT INTO tasks(id, user_id, type, payload) SELECT printf('t%02d', k), 'u1', 'sync', "
                             "'not json' FROM n;"),
                 "vaultlister: vl_migrate: tasks: 23 rows break CHECK(json_valid(payload) AND json_type(payload) = "
                 "'object'): ids t01, t02, t03, t04, t05, t06, t07, t08, t09, t10, t11, t12, t13, t14, t15, t16, "
                 "t17, t18, t19, t20 and 3 more (resolve them, then run vl_migrate again)");
  // Three rows share one key: the first is named once.
  expect_refused(legacy_file("adopt-edge-three.db",
                             "DROP INDEX idx_listings_inventory_platform;"
                             "INSERT INTO inventory(id, user_id, title, list_price) VALUES ('i1', 'u1', 'x', 1);"
                             "INSERT INTO listings(id, inventory_id, user_id, platform, title, price) VALUES "
                             "('l1', 'i1', 'u1', 'ebay', 'x', 1), ('l2', 'i1', 'u1', 'ebay', 'x', 1), "
                             "('l3', 'i1', 'u1', 'ebay', 'x', 1);"),
                 "vaultlister: vl_migrate: listings: 3 rows break UNIQUE(inventory_id, platform): ids l1, l2, l3 "
                 "(resolve them, then run vl_migrate again)");
  // A table without an id column, and a NULL id: the row is named by its rowid.
  expect_refused(legacy_file("adopt-edge-noid.db",
                             "DROP TABLE tasks; CREATE TABLE tasks(user_id TEXT, type TEXT);"
                             "INSERT INTO tasks VALUES ('u1', 'sync'), ('u1', NULL);"),
                 "vaultlister: vl_migrate: tasks: 1 row breaks NOT NULL(type): ids rowid 2 (resolve them, then run "
                 "vl_migrate again)");
  expect_refused(legacy_file("adopt-edge-nullid.db",
                             "DROP TABLE tasks; CREATE TABLE tasks(id TEXT, user_id TEXT, type TEXT NOT NULL);"
                             "INSERT INTO tasks VALUES ('t1', 'u1', 'sync'), (NULL, 'u1', 'sync');"),
                 "vaultlister: vl_migrate: tasks: 1 row breaks NOT NULL(id): ids rowid 2 (resolve them, then run "
                 "vl_migrate again)");
}

// Regression: foreign_key_check gives no rowid for a WITHOUT ROWID table, and
// the rows were reported as "ids rowid 0". They are named by primary key.
TEST(AdoptEdges, DanglingReferencesInATableWithoutRowidsAreNamedByKey) {
  expect_refused(
      legacy_file("adopt-edge-orphans.db",
                  "CREATE TABLE tags(id TEXT PRIMARY KEY, user_id TEXT REFERENCES users(id), name TEXT NOT NULL);"
                  "INSERT INTO tags VALUES ('t1', 'u1', 'vintage');"
                  "INSERT INTO inventory(id, user_id, title, list_price) VALUES ('i1', 'u1', 'x', 1);"
                  "CREATE TABLE inventory_tags(inventory_id TEXT NOT NULL, tag_id TEXT NOT NULL, "
                  "  PRIMARY KEY(inventory_id, tag_id)) WITHOUT ROWID;"
                  "INSERT INTO inventory_tags VALUES ('nope', 'gone'), ('i1', 't1'), ('i1', 'gone'), ('i''x', 't1');"),
      "vaultlister: vl_migrate: inventory_tags: 2 rows break FOREIGN KEY(inventory_id) REFERENCES inventory: ids "
      "(i'x, t1), (nope, gone); inventory_tags: 2 rows break FOREIGN KEY(tag_id) REFERENCES tags: ids (i1, gone), "
      "(nope, gone) (resolve them, then run vl_migrate again)");
}

TEST(AdoptEdges, ALaterMigrationsTableIsAdoptedWithItsSeedRows) {
  std::string path = legacy_file("adopt-edge-later.db",
                                 "CREATE TABLE platform_conditions(id TEXT PRIMARY KEY, platform TEXT NOT NULL, "
                                 "condition TEXT NOT NULL, platform_condition TEXT NOT NULL, source TEXT NOT NULL, "
                                 "mine TEXT);");
  Db db(path);
  std::string report = db.text("SELECT vl_migrate()");
  EXPECT_NE(report.find("\"applied\":[\"0003_fees\",\"0005_imports\",\"0006_analytics\",\"0007_account_limits\"]"), std::string::npos) << report;
  EXPECT_NE(report.find("\"migrations\":[\"0001_core\",\"0002_tables\",\"0004_crosslist\"]"), std::string::npos)
      << report;
  EXPECT_NE(report.find("\"platform_conditions.mine\""), std::string::npos) << report;
  Db fresh;
  fresh.exec("SELECT vl_migrate()");
  EXPECT_EQ(db.table("SELECT platform, condition, platform_condition FROM platform_conditions ORDER BY 1, 2"),
            fresh.table("SELECT platform, condition, platform_condition FROM platform_conditions ORDER BY 1, 2"));
  EXPECT_EQ(db.integer("SELECT count(*) FROM platform_limits"), fresh.integer("SELECT count(*) FROM platform_limits"));
  EXPECT_GT(db.integer("SELECT count(*) FROM platform_conditions"), 0);
}

TEST(AdoptEdges, FileIndexUnderOurNameStaysAndAMissingSearchIndexIsBuilt) {
  std::string path = legacy_file("adopt-edge-index.db",
                                 "DROP TRIGGER inventory_ai; DROP TRIGGER inventory_au;"
                                 "DROP TABLE inventory_fts;"
                                 "INSERT INTO inventory(id, user_id, title, list_price) VALUES ('i1', 'u1', 'Wool Coat', 1);"
                                 "CREATE INDEX idx_tasks_user_id ON chat_messages(room);");
  Db db(path);
  // A connection that already runs with legacy_alter_table keeps it.
  db.exec("PRAGMA legacy_alter_table = ON");
  db.exec("SELECT vl_migrate()");
  EXPECT_EQ(db.integer("PRAGMA legacy_alter_table"), 1);
  EXPECT_EQ(db.text("SELECT sql FROM sqlite_master WHERE name = 'idx_tasks_user_id'"),
            "CREATE INDEX idx_tasks_user_id ON chat_messages(room)");
  EXPECT_EQ(db.text("SELECT id FROM inventory_fts WHERE inventory_fts MATCH 'wool'"), "i1");
  EXPECT_EQ(db.text("PRAGMA integrity_check"), "ok");
  // And one that does not gets it back off.
  Db other(legacy_file("adopt-edge-index2.db", "SELECT 1"));
  other.exec("SELECT vl_migrate()");
  EXPECT_EQ(other.integer("PRAGMA legacy_alter_table"), 0);
}
