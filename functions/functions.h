// Every scalar SQL function of the library, one declaration per SQL name.
// The implementation of <name> lives in functions/<name>.cpp (or the file
// named beside it); ext/registry.cpp registers them all.
#pragma once

#include "core/api.h"

namespace vl::fn {

// functions/vl_version.cpp
void vl_version(sqlite3_context*, int, sqlite3_value**);
void vl_info(sqlite3_context*, int, sqlite3_value**);

// functions/vl_migrate.cpp
void vl_migrate(sqlite3_context*, int, sqlite3_value**);
void vl_schema_version(sqlite3_context*, int, sqlite3_value**);
void vl_install_triggers(sqlite3_context*, int, sqlite3_value**);

}  // namespace vl::fn
