// JSON Schema documents and the documents they validate: vl_json_errors and
// vl_json_valid (RapidJSON, iterative parse, depth and size caps). Input:
// "<document>\x1f<schema>"; without a separator the input is tried as a schema
// (against '{}') and as a document (against a shipped schema).
#include <cstdint>
#include <string>

#include "tests/fuzz/fuzz_sql.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 65536) return 0;
  static sqlite3* db = vlfuzz::open_memory(false);
  std::string part[2];
  int n = vlfuzz::split(data, size, part, 2);
  if (n == 2) {
    vlfuzz::run(db, "SELECT vl_json_errors(?1, ?2), vl_json_valid(?1, ?2)", part, 2);
  } else {
    std::string args[2] = {"{}", part[0]};
    vlfuzz::run(db, "SELECT vl_json_errors(?1, ?2)", args, 2);
    std::string doc[1] = {part[0]};
    vlfuzz::run(db, "SELECT name, vl_json_errors(?1, name) FROM (SELECT 'shop_settings' AS name "
                    "UNION ALL SELECT 'listing_platform_specific_data')", doc, 1);
  }
  return 0;
}
