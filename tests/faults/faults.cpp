// vl_faults: SQLite-style fault injection and power-loss simulation for the
// extension, linked into one binary with the SQLite 3.53 amalgamation.
//
// Part 1 — I/O faults and out-of-memory. For each operation below, for every N
// from 1 until an N beyond the operation's last counted call, transient (only
// the Nth fails) and persistent (the Nth and all later ones fail):
//   * alloc: the Nth allocation of any allocator fails — SQLite's
//     (SQLITE_CONFIG_MALLOC), operator new (throws std::bad_alloc), direct
//     malloc of the library's objects (RapidJSON), OpenSSL's
//     (CRYPTO_set_mem_functions);
//   * io / io-full: the Nth xRead / xWrite / xSync / xTruncate of the
//     "faultshim" VFS fails (SQLITE_IOERR_*, or SQLITE_FULL for xWrite);
//   * api / api-alt (transient only): the Nth error-returning routine the
//     extension calls through its sqlite3_api_routines table, or through FTS5's
//     fts5_api, fails with the routine's first / second failure code (api.cpp),
//     and the failed operation must return that code. A sampled sweep also
//     fails each of the extension's call sites once (SiteLog, hooks.h).
// Each run checks: no crash (the process survives; ASan in VL_SANITIZE builds),
// no leak (every allocator back to its count before the connection opened),
// an error code that names the fault (SQLITE_NOMEM; SQLITE_IOERR / SQLITE_FULL)
// whenever the operation fails, and the file, reopened without faults, passes
// integrity_check and is exactly at the old or the new state (a whole dump:
// schema and every row). An operation that reports success must have left the
// new state and, where it returns a value, the right value.
//
// Part 2 — power loss. vl_migrate() on a fresh and on a legacy-shaped file,
// each in WAL and rollback-journal (DELETE) mode, on the "powerloss" VFS
// (vfs.h). For every cut point and three survival policies (no unsynced write
// survives; all do; a seeded mix of kept, lost and torn writes) the file as it
// comes back up must pass integrity_check, be exactly the old or the new state
// (the new one whenever vl_migrate() had already reported success), keep the
// row count of every table of the fixture, decrypt every secret to its
// plaintext, and, when old, reach the new state with one more vl_migrate().
//
// Usage: vl_faults [--only SUBSTRING] [--mode KIND] [--stride K] [--max-runs M] [--from N]
//   --only     run only scenarios / fixtures whose name contains SUBSTRING
//   --mode     run only the sweeps of one fault kind: alloc, io, io-full, api or api-alt
//   --stride   power loss: check every Kth cut point only (default 1: every one)
//   --max-runs faults: at most M values of N per sweep, evenly spaced over the
//              operation's counted calls (default 0: every N)
//   --from     start each sweep at N (replays one failing case: --from N --only NAME)
// Exit status 0 when every check passed; the last lines give the counts.
#include <openssl/err.h>
#include <openssl/evp.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "tests/faults/hooks.h"
#include "tests/faults/vfs.h"

// api.cpp: sqlite3_vaultlister_init with a copy of the routine table whose
// error-returning routines fail under an api plan.
extern "C" int vl_faults_api_init(sqlite3*, char**, const sqlite3_api_routines*);

namespace fs = std::filesystem;
using namespace vlfault;

namespace {

// ---- reporting --------------------------------------------------------------

long long g_failures = 0;
long long g_first_n = 1;  // --from: start every sweep at this N (to replay one case)
char g_where[256] = "start";  // what is running, for the crash handler

void fail(const std::string& what) {
  ++g_failures;
  if (g_failures <= 40) std::fprintf(stderr, "FAIL [%s] %s\n", g_where, what.c_str());
}

void on_signal(int sig) {
  // Not async-signal-safe in general; good enough to name the case that crashed.
  std::fprintf(stderr, "\nvl_faults: signal %d while running [%s]\n", sig, g_where);
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

// ---- small SQL helpers (faults are off whenever these run) ------------------

sqlite3* open_db(const std::string& path, const char* vfs = nullptr) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, vfs);
  if (rc != SQLITE_OK) {
    fail("open " + path + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
    sqlite3_close(db);
    return nullptr;
  }
  return db;
}

bool exec(sqlite3* db, const std::string& sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    fail("exec: " + std::string(err ? err : "?") + " in: " + sql.substr(0, 120));
    sqlite3_free(err);
    return false;
  }
  return true;
}

// Rows of a query, each row's columns quoted and joined by '|', rows by '\n'.
std::string rows(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) != SQLITE_OK) {
    fail("prepare: " + std::string(sqlite3_errmsg(db)) + " in: " + sql.substr(0, 120));
    return "<error>";
  }
  std::string out;
  int rc;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    for (int i = 0; i < sqlite3_column_count(s); ++i) {
      if (i) out += '|';
      const unsigned char* t = sqlite3_column_text(s, i);
      out += t ? reinterpret_cast<const char*>(t) : "NULL";
    }
    out += '\n';
  }
  if (rc != SQLITE_DONE) {
    fail("step: " + std::string(sqlite3_errmsg(db)) + " in: " + sql.substr(0, 120));
    out += "<error>";
  }
  sqlite3_finalize(s);
  return out;
}

