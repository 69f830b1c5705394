// sqlite3_vaultlister_init: the library's only exported symbol.
//
// SQLite derives this name from the file name "vaultlister", so
// `.load ./vaultlister` and load_extension('vaultlister') find it without
// naming an entry point. Loading registers functions and modules on this
// connection and changes no database.
#include "core/api.h"
#include "registry.h"

#ifdef _WIN32
#include <openssl/crypto.h>
#endif

SQLITE_EXTENSION_INIT1

extern "C" VL_EXPORT int sqlite3_vaultlister_init(
    sqlite3* db, char** err, const sqlite3_api_routines* api) {
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
  return vl::register_all(db, err);
}
