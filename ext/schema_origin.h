// Keeping the DIRECTONLY functions out of a database file's own SQL on every
// SQLite we support (docs/secrets.md, "A database file is input").
//
// SQLite refuses a DIRECTONLY function called from schema-stored SQL only when
// it marks that call as coming from the schema (EP_FromDDL). Two gaps, both
// shown by tests/sql/hostile_schema_test.cpp:
//
//  1. Older SQLite (3.40 among them) marks a call in a CHECK constraint only
//     when the function is SQLITE_DETERMINISTIC, so a CHECK in a hostile file
//     could call decrypt or vl_set_key. Newer SQLite marks every call.
//     registry.cpp adds SQLITE_DETERMINISTIC to the DIRECTONLY rows where
//     check_calls_are_marked() says this host does not mark them.
//  2. Every SQLite: a schema parsed before the functions existed (the owner
//     ran a query, then loaded the library) holds CHECK, generated-column and
//     index expressions resolved against no function at all, and so never
//     marked; once the library is loaded they call it. reparse_schemas() makes
//     the connection parse its schemas again, with the functions known.
#pragma once

#include "core/api.h"

namespace vl {

// True when this SQLite refuses a non-deterministic DIRECTONLY function in a
// CHECK constraint. Found by trying it on a private in-memory connection, so
// no SQLite version number is guessed. Cached for the process.
bool check_calls_are_marked();

// Drops the connection's parsed schemas so the next statement parses them
// again (a temporary table created and rolled back inside a savepoint: SQLite
// resets every schema when it rolls back a schema change). Writes nothing to
// any database file. Skipped, returning SQLITE_OK, while a statement of the
// connection is running (rolling back would abort it); that statement keeps
// the schema it prepared with. Returns SQLITE_READONLY when the temporary
// table is refused (PRAGMA query_only), SQLITE_OK otherwise (a schema that
// fails to parse is not kept; the next statement reports its error).
int reparse_schemas(sqlite3* db);

}  // namespace vl