std::string quote_ident(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// Every table's schema and every row (virtual tables by their shadow tables),
// except the columns named in `skip` ("table.column").
std::string dump(sqlite3* db, const std::set<std::string>& skip = {}) {
  std::string out = rows(db, "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name");
  std::string tables = rows(db,
      "SELECT name FROM sqlite_schema WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name");
  std::istringstream in(tables);
  std::string t;
  while (std::getline(in, t)) {
    std::string cols;
    // Ids drawn from randomblob() by a column DEFAULT depend on how much
    // randomness SQLite used before (WAL salts draw from the same PRNG), not
    // on the data: they are left out, the rest of each row is compared.
    std::istringstream cin(rows(db, "SELECT name FROM pragma_table_info(" + std::string("'") + t +
                                        "') WHERE coalesce(dflt_value, '') NOT LIKE '%randomblob%'"));
    std::string c;
    int n = 0;
    while (std::getline(cin, c)) {
      if (skip.count(t + "." + c)) continue;
      // A v4 UUID (a randomblob() id) in any other column is a reference to
      // one of those rows: masked for the same reason.
      std::string q = quote_ident(c);
      cols += std::string(n++ ? ", " : "") + "CASE WHEN typeof(" + q + ") = 'text' AND length(" + q +
              ") = 36 AND substr(" + q + ", 9, 1) = '-' AND substr(" + q + ", 15, 1) = '4' THEN '<uuid>' ELSE quote(" +
              q + ") END";
    }
    if (n == 0) continue;
    std::string order;
    for (int i = 1; i <= n; ++i) order += (i > 1 ? ", " : "") + std::to_string(i);
    out += "== " + t + "\n" + rows(db, "SELECT " + cols + " FROM " + quote_ident(t) + " ORDER BY " + order);
  }
  return out;
}

std::string read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

std::string g_source;  // repo root
const char* kKeyText = "a passphrase of at least thirty-two characters";

// The legacy unauthenticated form older VaultLister versions wrote:
// <iv hex 32>:<AES-256-CBC ciphertext hex>, key = the passphrase's first 32 bytes.
std::string legacy_cbc(const std::string& plain, unsigned char iv_byte) {
  unsigned char key[32], iv[16];
  std::memcpy(key, kKeyText, 32);
  for (int i = 0; i < 16; ++i) iv[i] = static_cast<unsigned char>(iv_byte + i);
  std::vector<unsigned char> out(plain.size() + 32);
  int n1 = 0, n2 = 0;
  EVP_CIPHER_CTX* c = EVP_CIPHER_CTX_new();
  EVP_EncryptInit_ex(c, EVP_aes_256_cbc(), nullptr, key, iv);
  EVP_EncryptUpdate(c, out.data(), &n1, reinterpret_cast<const unsigned char*>(plain.data()),
                    static_cast<int>(plain.size()));
  EVP_EncryptFinal_ex(c, out.data() + n1, &n2);
  EVP_CIPHER_CTX_free(c);
  auto hex = [](const unsigned char* p, size_t n) {
    static const char* d = "0123456789abcdef";
    std::string s;
    for (size_t i = 0; i < n; ++i) {
      s += d[p[i] >> 4];
      s += d[p[i] & 15];
    }
    return s;
  };
  return hex(iv, 16) + ":" + hex(out.data(), static_cast<size_t>(n1 + n2));
}

// The legacy rows (the shape of tests/sql/adopt_test.cpp's) plus 300 items, so
// that adoption rewrites many pages, and secrets in both envelope forms with
// their plaintexts kept in a table of the application's own (`pl_expected`),
// which adoption leaves alone.
std::string legacy_rows() {
  std::string sql = R"sql(
PRAGMA ignore_check_constraints = ON;
INSERT INTO users(id, email, password_hash, username, subscription_tier, is_admin, mfa_secret, created_at) VALUES
  ('u1', 'ann@example.com', 'h1', 'ann', 'pro', 1, 'JBSWY3DPEHPK3PXP', '2025-01-05T09:00:00.000Z'),
  ('u2', 'bob@example.com', 'h2', 'bob', 'free', 0, NULL, '2025-01-06 10:00:00');
INSERT INTO inventory(id, user_id, sku, title, description, brand, list_price, cost_price, status, tags, bin_location, created_at) VALUES
  ('i1', 'u1', 'SKU-1', 'Red Velvet Dress', 'A dress', 'Zara', 40, 10, 'active', '["party"]', 'A-01', '2025-03-01T10:00:00.000Z'),
  ('i2', 'u1', 'SKU-2', 'Blue Denim Jacket', 'A jacket', 'Levi''s', 55, 20, 'active', '[]', 'B-07', '2025-03-02 11:00:00');
WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < 300)
INSERT INTO inventory(id, user_id, sku, title, description, brand, list_price, cost_price, status, tags, created_at)
  SELECT 'bulk' || k, 'u2', 'B-' || k, 'Vintage item number ' || k, printf('%.*c', 200, 'x'), 'Brand' || (k % 7),
         10 + k, 2, 'active', '[]', '2025-04-01 10:00:00' FROM n;
INSERT INTO listings(id, inventory_id, user_id, platform, title, price, status, listed_at) VALUES
  ('l1', 'i1', 'u1', 'poshmark', 'Red Velvet Dress', 45, 'active', '2025-03-04T08:30:00.000Z'),
  ('l2', 'i2', 'u1', 'ebay', 'Blue Denim Jacket', 60, 'active', '2025-03-05 09:00:00');
INSERT INTO sales(id, user_id, listing_id, inventory_id, platform, sale_price, platform_fee, shipping_cost, net_profit, item_cost) VALUES
  ('s1', 'u1', 'l2', 'i2', 'ebay', 60, 7.8, 5, 27.2, 20);
INSERT INTO automation_rules(id, user_id, name, type, platform, sort_order) VALUES
  ('r2', 'u1', 'Share closet', 'share', 'poshmark', 1);
INSERT INTO user_webhooks(id, user_id, name, url, secret, events, last_triggered_at) VALUES
  ('w1', 'u1', 'Sales to Zapier', 'https://hooks.example.com/sales', 'whsec_3f9a1c', '["sale.created"]',
   '2025-03-06 12:00:01');
INSERT INTO webhook_deliveries(id, webhook_id, event_type, payload, status, status_code) VALUES
  ('d1', 'w1', 'sale.created', '{"sale_id":"s1"}', 'delivered', 200);
PRAGMA ignore_check_constraints = OFF;
CREATE TABLE pl_expected(shop_id TEXT PRIMARY KEY, plaintext TEXT NOT NULL);
INSERT INTO pl_expected VALUES ('sh1', '{"token":"ebay-abc"}'), ('sh2', '{"token":"posh-legacy"}'),
  ('sh3', '{"token":"merc-def"}');
)sql";
  sql += "INSERT INTO shops(id, user_id, platform, credentials) VALUES "
         "('sh1', 'u1', 'ebay', encrypt('{\"token\":\"ebay-abc\"}', '" + std::string(kKeyText) + "')), "
         "('sh2', 'u1', 'poshmark', '" + legacy_cbc("{\"token\":\"posh-legacy\"}", 0x10) + "'), "
         "('sh3', 'u2', 'mercari', encrypt('{\"token\":\"merc-def\"}', '" + std::string(kKeyText) + "'));";
  return sql;
}

std::string secrets_problem(sqlite3* db) {
  exec(db, "SELECT vl_legacy_cbc(1)");  // the fixture's legacy CBC value (docs/secrets.md)
  return rows(db, "SELECT e.shop_id FROM pl_expected e LEFT JOIN shops s ON s.id = e.shop_id "
                  "WHERE s.id IS NULL OR decrypt(s.credentials, '" + std::string(kKeyText) +
                  "') IS NOT e.plaintext ORDER BY 1");
}

// ============================================================================
// Part 1: I/O faults and out-of-memory
// ============================================================================

struct Outcome {
  int rc = SQLITE_OK;  // first error of prepare/step, or SQLITE_OK
  std::string msg;
  std::string result;  // column 0 of every row, '\n'-separated
};

