// CSV records with their source line numbers, read with libcsv.
//
// Why libcsv (Debian libcsv-dev): a small, long-maintained RFC 4180 parser
// that handles quoted fields, doubled quotes, embedded newlines and CRLF,
// streams with callbacks, and lets us route its allocations through our own
// functions (for allocation-failure testing). The marketplace quirks around
// it (preambles, footers, BOM) are handled in marketplace_csv.cpp, not here.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace vl::csv {

struct Record {
  size_t line;  // 1-based line of the source where the record starts
  std::vector<std::string> fields;
  bool blank() const;  // every field empty or white space
};

// Parses the whole text; a UTF-8 BOM at the start is dropped. Blank lines
// produce no record. Throws vl::Error (prefixed with `fn`) on a malformed
// file (an unterminated quote).
std::vector<Record> read(std::string_view fn, std::string_view text);

}  // namespace vl::csv
