// What vl_marketplace_csv and vl_import_sales share: reading their `source`
// argument and estimating eBay's fees with the fee engine (ext/fees/).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ext/core/api.h"
#include "ext/imports/marketplace_csv.h"

namespace vl::imports {

// Exports larger than this are refused rather than read into memory.
inline constexpr size_t kMaxExportBytes = 64u << 20;

// TEXT = a path to a regular file; BLOB = the file's bytes.
std::string read_source(std::string_view fn, sqlite3_value* source);

// Optional platform argument: NULL or absent = detect from the header.
std::string platform_arg(std::string_view fn, sqlite3_value* platform);

// Parses the export, estimating eBay's fees from the rules of `db`.
std::vector<SaleLine> parse_source(std::string_view fn, sqlite3* db, sqlite3_value* source,
                                   sqlite3_value* platform);

}  // namespace vl::imports