// Runs one statement with optional blob parameter ?1; never fails the test itself.
// Fills `o` in place: its strings are reserved before the leak baseline is
// taken, so that what it records is not counted as the operation's.
void run_statement(sqlite3* db, const std::string& sql, const std::string* blob, Outcome& o) {
  o.rc = SQLITE_OK;
  o.msg.clear();
  o.result.clear();
  sqlite3_stmt* s = nullptr;
  o.rc = sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr);
  if (o.rc == SQLITE_OK && blob) {
    o.rc = sqlite3_bind_blob(s, 1, blob->data(), static_cast<int>(blob->size()), SQLITE_TRANSIENT);
  }
  if (o.rc == SQLITE_OK) {
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
      const unsigned char* t = sqlite3_column_text(s, 0);
      if (t == nullptr && sqlite3_column_type(s, 0) != SQLITE_NULL) {
        rc = SQLITE_NOMEM;  // the value could not be converted to text
        break;
      }
      o.result += t ? reinterpret_cast<const char*>(t) : "NULL";
      o.result += '\n';
    }
    if (rc != SQLITE_DONE) o.rc = rc;
  }
  if (o.rc != SQLITE_OK) {
    o.rc = sqlite3_extended_errcode(db) ? sqlite3_extended_errcode(db) : o.rc;
    const char* m = sqlite3_errmsg(db);
    o.msg = m ? m : "";
  }
  sqlite3_finalize(s);
}

Outcome run_statement(sqlite3* db, const std::string& sql, const std::string* blob = nullptr) {
  Outcome o;
  run_statement(db, sql, blob, o);
  return o;
}

struct Scenario {
  std::string name;
  std::function<bool(sqlite3*)> setup;  // builds the file's starting state
  std::string sql;                      // the operation under fault
  std::string blob;                     // bound to ?1 when not empty
  bool check_result = false;            // a success must return the fault-free result
  bool journal_wal = false;
  std::set<std::string> skip;           // dump columns whose values are random by design
  std::string extra_state;              // a query added to the state (e.g. decrypted secrets)
  bool open_under_fault = false;        // the operation is opening the connection itself
  bool hold_write_lock = false;         // another connection holds the write lock meanwhile
  std::string prelude;                  // run on the connection before the fault window
  bool expect_error = false;            // the operation fails by design (state: old)
};

// A second connection to the file holding the write lock (BEGIN IMMEDIATE)
// while the operation runs, when the scenario asks for one; released (rolled
// back) by close(), before the file's state is read.
struct LockHolder {
  sqlite3* db = nullptr;
  LockHolder(const std::string& path, bool hold) {
    if (!hold) return;
    db = open_db(path);
    if (db && !exec(db, "BEGIN IMMEDIATE")) close();
  }
  void close() {
    if (db) sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(db);
    db = nullptr;
  }
  ~LockHolder() { close(); }
  LockHolder(const LockHolder&) = delete;
  LockHolder& operator=(const LockHolder&) = delete;
};

struct Counters {
  long long runs = 0, injected = 0, failed_ops = 0, absorbed = 0, committed_despite_error = 0;
};

std::string g_dir;
std::string g_only_mode;  // --mode: one fault kind only

std::string state_of(const std::string& path, const Scenario& sc) {
  sqlite3* db = open_db(path);
  if (!db) return "<unopenable>";
  std::string s = rows(db, "PRAGMA integrity_check");
  if (s != "ok\n") fail(sc.name + ": integrity_check: " + s.substr(0, 300));
  s += dump(db, sc.skip);
  if (!sc.extra_state.empty()) {
    if (!sc.prelude.empty()) exec(db, sc.prelude);  // e.g. vl_legacy_cbc(1): read like the operation
    s += "== extra\n" + rows(db, sc.extra_state);
  }
  sqlite3_close(db);
  return s;
}

void remove_db(const std::string& path) {
  for (const char* suffix : {"", "-journal", "-wal", "-shm"}) fs::remove(path + suffix);
}

void copy_db(const std::string& from, const std::string& to) {
  remove_db(to);
  fs::copy_file(from, to);
}

bool code_matches(Kind kind, int rc, int api_code) {
  int primary = rc & 0xff;
  if (kind == Kind::kAlloc) return primary == SQLITE_NOMEM;
  if (kind == Kind::kApi) return primary == (api_code & 0xff);
  return primary == SQLITE_IOERR || primary == SQLITE_FULL;
}

