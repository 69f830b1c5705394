#include "ext/search/fts5.h"

#include <new>
#include <string>

#include "ext/core/error.h"
#include "ext/core/stmt.h"

namespace vl::search {
namespace {
constexpr const char* kLookup = "SELECT fts5(?1)";
}  // namespace

fts5_api* find_fts5(sqlite3* db, std::string_view fn) {
  fts5_api* api = nullptr;
  Stmt s(db, kLookup, fn);
  // bind_pointer allocates nothing: its failures are SQLITE_RANGE / SQLITE_MISUSE.
  int rc = sqlite3_bind_pointer(s.get(), 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
  if (rc != SQLITE_OK) throw Error(fn, std::string("cannot reach the FTS5 API: ") + sqlite3_errstr(rc), {}, rc);
  s.step();
  if (api == nullptr || api->iVersion < 2) {
    throw Error(fn, "this SQLite has no usable FTS5", "an SQLite built with FTS5");
  }
  return api;
}

fts5_api* fts5_api_at_load(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* s = nullptr;
  int rc = sqlite3_prepare_v2(db, kLookup, -1, &s, nullptr);
  if (rc == SQLITE_OK) rc = sqlite3_bind_pointer(s, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
  if (rc == SQLITE_OK) rc = sqlite3_step(s);
  sqlite3_finalize(s);
  if (rc == SQLITE_NOMEM) throw std::bad_alloc();
  return rc == SQLITE_ROW && api != nullptr && api->iVersion >= 2 ? api : nullptr;
}

void create_fts5_function(fts5_api* api, std::string_view fn, const char* name, fts5_extension_function impl) {
  int rc = api->xCreateFunction(api, name, nullptr, impl, nullptr);
  if (rc == SQLITE_NOMEM) throw std::bad_alloc();
  if (rc != SQLITE_OK) throw Error(fn, "cannot register " + std::string(name) + ": " + sqlite3_errstr(rc), {}, rc);
}

}  // namespace vl::search
