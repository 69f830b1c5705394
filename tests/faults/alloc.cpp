// Counting, failing allocators for the three allocators the extension's work
// goes through: SQLite's (SQLITE_CONFIG_MALLOC), C++'s (a replacement of every
// global operator new / delete, which also covers RapidJSON's CrtAllocator
// only indirectly — it calls malloc, see docs/reliability-faults.md) and
// OpenSSL's (CRYPTO_set_mem_functions).
//
// One counter runs over all three, so "fail the Nth allocation" walks through
// every allocation of an operation whatever allocator it uses.
#include <openssl/crypto.h>
#include <sqlite3.h>

#include <cstdio>
#include <cstdlib>
#include <new>

#include "tests/faults/hooks.h"

// The binary links with -Wl,--wrap=malloc,--wrap=realloc,--wrap=calloc,--wrap=free:
// direct malloc calls of the statically linked objects (the library's, so
// RapidJSON's CrtAllocator inlined into them) reach __wrap_malloc below and are
// counted; the allocators here use the __real_ functions.
extern "C" {
void* __real_malloc(size_t);
void* __real_realloc(void*, size_t);
void* __real_calloc(size_t, size_t);
void __real_free(void*);
}

namespace vlfault {

Plan g_plan;
SiteLog g_sites;
SiteLog g_fired_sites;
Live g_live;
Totals g_totals;

const char* source_name(const long long* total) {
  if (total == &g_totals.sqlite_malloc) return "sqlite malloc";
  if (total == &g_totals.cxx_new) return "operator new";
  if (total == &g_totals.c_malloc) return "malloc";
  if (total == &g_totals.openssl) return "openssl";
  if (total == &g_totals.io_read) return "xRead";
  if (total == &g_totals.io_write) return "xWrite";
  if (total == &g_totals.io_sync) return "xSync";
  return "xTruncate";
}

bool alloc_fails(long long* per_source_total) {
  if (g_plan.kind != Kind::kAlloc) return false;
  long long n = ++g_plan.seen;
  if (n == g_plan.target || (g_plan.persistent && n > g_plan.target)) {
    if (!g_plan.fired) g_plan.first_source = source_name(per_source_total);
    ++g_plan.fired;
    ++*per_source_total;
    return true;
  }
  return false;
}

bool io_fails(long long* per_source_total) {
  if (g_plan.kind != Kind::kIo) return false;
  long long n = ++g_plan.seen;
  if (n == g_plan.target || (g_plan.persistent && n > g_plan.target)) {
    if (!g_plan.fired) g_plan.first_source = source_name(per_source_total);
    ++g_plan.fired;
    ++*per_source_total;
    return true;
  }
  return false;
}

namespace {
// A linear scan: a few hundred sites.
void note_site(SiteLog* log, const void* site, long long n) {
  int i = 0;
  while (i < log->used && log->site[i] != site) ++i;
  if (i < log->used) return;
  if (log->used == SiteLog::kMax) {
    log->overflow = true;
    return;
  }
  log->site[i] = site;
  log->first_n[i] = n;
  ++log->used;
}
}  // namespace

int api_fails(const char* routine, int code, int alt_code, const void* db, const void* site) {
  if (g_plan.kind != Kind::kApi) return 0;
  if (g_plan.api_alt) {
    if (alt_code == 0) return 0;
    code = alt_code;
  }
  long long n = ++g_plan.seen;
  if (g_plan.record_sites) note_site(&g_sites, site, n);
  if (n == g_plan.target || (g_plan.persistent && n > g_plan.target)) {
    if (!g_plan.fired) {
      g_plan.first_source = routine;
      g_plan.api_code = code;
    }
    g_plan.api_db = db;
    note_site(&g_fired_sites, site, n);
    ++g_plan.fired;
    ++g_totals.api;
    return code;
  }
  return 0;
}

namespace {

// SQLite: an 8-byte header keeps the size for xSize and keeps 8-byte alignment.
void* sq_malloc(int n) {
  if (alloc_fails(&g_totals.sqlite_malloc)) return nullptr;
  auto* p = static_cast<int64_t*>(__real_malloc(static_cast<size_t>(n) + 8));
  if (p == nullptr) return nullptr;
  p[0] = n;
  ++g_live.sqlite;
  return p + 1;
}
void sq_free(void* p) {
  if (p == nullptr) return;
  --g_live.sqlite;
  __real_free(static_cast<int64_t*>(p) - 1);
}
void* sq_realloc(void* p, int n) {
  if (alloc_fails(&g_totals.sqlite_malloc)) return nullptr;
  auto* q = static_cast<int64_t*>(__real_realloc(static_cast<int64_t*>(p) - 1, static_cast<size_t>(n) + 8));
  if (q == nullptr) return nullptr;
  q[0] = n;
  return q + 1;
}
int sq_size(void* p) { return p ? static_cast<int>(static_cast<int64_t*>(p)[-1]) : 0; }
int sq_roundup(int n) { return (n + 7) & ~7; }
int sq_init(void*) { return SQLITE_OK; }
void sq_shutdown(void*) {}

void* os_malloc(size_t n, const char*, int) {
  if (alloc_fails(&g_totals.openssl)) return nullptr;
  void* p = __real_malloc(n ? n : 1);
  if (p) ++g_live.ossl;
  return p;
}
void os_free(void* p, const char*, int) {
  if (p == nullptr) return;
  --g_live.ossl;
  __real_free(p);
}
void* os_realloc(void* p, size_t n, const char* file, int line) {
  if (p == nullptr) return os_malloc(n, file, line);
  if (n == 0) {
    os_free(p, file, line);
    return nullptr;
  }
  if (alloc_fails(&g_totals.openssl)) return nullptr;
  return __real_realloc(p, n);
}

}  // namespace

void install_allocators() {
  static const sqlite3_mem_methods methods = {sq_malloc, sq_free,  sq_realloc, sq_size,
                                              sq_roundup, sq_init, sq_shutdown, nullptr};
  if (sqlite3_config(SQLITE_CONFIG_MALLOC, &methods) != SQLITE_OK) {
    std::fprintf(stderr, "vl_faults: SQLITE_CONFIG_MALLOC refused (SQLite already initialized)\n");
    std::exit(2);
  }
  if (CRYPTO_set_mem_functions(os_malloc, os_realloc, os_free) != 1) {
    std::fprintf(stderr, "vl_faults: CRYPTO_set_mem_functions refused (OpenSSL already allocated)\n");
    std::exit(2);
  }
}

}  // namespace vlfault