// Counted calls of one fault-free run of the operation (allocations or I/O calls).
long long count_calls(const Scenario& sc, const std::string& base, const std::string& work, Kind kind,
                      bool api_alt) {
  copy_db(base, work);
  sqlite3* db = nullptr;
  if (!sc.open_under_fault) {
    db = open_db(work);
    sqlite3_randomness(0, nullptr);
    sqlite3_exec(db, "SELECT count(*) FROM sqlite_schema", nullptr, nullptr, nullptr);
    if (!sc.prelude.empty()) exec(db, sc.prelude);
  }
  LockHolder holder(work, sc.hold_write_lock);
  g_plan = Plan{};
  g_plan.kind = kind;
  g_plan.api_alt = api_alt;
  g_plan.record_sites = kind == Kind::kApi;
  g_sites.clear();
  g_plan.target = -1;  // never fails
  if (sc.open_under_fault) sqlite3_open_v2(work.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  Outcome o = run_statement(db, sc.sql, sc.blob.empty() ? nullptr : &sc.blob);
  long long n = g_plan.seen;
  g_plan = Plan{};
  sqlite3_close(db);
  return n;
}

// max_runs: 0 = every N; otherwise N advances by the stride that keeps one
// (scenario, fault kind, transient|persistent) sweep within max_runs runs.
void run_scenario(const Scenario& sc, long long max_runs, Counters* total) {
  std::string base = g_dir + "/" + sc.name + ".base.db";
  std::string work = g_dir + "/" + sc.name + ".db";
  remove_db(base);
  {
    sqlite3* db = open_db(base);
    if (!db) return;
    if (sc.journal_wal) exec(db, "PRAGMA journal_mode = WAL");
    bool ok = sc.setup(db);
    sqlite3_close(db);
    if (!ok) return;
  }
  const std::string old_state = state_of(base, sc);

  // Fault-free run, twice: the first warms every process-wide lazy state
  // (SQLite's, OpenSSL's, the tz database) so that later runs count only the
  // operation's own allocations; the second gives the new state and result.
  Outcome golden;
  std::string new_state;
  for (int pass = 0; pass < 2; ++pass) {
    copy_db(base, work);
    sqlite3* db = open_db(work);
    if (!db) return;
    sqlite3_randomness(0, nullptr);
    if (!sc.prelude.empty()) exec(db, sc.prelude);
    LockHolder holder(work, sc.hold_write_lock);
    golden = run_statement(db, sc.sql, sc.blob.empty() ? nullptr : &sc.blob);
    holder.close();
    sqlite3_close(db);
    if ((golden.rc != SQLITE_OK) != sc.expect_error) {
      fail(sc.name + (sc.expect_error ? ": the operation succeeds without any fault"
                                      : ": the operation fails without any fault: " + golden.msg));
      return;
    }
    new_state = state_of(work, sc);
  }
  if (sc.expect_error && new_state != old_state) fail(sc.name + ": the operation fails but changes the file");
  if (new_state == old_state && !sc.expect_error && !sc.open_under_fault && sc.sql.rfind("SELECT", 0) != 0) {
    fail(sc.name + ": the operation changes nothing, so old-or-new would prove nothing");
  }

  struct Mode {
    const char* name;
    Kind kind;
    bool full;  // io: SQLITE_FULL; api: each routine's second failure code
  };
  std::vector<Mode> modes = {{"alloc", Kind::kAlloc, false}};
  if (!sc.open_under_fault) {
    modes.push_back({"io", Kind::kIo, false});
    modes.push_back({"io-full", Kind::kIo, true});
  }
  modes.push_back({"api", Kind::kApi, false});
  modes.push_back({"api-alt", Kind::kApi, true});
  for (const Mode& mode : modes) {
    if (!g_only_mode.empty() && g_only_mode != mode.name) continue;
    long long calls = count_calls(sc, base, work, mode.kind, mode.kind == Kind::kApi && mode.full);
    long long stride = max_runs > 0 ? std::max(1LL, (calls + max_runs - 1) / max_runs) : 1;
    // api: a sampled sweep still fails each call site of the extension once,
    // at the first N that reaches it, besides the evenly spaced N.
    std::vector<long long> site_ns;
    if (mode.kind == Kind::kApi) {
      if (g_sites.overflow) fail(sc.name + ": more call sites than the site log holds");
      site_ns.assign(g_sites.first_n, g_sites.first_n + g_sites.used);
      std::sort(site_ns.begin(), site_ns.end());
    }
    for (bool persistent : {false, true}) {
      if (persistent && mode.kind == Kind::kApi) continue;  // api: transient only
      Counters c;
      for (long long n = g_first_n;;) {
        std::snprintf(g_where, sizeof g_where, "%s %s %s N=%lld", sc.name.c_str(), mode.name,
                      persistent ? "persistent" : "transient", n);
        copy_db(base, work);
        ERR_clear_error();
        Outcome o;
        o.msg.reserve(4096);
        o.result.reserve(golden.result.size() + 4096);
        Live before = g_live;
        sqlite3* db = nullptr;
        if (!sc.open_under_fault) {
          db = open_db(work);
          if (!db) return;
          sqlite3_randomness(0, nullptr);
          // The schema is read before the fault window, so that N walks the
          // operation's own work rather than the parsing of 38 tables.
          sqlite3_exec(db, "SELECT count(*) FROM sqlite_schema", nullptr, nullptr, nullptr);
          if (!sc.prelude.empty()) exec(db, sc.prelude);
        }
        LockHolder holder(work, sc.hold_write_lock);
        g_plan = Plan{};
        g_plan.kind = mode.kind;
        g_plan.target = n;
        g_plan.persistent = persistent;
        g_plan.io_full = mode.kind == Kind::kIo && mode.full;
        g_plan.api_alt = mode.kind == Kind::kApi && mode.full;
        if (sc.open_under_fault) {
          o.rc = sqlite3_open_v2(work.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
          if (o.rc == SQLITE_OK) {
            run_statement(db, sc.sql, nullptr, o);
          } else {
            o.msg = db ? sqlite3_errmsg(db) : "";
          }
        } else {
          run_statement(db, sc.sql, sc.blob.empty() ? nullptr : &sc.blob, o);
        }
        long long fired = g_plan.fired;
        int api_code = g_plan.api_code;
        const char* source = g_plan.first_source ? g_plan.first_source : "-";
        std::snprintf(g_where + std::strlen(g_where), sizeof g_where - std::strlen(g_where), " (first fault: %s)", source);
        // A persistent I/O fault stays through the close: a disk that went bad.
        if (!(persistent && mode.kind == Kind::kIo)) g_plan = Plan{};
        sqlite3_close(db);
        g_plan = Plan{};
        holder.close();
        ERR_clear_error();
        ++c.runs;
        c.injected += fired;

        if (g_live.sqlite != before.sqlite || g_live.cxx != before.cxx || g_live.ossl != before.ossl ||
            g_live.c != before.c) {
          fail("leak: sqlite " + std::to_string(g_live.sqlite - before.sqlite) + ", operator new " +
               std::to_string(g_live.cxx - before.cxx) + ", malloc " + std::to_string(g_live.c - before.c) +
               ", openssl " + std::to_string(g_live.ossl - before.ossl) + " allocations (rc " +
               std::to_string(o.rc) + ": " + o.msg + ")");
        }
        std::string st = state_of(work, sc);
        bool is_old = st == old_state, is_new = st == new_state;
        if (o.rc == SQLITE_OK && sc.expect_error) {
          fail("reported success where the operation fails by design; it returned: " + o.result.substr(0, 300));
        } else if (o.rc == SQLITE_OK) {
          if (fired) ++c.absorbed;
          if (!is_new) {
            fail(std::string("reported success but the file is ") + (is_old ? "at the old state" : "at neither state") +
                 "; it returned: " + o.result.substr(0, 300));
            if (std::getenv("VL_FAULTS_DEBUG")) {
              std::ofstream(g_dir + "/../vl-faults-new.txt") << new_state;
              std::ofstream(g_dir + "/../vl-faults-got.txt") << st;
            }
          }
          if (sc.check_result && o.result != golden.result) {
            fail("reported success with a wrong result: '" + o.result.substr(0, 200) + "' instead of '" +
                 golden.result.substr(0, 200) + "'");
          }
        } else {
          ++c.failed_ops;
          // By design: the operation's own error, whether or not a fault fired first.
          const bool its_own_error = sc.expect_error && o.rc == golden.rc && o.msg == golden.msg;
          if (!fired && !its_own_error) fail("failed without a fault: " + o.msg);
          if (fired && its_own_error) ++c.absorbed;
          if (fired && !its_own_error && !code_matches(mode.kind, o.rc, api_code)) {
            fail("error code " + std::to_string(o.rc) + " (" + sqlite3_errstr(o.rc) +
                 ") does not name the injected fault: " + o.msg);
          }
          if (!is_old && !is_new) fail("the file is at neither the old nor the new state after: " + o.msg);
          if (is_new && !is_old) ++c.committed_despite_error;
        }
        if (!fired) break;  // N is past the operation's last counted call
        long long next = n + stride;
        auto site = std::upper_bound(site_ns.begin(), site_ns.end(), n);
        if (site != site_ns.end() && *site < next) next = *site;
        n = next;
      }
      std::printf("  %-18s %-7s %-10s calls %6lld  N step %3lld  sites %4zu  runs %5lld  faults %7lld  failed %5lld  absorbed %4lld\n",
                  sc.name.c_str(), mode.name, persistent ? "persistent" : "transient", calls, stride, site_ns.size(), c.runs,
                  c.injected, c.failed_ops, c.absorbed);
      std::fflush(stdout);
      total->runs += c.runs;
      total->injected += c.injected;
      total->failed_ops += c.failed_ops;
      total->absorbed += c.absorbed;
      total->committed_despite_error += c.committed_despite_error;
    }
  }
}

const char* kMigratedSeller = R"sql(
SELECT vl_migrate();
INSERT INTO users(id, email, password_hash, username) VALUES ('u1', 'maya@example.com', 'x', 'maya');
INSERT INTO inventory(id, user_id, sku, title, brand, description, cost_price, list_price, quantity, status) VALUES
  ('i1', 'u1', 'SKU-JEANS', 'Patagonia Better Sweater Fleece Jacket M', 'Patagonia', 'warm fleece', 12.50, 79, 1, 'active'),
  ('i2', 'u1', 'SKU-SHOES', 'Nike Air Max 90', 'Nike', 'running shoes', 20, 70, 5, 'active'),
  ('i3', 'u1', NULL, 'O''Neill T-Shirt fleece-lined', 'O''Neill', NULL, 3, 20, 1, 'active');
INSERT INTO listings (id, inventory_id, user_id, platform, title, price, status) VALUES
  ('l1', 'i1', 'u1', 'ebay', 'Patagonia Better Sweater Fleece M', 79, 'active'),
  ('l2', 'i1', 'u1', 'poshmark', 'Patagonia Better Sweater Fleece M', 88, 'active'),
  ('l3', 'i1', 'u1', 'mercari', 'Patagonia Better Sweater Fleece M', 75, 'active');
)sql";

const char* kMercariCsv =
    "\"Item Id\",\"Sold Date\",\"Canceled Date\",\"Completed Date\",\"Item Title\",\"Order Status\","
    "\"Item Price\",\"Buyer Shipping Fee\",\"Seller Shipping Fee\",\"Mercari Selling Fee\","
    "\"Payment Processing Fee\",\"Net Seller Proceeds\"\n"
    "\"m12345678901\",\"2024-11-02\",\"\",\"2024-11-06\",\"Patagonia Fleece\",\"Completed\","
    "\"45.00\",\"0.00\",\"7.50\",\"4.50\",\"1.65\",\"31.35\"\n"
    "\"m22222222222\",\"2025-02-10\",\"2025-02-11\",\"\",\"Vans Old Skool\",\"Canceled\","
    "\"30.00\",\"\",\"\",\"\",\"\",\"0.00\"\n"
    "\"m33333333333\",\"2025-03-01\",\"\",\"2025-03-04\",\"Nike Air Max 90\",\"Completed\","
    "\"70.00\",\"5.00\",\"0.00\",\"7.00\",\"2.40\",\"60.60\"\n";

std::vector<Scenario> scenarios() {
  std::vector<Scenario> out;
  const std::string legacy_sql = read_file(g_source + "/tests/fixtures/legacy/vaultlister_app.sql");
  const std::string key = std::string("'") + kKeyText + "'";

  Scenario load;
  load.name = "load";
  load.open_under_fault = true;
  load.setup = [](sqlite3*) { return true; };
  load.sql = "SELECT vl_version()";
  load.check_result = true;
  out.push_back(load);

  Scenario fresh;
  fresh.name = "migrate-fresh";
  fresh.setup = [](sqlite3*) { return true; };
  fresh.sql = "SELECT vl_migrate()";
  out.push_back(fresh);

  Scenario legacy;
  legacy.name = "migrate-legacy";
  legacy.journal_wal = true;
  legacy.setup = [legacy_sql](sqlite3* db) { return exec(db, legacy_sql) && exec(db, legacy_rows()); };
  legacy.sql = "SELECT vl_migrate()";
  // As most applications run: adoption turns foreign keys off for its
  // rebuilds and must turn them back on.
  legacy.prelude = "PRAGMA foreign_keys = ON";
  out.push_back(legacy);

  // A legacy file adoption refuses (a negative price breaks CHECK(price >= 0)):
  // the row-by-row search that names the offending rows, under faults.
  Scenario conflict;
  conflict.name = "migrate-conflict";
  conflict.setup = [legacy_sql](sqlite3* db) {
    return exec(db, legacy_sql) && exec(db, legacy_rows()) &&
           exec(db, "UPDATE listings SET price = -5 WHERE rowid = (SELECT max(rowid) FROM listings)");
  };
  conflict.sql = "SELECT vl_migrate()";
  conflict.prelude = "PRAGMA foreign_keys = ON";  // turned back on while the error unwinds
  conflict.expect_error = true;
  out.push_back(conflict);

  // The same inside the caller's transaction: the savepoint is rolled back
  // while the error unwinds.
  Scenario conflict_tx = conflict;
  conflict_tx.name = "migrate-conflict-in-tx";
  conflict_tx.prelude = "BEGIN";
  out.push_back(conflict_tx);

  Scenario sale;
  sale.name = "sale";
  sale.setup = [](sqlite3* db) { return exec(db, kMigratedSeller); };
  sale.sql = "INSERT INTO sales (user_id, listing_id, platform, sale_price, platform_fee, shipping_cost) "
             "VALUES ('u1', 'l1', 'ebay', 79, platform_fee('ebay', 79, 0, '2026-11-25'), 9.15)";
  out.push_back(sale);

  Scenario secrets;
  secrets.name = "secrets";
  secrets.setup = [key](sqlite3* db) {
    return exec(db, kMigratedSeller) &&
           exec(db, "INSERT INTO shops (id, user_id, platform, credentials) VALUES "
                    "('sh1', 'u1', 'ebay', encrypt('{\"token\":\"abc\"}', " + key + ", 'sh1'));"
                    // A legacy CBC value left from adoption: the trigger that keeps new
                    // ones out is lifted for this row and put back.
                    "DROP TRIGGER shops_credentials_cbc_ins;"
                    "INSERT INTO shops (id, user_id, platform, credentials) VALUES "
                    "('sh2', 'u1', 'poshmark', '" + legacy_cbc("{\"token\":\"legacy\"}", 0x40) + "');"
                    "SELECT vl_install_triggers();"
                    "CREATE TABLE orig(id TEXT PRIMARY KEY, c TEXT); INSERT INTO orig SELECT id, credentials FROM shops;");
  };
  // Key rotation onto the authenticated form, bound to the row: decrypt reads
  // both forms, encrypt writes a fresh IV (random, so the dump skips the
  // ciphertext and `extra_state` says which rows were rotated and what they hold).
  secrets.sql = "UPDATE shops SET credentials = encrypt(decrypt(credentials, " + key +
                ", CASE id WHEN 'sh1' THEN 'sh1' END), " + key + ", id)";
  secrets.skip = {"shops.credentials"};
  secrets.prelude = "SELECT vl_legacy_cbc(1)";  // the one-time conversion reads CBC
  secrets.extra_state = "SELECT s.id, s.credentials = o.c, decrypt(s.credentials, " + key +
                        ", CASE WHEN s.credentials = o.c AND s.id = 'sh2' THEN NULL ELSE s.id END) "
                        "FROM shops s JOIN orig o USING (id) ORDER BY s.id";
  out.push_back(secrets);

  Scenario crypt;
  crypt.name = "encrypt-decrypt";
  crypt.setup = [](sqlite3* db) { return exec(db, kMigratedSeller); };
  // Keys and aad as text (hex) and as blobs.
  const std::string blob_key = "x'000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f'";
  crypt.sql = "SELECT decrypt(encrypt('{\"token\":\"abc\"}', " + key + ", 'aad'), " + key + ", 'aad') || '/' || "
              "decrypt('" + legacy_cbc("legacy secret", 0x22) + "', " + key + ") || '/' || "
              "decrypt(encrypt('blob', " + blob_key + ", x'0102'), " + blob_key + ", x'0102')";
  crypt.check_result = true;
  crypt.prelude = "SELECT vl_legacy_cbc(1)";
  out.push_back(crypt);

  Scenario search;
  search.name = "search";
  search.setup = [](sqlite3* db) { return exec(db, kMigratedSeller); };
  search.sql = "SELECT group_concat(id || ':' || snippet, ' ; ') FROM "
               "(SELECT id, snippet FROM vl_search('fleece o''neill t-sh') ORDER BY rank)";
  search.check_result = true;
  out.push_back(search);

  // The statement's LIMIT / OFFSET handed to vl_search's ranking statement.
  Scenario search_limit = search;
  search_limit.name = "search-limit";
  search_limit.sql = "SELECT group_concat(id || ':' || snippet, ' ; ') FROM "
                     "(SELECT id, snippet FROM vl_search('fleece') ORDER BY rank LIMIT 1 OFFSET 1)";
  out.push_back(search_limit);

  // vl_search_snippet called on a row without hits (no MATCH): it must read
  // the column's size itself.
  Scenario snippet = search;
  snippet.name = "search-snippet-scan";
  snippet.sql = "SELECT vl_search_snippet(inventory_fts, 1, '[', ']', '...', 4) FROM inventory_fts ORDER BY rowid";
  out.push_back(snippet);

  Scenario import;
  import.name = "import";
  import.setup = [](sqlite3* db) { return exec(db, kMigratedSeller); };
  import.sql = "SELECT vl_import_sales(?1, 'mercari', 'u1')";
  import.blob = kMercariCsv;
  import.check_result = true;
  out.push_back(import);

  // An export refused (an unreadable amount): nothing is written.
  Scenario refused = import;
  refused.name = "import-refused";
  refused.blob = std::string(kMercariCsv) +
                 "\"m44444444444\",\"2025-03-02\",\"\",\"2025-03-05\",\"Hat\",\"Completed\","
                 "\"twenty\",\"0.00\",\"0.00\",\"2.00\",\"0.60\",\"17.40\"\n";
  refused.check_result = false;
  refused.expect_error = true;
  out.push_back(refused);

  // The other SQL functions and virtual tables, so that every sqlite3_* and
  // OpenSSL failure path they have meets its fault (make coverage runs these).
  // vl_health answers a check it cannot run (an I/O error included) with a
  // "cannot check" problem row, by design: its result is not compared.
  struct Query {
    const char* name;
    bool migrated;
    const char* sql;
    bool check_result = true;
  };
  const Query queries[] = {
      {"fn-pure", false,
       "SELECT vl_sha256('abc') || '|' || vl_sha256(x'616263') || '|' || length(vl_uuid()) || '|' || "
       "length(vl_random_token(24)) || '|' || net_profit(79, '11.14', 9.15, 12.5) || '|' || vl_cron_next('0 19 * * *', '2026-11-25 12:00:00', "
       "'America/New_York') || '|' || (SELECT group_concat(local_time) FROM vl_cron('0 */6 * * *', "
       "'2026-11-25', '2026-11-26', 'Europe/London')) || '|' || vl_version()"},
      {"fn-json", false,
       "SELECT vl_json_errors('{\"a\":[1,2,{\"b\":null}],\"c\":\"x\"}', '{\"definitions\":{\"n\":{\"type\":"
       "\"integer\"}},\"properties\":{\"a\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/definitions/n\"}},"
       "\"c\":{\"enum\":[\"y\"]}}}') || vl_json_valid('{\"auto_sync\":true}', 'shop_settings')"},
      {"fn-fees", true,
       "SELECT platform_fee('ebay', 79, 9.15, '2026-11-25') || '|' || (SELECT group_concat(component || '=' || "
       "amount) FROM vl_fee_breakdown('poshmark', 50, 0, '2026-11-25'))"},
      {"fn-migrations", true,
       "SELECT group_concat(version || ':' || name || ':' || status, ';') FROM vl_migrations('main')"},
      {"fn-crosslist", true,
       "SELECT group_concat(platform || ':' || title || ':' || problems || warnings, ';') FROM vl_crosslist('i1')"},
      // A JSON list of platforms: parsed with the library's throwing allocator, so a failed
      // malloc is SQLITE_NOMEM, not a write through NULL.
      {"fn-crosslist-json", true,
       "SELECT group_concat(platform || ':' || price, ';') FROM vl_crosslist('i1', '[\"ebay\", \"mercari\"]')"},
      {"fn-health", true, "SELECT group_concat(name || '=' || status, ';') FROM vl_health", false},
      {"fn-due-expire", true,
       "SELECT (SELECT group_concat(rule_id || '@' || due_at) FROM vl_due_rules('2026-11-25 12:00:00')) || '|' || "
       "vl_expire_offers('2026-11-25 12:00:00')"},
  };
  for (const Query& q : queries) {
    Scenario sc;
    sc.name = q.name;
    if (q.migrated) {
      sc.setup = [](sqlite3* db) {
        return exec(db, kMigratedSeller) &&
               exec(db, "INSERT INTO offers(id, user_id, listing_id, platform, offer_amount, expires_at) VALUES "
                        "('o1', 'u1', 'l1', 'ebay', 60, '2026-11-20 00:00:00'), "
                        "('o2', 'u1', 'l2', 'poshmark', 70, '2026-12-31 00:00:00');"
                        "INSERT INTO automation_rules(id, user_id, name, type, platform, schedule, last_run_at) "
                        "VALUES ('r1', 'u1', 'share', 'share', 'poshmark', '0 9 * * *', '2026-11-20 00:00:00')");
      };
    } else {
      sc.setup = [](sqlite3*) { return true; };
    }
    sc.sql = q.sql;
    sc.check_result = q.check_result;
    out.push_back(sc);
  }

  // vl_marketplace_csv reading an export from a file (its DIRECTONLY
  // registration and the file reader).
  Scenario csv;
  csv.name = "fn-marketplace-csv";
  const std::string csv_path = g_dir + "/mercari-export.csv";
  csv.setup = [csv_path](sqlite3*) { return static_cast<bool>(std::ofstream(csv_path) << kMercariCsv); };
  csv.sql = "SELECT group_concat(order_id || ':' || sale_price || ':' || platform_fee || ':' || status, ';') "
            "FROM vl_marketplace_csv('" + csv_path + "')";
  csv.check_result = true;
  out.push_back(csv);

  // vl_health while another connection writes: its FTS check meets
  // SQLITE_BUSY and goes to a private connection of its own (open_v2,
  // file_control), which reports "cannot check" after the busy timeout.
  Scenario locked = *std::find_if(out.begin(), out.end(), [](const Scenario& sc) { return sc.name == "fn-health"; });
  locked.name = "fn-health-locked";
  locked.hold_write_lock = true;
  out.push_back(locked);
  return out;
}

// ============================================================================
// Part 2: power loss
// ============================================================================

struct PowerCounters {
  long long cut_points = 0, checked = 0, old_state = 0, new_state = 0;
};

std::string pl_state(sqlite3* db) { return dump(db); }

sqlite3* pl_open() {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2("/vault.db", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, "powerloss") != SQLITE_OK) {
    fail(std::string("powerloss open: ") + (db ? sqlite3_errmsg(db) : "?"));
    sqlite3_close(db);
    return nullptr;
  }
  return db;
}

