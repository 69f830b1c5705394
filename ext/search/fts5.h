// FTS5's API on a connection: the one way vl_search (its tokenizer) and the
// registry (FTS5 auxiliary functions such as vl_search_snippet) reach it.
#pragma once

#include <string_view>

#include "ext/core/api.h"

namespace vl::search {

// The connection's fts5_api, version 2 or later, reached as FTS5's
// documentation says: SELECT fts5(?1) with a pointer bound. Throws vl::Error
// naming `fn` when this SQLite has none (std::bad_alloc for SQLITE_NOMEM).
fts5_api* find_fts5(sqlite3* db, std::string_view fn);

// The same API for the registry at load, where failing to reach it must not
// stop the load: nullptr when this SQLite has no FTS5, or when the lookup
// cannot run now (preparing it makes SQLite read the schema, which may be
// locked, damaged or refused; the connection's next statement says so).
// Throws std::bad_alloc for SQLITE_NOMEM and vl::Error for a failure that is
// no answer (an interrupt: see schema_read_failed). Call it before any function of the
// library exists: the schema is then parsed as a plain SQLite parses it, and
// registry.cpp has it parsed again, with every name, at the end of the load.
fts5_api* fts5_api_at_load(sqlite3* db);

// Registers `impl` as the FTS5 auxiliary function `name`. Throws vl::Error
// naming `fn` on failure (std::bad_alloc for SQLITE_NOMEM).
void create_fts5_function(fts5_api* api, std::string_view fn, const char* name, fts5_extension_function impl);

}  // namespace vl::search
