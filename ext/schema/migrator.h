// The schema engine behind vl_migrate, vl_schema_version,
// vl_install_triggers and the vl_migrations table.
//
// Bookkeeping lives in two tables of our own in the migrated schema:
//   vl_schema_migrations(version, name, checksum, applied_at)
//   vl_trigger_sets(name, checksum, installed_at)
// A file's own tables (an existing application's `migrations`, say) are never
// read for this, nor written.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ext/core/api.h"
#include "ext/schema/adopt.h"

namespace vl::schema {

// Replaces every "{schema}" in embedded SQL with the quoted schema name.
std::string substitute(std::string_view text, std::string_view schema);

// Throws unless `schema` names a database attached to `db`.
void require_schema(sqlite3* db, std::string_view fn, const std::string& schema);

// Highest applied migration; 0 for a database never migrated.
int schema_version(sqlite3* db, std::string_view fn, const std::string& schema);

// What one vl_migrate run did.
struct MigrationReport {
  std::string schema;
  int from = 0;                          // the version before
  int to = 0;                            // the version after
  std::vector<std::string> applied;      // migrations run
  std::vector<std::string> changed;      // applied before, with another text than this build's
  std::vector<std::string> trigger_sets; // trigger sets (re)installed
  std::optional<AdoptionReport> adopted; // a file of the application, adopted in this run
};

// Brings `schema` to the newest version and installs missing or changed
// trigger sets, in one transaction.
MigrationReport migrate(sqlite3* db, const std::string& schema);

// The report as vl_migrate returns it (docs/sql/vl_migrate.md).
std::string to_json(const MigrationReport& report);

// Drops and re-creates every domain trigger of this build; returns how many.
int install_triggers(sqlite3* db, const std::string& schema);

struct MigrationStatus {
  int version;
  std::string name;
  std::string checksum;  // of this build's text
  std::string status;    // applied | pending | changed
  std::optional<std::string> applied_at;
};
std::vector<MigrationStatus> statuses(sqlite3* db, std::string_view fn,
                                      const std::string& schema);

// Names of the triggers a trigger-set file defines, in file order.
std::vector<std::string> trigger_names(const char* set_text);

}  // namespace vl::schema