std::map<std::string, long long> table_counts(sqlite3* db, const std::vector<std::string>& tables) {
  std::map<std::string, long long> out;
  for (const auto& t : tables) {
    std::string r = rows(db, "SELECT count(*) FROM " + quote_ident(t));
    out[t] = std::atoll(r.c_str());
  }
  return out;
}

void power_loss(const std::string& fixture, bool wal, long long stride, PowerCounters* total) {
  const std::string label = fixture + (wal ? "/wal" : "/delete");
  std::snprintf(g_where, sizeof g_where, "power-loss %s setup", label.c_str());

  // The fixture, written and closed cleanly.
  auto d0 = std::make_unique<Disk>();
  set_disk(d0.get());
  {
    sqlite3* db = pl_open();
    if (!db) return;
    exec(db, wal ? "PRAGMA journal_mode = WAL" : "PRAGMA journal_mode = DELETE");
    if (fixture == "legacy") {
      exec(db, read_file(g_source + "/tests/fixtures/legacy/vaultlister_app.sql"));
      exec(db, legacy_rows());
    } else {
      exec(db, "PRAGMA user_version = 0");  // a fresh file: a header, no table
    }
    sqlite3_close(db);
  }
  const auto images = d0->durable_images();

  std::string old_state;
  std::vector<std::string> tables;
  std::map<std::string, long long> counts;
  {
    auto d = Disk::from(images);
    set_disk(d.get());
    sqlite3* db = pl_open();
    old_state = pl_state(db);
    // The fixture's own tables: not SQLite's, not a virtual table's shadow
    // tables (an FTS index rebuild changes their rows, not the data).
    std::istringstream in(rows(db, "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' "
                                   "AND name NOT LIKE 'sqlite_%' ORDER BY name"));
    for (std::string t; std::getline(in, t);) tables.push_back(t);
    counts = table_counts(db, tables);
    if (fixture == "legacy" && secrets_problem(db) != "") fail(label + ": fixture secrets do not decrypt");
    sqlite3_close(db);
  }

  // The uninterrupted run: the new state and the number of cut points.
  std::string new_state;
  long long ops = 0;
  {
    auto d = Disk::from(images);
    set_disk(d.get());
    sqlite3* db = pl_open();
    sqlite3_randomness(0, nullptr);  // the same row ids in every run
    Outcome o = run_statement(db, "SELECT vl_migrate()");
    if (o.rc != SQLITE_OK) fail(label + ": vl_migrate without a power cut: " + o.msg);
    sqlite3_close(db);
    ops = d->ops;
    auto after = Disk::from(d->durable_images());
    set_disk(after.get());
    db = pl_open();
    new_state = pl_state(db);
    sqlite3_close(db);
  }
  if (new_state == old_state) fail(label + ": vl_migrate changed nothing");

  PowerCounters c;
  const Survive policies[] = {Survive::kNothing, Survive::kAll, Survive::kTornMix};
  const char* policy_names[] = {"lose-unsynced", "keep-unsynced", "torn-mix"};
  for (long long cut = 1; cut <= ops; cut += stride) {
    ++c.cut_points;
    for (int p = 0; p < 3; ++p) {
      std::snprintf(g_where, sizeof g_where, "power-loss %s cut %lld/%lld %s", label.c_str(), cut, ops,
                    policy_names[p]);
      auto d = Disk::from(images);
      d->cut = cut;
      d->survive = policies[p];
      set_disk(d.get());
      sqlite3* db = pl_open();
      if (!db) return;
      sqlite3_randomness(0, nullptr);  // the same row ids in every run
    Outcome o = run_statement(db, "SELECT vl_migrate()");
      sqlite3_close(db);
      if (!d->crashed) {
        fail("the power cut was never reached (" + std::to_string(d->ops) + " calls)");
        continue;
      }
      auto up = Disk::from(d->after_crash);
      set_disk(up.get());
      db = pl_open();
      if (!db) continue;
      ++c.checked;
      std::string ic = rows(db, "PRAGMA integrity_check");
      if (ic != "ok\n") fail("integrity_check: " + ic.substr(0, 300));
      std::string st = pl_state(db);
      bool is_old = st == old_state, is_new = st == new_state;
      if (!is_old && !is_new) {
        fail("neither the old nor the new state");
        if (std::getenv("VL_FAULTS_DEBUG")) {
          std::ofstream(g_dir + "/../vl-pl-old.txt") << old_state;
          std::ofstream(g_dir + "/../vl-pl-new.txt") << new_state;
          std::ofstream(g_dir + "/../vl-pl-got.txt") << st;
        }
      }
      if (o.rc == SQLITE_OK && !is_new) fail("vl_migrate() reported success, yet the migration was lost");
      for (const auto& [t, n] : table_counts(db, tables)) {
        if (n != counts[t]) fail("the row count of " + t + " changed: " + std::to_string(counts[t]) + " -> " + std::to_string(n));
      }
      if (fixture == "legacy") {
        std::string bad = secrets_problem(db);
        if (!bad.empty()) fail("secrets that no longer decrypt: " + bad);
      }
      if (is_old) {
        ++c.old_state;
        sqlite3_randomness(0, nullptr);
        Outcome again = run_statement(db, "SELECT vl_migrate()");
        if (again.rc != SQLITE_OK) fail("vl_migrate after the power cut: " + again.msg);
        else if (std::string again_state = pl_state(db); again_state != new_state) {
          fail("vl_migrate after the power cut did not reach the new state");
          if (std::getenv("VL_FAULTS_DEBUG")) {
            std::ofstream(g_dir + "/../vl-pl-new.txt") << new_state;
            std::ofstream(g_dir + "/../vl-pl-again.txt") << again_state;
          }
        }
      } else if (is_new) {
        ++c.new_state;
      }
      sqlite3_close(db);
    }
  }
  set_disk(nullptr);
  std::printf("  %-16s %-7s cut points %5lld (of %lld calls)  crash images checked %6lld  old %5lld  new %5lld\n",
              fixture.c_str(), wal ? "wal" : "delete", c.cut_points, ops, c.checked, c.old_state, c.new_state);
  std::fflush(stdout);
  total->cut_points += c.cut_points;
  total->checked += c.checked;
  total->old_state += c.old_state;
  total->new_state += c.new_state;
}

}  // namespace

