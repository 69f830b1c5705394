// Security (docs/reliability.md): a database file is untrusted input.
//
//  * Its views and triggers cannot call the DIRECTONLY names (encrypt, decrypt, vl_set_key,
//    vl_migrate, vl_install_triggers, vl_import_sales, vl_expire_offers, vl_marketplace_csv),
//    with trusted_schema on (SQLite's default) or off; a refused trigger changes nothing.
//  * A key never appears in an error message, vl_info(), SQLite's error log or audit_logs.
//  * A hostile legacy file (quotes and brackets in names, a huge row, its own triggers and views)
//    cannot make vl_migrate() run SQL it did not intend.
//  * The schema and rules work with PRAGMA trusted_schema=OFF and SQLITE_DBCONFIG_DEFENSIVE on,
//    where SQLite's JSON functions are innocuous (3.41 and later); on older SQLite (3.40) they are
//    not, and the exact refusal is asserted.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdlib>
#include <mutex>
#include <string>
#include <variant>
#include <vector>

#include "tests/support/testdb.h"

namespace {

struct Blob {
  std::string bytes;
};
using Arg = std::variant<std::nullptr_t, long long, std::string, Blob>;

struct Outcome {
  std::string error;  // "" when it succeeded
  std::string value;  // first column of the first row, as text
};

// Prepares `sql`, binds `args` (so no secret is ever part of the SQL text SQLite logs), steps.
Outcome run(sqlite3* db, const std::string& sql, const std::vector<Arg>& args = {}) {
  Outcome out;
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
    out.error = sqlite3_errmsg(db);
    return out;
  }
  for (size_t i = 0; i < args.size(); ++i) {
    int n = static_cast<int>(i + 1);
    const Arg& a = args[i];
    if (std::holds_alternative<std::nullptr_t>(a)) sqlite3_bind_null(st, n);
    if (auto* v = std::get_if<long long>(&a)) sqlite3_bind_int64(st, n, *v);
    if (auto* v = std::get_if<std::string>(&a))
      sqlite3_bind_text(st, n, v->data(), static_cast<int>(v->size()), SQLITE_TRANSIENT);
    if (auto* v = std::get_if<Blob>(&a))
      sqlite3_bind_blob(st, n, v->bytes.data(), static_cast<int>(v->bytes.size()), SQLITE_TRANSIENT);
  }
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    const unsigned char* t = sqlite3_column_text(st, 0);
    out.value = t ? reinterpret_cast<const char*>(t) : "NULL";
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    }
  }
  if (rc != SQLITE_DONE) out.error = sqlite3_errmsg(db);
  sqlite3_finalize(st);
  return out;
}

std::string hex(const std::string& s, bool upper = false) {
  static const char* lo = "0123456789abcdef";
  static const char* up = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    out += (upper ? up : lo)[c >> 4];
    out += (upper ? up : lo)[c & 15];
  }
  return out;
}

// SQLite fixed its JSON functions to work under trusted_schema=OFF on 2023-01-09 (check-in
// "Fix JSON functions so that they work correctly under PRAGMA trusted_schema"), first released
// in 3.41.0. Before that (3.40 is Debian 12's) they are refused in CHECKs, triggers and views
// under trusted_schema=OFF. docs/reliability.md.
constexpr int kJsonInnocuousSince = 3041000;

// ---------------------------------------------------------------- DIRECTONLY -----------------

struct Hostile {
  const char* name;  // the DIRECTONLY name
  const char* expr;  // a use of it, as a hostile view or trigger would write it
  const char* unsafe;  // SQLite's refusal
};

const Hostile kHostile[] = {
    {"encrypt", "SELECT encrypt('x', 'a key of thirty-two characters......')", "unsafe use of encrypt()"},
    {"decrypt", "SELECT decrypt(credentials) FROM shops", "unsafe use of decrypt()"},
    {"vl_set_key", "SELECT vl_set_key('an attacker key of thirty-two chars.....')", "unsafe use of vl_set_key()"},
    {"vl_migrate", "SELECT vl_migrate()", "unsafe use of vl_migrate()"},
    {"vl_install_triggers", "SELECT vl_install_triggers()", "unsafe use of vl_install_triggers()"},
    {"vl_import_sales", "SELECT vl_import_sales('/etc/passwd', 'ebay', 'u1')", "unsafe use of vl_import_sales()"},
    {"vl_expire_offers", "SELECT vl_expire_offers('2999-01-01')", "unsafe use of vl_expire_offers()"},
    {"vl_marketplace_csv", "SELECT line FROM vl_marketplace_csv('/etc/passwd', 'ebay')",
     "unsafe use of virtual table \"vl_marketplace_csv\""},
};

