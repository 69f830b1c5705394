#include "ext/search/fts5.h"

#include <new>
#include <string>

#include "ext/core/error.h"
#include "ext/core/stmt.h"
#include "ext/schema_origin.h"

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
  // No FTS5 ("no such function: fts5"), a schema that cannot be read now and an
  // authorizer that forbids fts5() all leave the FTS5 rows with only their SQL
  // function, which says so in our voice when called. An interrupt (or a full
  // disk, a constraint) is no answer to the question: taken for "no FTS5" it
  // would load the library without its FTS5 functions unnoticed.
  if (rc != SQLITE_ROW && rc != SQLITE_DONE && rc != SQLITE_AUTH && !schema_read_failed(rc)) {
    throw Error("load", std::string("cannot look up FTS5: ") + sqlite3_errstr(rc),
                "a connection that can run SELECT fts5(?1) to its end", rc);
  }
  return rc == SQLITE_ROW && api != nullptr && api->iVersion >= 2 ? api : nullptr;
}

void create_fts5_function(fts5_api* api, std::string_view fn, const char* name, fts5_extension_function impl) {
  int rc = api->xCreateFunction(api, name, nullptr, impl, nullptr);
  if (rc == SQLITE_NOMEM) throw std::bad_alloc();
  if (rc != SQLITE_OK) throw Error(fn, "cannot register " + std::string(name) + ": " + sqlite3_errstr(rc), {}, rc);
}

}  // namespace vl::search
