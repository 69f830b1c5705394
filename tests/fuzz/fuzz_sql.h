// Shared by the fuzz targets that reach a parser only through SQL: one
// in-memory connection of the linked SQLite amalgamation with the extension
// registered (sqlite3_auto_extension hands sqlite3_vaultlister_init the API
// table), migrated once when the target needs the schema.
#pragma once

#include <sqlite3.h>

#include <cstdio>
#include <cstdlib>
#include <string>

extern "C" int sqlite3_vaultlister_init(sqlite3*, char**, const void*);

namespace vlfuzz {

inline sqlite3* open_memory(bool migrated) {
  static bool registered = false;
  if (!registered) {
    sqlite3_auto_extension(reinterpret_cast<void (*)(void)>(sqlite3_vaultlister_init));
    registered = true;
  }
  sqlite3* db = nullptr;
  if (sqlite3_open(":memory:", &db) != SQLITE_OK) std::abort();
  // Hostile inputs must not make one run take minutes or gigabytes.
  sqlite3_limit(db, SQLITE_LIMIT_LENGTH, 1 << 20);
  if (migrated && sqlite3_exec(db, "SELECT vl_migrate()", nullptr, nullptr, nullptr) != SQLITE_OK) {
    std::fprintf(stderr, "fuzz: vl_migrate failed: %s\n", sqlite3_errmsg(db));
    std::abort();
  }
  return db;
}

// Binds the texts to ?1..?n, steps to the end and reads every column as text.
// Errors are expected results; only a crash, a sanitizer report or a leak is a
// finding.
// `must_prepare`: false where the database itself is the input, so a corrupt
// schema may refuse every statement.
inline void run(sqlite3* db, const char* sql, const std::string* args, int nargs, bool must_prepare = true) {
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &s, nullptr) != SQLITE_OK) {
    sqlite3_finalize(s);
    if (!must_prepare) return;
    std::fprintf(stderr, "fuzz: cannot prepare %s: %s\n", sql, sqlite3_errmsg(db));
    std::abort();
  }
  for (int i = 0; i < nargs; ++i) {
    sqlite3_bind_text(s, i + 1, args[i].data(), static_cast<int>(args[i].size()), SQLITE_TRANSIENT);
  }
  int rows = 0;
  while (sqlite3_step(s) == SQLITE_ROW && ++rows < 10000) {
    for (int c = 0; c < sqlite3_column_count(s); ++c) sqlite3_column_text(s, c);
  }
  sqlite3_finalize(s);
}

// Splits the input at its first n-1 '\x1f' (unit separator) bytes.
inline int split(const uint8_t* data, size_t size, std::string* out, int n) {
  std::string all(reinterpret_cast<const char*>(data), size);
  int k = 0;
  size_t start = 0;
  while (k < n - 1) {
    size_t p = all.find('\x1f', start);
    if (p == std::string::npos) break;
    out[k++] = all.substr(start, p - start);
    start = p + 1;
  }
  out[k++] = all.substr(start);
  return k;
}

}  // namespace vlfuzz
