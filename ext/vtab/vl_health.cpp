/*
** vl_health: is this database what this build expects, and do the domain
** invariants hold? One row per check.
**
**   SELECT name, status, detail FROM vl_health;             -- main
**   SELECT * FROM vl_health('aux') WHERE status = 'problem';
**
** Declared schema:
**   CREATE TABLE x(name TEXT, status TEXT, detail TEXT, schema HIDDEN)
**
** status is 'ok' or 'problem'; detail says what was found (for a problem: the
** first few offending names or ids and how many there are). A check that
** cannot run (a table it reads is gone or altered) is a 'problem' whose
** detail starts with "cannot check:". Checks, in this order:
**   schema_version      applied migrations vs. this build (0: not migrated)
**   tables              every table and column this build's migrations create
**   indexes             every named index, with this build's definition
**   triggers            every trigger of sql/triggers/, with this build's text
**   foreign_keys        PRAGMA foreign_key_check, on our tables only
**   fts                 FTS5 'integrity-check' of inventory_fts vs. inventory
**   sold_out_listings   no active/pending listing of a sold-out, sold or deleted item
**   net_profit          every sales.net_profit equals its formula
**   plaintext_secrets   shops.credentials, webhooks.secret (and legacy oauth
**                       token columns) hold only encrypt() envelopes
**   unbound_secrets     those envelopes all say they are bound to their row
**                       (v2 with an aad); gcm:, legacy CBC and unbound v2 are named
**   negative_quantities no negative quantity, price or fee
**
** The reference for tables, indexes and triggers is built, per call, by
** running this build's own migrations and trigger sets into a private
** in-memory connection, so it can never drift from what vl_migrate creates.
** Only what that reference names is checked: tables, columns and triggers
** the file's owner added (or an engine's bookkeeping: sqlite_*,
** _litestream_*, ...) are theirs and ignored.
**
** vl_health only reads. FTS5 offers its integrity check only as a write-
** shaped command (INSERT INTO inventory_fts(inventory_fts, rank) VALUES
** ('integrity-check', 1)); it runs inside a SAVEPOINT that is always rolled
** back, and changes nothing. A read-only file therefore reports the fts check
** as "cannot check".
**
** xBestIndex contract: one optional HIDDEN argument, `schema` (default
** 'main'), taken only from an equality constraint; see core/vtab.h for the
** plan encoding. Rows are computed in xFilter.
*/
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "ext/core/conn.h"
#include "ext/core/function.h"
#include "ext/core/schema_info.h"
#include "ext/core/hex.h"
#include "ext/core/stmt.h"
#include "ext/core/vtab.h"
#include "ext/vtab/modules.h"
#include "ext/schema/migrator.h"
#include "ext/schema/sql_files.h"

