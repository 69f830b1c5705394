// The one table of every SQL name this library registers, with its flags and
// the reason for them.
//
// Flag sets:
//   kPure    DETERMINISTIC | INNOCUOUS: same inputs, same output, no side
//            effects; safe anywhere, including CHECKs, indexes and views of an
//            untrusted file under trusted_schema=OFF.
//   kRandom  INNOCUOUS only: no side effects, but a new value per call.
//   kReads   INNOCUOUS: reads this connection's schema or version state.
//   kSecret  DIRECTONLY: touches key material. A view or trigger stored in a
//            database file (which may come from anyone) must not be able to
//            decrypt secrets or set keys behind the user's back. uses_key:
//            the nosecrets entry point does not register these rows, so a new
//            key function is left out there by being given this set.
//   kWrites  DIRECTONLY: changes the database or reads files; only a
//            statement the application itself prepared may do that.
//
// DIRECTONLY alone is not enough on every SQLite we support: see
// schema_origin_flags() below.
#include "ext/registry.h"

#include <cstring>
#include <memory>
#include <string>

#include "ext/core/function.h"
#include "ext/core/vtab.h"
#include "ext/schema_origin.h"
#include "ext/search/fts5.h"
#include "ext/vtab/modules.h"
#include "functions/functions.h"

