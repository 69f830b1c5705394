// Fault hooks shared by the fault-injection binary's parts: one plan says
// which operation fails next (the Nth allocation of any allocator, or the Nth
// I/O call of the shim VFS), and live counters catch leaks per allocator.
//
// Single-threaded by design: the binary opens every connection on its main
// thread, SQLite runs no worker threads (SQLITE_DEFAULT_WORKER_THREADS = 0),
// so plain integers are enough.
#pragma once

#include <cstdint>

namespace vlfault {

enum class Kind { kOff, kAlloc, kIo, kApi };

struct Plan {
  Kind kind = Kind::kOff;
  long long target = 0;     // the Nth counted call fails
  bool persistent = false;  // ... and, when persistent, every call after it
  bool io_full = false;     // xWrite fails with SQLITE_FULL instead of SQLITE_IOERR_WRITE
  long long seen = 0;       // counted calls so far
  long long fired = 0;      // faults injected in this run
  const char* first_source = nullptr;  // which allocator / call took the first fault
  int api_code = 0;             // api: the code the first injected routine returned
  const void* api_db = nullptr; // api: the connection whose errcode / errmsg report it
};

// Allocations outstanding per allocator (SQLite's, operator new, OpenSSL's).
struct Live {
  long long sqlite = 0, cxx = 0, ossl = 0, c = 0;  // c: direct malloc (RapidJSON)
};

// Faults injected per source, over the whole process.
struct Totals {
  long long sqlite_malloc = 0, cxx_new = 0, openssl = 0, c_malloc = 0;
  long long io_read = 0, io_write = 0, io_sync = 0, io_truncate = 0;
  long long api = 0;  // sqlite3_api_routines calls failed (api.cpp)
  long long all() const {
    return sqlite_malloc + cxx_new + openssl + c_malloc + io_read + io_write + io_sync + io_truncate + api;
  }
};

extern Plan g_plan;
extern Live g_live;
extern Totals g_totals;

// True when this allocation must fail (and counts it).
bool alloc_fails(long long* per_source_total);
// True when this I/O call must fail (and counts it).
bool io_fails(long long* per_source_total);

// True when this call through the extension's routine table must fail (and
// counts it); `code` is what the routine returns, kept for errcode / errmsg.
bool api_fails(const char* routine, int code, const void* db);

// Installs SQLite's and OpenSSL's counting allocators. Call first in main,
// before anything initializes SQLite or allocates through OpenSSL.
void install_allocators();

}  // namespace vlfault
