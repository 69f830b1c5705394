// Every scalar SQL function of the library, one declaration per SQL name.
// The implementation of <name> lives in functions/<name>.cpp (or the file
// named beside it); ext/registry.cpp registers them all.
#pragma once

#include "ext/core/api.h"

namespace vl::fn {

// functions/vl_version.cpp
void vl_version(sqlite3_context*, int, sqlite3_value**);
void vl_info(sqlite3_context*, int, sqlite3_value**);

// functions/vl_migrate.cpp
void vl_migrate(sqlite3_context*, int, sqlite3_value**);
void vl_schema_version(sqlite3_context*, int, sqlite3_value**);
void vl_install_triggers(sqlite3_context*, int, sqlite3_value**);

// functions/crypto.cpp
void encrypt(sqlite3_context*, int, sqlite3_value**);
void decrypt(sqlite3_context*, int, sqlite3_value**);
void vl_set_key(sqlite3_context*, int, sqlite3_value**);
void vl_legacy_cbc(sqlite3_context*, int, sqlite3_value**);

// functions/vl_sha256.cpp, vl_random_token.cpp, vl_uuid.cpp
void vl_sha256(sqlite3_context*, int, sqlite3_value**);
void vl_random_token(sqlite3_context*, int, sqlite3_value**);
void vl_uuid(sqlite3_context*, int, sqlite3_value**);

// functions/net_profit.cpp
void net_profit(sqlite3_context*, int, sqlite3_value**);

// functions/platform_fee.cpp (engine: ext/fees/)
void platform_fee(sqlite3_context*, int, sqlite3_value**);

// functions/json_schema.cpp
void vl_json_valid(sqlite3_context*, int, sqlite3_value**);
void vl_json_errors(sqlite3_context*, int, sqlite3_value**);

// functions/vl_import_sales.cpp
void vl_import_sales(sqlite3_context*, int, sqlite3_value**);

// functions/vl_cron_next.cpp
void vl_cron_next(sqlite3_context*, int, sqlite3_value**);

// functions/vl_expire_offers.cpp
void vl_expire_offers(sqlite3_context*, int, sqlite3_value**);

// functions/vl_allocate_lot.cpp (cents and shares: functions/analytics.cpp)
void vl_allocate_lot(sqlite3_context*, int, sqlite3_value**);

// functions/vl_search_snippet.cpp (engine: ext/search/snippet.h): the SQL
// function and the FTS5 auxiliary function of that name.
void vl_search_snippet(sqlite3_context*, int, sqlite3_value**);
void vl_search_snippet_fts5(const Fts5ExtensionApi*, Fts5Context*, sqlite3_context*, int, sqlite3_value**) noexcept;

}  // namespace vl::fn