namespace vl {
namespace {

constexpr int kUtf8 = SQLITE_UTF8;
constexpr FlagSet kPure = {kUtf8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, false};
[[maybe_unused]] constexpr FlagSet kRandom = {kUtf8 | SQLITE_INNOCUOUS, false};
constexpr FlagSet kReads = {kUtf8 | SQLITE_INNOCUOUS, false};
[[maybe_unused]] constexpr FlagSet kSecret = {kUtf8 | SQLITE_DIRECTONLY, true};
constexpr FlagSet kWrites = {kUtf8 | SQLITE_DIRECTONLY, false};

template <ScalarFn F>
constexpr ScalarFn g = &guarded<F>;

}  // namespace

// vl_version and vl_info come first: when a later registration fails, these
// still tell which build was loaded.
const FunctionDef kFunctions[] = {
    {"vl_version", -1, kPure, g<fn::vl_version>, "constant for a given build"},
    {"vl_info", -1, kReads, g<fn::vl_info>, "reads versions and the schema state of main"},
    {"vl_migrate", -1, kWrites, g<fn::vl_migrate>, "changes the schema"},
    {"vl_schema_version", -1, kReads, g<fn::vl_schema_version>, "reads bookkeeping only"},
    {"vl_install_triggers", -1, kWrites, g<fn::vl_install_triggers>, "changes the schema"},
    {"encrypt", -1, kSecret, g<fn::encrypt>, "uses key material; random IV"},
    {"decrypt", -1, kSecret, g<fn::decrypt>, "reveals secrets"},
    {"vl_set_key", -1, kSecret, g<fn::vl_set_key>, "replaces the connection's key"},
    {"vl_legacy_cbc", -1, kSecret, g<fn::vl_legacy_cbc>,
     "turns the unauthenticated CBC reading (a padding oracle) on for this connection"},
    {"vl_sha256", -1, kPure, g<fn::vl_sha256>, "a hash: same input, same output"},
    {"vl_random_token", -1, kRandom, g<fn::vl_random_token>, "CSPRNG bytes, no side effects"},
    {"vl_uuid", -1, kRandom, g<fn::vl_uuid>, "CSPRNG bytes, no side effects"},
    {"net_profit", -1, kPure, g<fn::net_profit>, "arithmetic on its arguments only"},
    {"platform_fee", -1, kReads, g<fn::platform_fee>,
     "reads platform_fee_rules of main; today's date when on_date is left out"},
    {"vl_json_valid", -1, kPure, g<fn::vl_json_valid>, "depends only on the document and the schema text or shipped name"},
    {"vl_json_errors", -1, kPure, g<fn::vl_json_errors>, "depends only on the document and the schema text or shipped name"},
    {"vl_import_sales", -1, kWrites, g<fn::vl_import_sales>, "reads files and writes sales"},
    {"vl_cron_next", -1, kPure, g<fn::vl_cron_next>, "a function of its arguments (and tzdata)"},
    {"vl_expire_offers", -1, kWrites, g<fn::vl_expire_offers>, "updates offers"},
    {"vl_allocate_lot", -1, kWrites, g<fn::vl_allocate_lot>, "updates inventory.cost_price (and, by the triggers, sales)"},
    {"vl_search_snippet", -1, kPure, g<fn::vl_search_snippet>,
     "an FTS5 auxiliary function: depends only on the row and its arguments, and reads only text the query reads",
     fn::vl_search_snippet_fts5},
};
const int kFunctionCount = sizeof(kFunctions) / sizeof(kFunctions[0]);

// Virtual tables: kVTabInnocuous for those that read only rows a view of the
// same file could read (so a view or trigger of the file may use them),
// kVTabDirectOnly for those that read files.
const ModuleDef kModules[] = {
    {"vl_migrations", vl_migrations_module, kVTabPlain, "reads bookkeeping only"},
    {"vl_marketplace_csv", vl_marketplace_csv_module, kVTabDirectOnly,
     "reads files: a view or trigger of a hostile file must not read the user's files"},
    {"vl_search", vl_search_module, kVTabInnocuous, "reads inventory of main"},
    {"vl_fee_breakdown", vl_fee_breakdown_module, kVTabInnocuous,
     "reads platform_fee_rules of main"},
    {"vl_crosslist", vl_crosslist_module, kVTabInnocuous,
     "reads inventory, listings and the platform tables of main"},
    {"vl_health", vl_health_module, kVTabPlain,
     "reads; its FTS5 check writes inside a savepoint it always rolls back"},
    {"vl_cron", vl_cron_module, kVTabInnocuous, "computes from its arguments only"},
    {"vl_due_rules", vl_due_rules_module, kVTabInnocuous, "reads automation_rules and users of main"},
    {"vl_cogs", vl_cogs_module, kVTabInnocuous,
     "reads inventory, lots, sales, returns and alerts of main"},
    {"vl_1099k", vl_1099k_module, kVTabInnocuous,
     "reads sales, returns and the 1099-K reference tables of main"},
    {"vl_profit_loss", vl_profit_loss_module, kVTabInnocuous,
     "reads sales, returns, expenses, mileage and mileage_rates of main"},
    {"vl_sell_through", vl_sell_through_module, kVTabInnocuous,
     "reads sales, listings, inventory and lots of main"},
    {"vl_inventory_aging", vl_inventory_aging_module, kVTabInnocuous, "reads inventory of main"},
    {"vl_account_health", vl_account_health_module, kVTabInnocuous,
     "reads sales, alerts and account_limits of main"},
};
const int kModuleCount = sizeof(kModules) / sizeof(kModules[0]);

namespace {
void release_state(void* p) { delete static_cast<std::shared_ptr<ConnState>*>(p); }
void release_module_aux(void* p) { delete static_cast<ModuleAux*>(p); }

// The flags a row is registered with on this host. A DIRECTONLY row gets
// SQLITE_DETERMINISTIC too where SQLite marks CHECK calls as schema SQL only
// for deterministic functions (schema_origin.h, gap 1): then a hostile CHECK
// is refused when the schema is parsed. The price is that SQLite may evaluate
// a call whose arguments are all constants once per statement instead of once
// per row; tests/sql/hostile_schema_test.cpp (ConstantCalls...) shows where that
// can and cannot change a result: order and per-row arguments are kept.
//
// encrypt is the exception: folded, `SELECT encrypt('x') FROM t` would give
// every row the same IV and ciphertext (crypto_test EveryCallGetsAFreshIv).
// It stays non-deterministic; on such hosts encrypt refuses to run while a
// table of an attached database calls it in its definition
// (refuse_in_table_sql, schema_origin.h gap 3).
int schema_origin_flags(const FunctionDef& f) {
  if ((f.flags.sqlite & SQLITE_DIRECTONLY) != 0 && std::strcmp(f.name, "encrypt") != 0 &&
      !check_calls_are_marked())
    return f.flags.sqlite | SQLITE_DETERMINISTIC;
  return f.flags.sqlite;
}

// The FTS5 half of a row, once its SQL function exists (FTS5 then keeps that
// function as the name's SQL function instead of adding its own).
int register_fts5(fts5_api* api, const FunctionDef& f, char** err) noexcept {
  try {
    search::create_fts5_function(api, "load", f.name, f.fts5);
    return SQLITE_OK;
  } catch (...) {
    return error_current_exception(err);
  }
}

int fail(char** err, const char* kind, const char* name, int rc, sqlite3* db) {
  if (err) {
    *err = sqlite3_mprintf("vaultlister: load: cannot register %s %s: %s", kind, name,
                           sqlite3_errmsg(db));
  }
  return rc;
}
}  // namespace

const char* entry_point_name(EntryPoint e) {
  return e == EntryPoint::kNoSecrets ? "sqlite3_vaultlister_nosecrets_init"
                                     : "sqlite3_vaultlister_init";
}

int register_all(sqlite3* db, char** err, EntryPoint entry) {
  std::shared_ptr<ConnState> state;
  try {
    state = std::make_shared<ConnState>(db);
  } catch (...) {
    return error_current_exception(err);
  }
  state->entry_point = entry_point_name(entry);
  // Before any name of ours exists (fts5_api_at_load says why). Without it
  // (no FTS5, or a file that cannot be read now) the FTS5 rows keep only
  // their SQL function, which refuses every call in our voice.
  fts5_api* fts5 = nullptr;
  try {
    fts5 = search::fts5_api_at_load(db);
  } catch (...) {
    return error_current_exception(err);
  }
  for (int i = 0; i < kFunctionCount; ++i) {
    const FunctionDef& f = kFunctions[i];
    if (entry == EntryPoint::kNoSecrets && f.flags.uses_key) continue;
    auto* holder = new (std::nothrow) std::shared_ptr<ConnState>(state);
    if (holder == nullptr) return SQLITE_NOMEM;
    // On failure create_function_v2 calls release_state itself.
    int rc = sqlite3_create_function_v2(db, f.name, f.n_arg, schema_origin_flags(f), holder,
                                        f.impl, nullptr, nullptr, release_state);
    if (rc != SQLITE_OK) return fail(err, "function", f.name, rc, db);
    if (f.fts5 != nullptr && fts5 != nullptr) {
      rc = register_fts5(fts5, f, err);
      if (rc != SQLITE_OK) return rc;
    }
  }
  for (int i = 0; i < kModuleCount; ++i) {
    const ModuleDef& m = kModules[i];
    auto* aux = new (std::nothrow) ModuleAux{state, m.name, m.traits};
    if (aux == nullptr) return SQLITE_NOMEM;
    int rc = sqlite3_create_module_v2(db, m.name, m.module(), aux, release_module_aux);
    if (rc != SQLITE_OK) return fail(err, "module", m.name, rc, db);
  }
  // Last, once every name exists: a schema parsed before this load resolved
  // its CHECKs, generated columns and indexes against none of them.
  int rc = reparse_schemas(db);
  if (rc != SQLITE_OK) {
    if (err) {
      // A refused write has a cause the owner can remove; any other error (out of memory,
      // an interrupt, an authorizer) is reported as it is.
      const char* expected = (rc & 0xff) == SQLITE_READONLY
                                 ? "a connection that may create a temporary table: load before PRAGMA query_only=ON"
                                 : "a temporary table created and rolled back inside a savepoint";
      *err = sqlite3_mprintf("vaultlister: load: cannot make SQLite parse the schema again: %s (%s)",
                             sqlite3_errstr(rc), expected);
    }
    return rc;
  }
  return SQLITE_OK;
}

}  // namespace vl
