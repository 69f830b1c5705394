// The hostile-file matrix (issue 16, docs/secrets.md "A database file is input").
//
// An attacker builds a file with a plain SQLite that never loaded the library: PRAGMA
// writable_schema=ON and SQL written straight into sqlite_schema, calling functions that do not
// exist there. The owner opens it with the library, sets a key (vl_set_key or VAULTLISTER_KEY)
// and does the documented things: insert a shop with encrypt(...) credentials, select, update,
// vl_migrate(). For every
//
//   place      CHECK, generated column VIRTUAL and STORED, DEFAULT, expression index,
//              partial-index WHERE, view, trigger body, trigger WHEN
//   function   every DIRECTONLY function pragma_function_list shows (so a function added later
//              is covered by being registered), plus the vl_marketplace_csv table-valued function
//   payload    a call that, if it ran, would fail in our own voice ("vaultlister: <fn>: wrong
//              number of arguments"), and for the known names a realistic one (swap the key,
//              decrypt the owner's value, import, expire, migrate)
//   trusted_schema ON / OFF, key from vl_set_key / VAULTLISTER_KEY,
//   library loaded before / after the owner's first query (a schema parsed before the load)
//
// the cell must end with SQLite refusing the file or the call (at schema parse or at use), the
// owner's key unchanged, neither plaintext anywhere in the file's bytes (db, -wal, -journal), and
// the schema, sales and offers unchanged. The number of cells is printed (notes quote it).
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "support/testdb.h"

namespace {

const std::string kOwnerKey = "the owner's key: thirty-two characters and more";
const std::string kAttackerKey = "an attacker's key, thirty-two characters long";
const std::string kOldSecret = "OLD-SECRET-6b1d";  // s1's credentials, written before
const std::string kNewSecret = "NEW-SECRET-93fa";  // what the owner encrypts during the cell

// Prepares, binds text parameters, steps to the end. "" or the error message.
std::string run(sqlite3* db, const std::string& sql, const std::vector<std::string>& args = {}) {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) return sqlite3_errmsg(db);
  for (size_t i = 0; i < args.size(); ++i)
    sqlite3_bind_text(st, static_cast<int>(i + 1), args[i].c_str(), -1, SQLITE_TRANSIENT);
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
  }
  std::string err = rc == SQLITE_DONE ? "" : sqlite3_errmsg(db);
  sqlite3_finalize(st);
  return err;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void copy_file(const std::string& from, const std::string& to) {
  std::ofstream(to, std::ios::binary) << slurp(from);
}

// The DIRECTONLY functions as the library registers them on this host.
std::vector<std::string> directonly_functions() {
  vltest::Db db;
  // 0x80000 is SQLITE_DIRECTONLY in pragma_function_list's flags column.
  return db.rows("SELECT DISTINCT name FROM pragma_function_list WHERE builtin = 0 AND "
                 "(flags & 0x80000) != 0 ORDER BY name");
}

// A migrated file in WAL mode with one shop whose credentials hold kOldSecret under kOwnerKey.
std::string template_file() {
  static std::string path;
  if (!path.empty()) return path;
  path = vltest::temp_path("hostile_template.db");
  vltest::Db db(path);
  db.exec("SELECT vl_migrate()");
  db.exec("INSERT INTO users(id, email, password_hash, username) VALUES ('u1', 'a@example.com', 'h', 'alice')");
  EXPECT_EQ(run(db.get(),
                "INSERT INTO shops(id, user_id, platform, credentials) VALUES ('s1', 'u1', 'ebay', encrypt(?1, ?2))",
                {kOldSecret, kOwnerKey}),
            "");
  return path;
}

std::string old_ciphertext() {
  vltest::Db db(template_file(), false);
  return db.text("SELECT credentials FROM shops WHERE id = 's1'");
}

struct Place {
  const char* name;
  // Writes `call` into the file's schema (a plain connection with writable_schema=ON).
  void (*plant)(vltest::Db& plain, const std::string& call);
};