namespace vl {
namespace {

constexpr const char* kFn = "vl_health";
// How many offending names a detail lists before it only counts.
constexpr size_t kShown = 5;

struct Result {
  std::string name;
  bool ok;
  std::string detail;
};

// A list of findings as "a, b, c, ... (N in all)".
std::string listing(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size() && i < kShown; ++i) {
    if (i) out += ", ";
    out += items[i];
  }
  if (items.size() > kShown) out += ", ... (" + std::to_string(items.size()) + " in all)";
  return out;
}

std::map<std::string, std::string> objects(sqlite3* db, const std::string& schema, const char* type) {
  return schema_info::objects(db, kFn, schema, type);
}
std::vector<schema_info::Column> columns(sqlite3* db, const std::string& schema, const std::string& table) {
  return schema_info::columns(db, kFn, schema, table);
}
bool has_column(sqlite3* db, const std::string& schema, const std::string& table, const std::string& column) {
  return schema_info::has_column(db, kFn, schema, table, column);
}

struct Reference {
  Conn conn = Conn::memory(kFn, "the reference database");
  std::map<std::string, std::string> tables, indexes, triggers;
  Reference() {
    for (int i = 0; i < kMigrationCount; ++i) {
      exec(conn.get(), schema::substitute(kMigrations[i].text, "main"), kFn);
    }
    for (int i = 0; i < kTriggerSetCount; ++i) {
      exec(conn.get(), schema::substitute(kTriggerSets[i].text, "main"), kFn);
    }
    tables = objects(conn.get(), "main", "table");
    indexes = objects(conn.get(), "main", "index");
    triggers = objects(conn.get(), "main", "trigger");
  }
};

Result check_version(sqlite3* db, const std::string& schema) {
  int v = schema::schema_version(db, kFn, schema);
  std::string of = std::to_string(v) + " of " + std::to_string(kMigrationCount);
  if (v == 0) {
    return {"schema_version", false,
            "database '" + schema + "' is not migrated: run SELECT vl_migrate(" +
                (schema == "main" ? std::string() : quote_literal(schema)) + ")"};
  }
  if (v > kMigrationCount) {
    return {"schema_version", false,
            "version " + std::to_string(v) + " is newer than this build knows (" +
                std::to_string(kMigrationCount) + "): use a newer vaultlister"};
  }
  std::vector<std::string> pending, changed;
  for (const auto& st : schema::statuses(db, kFn, schema)) {
    if (st.status == "pending") pending.push_back(st.name);
    if (st.status == "changed") changed.push_back(st.name);
  }
  if (!pending.empty()) {
    return {"schema_version", false,
            "version " + of + ", pending: " + listing(pending) + ": run SELECT vl_migrate()"};
  }
  if (!changed.empty()) {
    return {"schema_version", false,
            "version " + of + ", changed since applied: " + listing(changed)};
  }
  return {"schema_version", true, "version " + of};
}

Result check_tables(sqlite3* db, const std::string& schema, const Reference& ref) {
  auto present = objects(db, schema, "table");
  std::vector<std::string> missing, altered;
  for (const auto& [table, sql] : ref.tables) {
    if (!present.count(table)) {
      missing.push_back(table);
      continue;
    }
    auto have = columns(db, schema, table);
    for (const auto& want : columns(ref.conn.get(), "main", table)) {
      const schema_info::Column* got = nullptr;
      for (const auto& h : have) {
        if (h.name == want.name) got = &h;
      }
      if (got == nullptr)
        altered.push_back(table + "." + want.name + " missing");
      else if (!got->same_as(want))
        altered.push_back(table + "." + want.name + " differs");
    }
  }
  if (missing.empty() && altered.empty()) {
    return {"tables", true, std::to_string(ref.tables.size()) + " tables as this build expects"};
  }
  std::string d;
  if (!missing.empty()) d = "missing: " + listing(missing);
  if (!altered.empty()) d += (d.empty() ? "" : "; ") + std::string("altered: ") + listing(altered);
  return {"tables", false, d};
}

// Indexes and triggers: present under their name with this build's SQL.
// SQLite stores CREATE text without the schema qualifier, so the reference
// (created as "main".name) and a file migrated under any schema name agree.
Result check_objects(const char* check, const char* kind, sqlite3* db, const std::string& schema,
                     const std::map<std::string, std::string>& want) {
  auto present = objects(db, schema, kind);
  std::vector<std::string> missing, altered;
  for (const auto& [name, sql] : want) {
    auto hit = present.find(name);
    if (hit == present.end())
      missing.push_back(name);
    else if (hit->second != sql)
      altered.push_back(name);
  }
  if (missing.empty() && altered.empty()) {
    return {check, true, std::to_string(want.size()) + " " + check + " as this build expects"};
  }
  std::string d;
  if (!missing.empty()) d = "missing: " + listing(missing);
  if (!altered.empty()) d += (d.empty() ? "" : "; ") + std::string("altered: ") + listing(altered);
  return {check, false, d};
}

Result check_foreign_keys(sqlite3* db, const std::string& schema, const Reference& ref) {
  Stmt s(db, "PRAGMA " + quote_ident(schema) + ".foreign_key_check", kFn);
  std::vector<std::string> found;
  while (s.step()) {
    std::string table = s.text(0);
    if (!ref.tables.count(table)) continue;  // not ours
    found.push_back(table + " rowid " + (s.is_null(1) ? std::string("?") : s.text(1)) + " -> " +
                    s.text(2));
  }
  if (found.empty()) return {"foreign_keys", true, "no dangling reference"};
  return {"foreign_keys", false, std::to_string(found.size()) + " dangling: " + listing(found)};
}

// FTS5's integrity-check is write-shaped (an INSERT of a command), so it
// needs the write lock although nothing is kept: it always runs in a
// transaction that is rolled back.
//
// The trap: the SELECT that reads vl_health already holds a read
// transaction on the schema, and SQLite refuses at once, without calling
// the busy handler, to upgrade a read to a write while another connection
// writes (waiting could deadlock). Under concurrent writers the check would
// then report a healthy index as "database is locked". So when the check
// meets SQLITE_BUSY on this connection and the database is a file, it is
// run again on a private connection to the same file, through the same VFS
// and with this connection's busy timeout: that connection holds no read
// transaction, so it waits for the writer like any other. It never commits.
int run_fts_check(sqlite3* db, const std::string& schema, std::string* why) {
  const std::string sql = "INSERT INTO " + quote_ident(schema) +
                          ".inventory_fts(inventory_fts, rank) VALUES ('integrity-check', 1)";
  bool outermost = sqlite3_get_autocommit(db) != 0;
  // IMMEDIATE takes the write lock before FTS5 reads its config, so the
  // statement never has to upgrade a read (see above).
  int rc = sqlite3_exec(db, outermost ? "BEGIN IMMEDIATE" : "SAVEPOINT vl_health_fts", nullptr, nullptr,
                        nullptr);
  if (rc != SQLITE_OK) {
    *why = sqlite3_errmsg(db);
    return rc;
  }
  sqlite3_stmt* raw = nullptr;
  rc = sqlite3_prepare_v2(db, sql.c_str(), -1, &raw, nullptr);
  if (rc == SQLITE_OK) rc = sqlite3_step(raw);
  *why = sqlite3_errmsg(db);
  sqlite3_finalize(raw);
  sqlite3_exec(db, outermost ? "ROLLBACK" : "ROLLBACK TO vl_health_fts; RELEASE vl_health_fts", nullptr,
               nullptr, nullptr);
  return rc;
}

int run_fts_check_privately(sqlite3* db, const std::string& schema, std::string* why) {
  const char* file = sqlite3_db_filename(db, schema.c_str());
  sqlite3_vfs* vfs = nullptr;
  // An in-memory or temporary database: no other connection can reach it,
  // so the first answer stands.
  if (file == nullptr || *file == '\0' ||
      sqlite3_file_control(db, schema.c_str(), SQLITE_FCNTL_VFS_POINTER, &vfs) != SQLITE_OK || vfs == nullptr)
    return SQLITE_BUSY;
  int64_t timeout = query_int(db, "PRAGMA busy_timeout", kFn, 0);
  Conn priv;
  int rc = priv.open(file, SQLITE_OPEN_READWRITE, vfs->zName);
  if (rc != SQLITE_OK) {
    *why = priv.errmsg(rc);
    return rc;
  }
  sqlite3_busy_timeout(priv.get(), static_cast<int>(timeout));
  return run_fts_check(priv.get(), "main", why);
}

Result check_fts(sqlite3* db, const std::string& schema) {
  const std::string q = quote_ident(schema);
  Stmt has(db, "SELECT 1 FROM " + q + ".sqlite_master WHERE name = 'inventory_fts'", kFn);
  if (!has.step()) return {"fts", false, "cannot check: inventory_fts is missing"};
  if (sqlite3_db_readonly(db, schema.c_str()) == 1) {
    return {"fts", false, "cannot check: the database is read-only"};
  }
  std::string why;
  int rc = run_fts_check(db, schema, &why);
  if ((rc & 0xff) == SQLITE_BUSY) rc = run_fts_check_privately(db, schema, &why);
  if ((rc & 0xff) == SQLITE_BUSY)
    return {"fts", false, "cannot check: another connection held the write lock past the busy timeout"};
  if (rc == SQLITE_DONE) return {"fts", true, "inventory_fts matches inventory"};
  if (rc == SQLITE_NOMEM) throw std::bad_alloc();
  if ((rc & 0xff) == SQLITE_CORRUPT) {
    return {"fts", false,
            "inventory_fts does not match inventory (" + why +
                "): rebuild it with INSERT INTO inventory_fts(inventory_fts) VALUES ('rebuild')"};
  }
  return {"fts", false, "cannot check: " + why};
}

// The ids of the first rows a query returns, and how many there are.
std::vector<std::string> ids(sqlite3* db, const std::string& sql) {
  std::vector<std::string> out;
  Stmt s(db, sql, kFn);
  while (s.step()) out.push_back(s.is_null(0) ? std::string("NULL") : s.text(0));
  return out;
}

Result check_sold_out(sqlite3* db, const std::string& schema) {
  const std::string q = quote_ident(schema);
  auto found = ids(db,
                   "SELECT l.id FROM " + q + ".listings AS l JOIN " + q +
                       ".inventory AS i ON i.id = l.inventory_id "
                       "WHERE l.status IN ('active', 'pending') "
                       "AND (i.quantity <= 0 OR i.status IN ('sold', 'deleted')) ORDER BY l.id");
  if (found.empty()) return {"sold_out_listings", true, "no live listing of a sold-out item"};
  return {"sold_out_listings", false,
          std::to_string(found.size()) + " live listings of sold-out items: " + listing(found)};
}

Result check_net_profit(sqlite3* db, const std::string& schema) {
  const std::string q = quote_ident(schema);
  // Half a cent of tolerance: the stored value is already rounded to cents,
  // so only a real disagreement (or a NULL where a number belongs) shows.
  const std::string formula =
      "round(s.sale_price - coalesce(s.platform_fee, 0) - coalesce(s.shipping_cost, 0) - "
      "coalesce(i.cost_price, 0), 2)";
  auto found = ids(db, "SELECT s.id FROM " + q + ".sales AS s LEFT JOIN " + q +
                           ".inventory AS i ON i.id = s.inventory_id WHERE "
                           "(s.net_profit IS NULL) <> (" + formula + " IS NULL) OR abs(s.net_profit - " +
                           formula + ") >= 0.005 ORDER BY s.id");
  if (found.empty()) return {"net_profit", true, "every net_profit equals its formula"};
  return {"net_profit", false,
          std::to_string(found.size()) + " sales disagree with the formula: " + listing(found)};
}

// Where secrets live: oauth_* exist only in legacy files, checked when present.
struct SecretPlace {
  const char* table;
  const char* column;
};
constexpr SecretPlace kSecretPlaces[] = {{"shops", "credentials"},
                                         {"webhooks", "secret"},
                                         {"shops", "oauth_token"},
                                         {"shops", "oauth_refresh_token"}};

// Calls f(place, id, shape) for every non-empty secret (NULL and '' hold
// none). The value itself never leaves this function.
template <class F>
void each_secret(sqlite3* db, const std::string& schema, F&& f) {
  const std::string q = quote_ident(schema);
  for (const auto& w : kSecretPlaces) {
    if (!has_column(db, schema, w.table, w.column)) {
      if (std::string(w.column).rfind("oauth_", 0) == 0) continue;
      throw Error(kFn, std::string(w.table) + "." + w.column + " is missing");
    }
    Stmt s(db,
           "SELECT id, CAST(" + quote_ident(w.column) + " AS TEXT) FROM " + q + "." +
               quote_ident(w.table) + " WHERE " + quote_ident(w.column) + " <> '' ORDER BY id",
           kFn);
    while (s.step()) f(w, s.text(0), envelope_shape(s.text(1)));
  }
}

// Every secret is one of the envelopes encrypt()/decrypt() know (hex.h).
Result check_secrets(sqlite3* db, const std::string& schema) {
  std::vector<std::string> found;
  each_secret(db, schema, [&](const SecretPlace& w, const std::string& id, EnvelopeShape shape) {
    if (shape == EnvelopeShape::kNone)
      found.push_back(std::string(w.table) + "." + w.column + " of " + id);
  });
  if (found.empty()) return {"plaintext_secrets", true, "every secret is encrypted"};
  return {"plaintext_secrets", false,
          std::to_string(found.size()) + " plaintext values: " + listing(found)};
}

// Every encrypted secret says it was bound to its place (v2 with binding
// 'b', which the envelope's authenticated header records, so this needs no
// key). gcm: and legacy CBC values cannot say, and v2 'u' values were
// written without an aad: all are reported, CBC ones also as unreadable by
// default. Whether the aad names the right row only decrypt can tell.
Result check_unbound(sqlite3* db, const std::string& schema) {
  std::vector<std::string> found;
  size_t cbc = 0, gcm = 0, v2 = 0;
  each_secret(db, schema, [&](const SecretPlace& w, const std::string& id, EnvelopeShape shape) {
    if (shape == EnvelopeShape::kNone || shape == EnvelopeShape::kV2Bound) return;
    (shape == EnvelopeShape::kCbc ? cbc : shape == EnvelopeShape::kGcm ? gcm : v2)++;
    found.push_back(std::string(w.table) + "." + w.column + " of " + id);
  });
  if (found.empty()) return {"unbound_secrets", true, "every encrypted secret is bound to its row"};
  std::string kinds;
  auto add = [&](size_t n, const char* what) {
    if (n == 0) return;
    kinds += (kinds.empty() ? "" : ", ") + std::to_string(n) + " " + what;
  };
  add(cbc, "legacy cbc");
  add(gcm, "gcm");
  add(v2, "v2 without aad");
  return {"unbound_secrets", false,
          std::to_string(found.size()) + " values not bound to their row (" + kinds +
              "): " + listing(found)};
}

Result check_negative(sqlite3* db, const std::string& schema) {
  const std::string q = quote_ident(schema);
  struct Where {
    const char* table;
    const char* column;
  };
  // domain-rules.md, Everywhere: prices, quantities and fees are never negative.
  const Where places[] = {
      {"inventory", "quantity"},     {"inventory", "low_stock_threshold"},
      {"inventory", "cost_price"},   {"inventory", "list_price"},
      {"listings", "price"},         {"listings", "original_price"},
      {"listings", "shipping_price"}, {"sales", "sale_price"},
      {"sales", "platform_fee"},     {"sales", "shipping_cost"},
      {"sales", "tax_amount"},       {"offers", "offer_amount"},
      {"offers", "counter_amount"},  {"returns", "refund_amount"},
      {"bundle_items", "allocated_price"}};
  std::vector<std::string> found;
  for (const auto& w : places) {
    if (!has_column(db, schema, w.table, w.column)) {
      throw Error(kFn, std::string(w.table) + "." + w.column + " is missing");
    }
    for (const auto& id : ids(db, "SELECT id FROM " + q + "." + quote_ident(w.table) + " WHERE " +
                                      quote_ident(w.column) + " < 0 ORDER BY id")) {
      found.push_back(std::string(w.table) + "." + w.column + " of " + id);
    }
  }
  if (found.empty()) return {"negative_quantities", true, "no negative quantity, price or fee"};
  return {"negative_quantities", false,
          std::to_string(found.size()) + " negative values: " + listing(found)};
}

template <class F>
Result guarded_check(const char* name, F&& f) {
  try {
    return f();
  } catch (const Error& e) {
    std::string why = e.what();
    // "vaultlister: vl_health: <problem>" -> "<problem>"
    const std::string prefix = std::string("vaultlister: ") + kFn + ": ";
    if (why.rfind(prefix, 0) == 0) why = why.substr(prefix.size());
    return {name, false, "cannot check: " + why};
  }
}

struct Health : RowsShape<3, 1, 0> {
  static constexpr const char* kSchema =
      "CREATE TABLE x(name TEXT, status TEXT, detail TEXT, schema HIDDEN)";

