#include "schema_origin.h"

#include <atomic>

#include "core/conn.h"

namespace vl {
namespace {

void probe_fn(sqlite3_context* ctx, int, sqlite3_value**) { sqlite3_result_int(ctx, 1); }

// 1: marked, 0: not marked, -1: not yet known.
std::atomic<int> g_marked{-1};

bool probe() {
  Conn conn;
  // Through the API table: the host's own SQLite, the one that matters.
  if (conn.open(":memory:", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) != SQLITE_OK)
    return false;  // unknown: assume the older behaviour (the safe side)
  sqlite3* db = conn.get();
  bool marked = false;
  if (sqlite3_create_function_v2(db, "vl_probe", 0, SQLITE_UTF8 | SQLITE_DIRECTONLY, nullptr,
                                 probe_fn, nullptr, nullptr, nullptr) == SQLITE_OK) {
    // A CHECK of a table in main is resolved as schema SQL even while it is
    // being created: a host that marks such calls refuses it right here.
    int rc = sqlite3_exec(db, "CREATE TABLE t(x CHECK (vl_probe()))", nullptr, nullptr, nullptr);
    marked = rc != SQLITE_OK;
  }
  return marked;
}

bool any_statement_running(sqlite3* db) {
  for (sqlite3_stmt* s = sqlite3_next_stmt(db, nullptr); s; s = sqlite3_next_stmt(db, s)) {
    if (sqlite3_stmt_busy(s)) return true;
  }
  return false;
}

}  // namespace

// Set while this thread probes: with the library installed as an auto
// extension (sqlite3_auto_extension, vaultlister_preload.so), opening the
// probe's connection loads the library into it, which would probe again,
// forever. That nested load answers "not marked" (the safe side) without
// caching it; the probe's connection is never used for anything else.
thread_local bool t_probing = false;

bool check_calls_are_marked() {
  int v = g_marked.load();
  if (v < 0) {
    if (t_probing) return false;
    t_probing = true;
    v = probe() ? 1 : 0;
    t_probing = false;
    g_marked.store(v);
  }
  return v == 1;
}

int reparse_schemas(sqlite3* db) {
  if (any_statement_running(db)) return SQLITE_OK;
  int rc = sqlite3_exec(db,
                        "SAVEPOINT vl_reparse; "
                        "CREATE TEMP TABLE vl_reparse_marker(x); "
                        "ROLLBACK TO vl_reparse; RELEASE vl_reparse",
                        nullptr, nullptr, nullptr);
  if (rc == SQLITE_OK) return SQLITE_OK;
  sqlite3_exec(db, "ROLLBACK TO vl_reparse; RELEASE vl_reparse", nullptr, nullptr, nullptr);
  // Creating the table made SQLite parse every schema not parsed yet, with the
  // functions known; if that failed (a hostile file refused), nothing stale
  // is left either, and the owner's next statement reports it. Only a refused
  // write (PRAGMA query_only) leaves an earlier parse in place.
  return (rc & 0xff) == SQLITE_READONLY ? rc : SQLITE_OK;
}

}  // namespace vl