void add_to_shops(vltest::Db& plain, const std::string& clause) {
  std::string sql = plain.text("SELECT sql FROM sqlite_schema WHERE name = 'shops'");
  ASSERT_EQ(sql.back(), ')');
  sql = sql.substr(0, sql.size() - 1) + ", " + clause + ")";
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(plain.get(), "UPDATE sqlite_schema SET sql = ?1 WHERE name = 'shops'", -1, &st, nullptr), SQLITE_OK);
  sqlite3_bind_text(st, 1, sql.c_str(), -1, SQLITE_TRANSIENT);
  EXPECT_EQ(sqlite3_step(st), SQLITE_DONE) << sqlite3_errmsg(plain.get());
  sqlite3_finalize(st);
}

// An index with a real b-tree (created with a plain column), its SQL then rewritten.
void add_index(vltest::Db& plain, const std::string& sql) {
  plain.exec("PRAGMA writable_schema = OFF");
  plain.exec("CREATE INDEX h_idx ON shops(platform_username)");
  plain.exec("PRAGMA writable_schema = ON");
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(plain.get(), "UPDATE sqlite_schema SET sql = ?1 WHERE name = 'h_idx'", -1, &st, nullptr), SQLITE_OK);
  sqlite3_bind_text(st, 1, sql.c_str(), -1, SQLITE_TRANSIENT);
  EXPECT_EQ(sqlite3_step(st), SQLITE_DONE) << sqlite3_errmsg(plain.get());
  sqlite3_finalize(st);
}

void add_entry(vltest::Db& plain, const char* type, const char* name, const std::string& sql) {
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(plain.get(),
                               "INSERT INTO sqlite_schema(type, name, tbl_name, rootpage, sql) VALUES (?1, ?2, ?3, 0, ?4)",
                               -1, &st, nullptr),
            SQLITE_OK);
  sqlite3_bind_text(st, 1, type, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 3, std::string(type) == "view" ? name : "shops", -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 4, sql.c_str(), -1, SQLITE_TRANSIENT);
  EXPECT_EQ(sqlite3_step(st), SQLITE_DONE) << sqlite3_errmsg(plain.get());
  sqlite3_finalize(st);
}

const Place kPlaces[] = {
    {"check", [](vltest::Db& p, const std::string& c) { add_to_shops(p, "CHECK ((" + c + ") IS NOT 'vl-never')"); }},
    {"generated_virtual", [](vltest::Db& p, const std::string& c) { add_to_shops(p, "h_gen AS (" + c + ") VIRTUAL"); }},
    {"generated_stored", [](vltest::Db& p, const std::string& c) { add_to_shops(p, "h_gen AS (" + c + ") STORED"); }},
    {"default", [](vltest::Db& p, const std::string& c) { add_to_shops(p, "h_def DEFAULT (" + c + ")"); }},
    {"index_expression", [](vltest::Db& p, const std::string& c) { add_index(p, "CREATE INDEX h_idx ON shops((" + c + "))"); }},
    {"partial_index_where", [](vltest::Db& p, const std::string& c) {
       add_index(p, "CREATE INDEX h_idx ON shops(platform_username) WHERE (" + c + ") IS NOT 'vl-never'");
     }},
    {"view", [](vltest::Db& p, const std::string& c) { add_entry(p, "view", "h_view", "CREATE VIEW h_view AS SELECT " + c + " AS v"); }},
    {"trigger_body", [](vltest::Db& p, const std::string& c) {
       add_entry(p, "trigger", "h_trg", "CREATE TRIGGER h_trg AFTER INSERT ON shops BEGIN SELECT " + c + "; END");
     }},
    {"trigger_when", [](vltest::Db& p, const std::string& c) {
       add_entry(p, "trigger", "h_trg",
                 "CREATE TRIGGER h_trg AFTER UPDATE ON shops WHEN (" + c + ") IS NOT 'vl-never' BEGIN SELECT 1; END");
     }},
};