int main(int argc, char** argv) {
  install_allocators();  // before SQLite or OpenSSL allocate anything
  std::signal(SIGSEGV, on_signal);
  std::signal(SIGABRT, on_signal);
  std::signal(SIGBUS, on_signal);

  std::string only;
  long long stride = 1;     // power loss: every stride-th cut point
  long long max_runs = 0;   // faults: 0 = every N
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--only" && i + 1 < argc) {
      only = argv[++i];
    } else if (a == "--stride" && i + 1 < argc) {
      stride = std::max(1LL, std::atoll(argv[++i]));
    } else if (a == "--from" && i + 1 < argc) {
      g_first_n = std::max(1LL, std::atoll(argv[++i]));
    } else if (a == "--mode" && i + 1 < argc) {
      g_only_mode = argv[++i];
    } else if (a == "--max-runs" && i + 1 < argc) {
      max_runs = std::max(0LL, std::atoll(argv[++i]));
    } else {
      std::fprintf(stderr, "usage: vl_faults [--only SUBSTRING] [--mode alloc|io|io-full|api|api-alt] [--stride K] [--max-runs M] [--from N]\n");
      return 2;
    }
  }
  g_source = VL_SOURCE_DIR;
  char tmpl[] = "/tmp/vl-faults-XXXXXX";
  if (!mkdtemp(tmpl)) {
    std::perror("mkdtemp");
    return 2;
  }
  g_dir = tmpl;

  sqlite3_initialize();
  register_shim_vfs();
  register_power_loss_vfs();
  sqlite3_auto_extension(reinterpret_cast<void (*)(void)>(vl_faults_api_init));

  std::printf("vl_faults: SQLite %s; faults: %s; power loss: %s\n", sqlite3_libversion(),
              max_runs ? ("at most " + std::to_string(max_runs) + " N per sweep").c_str() : "every N",
              stride == 1 ? "every cut point" : ("every " + std::to_string(stride) + "th cut point").c_str());
  std::printf("I/O faults, out-of-memory (every N, transient and persistent) and SQLite API errors (transient):\n");
  Counters total;
  for (const Scenario& sc : scenarios()) {
    if (!only.empty() && sc.name.find(only) == std::string::npos) continue;
    run_scenario(sc, max_runs, &total);
  }

  std::printf("power loss during vl_migrate() (every cut point x 3 survival policies):\n");
  PowerCounters ptotal;
  for (const char* fixture : {"fresh", "legacy"}) {
    for (bool wal : {false, true}) {
      if (!g_only_mode.empty()) break;  // --mode: the fault sweeps only
      std::string label = std::string("power-") + fixture + (wal ? "-wal" : "-delete");
      if (!only.empty() && label.find(only) == std::string::npos) continue;
      power_loss(fixture, wal, stride, &ptotal);
    }
  }
  // Every call of a routine that can fail, made to fail: only a run of every
  // scenario and both api kinds can tell.
  if (only.empty() && (g_only_mode.empty() || g_only_mode == "api") && g_first_n == 1) {
    CallSiteReport calls = check_call_sites(g_source, g_dir);
    std::printf("calls of routines that can fail (ext/, functions/): %lld, made to fail by the api sweeps: %lld\n",
                calls.in_source, calls.failed);
    std::snprintf(g_where, sizeof g_where, "call sites");
    for (const std::string& m : calls.missed) fail("never made to fail: " + m);
  }
  fs::remove_all(g_dir);

  std::printf("faults injected: %lld (sqlite malloc %lld, operator new %lld, malloc %lld, openssl %lld, "
              "xRead %lld, xWrite %lld, xSync %lld, xTruncate %lld, api %lld) in %lld runs; "
              "%lld absorbed by SQLite, %lld errors committed after the change\n",
              g_totals.all(), g_totals.sqlite_malloc, g_totals.cxx_new, g_totals.c_malloc, g_totals.openssl,
              g_totals.io_read, g_totals.io_write, g_totals.io_sync, g_totals.io_truncate, g_totals.api, total.runs,
              total.absorbed, total.committed_despite_error);
  std::printf("power-loss cut points checked: %lld (%lld crash images: %lld at the old state, %lld at the new)\n",
              ptotal.cut_points, ptotal.checked, ptotal.old_state, ptotal.new_state);
  std::printf("%s: %lld failed checks\n", g_failures ? "FAILED" : "passed", g_failures);
  return g_failures ? 1 : 0;
}
