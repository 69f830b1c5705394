// The library's two exported symbols, its entry points.
//
// sqlite3_vaultlister_init: everything. SQLite derives this name from the file
// name "vaultlister", so `.load ./vaultlister` and load_extension('vaultlister')
// find it without naming an entry point. Loading registers functions and
// modules on this connection and changes no database.
//
// sqlite3_vaultlister_nosecrets_init: everything except the functions that use
// a key (the registry rows whose flag set is kSecret: encrypt, decrypt,
// vl_set_key, ...). For a process where whoever reaches it may type SQL (a
// Datasette, a DB browser, sqlite-utils): there, with VAULTLISTER_KEY in the
// environment or not, `SELECT decrypt(credentials) FROM shops` is "no such
// function". docs/secrets.md, docs/clients.md.
#include "core/api.h"
#include "registry.h"

SQLITE_EXTENSION_INIT1

namespace {

int init(sqlite3* db, char** err, const sqlite3_api_routines* api, vl::EntryPoint entry) {
  SQLITE_EXTENSION_INIT2(api);
  int version = sqlite3_libversion_number();
  if (version < vl::kMinSqliteVersion) {
    if (err) {
      *err = sqlite3_mprintf(
          "vaultlister: load: SQLite %s is too old (SQLite 3.37.0 or newer)", sqlite3_libversion());
    }
    return SQLITE_ERROR;
  }
  return vl::register_all(db, err, entry);
}

}  // namespace

extern "C" __attribute__((visibility("default"))) int sqlite3_vaultlister_init(
    sqlite3* db, char** err, const sqlite3_api_routines* api) {
  return init(db, err, api, vl::EntryPoint::kAll);
}

extern "C" __attribute__((visibility("default"))) int sqlite3_vaultlister_nosecrets_init(
    sqlite3* db, char** err, const sqlite3_api_routines* api) {
  return init(db, err, api, vl::EntryPoint::kNoSecrets);
}
