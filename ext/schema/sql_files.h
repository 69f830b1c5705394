// The SQL this build carries, embedded from sql/ by cmake/embed_sql.cmake.
#pragma once

namespace vl {

struct SqlFile {
  int version;         // migration number; 0 for trigger sets
  const char* name;    // file stem, e.g. "0001_core" or "10_sales"
  const char* text;    // file text; "{schema}" marks where the schema goes
  const char* sha256;  // of the file text, lower-case hex
};

// Migrations in order, versions 1..kMigrationCount; a sentinel follows.
extern const SqlFile kMigrations[];
extern const int kMigrationCount;
// Trigger definition files (sql/triggers/), in name order; a sentinel follows.
extern const SqlFile kTriggerSets[];
extern const int kTriggerSetCount;

}  // namespace vl