// Payloads for `fn`: the generic probe, and a realistic call for the names we know.
std::vector<std::string> payloads(const std::string& fn) {
  if (fn == "vl_marketplace_csv")
    return {"(SELECT count(*) FROM vl_marketplace_csv('/etc/passwd', 'ebay'))"};
  std::vector<std::string> out = {fn + "(1, 2, 3, 4, 5, 6, 7, 8, 9, 10)"};
  static const std::map<std::string, std::string> real = {
      {"encrypt", "encrypt('attacker-chosen plaintext')"},
      {"decrypt", "decrypt('" + old_ciphertext() + "')"},
      {"vl_set_key", "vl_set_key('" + kAttackerKey + "')"},
      {"vl_migrate", "vl_migrate()"},
      {"vl_install_triggers", "vl_install_triggers()"},
      {"vl_import_sales", "vl_import_sales('/etc/passwd', 'ebay', 'u1')"},
      {"vl_expire_offers", "vl_expire_offers('2999-01-01')"},
      {"vl_legacy_cbc", "vl_legacy_cbc(1)"},
  };
  auto it = real.find(fn);
  if (it != real.end()) out.push_back(it->second);
  return out;
}

// How SQLite refused: the file at schema parse, or the call when used.
std::string refusal_kind(const std::string& err, const std::string& fn) {
  bool names_fn = err.find("unsafe use of " + fn + "()") != std::string::npos ||
                  err.find("unsafe use of virtual table \"" + fn + "\"") != std::string::npos ||
                  err.find("prohibited") != std::string::npos;
  if (err.rfind("malformed database schema", 0) == 0) {
    if (names_fn) return "parse";
    // 3.40 under trusted_schema=OFF: the file's own json_valid CHECKs already stop it.
    if (err.find("unsafe use of json_valid()") != std::string::npos) return "parse (json_valid)";
    return "";
  }
  return names_fn ? "call" : "";
}

struct Tally {
  int cells = 0;
  std::map<std::string, int> by_kind;
};

void run_cell(const std::string& fn, const Place& place, const std::string& payload, bool trusted,
              bool env_key, bool load_late, int n, Tally* tally) {
  SCOPED_TRACE(std::string(place.name) + " x " + payload + (trusted ? " trusted_schema=ON" : " trusted_schema=OFF") +
               (env_key ? " VAULTLISTER_KEY" : " vl_set_key") + (load_late ? " loaded after a query" : " loaded first"));
  std::string path = vltest::temp_path("hostile_cell_" + std::to_string(n) + ".db");
  copy_file(template_file(), path);
  {
    vltest::Db plain(path, false);  // the attacker: no library
    plain.exec("PRAGMA writable_schema = ON");
    place.plant(plain, payload);
  }
  std::string schema_before;
  {
    vltest::Db plain(path, false);
    plain.exec("PRAGMA writable_schema = ON");  // read the planted schema without parsing it
    schema_before = plain.table("SELECT type, name, sql FROM sqlite_schema ORDER BY name");
  }

  if (env_key) setenv("VAULTLISTER_KEY", kOwnerKey.c_str(), 1);
  vltest::Db owner(path, false);
  sqlite3* h = owner.get();
  std::vector<std::string> errors;
  auto step = [&](const std::string& sql, const std::vector<std::string>& args = {}) {
    std::string e = run(h, sql, args);
    if (!e.empty()) errors.push_back(e);
  };
  if (load_late) step("SELECT count(*) FROM shops");  // the schema is parsed before the load
  sqlite3_enable_load_extension(h, 1);
  char* lerr = nullptr;
  ASSERT_EQ(sqlite3_load_extension(h, vltest::extension_path(), nullptr, &lerr), SQLITE_OK) << (lerr ? lerr : "");
  step(trusted ? "PRAGMA trusted_schema = ON" : "PRAGMA trusted_schema = OFF");
  if (!env_key) step("SELECT vl_set_key(?1)", {kOwnerKey});
  step("INSERT INTO shops(id, user_id, platform, credentials) VALUES ('s2', 'u1', 'poshmark', encrypt(?1))", {kNewSecret});
  step("SELECT * FROM shops");
  step("UPDATE shops SET credentials = encrypt(?1) WHERE id = 's1'", {kNewSecret});
  if (std::string(place.name) == "view") step("SELECT * FROM h_view");
  step("SELECT vl_migrate()");

  // The key is still the owner's: what the connection encrypts now opens with the owner's key.
  std::string key_check = run(h, "SELECT decrypt(encrypt('k'), ?1)", {kOwnerKey});
  // No plaintext in any of the file's bytes, with the connection still open (WAL not yet
  // checkpointed away).
  std::string bytes = slurp(path) + slurp(path + "-wal") + slurp(path + "-journal");
  unsetenv("VAULTLISTER_KEY");

  std::string kind;
  bool ran = false;
  for (const std::string& e : errors) {
    if (e.find("vaultlister: " + fn + ":") != std::string::npos) ran = true;  // our body ran
    if (kind.empty()) kind = refusal_kind(e, fn);
  }
  std::ostringstream all;
  for (const std::string& e : errors) all << "\n  " << e;
  EXPECT_FALSE(ran) << "the function ran:" << all.str();
  EXPECT_NE(kind, "") << "not refused:" << all.str();
  EXPECT_EQ(key_check, "") << "the connection's key changed";
  EXPECT_EQ(bytes.find(kOldSecret), std::string::npos) << "old plaintext in the file";
  EXPECT_EQ(bytes.find(kNewSecret), std::string::npos) << "new plaintext in the file";
  {
    vltest::Db plain(path, false);
    plain.exec("PRAGMA writable_schema = ON");
    EXPECT_EQ(plain.table("SELECT type, name, sql FROM sqlite_schema ORDER BY name"), schema_before);
    EXPECT_EQ(plain.integer("SELECT count(*) FROM sales"), 0);
    EXPECT_EQ(plain.integer("SELECT count(*) FROM offers"), 0);
  }
  ++tally->cells;
  ++tally->by_kind[kind.empty() ? "NOT REFUSED" : kind];
}