// A migrated file with one encrypted shop, then hostile views and triggers written into it by a
// connection that never loaded the extension (SQLite checks function names only when a view or
// trigger is used, so anyone can write such a file).
std::string hostile_file(const std::string& name, const std::string& key) {
  std::string path = vltest::temp_path(name);
  {
    vltest::Db db(path);
    db.exec("SELECT vl_migrate()");
    db.exec("INSERT INTO users(id, email, password_hash, username) VALUES ('u1', 'a@example.com', 'h', 'alice')");
    Outcome o = run(db.get(),
                    "INSERT INTO shops(id, user_id, platform, credentials) VALUES ('s1', 'u1', 'ebay', encrypt('{\"token\":\"t0p\"}', ?1))",
                    {key});
    EXPECT_EQ(o.error, "");
  }
  vltest::Db plain(path, false);
  plain.exec("CREATE TABLE loot(what TEXT, got TEXT)");
  // One bait table per name: SQLite compiles every trigger of a table on a write to it.
  for (const Hostile& h : kHostile) {
    std::string n = h.name;
    plain.exec("CREATE TABLE bait_" + n + "(x)");
    plain.exec("CREATE VIEW hostile_view_" + n + " AS " + h.expr);
    plain.exec("CREATE TRIGGER hostile_trigger_" + n + " AFTER INSERT ON bait_" + n +
               " BEGIN INSERT INTO loot SELECT '" + n + "', * FROM (" + h.expr + "); END");
  }
  // A trigger on a table the user writes every day.
  plain.exec("CREATE TRIGGER hostile_on_sales AFTER INSERT ON sales BEGIN "
             "INSERT INTO loot SELECT 'sales', decrypt(credentials) FROM shops; END");
  return path;
}

TEST(Security, HostileViewsAndTriggersCannotCallDirectOnlyNames) {
  const std::string key = "the owner's key, thirty-two characters or more";
  std::string path = hostile_file("sec_hostile.db", key);
  for (bool trusted : {true, false}) {
    SCOPED_TRACE(trusted ? "trusted_schema=ON" : "trusted_schema=OFF");
    vltest::Db db(path);
    if (!trusted && sqlite3_libversion_number() < kJsonInnocuousSince) {
      // 3.40: under trusted_schema=OFF the file's own CHECKs (json_valid) already make its
      // schema unusable, so nothing of it runs at all (see HardenedSettings... below).
      db.exec("PRAGMA trusted_schema = OFF");
      EXPECT_EQ(db.error("SELECT * FROM hostile_view_decrypt"),
                "malformed database schema (users) - unsafe use of json_valid()");
      continue;
    }
    db.exec(trusted ? "PRAGMA trusted_schema = ON" : "PRAGMA trusted_schema = OFF");
    EXPECT_EQ(run(db.get(), "SELECT vl_set_key(?1)", {key}).value, "1");
    std::string before = db.schema_dump() + db.table("SELECT * FROM shops") + db.table("SELECT * FROM sales");
    for (const Hostile& h : kHostile) {
      SCOPED_TRACE(h.name);
      std::string n = h.name;
      EXPECT_EQ(db.error(std::string("SELECT * FROM hostile_view_") + n), h.unsafe);
      EXPECT_EQ(db.error("INSERT INTO bait_" + n + " VALUES (1)"), h.unsafe);
      // Control: the same expression written by the application itself is allowed (so the
      // refusal above is about where it came from). File readers and writers are left out:
      // they would really read /etc/passwd or write.
      if (n == "encrypt" || n == "decrypt") {
        EXPECT_EQ(db.error(h.expr), "");
      }
    }
    EXPECT_EQ(db.error("INSERT INTO sales(user_id, platform, sale_price) VALUES ('u1', 'ebay', 10)"),
              "unsafe use of decrypt()");
    std::string rows = "(SELECT count(*) FROM loot)";
    for (const Hostile& h : kHostile) rows += std::string(" + (SELECT count(*) FROM bait_") + h.name + ")";
    EXPECT_EQ(db.integer("SELECT " + rows), 0);
    EXPECT_EQ(db.schema_dump() + db.table("SELECT * FROM shops") + db.table("SELECT * FROM sales"), before);
  }
}

