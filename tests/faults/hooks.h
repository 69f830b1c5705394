// Fault hooks shared by the fault-injection binary's parts: one plan says
// which operation fails next (the Nth allocation of any allocator, or the Nth
// I/O call of the shim VFS), and live counters catch leaks per allocator.
//
// Single-threaded by design: the binary opens every connection on its main
// thread, SQLite runs no worker threads (SQLITE_DEFAULT_WORKER_THREADS = 0),
// so plain integers are enough.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

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
  bool api_alt = false;         // api: each routine fails with its second code (api-alt)
  bool record_sites = false;    // api: note where each call site is first met (g_sites)
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

// api: the call sites of the extension (return addresses of its calls through
// the routine table) met in one counting run, each with the first N at which
// it was met, so that a sampled sweep can still fail every call site once.
struct SiteLog {
  static constexpr int kMax = 16384;
  const void* site[kMax];
  long long first_n[kMax];
  int used = 0;
  bool overflow = false;
  void clear() {
    used = 0;
    overflow = false;
  }
};

extern Plan g_plan;
extern SiteLog g_sites;
extern SiteLog g_fired_sites;  // every call site that took an api fault (first_n unused)

// call_sites.cpp: the library's calls of wrapped routines, and which of them
// the api sweeps made fail.
struct CallSiteReport {
  long long in_source = 0, failed = 0;
  std::vector<std::string> missed;  // "file:line routine"
};
CallSiteReport check_call_sites(const std::string& source_root, const std::string& scratch_dir);
extern Live g_live;
extern Totals g_totals;

// True when this allocation must fail (and counts it).
bool alloc_fails(long long* per_source_total);
// True when this I/O call must fail (and counts it).
bool io_fails(long long* per_source_total);

// Non-zero when this call through the extension's routine table must fail
// (and counts it): the code the routine returns, kept for errcode / errmsg.
// `code` is the routine's usual failure; `alt_code` the other one SQLite can
// give, used by the api-alt sweep (0: the routine has none and is not counted
// there). `db` is the connection whose errcode / errmsg report the failure.
// `site` is the caller's return address (see SiteLog).
int api_fails(const char* routine, int code, int alt_code, const void* db, const void* site);

// Installs SQLite's and OpenSSL's counting allocators. Call first in main,
// before anything initializes SQLite or allocates through OpenSSL.
void install_allocators();

}  // namespace vlfault