// ---- global operator new / delete ------------------------------------------
// Every form, so that no allocation of the library escapes the count: a
// failing operator new throws std::bad_alloc, which the extension's
// trampolines must turn into SQLITE_NOMEM.
using vlfault::g_live;
using vlfault::g_totals;

namespace {
void* counted_new(std::size_t n) {
  if (vlfault::alloc_fails(&g_totals.cxx_new)) throw std::bad_alloc();
  void* p = __real_malloc(n ? n : 1);
  if (p == nullptr) throw std::bad_alloc();
  ++g_live.cxx;
  return p;
}
void* counted_new_aligned(std::size_t n, std::align_val_t a) {
  if (vlfault::alloc_fails(&g_totals.cxx_new)) throw std::bad_alloc();
  std::size_t al = static_cast<std::size_t>(a);
  std::size_t size = (n + al - 1) / al * al;
  void* p = std::aligned_alloc(al, size ? size : al);
  if (p == nullptr) throw std::bad_alloc();
  ++g_live.cxx;
  return p;
}
void counted_delete(void* p) noexcept {
  if (p == nullptr) return;
  --g_live.cxx;
  __real_free(p);
}
}  // namespace

void* operator new(std::size_t n) { return counted_new(n); }
void* operator new[](std::size_t n) { return counted_new(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  try {
    return counted_new(n);
  } catch (...) {
    return nullptr;
  }
}
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept {
  try {
    return counted_new(n);
  } catch (...) {
    return nullptr;
  }
}
void* operator new(std::size_t n, std::align_val_t a) { return counted_new_aligned(n, a); }
void* operator new[](std::size_t n, std::align_val_t a) { return counted_new_aligned(n, a); }
void operator delete(void* p) noexcept { counted_delete(p); }
void operator delete[](void* p) noexcept { counted_delete(p); }
void operator delete(void* p, std::size_t) noexcept { counted_delete(p); }
void operator delete[](void* p, std::size_t) noexcept { counted_delete(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { counted_delete(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { counted_delete(p); }
void operator delete(void* p, std::align_val_t) noexcept { counted_delete(p); }
void operator delete[](void* p, std::align_val_t) noexcept { counted_delete(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { counted_delete(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { counted_delete(p); }

// ---- direct malloc of the linked objects (RapidJSON) --------------------------
extern "C" {
void* __wrap_malloc(size_t n) {
  if (vlfault::alloc_fails(&g_totals.c_malloc)) return nullptr;
  void* p = __real_malloc(n);
  if (p) ++g_live.c;
  return p;
}
void* __wrap_calloc(size_t n, size_t m) {
  if (vlfault::alloc_fails(&g_totals.c_malloc)) return nullptr;
  void* p = __real_calloc(n, m);
  if (p) ++g_live.c;
  return p;
}
void* __wrap_realloc(void* p, size_t n) {
  if (p == nullptr) return __wrap_malloc(n);
  if (n == 0) {
    --g_live.c;
    __real_free(p);
    return nullptr;
  }
  if (vlfault::alloc_fails(&g_totals.c_malloc)) return nullptr;
  return __real_realloc(p, n);
}
void __wrap_free(void* p) {
  if (p == nullptr) return;
  --g_live.c;
  __real_free(p);
}
}