TEST(HostileSchema, EveryPlaceEveryFunctionIsRefused) {
  std::vector<std::string> fns = directonly_functions();
  // Derived from the registry, so it must not be empty nor miss a name we know.
  ASSERT_FALSE(fns.empty());
  std::set<std::string> have(fns.begin(), fns.end());
  for (const char* known : {"encrypt", "decrypt", "vl_set_key", "vl_migrate", "vl_install_triggers",
                            "vl_import_sales", "vl_expire_offers"})
    EXPECT_TRUE(have.count(known)) << known << " is not DIRECTONLY";
  fns.push_back("vl_marketplace_csv");  // a module: DIRECTONLY set in xConnect

  Tally tally;
  int n = 0;
  for (const std::string& fn : fns)
    for (const Place& place : kPlaces)
      for (const std::string& payload : payloads(fn))
        for (bool trusted : {true, false})
          for (bool env_key : {false, true})
            for (bool load_late : {false, true}) {
              run_cell(fn, place, payload, trusted, env_key, load_late, n++, &tally);
              if (::testing::Test::HasFatalFailure()) return;
            }
  std::printf("hostile-schema matrix on SQLite %s: %d cells (%zu functions x %zu places x payloads x "
              "trusted_schema ON/OFF x key from vl_set_key/VAULTLISTER_KEY x loaded before/after a query)\n",
              sqlite3_libversion(), tally.cells, fns.size(), sizeof(kPlaces) / sizeof(kPlaces[0]));
  for (const auto& [kind, count] : tally.by_kind) std::printf("  refused at %-20s %d\n", kind.c_str(), count);
  EXPECT_EQ(tally.by_kind.count("NOT REFUSED"), 0u);
}

}  // namespace

