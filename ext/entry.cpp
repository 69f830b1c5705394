// sqlite3_vaultlister_init: the library's only exported symbol.
//
// SQLite derives this name from the file name "vaultlister", so
// `.load ./vaultlister` and load_extension('vaultlister') find it without
// naming an entry point. Loading registers functions and modules on this
// connection and changes no database.
#include "core/api.h"
#include "registry.h"

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
  return vl::register_all(db, err);
}
