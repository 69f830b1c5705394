// Adoption: bringing a database file of the VaultLister web application (built
// by its own scripts, never by vl_migrate) to our schema in place.
//
// Contract (docs/adopting-an-existing-file.md, reference/legacy-databases.md):
// the layout is read from the file itself (sqlite_master, PRAGMA table_xinfo),
// never from its own `migrations` table or a version number; every table we do
// not own is left untouched; every row and every extra column of the tables we
// own is kept; a table whose constraints differ from ours is rebuilt by SQLite's
// 12-step ALTER TABLE procedure; rows our constraints cannot accept stop the
// run with an error naming the table, the rows' ids and the constraint.
#pragma once

#include <string>
#include <vector>

#include "ext/core/api.h"

namespace vl::schema {

// True when `schema` has no vl_schema_migrations bookkeeping yet but holds the
// application's signature tables (users and inventory).
bool is_legacy_file(sqlite3* db, const std::string& schema);

// Turns PRAGMA foreign_keys off for the life of the guard when `schema` needs
// adoption, because the 12-step procedure's DROP TABLE would otherwise fire
// ON DELETE CASCADE into the child tables. PRAGMA foreign_keys is a no-op
// inside a transaction, so adoption inside a caller's transaction with foreign
// keys on is refused. Construct it before the write transaction begins.
class AdoptionGuard {
 public:
  AdoptionGuard(sqlite3* db, const std::string& schema);
  // Foreign keys back on, after the commit; throws when they cannot be (the
  // migration stays committed). The destructor only tries, on error paths.
  void restore();
  ~AdoptionGuard();
  AdoptionGuard(const AdoptionGuard&) = delete;
  AdoptionGuard& operator=(const AdoptionGuard&) = delete;

 private:
  sqlite3* db_;
  bool restore_ = false;
};

struct AdoptionReport {
  std::vector<std::string> migrations;  // recorded as applied by adoption
  std::vector<std::string> rebuilt;     // existing tables rebuilt to our definition
  std::vector<std::string> created;     // tables of adopted migrations the file lacked
  std::vector<std::string> kept_columns;  // "table.column" extra columns carried over
  long long fts_rows = -1;              // rows indexed by the inventory_fts rebuild
};

// Runs inside vl_migrate's write transaction, after the bookkeeping tables
// exist: conforms every table of ours the file holds, creates what the adopted
// migrations define and the file lacks, rebuilds inventory_fts, and records
// those migrations in vl_schema_migrations. Throws vl::Error on a conflict.
AdoptionReport adopt(sqlite3* db, const std::string& schema);

}  // namespace vl::schema
