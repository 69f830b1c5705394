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
#include "ext/core/api.h"
#include "ext/registry.h"

#ifdef _WIN32
#include <openssl/crypto.h>
#endif

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
#ifdef _WIN32
  // vaultlister.dll carries its own static libcrypto, and a host unloads the DLL when its last
  // connection closes, before the process exits: OpenSSL's exit-time cleanup, left registered
  // with the C runtime, would then call into unloaded code and crash the host at exit. (The .so
  // shares the system libcrypto, whose cleanup is the host's business.)
  if (OPENSSL_init_crypto(OPENSSL_INIT_NO_ATEXIT, nullptr) != 1) {
    if (err) *err = sqlite3_mprintf("vaultlister: load: OpenSSL failed to initialise (a working libcrypto)");
    return SQLITE_ERROR;
  }
#endif
  return vl::register_all(db, err, entry);
}

}  // namespace

extern "C" VL_EXPORT int sqlite3_vaultlister_init(sqlite3* db, char** err, const sqlite3_api_routines* api) {
  return init(db, err, api, vl::EntryPoint::kAll);
}

extern "C" VL_EXPORT int sqlite3_vaultlister_nosecrets_init(sqlite3* db, char** err, const sqlite3_api_routines* api) {
  return init(db, err, api, vl::EntryPoint::kNoSecrets);
}
