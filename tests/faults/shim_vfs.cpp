// "faultshim": a VFS over the default one (unix) that fails the Nth xRead,
// xWrite, xSync or xTruncate of any file, with the code a real disk gives:
// SQLITE_IOERR_READ / _WRITE (or SQLITE_FULL for a full disk) / _FSYNC /
// _TRUNCATE. Everything else passes straight through.
//
// It also pins the clock and the randomness source, so that two runs of the
// same operation write the same bytes (row ids from randomblob(), timestamps
// from CURRENT_TIMESTAMP) and "the old or the new state" can be compared as
// whole dumps.
#include <sqlite3.h>

#include <cstring>

#include "tests/faults/hooks.h"
#include "tests/faults/vfs.h"

namespace vlfault {
namespace {

struct ShimFile {
  sqlite3_file base;
  sqlite3_file* real;  // lives right after this struct, in SQLite's allocation
};

sqlite3_vfs* g_real = nullptr;

sqlite3_file* real_of(sqlite3_file* f) { return reinterpret_cast<ShimFile*>(f)->real; }

int x_close(sqlite3_file* f) {
  sqlite3_file* r = real_of(f);
  return r->pMethods ? r->pMethods->xClose(r) : SQLITE_OK;
}
int x_read(sqlite3_file* f, void* buf, int n, sqlite3_int64 off) {
  if (io_fails(&g_totals.io_read)) return SQLITE_IOERR_READ;
  sqlite3_file* r = real_of(f);
  return r->pMethods->xRead(r, buf, n, off);
}
int x_write(sqlite3_file* f, const void* buf, int n, sqlite3_int64 off) {
  if (io_fails(&g_totals.io_write)) return g_plan.io_full ? SQLITE_FULL : SQLITE_IOERR_WRITE;
  sqlite3_file* r = real_of(f);
  return r->pMethods->xWrite(r, buf, n, off);
}
int x_truncate(sqlite3_file* f, sqlite3_int64 size) {
  if (io_fails(&g_totals.io_truncate)) return SQLITE_IOERR_TRUNCATE;
  sqlite3_file* r = real_of(f);
  return r->pMethods->xTruncate(r, size);
}
int x_sync(sqlite3_file* f, int flags) {
  if (io_fails(&g_totals.io_sync)) return SQLITE_IOERR_FSYNC;
  sqlite3_file* r = real_of(f);
  return r->pMethods->xSync(r, flags);
}
int x_file_size(sqlite3_file* f, sqlite3_int64* out) {
  sqlite3_file* r = real_of(f);
  return r->pMethods->xFileSize(r, out);
}
int x_lock(sqlite3_file* f, int l) {
  sqlite3_file* r = real_of(f);
  return r->pMethods->xLock(r, l);
}
int x_unlock(sqlite3_file* f, int l) {
  sqlite3_file* r = real_of(f);
  return r->pMethods->xUnlock(r, l);
}
int x_check_reserved(sqlite3_file* f, int* out) {
  sqlite3_file* r = real_of(f);
  return r->pMethods->xCheckReservedLock(r, out);
}
int x_file_control(sqlite3_file* f, int op, void* arg) {
  sqlite3_file* r = real_of(f);
  return r->pMethods->xFileControl(r, op, arg);
}
int x_sector_size(sqlite3_file* f) {
  sqlite3_file* r = real_of(f);
  return r->pMethods->xSectorSize(r);
}
int x_device_characteristics(sqlite3_file* f) {
  sqlite3_file* r = real_of(f);
  return r->pMethods->xDeviceCharacteristics(r);
}
int x_shm_map(sqlite3_file* f, int i, int sz, int extend, void volatile** pp) {
  sqlite3_file* r = real_of(f);
  return r->pMethods->xShmMap(r, i, sz, extend, pp);
}
int x_shm_lock(sqlite3_file* f, int off, int n, int flags) {
  sqlite3_file* r = real_of(f);
  return r->pMethods->xShmLock(r, off, n, flags);
}
void x_shm_barrier(sqlite3_file* f) {
  sqlite3_file* r = real_of(f);
  r->pMethods->xShmBarrier(r);
}
int x_shm_unmap(sqlite3_file* f, int del) {
  sqlite3_file* r = real_of(f);
  return r->pMethods->xShmUnmap(r, del);
}
int x_fetch(sqlite3_file* f, sqlite3_int64 off, int n, void** pp) {
  // No memory-mapped reads: every page must come through xRead to be faulted.
  (void)f, (void)off, (void)n;
  *pp = nullptr;
  return SQLITE_OK;
}
int x_unfetch(sqlite3_file*, sqlite3_int64, void*) { return SQLITE_OK; }

const sqlite3_io_methods kMethods = {
    3,          x_close,     x_read,         x_write,         x_truncate,
    x_sync,     x_file_size, x_lock,         x_unlock,        x_check_reserved,
    x_file_control, x_sector_size, x_device_characteristics, x_shm_map, x_shm_lock,
    x_shm_barrier, x_shm_unmap, x_fetch, x_unfetch};

int v_open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* f, int flags, int* out_flags) {
  auto* s = reinterpret_cast<ShimFile*>(f);
  s->real = reinterpret_cast<sqlite3_file*>(s + 1);
  s->base.pMethods = nullptr;
  int rc = g_real->xOpen(g_real, name, s->real, flags, out_flags);
  if (s->real->pMethods) s->base.pMethods = &kMethods;
  return rc;
}
int v_delete(sqlite3_vfs*, const char* name, int sync_dir) {
  return g_real->xDelete(g_real, name, sync_dir);
}
int v_access(sqlite3_vfs*, const char* name, int flags, int* out) {
  return g_real->xAccess(g_real, name, flags, out);
}
int v_full_pathname(sqlite3_vfs*, const char* name, int n, char* out) {
  return g_real->xFullPathname(g_real, name, n, out);
}

sqlite3_vfs g_shim;

}  // namespace

void register_shim_vfs() {
  g_real = sqlite3_vfs_find(nullptr);
  std::memset(&g_shim, 0, sizeof g_shim);
  g_shim.iVersion = 2;
  g_shim.szOsFile = static_cast<int>(sizeof(ShimFile)) + g_real->szOsFile;
  g_shim.mxPathname = g_real->mxPathname;
  g_shim.zName = "faultshim";
  g_shim.xOpen = v_open;
  g_shim.xDelete = v_delete;
  g_shim.xAccess = v_access;
  g_shim.xFullPathname = v_full_pathname;
  g_shim.xRandomness = fixed_randomness;
  g_shim.xSleep = fixed_sleep;
  g_shim.xCurrentTime = fixed_current_time;
  g_shim.xGetLastError = fixed_last_error;
  g_shim.xCurrentTimeInt64 = fixed_current_time_int64;
  sqlite3_vfs_register(&g_shim, 1);
}

}  // namespace vlfault