TEST(Security, InnocuousNamesStayUsableFromTheSchema) {
  // Not migrated: on 3.40 our own JSON CHECKs would make the schema unusable under
  // trusted_schema=OFF (see HardenedSettings... below); this is about our functions alone.
  std::string path = vltest::temp_path("sec_innocuous.db");
  {
    vltest::Db plain(path, false);
    plain.exec("CREATE VIEW pure AS SELECT vl_sha256('abc') AS h, net_profit(10, 1, 1, 1) AS p, "
               "vl_json_valid('{}', '{\"type\":\"object\"}') AS j, "
               "(SELECT count(*) FROM vl_cron('0 * * * *', '2026-01-01 00:00:00', '2026-01-01 05:00:00')) AS c");
  }
  vltest::Db db(path);
  db.exec("PRAGMA trusted_schema = OFF");
  EXPECT_EQ(db.text("SELECT * FROM pure"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad|7.0|1|5");
}

// ---------------------------------------------------------------- keys never leak -------------

std::mutex g_log_mu;
std::vector<std::string>* g_log = nullptr;

void capture_log(void*, int code, const char* msg) {
  std::lock_guard<std::mutex> lock(g_log_mu);
  if (g_log) g_log->push_back(std::to_string(code) + " " + (msg ? msg : ""));
}

// Every 16-character window of each secret form: a key must not appear even in part.
std::vector<std::string> needles(const std::vector<std::string>& secrets) {
  std::vector<std::string> out;
  for (const auto& s : secrets) {
    for (size_t i = 0; i + 16 <= s.size(); ++i) out.push_back(s.substr(i, 16));
  }
  return out;
}

TEST(Security, KeysNeverAppearInErrorsInfoLogOrAudit) {
  const std::string text_key = "correct horse battery staple and then some";  // >= 32 chars
  const std::string hex_key = "00112233445566778899aabbccddeeff0f1e2d3c4b5a69788796a5b4c3d2e1f0";
  const std::string blob_key = std::string("\x01\x02\x03\x04\x05\x06\x07\x08", 8) + "twenty-four bytes more!!";
  const std::string env_key = "ENVSECRET-too-short";
  ASSERT_EQ(blob_key.size(), 32u);
  std::vector<std::string> secrets = {text_key, text_key.substr(0, 32), hex(text_key.substr(0, 32)),
                                      hex(text_key.substr(0, 32), true), hex_key, hex(hex_key),
                                      hex(blob_key), hex(blob_key, true), blob_key.substr(8), env_key};
  std::string upper_hex = hex_key;
  for (char& c : upper_hex) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  secrets.push_back(upper_hex);

  // SQLite's error log: installed while no connection is open (sqlite3_config needs that).
  std::vector<std::string> log;
  ASSERT_EQ(sqlite3_shutdown(), SQLITE_OK);
  ASSERT_EQ(sqlite3_config(SQLITE_CONFIG_LOG, capture_log, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_initialize(), SQLITE_OK);
  {
    std::lock_guard<std::mutex> lock(g_log_mu);
    g_log = &log;
  }
  const char* saved_env = std::getenv("VAULTLISTER_KEY");
  std::string saved = saved_env ? saved_env : "";
  unsetenv("VAULTLISTER_KEY");

  std::vector<std::string> errors;
  std::string info, audit;
  {
    vltest::Db db(vltest::temp_path("sec_keys.db"));
    sqlite3* h = db.get();
    db.exec("SELECT vl_migrate()");
    db.exec("INSERT INTO users(id, email, password_hash, username) VALUES ('u1', 'a@example.com', 'h', 'alice')");
    std::string good = run(h, "SELECT encrypt('{\"token\":\"plain-credential-value\"}', ?1, 's1')", {text_key}).value;
    ASSERT_EQ(good.rfind("v2:sb:", 0), 0u) << good;  // a passphrase, bound
    std::string tampered = good;
    tampered.back() = tampered.back() == '0' ? '1' : '0';
    std::string legacy_like = std::string(32, 'a') + ":" + std::string(32, 'b');
    struct Case {
      std::string sql;
      std::vector<Arg> args;
      std::string starts;  // the message must start with this (and be a refusal)
    };
    const std::vector<Case> cases = {
        {"SELECT decrypt(?1, ?2, 's1')", {good, hex_key}, "vaultlister: decrypt: authentication failed"},
        {"SELECT decrypt(?1, ?2, 'other aad')", {good, text_key}, "vaultlister: decrypt: authentication failed"},
        {"SELECT decrypt(?1, ?2, 's1')", {tampered, text_key}, "vaultlister: decrypt: authentication failed"},
        {"SELECT decrypt(?1, ?2)", {Blob{blob_key}, text_key}, "vaultlister: decrypt: ciphertext is a blob"},
        {"SELECT decrypt('not an envelope', ?1)", {text_key}, "vaultlister: decrypt: ciphertext is not"},
        {"SELECT decrypt(?1, ?2)", {legacy_like, text_key}, "vaultlister: decrypt: "},
        {"SELECT decrypt(?1, ?2, 's1')", {good, Blob{blob_key}}, "vaultlister: decrypt: authentication failed"},
        {"SELECT encrypt('x', ?1)", {text_key.substr(0, 20)}, "vaultlister: encrypt: key is too short"},
        {"SELECT encrypt('x', ?1)", {Blob{blob_key.substr(0, 31)}}, "vaultlister: encrypt: key is a blob of 31 bytes"},
        {"SELECT encrypt('x', ?1)", {text_key + "\xff"}, "vaultlister: encrypt: key is not valid UTF-8"},
        {"SELECT encrypt(?1, ?2)", {Blob{"\x01"}, text_key}, "vaultlister: encrypt: plaintext is a blob"},
        {"SELECT encrypt('x', ?1, 'aad', 'extra')", {text_key}, "vaultlister: encrypt: wrong number of arguments"},
        {"SELECT decrypt(?1, ?2, 's1', 'extra')", {good, text_key}, "vaultlister: decrypt: wrong number of arguments"},
        {"SELECT vl_set_key(?1)", {text_key.substr(0, 31)}, "vaultlister: vl_set_key: key is too short"},
        {"SELECT vl_set_key(?1, ?2)", {text_key, text_key.substr(0, 10)}, "vaultlister: vl_set_key: previous_key"},
        {"SELECT vl_set_key(?1, ?2, ?3)", {text_key, hex_key, hex_key}, "vaultlister: vl_set_key: wrong number of arguments"},
        {"SELECT vl_set_key(NULL, ?1)", {text_key}, "vaultlister: vl_set_key: previous_key given without a key"},
        {"SELECT encrypt('x')", {}, "vaultlister: encrypt: no key"},
        {"SELECT decrypt(?1, NULL, 's1')", {good}, "vaultlister: decrypt: no key"},
    };
    for (const Case& c : cases) {
      Outcome o = run(h, c.sql, c.args);
      EXPECT_EQ(o.error.rfind(c.starts, 0), 0u) << c.sql << " -> " << o.error;
      errors.push_back(o.error);
    }
    // The connection's keys: wrong key set, fallback tried; tampered; then the environment.
    EXPECT_EQ(run(h, "SELECT vl_set_key(?1, ?2)", {hex_key, Blob{blob_key}}).value, "2");
    for (const std::string& v : {good, tampered}) {
      Outcome o = run(h, "SELECT decrypt(?1, NULL, 's1')", {v});
      EXPECT_EQ(o.error.rfind("vaultlister: decrypt: authentication failed", 0), 0u) << o.error;
      errors.push_back(o.error);
    }
    EXPECT_EQ(run(h, "SELECT vl_set_key(NULL)").value, "0");
    setenv("VAULTLISTER_KEY", env_key.c_str(), 1);
    for (const char* sql : {"SELECT encrypt('x')", "SELECT decrypt(?1, NULL, 's1')"}) {
      Outcome o = run(h, sql, {good});
      EXPECT_NE(o.error.find("VAULTLISTER_KEY"), std::string::npos) << o.error;
      errors.push_back(o.error);
    }
    unsetenv("VAULTLISTER_KEY");

    // vl_info and the audit trail with a key set and a shop connected and re-keyed.
    EXPECT_EQ(run(h, "SELECT vl_set_key(?1, ?2)", {text_key, hex_key}).value, "2");
    info = run(h, "SELECT vl_info()").value;
    EXPECT_EQ(run(h, "INSERT INTO shops(id, user_id, platform, is_connected, credentials) "
                     "VALUES ('s1', 'u1', 'ebay', 1, ?1)", {good}).error, "");
    EXPECT_EQ(run(h, "UPDATE shops SET credentials = encrypt(decrypt(credentials, NULL, 's1'), ?1, 's1')",
                  {hex_key}).error, "");
    EXPECT_EQ(db.integer("SELECT count(*) FROM audit_logs"), 2);
    audit = db.table("SELECT * FROM audit_logs");
    std::string stored = db.text("SELECT credentials FROM shops");
    EXPECT_EQ(audit.find("plain-credential-value"), std::string::npos) << audit;
    EXPECT_EQ(audit.find(stored.substr(4, 24)), std::string::npos) << "the envelope's iv is in the audit";
  }
  {
    std::lock_guard<std::mutex> lock(g_log_mu);
    g_log = nullptr;
  }
  ASSERT_EQ(sqlite3_shutdown(), SQLITE_OK);
  ASSERT_EQ(sqlite3_config(SQLITE_CONFIG_LOG, nullptr, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_initialize(), SQLITE_OK);
  if (saved_env) setenv("VAULTLISTER_KEY", saved.c_str(), 1);

  EXPECT_FALSE(log.empty()) << "the error log saw nothing: the capture is not working";
  std::vector<std::pair<std::string, const std::string*>> haystacks;
  for (const auto& e : errors) haystacks.push_back({"error", &e});
  for (const auto& l : log) haystacks.push_back({"sqlite3_log", &l});
  haystacks.push_back({"vl_info", &info});
  haystacks.push_back({"audit_logs", &audit});
  for (const auto& needle : needles(secrets)) {
    for (const auto& [where, text] : haystacks) {
      EXPECT_EQ(text->find(needle), std::string::npos) << where << " shows key material '" << needle
                                                       << "': " << *text;
    }
  }
}

// ------------------------------------------------- a hostile legacy file and vl_migrate ---------

TEST(Security, HostileLegacyFileCannotSteerVlMigrate) {
  std::string path = vltest::temp_path("sec_legacy.db");
  const std::string odd_col = "bin\"loc]; DROP TABLE users; --";
  const std::string odd_table = "x\"; DROP TABLE users; --";
  const std::string q_col = "\"bin\"\"loc]; DROP TABLE users; --\"";
  const std::string q_table = "\"x\"\"; DROP TABLE users; --\"";
  {
    vltest::Db plain(path, false);
    plain.exec(
        "CREATE TABLE users (id TEXT PRIMARY KEY, email TEXT UNIQUE NOT NULL, password_hash TEXT NOT NULL,"
        " username TEXT UNIQUE NOT NULL, subscription_tier TEXT DEFAULT 'free');"
        "CREATE TABLE inventory (id TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id), title TEXT NOT NULL,"
        " description TEXT, list_price REAL NOT NULL, status TEXT DEFAULT 'draft', " + q_col + " TEXT DEFAULT ']'')--');"
        "CREATE TABLE " + q_table + " (\"[a]\" TEXT, \"'b'\" TEXT);"
        "INSERT INTO " + q_table + " VALUES ('[', '''');"
        "CREATE TABLE canary(what TEXT);"
        "CREATE INDEX \"idx \"\"]['\" ON inventory(" + q_col + ");"
        "CREATE VIEW \"v]\"\"[\" AS SELECT id, " + q_col + " AS loc FROM inventory;"
        "CREATE TRIGGER \"t\"\"'[ins\" AFTER INSERT ON inventory BEGIN INSERT INTO canary VALUES ('insert ' || new.id); END;"
        "CREATE TRIGGER \"t\"\"'[upd\" AFTER UPDATE ON inventory BEGIN INSERT INTO canary VALUES ('''; DROP TABLE users; --'); END;"
        "CREATE TRIGGER \"t\"\"'[del\" AFTER DELETE ON inventory BEGIN DELETE FROM users; END;"
        "CREATE TRIGGER \"u\"\"'[del\" BEFORE DELETE ON users BEGIN SELECT RAISE(ABORT, 'hostile: users touched'); END;"
        "INSERT INTO users(id, email, password_hash, username) VALUES ('u1', 'a@example.com', 'h', 'ann\"]''');"
        "INSERT INTO inventory(id, user_id, title, description, list_price, " + q_col + ") VALUES"
        " ('i1', 'u1', 'Odd \"[title]''', replace(hex(zeroblob(2500000)), '00', 'ab'), 40, ''' ; DROP TABLE users; --'),"
        " ('i\"]2', 'u1', 'Second', NULL, 5, NULL);"
        "DELETE FROM canary;");
  }
  vltest::Db db(path);
  std::string report = db.text("SELECT vl_migrate()");
  EXPECT_NE(report.find("\"adopted\""), std::string::npos) << report;
  EXPECT_EQ(db.text("PRAGMA integrity_check"), "ok");
  EXPECT_EQ(db.table("PRAGMA foreign_key_check"), "");
  // Nothing the file's text suggested ran: its triggers did not fire for the copy, users stand.
  EXPECT_EQ(db.table("SELECT * FROM canary"), "");
  EXPECT_EQ(db.table("SELECT id, username FROM users"), "u1|ann\"]'");
  EXPECT_EQ(db.table("SELECT * FROM " + q_table), "[|'");
  // Every value came along, the huge one byte for byte, the odd column under its own name.
  EXPECT_EQ(db.table("SELECT id, title, " + q_col + " FROM inventory ORDER BY id"),
            "i\"]2|Second|NULL\ni1|Odd \"[title]'|' ; DROP TABLE users; --");
  EXPECT_EQ(db.integer("SELECT description = replace(hex(zeroblob(2500000)), '00', 'ab') FROM inventory WHERE id = 'i1'"), 1);
  // The file's own index, view and triggers were kept, with their names.
  EXPECT_EQ(db.table("SELECT type, name FROM sqlite_master WHERE name GLOB '*[\"]*' ORDER BY name"),
            "index|idx \"]['\ntrigger|t\"'[del\ntrigger|t\"'[ins\ntrigger|t\"'[upd\ntrigger|u\"'[del\nview|v]\"[\ntable|" +
                odd_table);
  EXPECT_EQ(db.text("SELECT loc FROM \"v]\"\"[\" WHERE id = 'i1'"), "' ; DROP TABLE users; --");
  EXPECT_EQ(db.integer("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'idx \"][' || char(39)"), 1);
  // A second run changes nothing.
  std::string dump = db.schema_dump();
  db.exec("SELECT vl_migrate()");
  EXPECT_EQ(db.schema_dump(), dump);
  EXPECT_EQ(db.table("SELECT * FROM canary"), "");
}

TEST(Security, SchemaNamesWithQuotesAndBracketsAreQuoted) {
  vltest::Db db;
  const std::string odd = "we\"ird]['; DROP TABLE main.keep; --";
  db.exec("CREATE TABLE keep(x); INSERT INTO keep VALUES (1)");
  Outcome a = run(db.get(), "ATTACH ':memory:' AS ?1", {odd});
  ASSERT_EQ(a.error, "");
  for (const char* fn : {"vl_migrate(?1)", "vl_install_triggers(?1)", "vl_schema_version(?1)"}) {
    Outcome o = run(db.get(), std::string("SELECT ") + fn, {odd});
    EXPECT_EQ(o.error, "") << fn;
  }
  EXPECT_EQ(run(db.get(), "SELECT count(*) FROM vl_health(?1) WHERE status <> 'ok'", {odd}).value, "0");
  EXPECT_EQ(db.table("SELECT * FROM keep"), "1");
  EXPECT_EQ(db.integer("SELECT count(*) FROM main.sqlite_master"), 1);  // main untouched
}

// --------------------------------------- trusted_schema=OFF and SQLITE_DBCONFIG_DEFENSIVE -------

TEST(Security, HardenedSettingsMigrateSellAndCheckHealth) {
  const std::string path = vltest::temp_path("sec_hardened.db");
  vltest::Db db(path);
  sqlite3* h = db.get();
  int on = -1;
  ASSERT_EQ(sqlite3_db_config(h, SQLITE_DBCONFIG_DEFENSIVE, 1, &on), SQLITE_OK);
  ASSERT_EQ(on, 1);
  db.exec("PRAGMA trusted_schema = OFF");
  ASSERT_EQ(db.text("PRAGMA trusted_schema"), "0");
  // Defensive mode is really on: writing the schema by hand is refused.
  EXPECT_NE(db.error("PRAGMA writable_schema = ON; UPDATE sqlite_master SET sql = sql"), "");
  db.exec("PRAGMA writable_schema = OFF");

  const char* item =
      "INSERT INTO inventory(id, user_id, title, list_price, cost_price, quantity, status) "
      "VALUES ('i1', 'u1', 'Denim Jacket', 60, 12.5, 1, 'active')";
  const char* listings =
      "INSERT INTO listings(id, inventory_id, user_id, platform, title, price, status) VALUES "
      "('l1', 'i1', 'u1', 'ebay', 'Denim Jacket', 60, 'active'), ('l2', 'i1', 'u1', 'poshmark', 'Denim Jacket', 58, 'active')";
  const char* sale =
      "INSERT INTO sales(id, user_id, listing_id, platform, sale_price, platform_fee, shipping_cost) "
      "VALUES ('s1', 'u1', 'l1', 'ebay', 50, 6.55, 4)";
  if (sqlite3_libversion_number() >= kJsonInnocuousSince) {
    EXPECT_EQ(db.error("SELECT vl_migrate()"), "");
    db.exec("INSERT INTO users(id, email, password_hash, username) VALUES ('u1', 'a@example.com', 'h', 'alice')");
    EXPECT_EQ(db.error(item), "");
    EXPECT_EQ(db.error(listings), "");
    EXPECT_EQ(db.error(sale), "");
    EXPECT_EQ(db.table("SELECT quantity, status FROM inventory"), "0|sold");
    EXPECT_EQ(db.table("SELECT id, status FROM listings ORDER BY id"), "l1|sold\nl2|ended");
    EXPECT_EQ(db.table("SELECT entity_id, action, json_extract(payload, '$.sale_id') FROM sync_queue"), "l2|delist|s1");
    EXPECT_EQ(db.text("SELECT net_profit FROM sales"), "26.95");
    EXPECT_EQ(db.table("SELECT name, detail FROM vl_health WHERE status <> 'ok'"), "");
    EXPECT_EQ(db.integer("SELECT count(*) FROM vl_health WHERE status = 'ok'"), 11);
    EXPECT_EQ(db.text("SELECT count(*) FROM vl_search('denim jack')"), "1");
  } else {
    // 3.40: our CHECKs and triggers call JSON functions, which this SQLite does not mark
    // innocuous: under trusted_schema=OFF the first migration is refused and nothing is kept...
    std::string e = db.error("SELECT vl_migrate()");
    EXPECT_EQ(e.rfind("vaultlister: vl_migrate: 0001_core, statement 1 ", 0), 0u) << e;
    const std::string tail = ": unsafe use of json_valid() (nothing of this run was kept)";
    EXPECT_TRUE(e.size() > tail.size() && e.compare(e.size() - tail.size(), tail.size(), tail) == 0) << e;
    EXPECT_EQ(db.integer("SELECT count(*) FROM sqlite_master"), 0);
    // ...and a file migrated with it on cannot be read by a connection with it off.
    db.exec("PRAGMA trusted_schema = ON");
    EXPECT_EQ(db.error("SELECT vl_migrate()"), "");
    {
      vltest::Db off(path);
      off.exec("PRAGMA trusted_schema = OFF");
      EXPECT_EQ(off.error("SELECT count(*) FROM users"),
                "malformed database schema (users) - unsafe use of json_valid()");
    }
    // SQLITE_DBCONFIG_DEFENSIVE alone (trusted_schema at SQLite's default) works on 3.40.
    db.exec("INSERT INTO users(id, email, password_hash, username) VALUES ('u1', 'a@example.com', 'h', 'alice')");
    EXPECT_EQ(db.error(item), "");
    EXPECT_EQ(db.error(listings), "");
    EXPECT_EQ(db.error(sale), "");
    EXPECT_EQ(db.table("SELECT quantity, status FROM inventory"), "0|sold");
    EXPECT_EQ(db.table("SELECT id, status FROM listings ORDER BY id"), "l1|sold\nl2|ended");
    EXPECT_EQ(db.text("SELECT net_profit FROM sales"), "26.95");
    EXPECT_EQ(db.table("SELECT name, detail FROM vl_health WHERE status <> 'ok'"), "");
  }
}

}  // namespace
