// vl_migrate() on mutated database files: the input is a whole SQLite file
// (the seeds are legacy-shaped files), loaded with sqlite3_deserialize into a
// fresh in-memory connection, then migrated, checked by vl_health and read.
#include <cstdint>
#include <cstring>
#include <string>

#include "tests/fuzz/fuzz_sql.h"

namespace {
int stop_after(void* p) { return ++*static_cast<long*>(p) > 2000000; }
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 512 || size > (1 << 20)) return 0;
  sqlite3* db = vlfuzz::open_memory(false);
  auto* buf = static_cast<unsigned char*>(sqlite3_malloc64(size));
  std::memcpy(buf, data, size);
  if (sqlite3_deserialize(db, "main", buf, static_cast<sqlite3_int64>(size), static_cast<sqlite3_int64>(size),
                          SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE) == SQLITE_OK) {
    // A mutated file can hold a schema whose triggers or views loop: bound the work.
    long steps = 0;
    sqlite3_progress_handler(db, 1000, stop_after, &steps);
    vlfuzz::run(db, "SELECT vl_migrate()", nullptr, 0, false);
    vlfuzz::run(db, "SELECT name, status, detail FROM vl_health", nullptr, 0, false);
    vlfuzz::run(db, "SELECT * FROM vl_migrations", nullptr, 0, false);
  }
  sqlite3_close(db);
  return 0;
}
