// Fee inputs: platform_fee() and vl_fee_breakdown with arbitrary platform,
// price, shipping and date texts, on a migrated database (the fee rules are
// rows). Input: "<platform>\x1f<price>\x1f<shipping>\x1f<date>".
#include <cstdint>
#include <string>

#include "tests/fuzz/fuzz_sql.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 1024) return 0;
  static sqlite3* db = vlfuzz::open_memory(true);
  std::string part[4];
  int n = vlfuzz::split(data, size, part, 4);
  for (int i = n; i < 4; ++i) part[i] = i == 3 ? "2026-11-25" : "0";
  vlfuzz::run(db, "SELECT platform_fee(?1, ?2, ?3, ?4)", part, 4);
  // Numbers as numbers too: text that looks like one is converted by SQLite.
  vlfuzz::run(db, "SELECT platform_fee(?1, CAST(?2 AS REAL), CAST(?3 AS REAL))", part, 3);
  vlfuzz::run(db, "SELECT * FROM vl_fee_breakdown(?1, ?2, ?3, ?4)", part, 4);
  vlfuzz::run(db, "SELECT net_profit(?2, ?3, ?2, ?3)", part, 4);
  return 0;
}