  static void produce(sqlite3* db, void*, sqlite3_value* const* args, std::vector<Row>& out) {
    std::string schema = "main";
    if (args[0] != nullptr) schema = std::string(arg_text(kFn, "schema", args[0]));
    schema::require_schema(db, kFn, schema);

    std::vector<Result> results;
    results.push_back(guarded_check("schema_version", [&] { return check_version(db, schema); }));
    std::unique_ptr<Reference> ref;
    std::string ref_error;
    try {
      ref = std::make_unique<Reference>();
    } catch (const Error& e) {
      ref_error = e.what();
    }
    auto with_ref = [&](const char* name, auto&& f) {
      if (!ref) return Result{name, false, "cannot check: " + ref_error};
      return guarded_check(name, f);
    };
    results.push_back(with_ref("tables", [&] { return check_tables(db, schema, *ref); }));
    results.push_back(with_ref(
        "indexes", [&] { return check_objects("indexes", "index", db, schema, ref->indexes); }));
    results.push_back(with_ref("triggers", [&] {
      return check_objects("triggers", "trigger", db, schema, ref->triggers);
    }));
    results.push_back(
        with_ref("foreign_keys", [&] { return check_foreign_keys(db, schema, *ref); }));
    results.push_back(guarded_check("fts", [&] { return check_fts(db, schema); }));
    results.push_back(
        guarded_check("sold_out_listings", [&] { return check_sold_out(db, schema); }));
    results.push_back(guarded_check("net_profit", [&] { return check_net_profit(db, schema); }));
    results.push_back(
        guarded_check("plaintext_secrets", [&] { return check_secrets(db, schema); }));
    results.push_back(
        guarded_check("unbound_secrets", [&] { return check_unbound(db, schema); }));
    results.push_back(
        guarded_check("negative_quantities", [&] { return check_negative(db, schema); }));

    for (auto& r : results) {
      Row row;
      row.emplace_back(r.name);
      row.emplace_back(std::string(r.ok ? "ok" : "problem"));
      row.emplace_back(r.detail);
      out.push_back(std::move(row));
    }
  }
};

}  // namespace

const sqlite3_module* vl_health_module() { return rows_module<Health>(); }

}  // namespace vl