namespace {

// Where check_calls_are_marked() is false (3.40), the DIRECTONLY functions are registered
// DETERMINISTIC too, and SQLite evaluates a call whose arguments are all constants (literals or
// bound parameters) once per statement execution. These pin down what that does and does not
// change; on newer SQLite the same statements run with the functions non-deterministic.
bool folded_host() {
  vltest::Db db;
  return db.integer("SELECT (flags & 0x800) != 0 FROM pragma_function_list WHERE name = 'decrypt'") == 1;
}

TEST(HostileSchema, ConstantCallsKeepTheirOrderAndRowValues) {
  const std::string k1 = "first key, thirty-two characters long!!";
  const std::string k2 = "second key, thirty-two characters long!";
  vltest::Db db;
  std::printf("SQLite %s: DIRECTONLY functions registered DETERMINISTIC: %s\n", sqlite3_libversion(),
              folded_host() ? "yes" : "no");
  // vl_set_key then encrypt in one statement: encrypt uses the key just set.
  EXPECT_EQ(run(db.get(), "SELECT vl_set_key(?1)", {k1}), "");
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db.get(), "SELECT vl_set_key(?1), encrypt('x')", -1, &st, nullptr), SQLITE_OK);
  sqlite3_bind_text(st, 1, k2.c_str(), -1, SQLITE_TRANSIENT);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  std::string ct = reinterpret_cast<const char*>(sqlite3_column_text(st, 1));
  sqlite3_finalize(st);
  EXPECT_EQ(run(db.get(), "SELECT decrypt('" + ct + "', ?1)", {k2}), "");
  EXPECT_NE(run(db.get(), "SELECT decrypt('" + ct + "', ?1)", {k1}), "");
  // decrypt of different rows: one plaintext per row.
  db.exec("CREATE TABLE t(c)");
  for (const char* p : {"a", "b", "c"}) db.exec(std::string("INSERT INTO t VALUES (encrypt('") + p + "'))");
  EXPECT_EQ(db.table("SELECT decrypt(c) FROM t ORDER BY 1"), "a\nb\nc");
  // encrypt across rows with an argument that depends on the row (the aad naming the row, as the
  // docs write it): a new IV, so a distinct ciphertext, per row.
  EXPECT_EQ(db.integer("SELECT count(DISTINCT encrypt('x', NULL, 'row ' || value)) FROM generate_series(1, 3)"), 3);
  EXPECT_EQ(db.integer("SELECT count(DISTINCT c) FROM (SELECT encrypt('x', NULL, value) AS c FROM generate_series(1, 3))"), 3);
  // Every argument constant: once per statement where registered DETERMINISTIC (the known cost
  // of closing the CHECK gap on that SQLite, docs/secrets.md), once per row elsewhere. Each
  // execution of a prepared statement still gets its own IV.
  EXPECT_EQ(db.integer("SELECT count(DISTINCT encrypt('x')) FROM generate_series(1, 3)"), folded_host() ? 1 : 3);
  EXPECT_NE(db.text("SELECT encrypt('x')"), db.text("SELECT encrypt('x')"));
}

TEST(HostileSchema, LoadRefusedWhereTheSchemaCannotBeReparsed) {
  vltest::Db db(":memory:", false);
  db.exec("PRAGMA query_only = ON");
  sqlite3_enable_load_extension(db.get(), 1);
  char* err = nullptr;
  EXPECT_NE(sqlite3_load_extension(db.get(), vltest::extension_path(), nullptr, &err), SQLITE_OK);
  EXPECT_STREQ(err, "vaultlister: load: cannot make SQLite parse the schema again: attempt to write a "
                    "readonly database (a connection that may create a temporary table: load before "
                    "PRAGMA query_only=ON)");
  sqlite3_free(err);
}

// docs/secrets.md, "What tracing and EXPLAIN show": a key bound as a parameter is still visible to
// anything that expands the statement's SQL (sqlite3_expanded_sql, sqlite3_trace_v2's
// SQLITE_TRACE_STMT callers that expand it, the sqlite3 shell's .trace).
TEST(HostileSchema, ExpandedSqlShowsABoundKey) {
  const std::string key = "a bound key, thirty-two characters or more";
  vltest::Db db;
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db.get(), "SELECT vl_set_key(?1)", -1, &st, nullptr), SQLITE_OK);
  sqlite3_bind_text(st, 1, key.c_str(), -1, SQLITE_TRANSIENT);
  char* expanded = sqlite3_expanded_sql(st);
  ASSERT_NE(expanded, nullptr);
  EXPECT_EQ(std::string(expanded), "SELECT vl_set_key('" + key + "')");
  sqlite3_free(expanded);
  EXPECT_EQ(std::string(sqlite3_sql(st)), "SELECT vl_set_key(?1)");  // the unexpanded text does not
  sqlite3_finalize(st);
}

}  // namespace
