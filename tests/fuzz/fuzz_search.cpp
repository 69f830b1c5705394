// Search queries: whatever a person types, through vl_search on a migrated
// in-memory database holding a few items. Input: "<query>\x1f<user_id>".
#include <cstdint>
#include <string>

#include "tests/fuzz/fuzz_sql.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 4096) return 0;
  static sqlite3* db = [] {
    sqlite3* d = vlfuzz::open_memory(true);
    sqlite3_exec(d,
                 "INSERT INTO users(id, email, password_hash, username) VALUES ('u1', 'a@x', 'h', 'a');"
                 "INSERT INTO inventory(id, user_id, title, brand, description, list_price, status) VALUES "
                 "('i1', 'u1', 'Patagonia Better Sweater Fleece', 'Patagonia', 'warm', 79, 'active'),"
                 "('i2', 'u1', 'O''Neill T-Shirt', 'O''Neill', 'cotton tee 😀', 20, 'active'),"
                 "('i3', 'u1', 'Levi''s 501 \"Vintage\"', 'Levi''s', 'denim: NEAR AND OR', 35, 'active');",
                 nullptr, nullptr, nullptr);
    return d;
  }();
  std::string part[2];
  int n = vlfuzz::split(data, size, part, 2);
  if (n == 1) {
    vlfuzz::run(db, "SELECT id, title, brand, rank, snippet FROM vl_search(?1) ORDER BY rank LIMIT 20", part, 1);
  } else {
    vlfuzz::run(db, "SELECT id, snippet FROM vl_search(?1, ?2)", part, 2);
  }
  return 0;
}
