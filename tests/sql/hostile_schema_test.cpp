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
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/testdb.h"

namespace {

const std::string kOwnerKey = "the owner's key: thirty-two characters and more";
const std::string kAttackerKey = "an attacker key, thirty-two characters long";
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
// (Names a plain connection also has, such as fts3_tokenizer, are SQLite's own.)
std::vector<std::string> directonly_functions() {
  vltest::Db plain(":memory:", false);
  std::vector<std::string> builtin = plain.rows("SELECT DISTINCT name FROM pragma_function_list");
  std::set<std::string> sqlite_own(builtin.begin(), builtin.end());
  vltest::Db db;
  // 0x80000 is SQLITE_DIRECTONLY in pragma_function_list's flags column.
  std::vector<std::string> out;
  for (const std::string& fn : db.rows("SELECT DISTINCT name FROM pragma_function_list WHERE "
                                       "(flags & 0x80000) != 0 ORDER BY name"))
    if (!sqlite_own.count(fn)) out.push_back(fn);
  return out;
}

// The functions the nosecrets entry point leaves out: the ones that use a key. For these the key
// source (vl_set_key or VAULTLISTER_KEY) is a dimension of the matrix.
std::set<std::string> key_functions() {
  vltest::Db db(":memory:", false);
  sqlite3_enable_load_extension(db.get(), 1);
  char* err = nullptr;
  EXPECT_EQ(sqlite3_load_extension(db.get(), vltest::extension_path(), "sqlite3_vaultlister_nosecrets_init", &err), SQLITE_OK);
  sqlite3_free(err);
  std::set<std::string> out;
  for (const std::string& fn : directonly_functions())
    if (db.integer("SELECT count(*) FROM pragma_function_list WHERE name = '" + fn + "'") == 0) out.insert(fn);
  return out;
}

// A migrated file in WAL mode with one shop whose credentials hold kOldSecret under kOwnerKey.
std::string template_file() {
  static std::string path;
  if (!path.empty()) return path;
  path = vltest::temp_path("hostile_template.db");
  vltest::Db db(path);
  db.exec("PRAGMA journal_mode = WAL");  // the owner's writes then sit in -wal, scanned too
  db.exec("SELECT vl_migrate()");
  db.exec("INSERT INTO users(id, email, password_hash, username) VALUES ('u1', 'a@example.com', 'h', 'alice')");
  EXPECT_EQ(run(db.get(),
                "INSERT INTO shops(id, user_id, platform, credentials) VALUES ('s1', 'u1', 'ebay', encrypt(?1, ?2))",
                {kOldSecret, kOwnerKey}),
            "");
  return path;
}

// SQLite 3.40 refuses the file's own JSON CHECKs and triggers under trusted_schema=OFF (its JSON
// functions are not innocuous yet), so there every cell of that half would be refused before the
// hostile call is reached, and prove nothing. An attacker is free to leave them out: for that
// half on such a host the file is the template without its triggers and views, and with its JSON
// checks rewritten into built-ins that pass.
bool own_schema_refused_untrusted() {
  vltest::Db plain(template_file(), false);
  plain.exec("PRAGMA trusted_schema = OFF");
  return plain.error("SELECT count(*) FROM shops").find("unsafe use of json_") != std::string::npos;
}

std::string stripped_template_file() {
  static std::string path;
  if (!path.empty()) return path;
  path = vltest::temp_path("hostile_template_stripped.db");
  copy_file(template_file(), path);
  vltest::Db plain(path, false);
  plain.exec("PRAGMA writable_schema = ON");
  plain.exec("DELETE FROM sqlite_schema WHERE type IN ('trigger', 'view')");
  plain.exec("UPDATE sqlite_schema SET sql = replace(replace(sql, 'json_valid(', '1 OR length('), "
             "'json_type(', '1 OR typeof(') WHERE type = 'table'");
  plain.exec("PRAGMA writable_schema = OFF");
  plain.exec("PRAGMA trusted_schema = OFF");
  EXPECT_EQ(plain.error("SELECT count(*) FROM shops"), "");
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

// A column or a table constraint added to shops' CREATE TABLE (a column goes before the table
// constraints, which close its definition).
void add_to_shops(vltest::Db& plain, const std::string& clause, bool column) {
  std::string sql = plain.text("SELECT sql FROM sqlite_schema WHERE name = 'shops'");
  ASSERT_EQ(sql.back(), ')');
  if (column) {
    size_t at = sql.find("UNIQUE (user_id, platform)");
    ASSERT_NE(at, std::string::npos);
    sql.insert(at, clause + ", ");
  } else {
    sql = sql.substr(0, sql.size() - 1) + ", " + clause + ")";
  }
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
    {"check", [](vltest::Db& p, const std::string& c) { add_to_shops(p, "CHECK ((" + c + ") IS NOT 'vl-never')", false); }},
    {"generated_virtual", [](vltest::Db& p, const std::string& c) { add_to_shops(p, "h_gen AS (" + c + ") VIRTUAL", true); }},
    {"generated_stored", [](vltest::Db& p, const std::string& c) { add_to_shops(p, "h_gen AS (" + c + ") STORED", true); }},
    {"default", [](vltest::Db& p, const std::string& c) { add_to_shops(p, "h_def DEFAULT (" + c + ")", true); }},
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
  // The generic call proves whether the body ran; these add the effects the matrix checks
  // (the key swapped, a plaintext written into the file).
  static const std::map<std::string, std::string> real = {
      {"decrypt", "decrypt('" + old_ciphertext() + "')"},
      {"vl_set_key", "vl_set_key('" + kAttackerKey + "')"},
  };
  auto it = real.find(fn);
  if (it != real.end()) out.push_back(it->second);
  return out;
}

// How SQLite refused: the file at schema parse, or the call when used.
std::string refusal_kind(const std::string& err, const std::string& fn) {
  bool names_fn = err.find("unsafe use of " + fn + "()") != std::string::npos ||
                  err.find("unsafe use of virtual table \"" + fn + "\"") != std::string::npos ||
                  err.find("prohibited") != std::string::npos ||     // subqueries, non-deterministic
                  err.find("is not constant") != std::string::npos;  // a DEFAULT with a subquery
  // encrypt's own refusal on hosts that let a CHECK call it (ext/schema_origin.h, gap 3): the
  // body of encrypt never ran, the file's table was found first.
  if (err.find("vaultlister: " + fn + ": table ") != std::string::npos &&
      err.find("() in its definition") != std::string::npos)
    return "call (table scan)";
  if (err.rfind("malformed database schema", 0) == 0) {
    return names_fn ? "parse" : "";
  }
  return names_fn ? "call" : "";
}

std::string cell_dir() {
  struct stat st;
  if (stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) && access("/dev/shm", W_OK) == 0) return "/dev/shm";
  const char* dir = std::getenv("TMPDIR");
  return dir && *dir ? dir : "/tmp";
}

struct Tally {
  int cells = 0;
  std::map<std::string, int> by_kind;
};

void run_cell(const std::string& fn, const Place& place, const std::string& payload, bool trusted,
              bool env_key, bool load_late, int n, Tally* tally) {
  SCOPED_TRACE(std::string(place.name) + " x " + payload + (trusted ? " trusted_schema=ON" : " trusted_schema=OFF") +
               (env_key ? " VAULTLISTER_KEY" : " vl_set_key") + (load_late ? " loaded after a query" : " loaded first"));
  // Hundreds of cells, each a few commits: on tmpfs when there is one (fsync is the cost).
  std::string path = cell_dir() + "/vltest-hostile-" + std::to_string(getpid()) + "-" + std::to_string(n) + ".db";
  for (const char* sfx : {"", "-wal", "-shm", "-journal"}) std::remove((path + sfx).c_str());
  static const bool strip = own_schema_refused_untrusted();
  const bool stripped = !trusted && strip;
  copy_file(stripped ? stripped_template_file() : template_file(), path);
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
  // (Not on the stripped file: vl_migrate would rightly put its triggers back, a write of the
  // owner's that the schema comparison below would count against the cell.)
  if (!stripped) step("SELECT vl_migrate()");

  // The key is still the owner's: what the connection encrypts now opens with the owner's key.
  std::string key_check = run(h, "SELECT decrypt(encrypt('k'), ?1)", {kOwnerKey});
  // No plaintext in any of the file's bytes, with the connection still open (WAL not yet
  // checkpointed away).
  std::string bytes = slurp(path) + slurp(path + "-wal") + slurp(path + "-journal");
  unsetenv("VAULTLISTER_KEY");

  std::string kind;
  bool ran = false;
  for (const std::string& e : errors) {
    // The generic payload's own refusal: only our function's body says this.
    if (e.find("vaultlister: " + fn + ": wrong number of arguments") != std::string::npos) ran = true;
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
  for (const char* sfx : {"", "-wal", "-shm", "-journal"}) std::remove((path + sfx).c_str());
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

  std::set<std::string> keyed = key_functions();
  EXPECT_TRUE(keyed.count("decrypt") && keyed.count("vl_set_key") && keyed.count("encrypt"));
  Tally tally;
  int n = 0;
  for (const std::string& fn : fns)
    for (const Place& place : kPlaces)
      for (const std::string& payload : payloads(fn))
        for (bool trusted : {true, false})
          for (bool env_key : keyed.count(fn) ? std::vector<bool>{false, true} : std::vector<bool>{false})
            for (bool load_late : {false, true}) {
              run_cell(fn, place, payload, trusted, env_key, load_late, n++, &tally);
              if (::testing::Test::HasFatalFailure()) return;
            }
  std::printf("hostile-schema matrix on SQLite %s: %d cells (%zu functions x %zu places x payloads x "
              "trusted_schema ON/OFF x key from vl_set_key/VAULTLISTER_KEY for the key functions x loaded "
              "before/after a query)\n",
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
  const std::string three = "WITH RECURSIVE r(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM r WHERE value < 3) ";
  EXPECT_EQ(db.integer(three + "SELECT count(DISTINCT encrypt('x', NULL, 'row ' || value)) FROM r"), 3);
  // Every argument constant: once per statement where registered DETERMINISTIC (the known cost
  // of closing the CHECK gap on that SQLite, docs/secrets.md), once per row elsewhere. Each
  // execution of a prepared statement still gets its own IV.
  // encrypt itself is never registered DETERMINISTIC: every row gets its own IV everywhere.
  EXPECT_EQ(db.integer(three + "SELECT count(DISTINCT encrypt('x')) FROM r"), 3);
  EXPECT_NE(db.text("SELECT encrypt('x')"), db.text("SELECT encrypt('x')"));
}

// encrypt in a CHECK of an attached file: refused at parse where SQLite marks the call, and by
// encrypt itself (the table scan, ext/schema_origin.h gap 3) where it does not. Either way the
// owner's insert fails and writes nothing; a table that only mentions encrypt in a comment or a
// column name, and a read-only statement, are not refused.
TEST(HostileSchema, EncryptInACheckOfAnAttachedFileIsRefused) {
  std::string path = vltest::temp_path("hostile_attached.db");
  std::remove(path.c_str());
  {
    vltest::Db plain(path, false);
    plain.exec("CREATE TABLE notes(id INTEGER PRIMARY KEY, body, encrypted_at -- written by encrypt()\n)");
    plain.exec("CREATE TABLE creds(id INTEGER PRIMARY KEY, secret, CHECK (1))");
    plain.exec("PRAGMA writable_schema = ON");
    plain.exec("UPDATE sqlite_schema SET sql = 'CREATE TABLE creds(id INTEGER PRIMARY KEY, secret, "
               "CHECK (/* */ EnCrYpT (secret) IS NOT NULL))' WHERE name = 'creds'");
  }
  vltest::Db db;
  db.exec("SELECT vl_set_key('the owner''s key: thirty-two characters and more')");
  std::string attach = db.error("ATTACH '" + path + "' AS other");
  if (vltest::directonly_marked_deterministic() == "1") {
    EXPECT_EQ(attach, "");
    EXPECT_EQ(db.error("INSERT INTO other.creds(secret) VALUES (encrypt('owner secret'))"),
              std::string("vaultlister: encrypt: table other.creds calls encrypt() in its definition (no CHECK, "
                          "DEFAULT or generated column of a database file may call it; SQLite ") +
                  sqlite3_libversion() +
                  " does not refuse such a CHECK itself, so encrypt is refused while that table is attached)");
    // Not in a read-only statement (no CHECK runs there), and not once the file is detached.
    EXPECT_EQ(db.error("SELECT encrypt('x')"), "");
    db.exec("DETACH other");
    EXPECT_EQ(db.error("CREATE TABLE mine(c); INSERT INTO mine VALUES (encrypt('x'))"), "");
    // Attached again, under another name: read again, refused again (nothing is trusted from
    // the last clean answer).
    db.exec("ATTACH '" + path + "' AS again");
    EXPECT_NE(db.error("INSERT INTO mine VALUES (encrypt('y'))").find("table again.creds calls encrypt()"),
              std::string::npos);
    db.exec("DETACH again");
    EXPECT_EQ(db.integer("SELECT count(*) FROM mine"), 1);
  } else {
    EXPECT_EQ(attach, "malformed database schema (creds) - unsafe use of EnCrYpT()");
  }
  vltest::Db plain(path, false);
  EXPECT_EQ(plain.integer("SELECT count(*) FROM creds"), 0);
  std::remove(path.c_str());
}

TEST(HostileSchema, LoadRefusedWhereTheSchemaCannotBeReparsed) {
  vltest::Db db(":memory:", false);
  db.exec("PRAGMA query_only = ON");
  sqlite3_enable_load_extension(db.get(), 1);
  char* err = nullptr;
  EXPECT_NE(sqlite3_load_extension(db.get(), vltest::extension_path(), nullptr, &err), SQLITE_OK);
  EXPECT_STREQ(err, "error during initialization: vaultlister: load: cannot make SQLite parse the schema again: attempt to write a "
                    "readonly database (a connection that may create a temporary table: load before "
                    "PRAGMA query_only=ON)");
  sqlite3_free(err);
}

// The reparse at load is a savepoint, a temporary table and a rollback. When a step fails for
// any reason other than a schema that cannot be read, an earlier parse may still be in place:
// the load is refused with the cause, and no savepoint of the library is left open, whether the
// connection was in autocommit mode or inside the caller's transaction (which stays open, its
// changes intact).
TEST(HostileSchema, LoadRefusedWhereTheReparseFails) {
  const std::string prefix = "error during initialization: vaultlister: load: cannot make SQLite parse the schema again: ";
  const std::string expected = " (a temporary table created and rolled back inside a savepoint)";
  struct Case {
    const char* name;
    void (*arrange)(sqlite3*);
    const char* cause;
  };
  const Case cases[] = {
      // SAVEPOINT itself fails: "SAVEPOINT vl_reparse" is 20 bytes; the load's FTS5 lookup
      // before it, "SELECT fts5(?1)", 15.
      {"statement length limit", [](sqlite3* h) { sqlite3_limit(h, SQLITE_LIMIT_SQL_LENGTH, 16); },
       "string or blob too big"},
      // SAVEPOINT reports an error after it opened the savepoint (a read-only statement
      // interrupted at its end is not rolled back). The interrupt is aimed at that statement
      // (a trace callback names the running one), not at the load's earlier FTS5 lookup.
      {"interrupted", [](sqlite3* h) {
         static bool in_savepoint;
         static int fired;
         in_savepoint = false;
         fired = 0;
         sqlite3_trace_v2(h, SQLITE_TRACE_STMT, [](unsigned, void*, void* stmt, void*) {
           in_savepoint = std::string(sqlite3_sql(static_cast<sqlite3_stmt*>(stmt))) == "SAVEPOINT vl_reparse";
           return 0;
         }, nullptr);
         sqlite3_progress_handler(h, 1, [](void* p) {
           sqlite3* db = static_cast<sqlite3*>(p);
           return in_savepoint && !sqlite3_get_autocommit(db) && fired++ == 0 ? 1 : 0;
         }, h);
       },
       "interrupted"},
      // The temporary table does not fit.
      {"full temporary database", [](sqlite3* h) { sqlite3_exec(h, "PRAGMA temp.max_page_count = 1", nullptr, nullptr, nullptr); },
       "database or disk is full"},
      // An authorizer that refuses temporary tables.
      {"authorizer", [](sqlite3* h) {
         sqlite3_set_authorizer(h, [](void*, int action, const char*, const char*, const char*, const char*) {
           return action == SQLITE_CREATE_TEMP_TABLE ? SQLITE_DENY : SQLITE_OK;
         }, nullptr);
       },
       "authorization denied"},
  };
  for (const Case& c : cases) {
    for (bool in_transaction : {false, true}) {
      SCOPED_TRACE(std::string(c.name) + (in_transaction ? ", inside the caller's transaction" : ""));
      vltest::Db db(":memory:", false);
      sqlite3* h = db.get();
      if (in_transaction) db.exec("BEGIN; CREATE TABLE mine(x); INSERT INTO mine VALUES (1)");
      c.arrange(h);
      sqlite3_enable_load_extension(h, 1);
      char* err = nullptr;
      EXPECT_NE(sqlite3_load_extension(h, vltest::extension_path(), nullptr, &err), SQLITE_OK);
      EXPECT_EQ(std::string(err ? err : ""), prefix + c.cause + expected);
      sqlite3_free(err);
      sqlite3_progress_handler(h, 0, nullptr, nullptr);
      sqlite3_trace_v2(h, 0, nullptr, nullptr);
      sqlite3_set_authorizer(h, nullptr, nullptr);
      sqlite3_limit(h, SQLITE_LIMIT_SQL_LENGTH, 1000000);
      // Autocommit again, or back in the caller's own transaction, with nothing of ours in it.
      EXPECT_EQ(sqlite3_get_autocommit(h), in_transaction ? 0 : 1);
      EXPECT_EQ(db.error("RELEASE vl_reparse"), "no such savepoint: vl_reparse");
      EXPECT_EQ(db.integer("SELECT count(*) FROM temp.sqlite_schema"), 0);
      if (in_transaction) {
        EXPECT_EQ(db.integer("SELECT count(*) FROM mine"), 1);
        db.exec("COMMIT");
      }
    }
  }
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
