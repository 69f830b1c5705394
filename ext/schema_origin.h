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
//  3. encrypt on the hosts of gap 1. Registered DETERMINISTIC, SQLite would
//     evaluate `encrypt('x')` once per statement, so every row of
//     `INSERT ... SELECT encrypt('x') FROM t` would share one IV. It stays
//     non-deterministic there, and encrypt itself refuses to run while any
//     attached database holds a table whose definition calls it
//     (refuse_encrypt_in_table_sql): the CHECK can be parsed but never
//     reaches a key.
#pragma once

#include <string>
#include <string_view>

#include "ext/core/api.h"

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
// the schema it prepared with. Returns SQLITE_OK when the schemas were dropped
// or when reading one failed (a schema that fails to parse is not kept; the
// next statement reports its error). Any other failure is returned, since an
// earlier parse may then be in place: SQLITE_READONLY when the temporary table
// is refused (PRAGMA query_only), the code of an out-of-memory error, an
// interrupt, an authorizer's refusal. Whatever fails, the savepoint is ended
// before it returns (only an allocation failing on every try can keep it open).
int reparse_schemas(sqlite3* db);

// Whether a statement's failure code `rc` is one of SQLite failing to read or
// parse a database's schema (a hostile file refused, a locked, damaged or
// unreadable file): such a schema is not kept parsed, nothing stale is left,
// and the owner's next statement reports the error, so the load goes on. Any
// other failure (out of memory, an interrupt, a full temporary database, an
// authorizer's refusal) may come before SQLite dropped anything, and fails
// the load with its cause (reparse_schemas, search::fts5_api_at_load).
bool schema_read_failed(int rc);

// Gap 3. Where check_calls_are_marked() is false, throws vl::Error (in
// `fn`'s voice) when a table of any attached database calls `fn` in its
// CREATE TABLE text (a CHECK, DEFAULT or generated column); a no-op on hosts
// that mark CHECK calls. Only a writing statement evaluates a CHECK, so the
// schemas are read only while one is running, and then once per execution
// of the statement that calls `fn` (kept as the statement's auxdata), not per
// row. Nothing is cached across statements: a database attached again, or
// changed by another connection, is read afresh.
void refuse_in_table_sql(sqlite3_context* ctx, std::string_view fn);

// Whether a CREATE TABLE text calls function `fn` after its name: an
// identifier spelling `fn` (any ASCII case, bare or quoted) followed by "(",
// with comments and whitespace skipped and string literals never matched.
// Errs on the side of "yes" (`REFERENCES encrypt(id)` counts), never "no".
bool table_sql_calls(std::string_view create_sql, std::string_view fn);

}  // namespace vl
