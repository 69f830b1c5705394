// "powerloss": an in-memory VFS that keeps what is synced apart from what is
// not, and at a cut point loses, keeps or tears the unsynced writes (vfs.h).
//
// Model (the one SQLite's own crash tests use): a write reaches the platter
// only by xSync; until then any subset of the writes issued since the last
// sync may survive, in any order, and a write in progress may be cut at a
// sector boundary (512 bytes). xDelete is taken as durable when it returns
// (the journal's deletion is the commit point of DELETE mode, and SQLite syncs
// the database before it). The wal-index (xShm*) is memory and is lost.
// xDeviceCharacteristics is 0: no atomic or sequential-write promise, so
// SQLite takes its most careful path.
#include <cstring>
#include <random>

#include "tests/faults/vfs.h"

namespace vlfault {
namespace {

constexpr int kSector = 512;

Disk* g_disk = nullptr;
int g_temp_counter = 0;

struct MemFile {
  sqlite3_file base;
  std::string* name;  // owned; the key in g_disk->files
  bool persistent;
  bool delete_on_close;
};

Disk::File* file_of(sqlite3_file* f) {
  auto* m = reinterpret_cast<MemFile*>(f);
  auto it = g_disk->files.find(*m->name);
  return it == g_disk->files.end() ? nullptr : &it->second;
}

void apply(std::vector<unsigned char>* img, const Disk::Op& op, size_t keep_bytes) {
  if (op.truncate) {
    img->resize(static_cast<size_t>(op.offset));
    return;
  }
  size_t off = static_cast<size_t>(op.offset);
  if (img->size() < off + keep_bytes) img->resize(off + keep_bytes);
  std::memcpy(img->data() + off, op.data.data(), keep_bytes);
}

// The power goes: compute the disk as it will come back up.
void power_cut() {
  Disk& d = *g_disk;
  d.crashed = true;
  std::mt19937_64 rng(static_cast<uint64_t>(d.cut) * 7919u + static_cast<uint64_t>(d.survive));
  for (auto& [name, file] : d.files) {
    if (!file.persistent) continue;
    std::vector<unsigned char> img = file.durable;
    for (const Disk::Op& op : file.pending) {
      switch (d.survive) {
        case Survive::kNothing:
          break;
        case Survive::kAll:
          apply(&img, op, op.data.size());
          break;
        case Survive::kTornMix: {
          unsigned r = static_cast<unsigned>(rng() % 3);
          if (r == 0) break;  // lost
          if (r == 1 || op.truncate || op.data.size() <= kSector) {
            apply(&img, op, op.data.size());
          } else {  // torn: only the first k sectors reached the disk
            size_t sectors = (op.data.size() + kSector - 1) / kSector;
            size_t k = 1 + static_cast<size_t>(rng() % (sectors - 1));
            apply(&img, op, k * kSector);
          }
          break;
        }
      }
    }
    d.after_crash[name] = std::move(img);
  }
}

// Counts a durability-relevant call; false once the power is gone.
bool powered(bool persistent) {
  Disk& d = *g_disk;
  if (d.crashed) return false;
  if (!persistent) return true;
  ++d.ops;
  if (d.cut != 0 && d.ops == d.cut) {
    power_cut();
    return false;
  }
  return true;
}

int x_close(sqlite3_file* f) {
  auto* m = reinterpret_cast<MemFile*>(f);
  if (m->delete_on_close && !g_disk->crashed) g_disk->files.erase(*m->name);
  delete m->name;
  m->name = nullptr;
  return SQLITE_OK;
}
int x_read(sqlite3_file* f, void* buf, int n, sqlite3_int64 off) {
  if (g_disk->crashed) return SQLITE_IOERR_READ;
  Disk::File* file = file_of(f);
  if (file == nullptr) return SQLITE_IOERR_READ;
  const auto& img = file->current;
  size_t have = static_cast<size_t>(off) < img.size() ? img.size() - static_cast<size_t>(off) : 0;
  size_t take = have < static_cast<size_t>(n) ? have : static_cast<size_t>(n);
  if (take) std::memcpy(buf, img.data() + off, take);
  if (take < static_cast<size_t>(n)) {
    std::memset(static_cast<char*>(buf) + take, 0, static_cast<size_t>(n) - take);
    return SQLITE_IOERR_SHORT_READ;
  }
  return SQLITE_OK;
}
int x_write(sqlite3_file* f, const void* buf, int n, sqlite3_int64 off) {
  auto* m = reinterpret_cast<MemFile*>(f);
  if (!powered(m->persistent)) return SQLITE_IOERR_WRITE;
  Disk::File* file = file_of(f);
  if (file == nullptr) return SQLITE_IOERR_WRITE;
  Disk::Op op;
  op.offset = off;
  op.data.assign(static_cast<const unsigned char*>(buf), static_cast<const unsigned char*>(buf) + n);
  apply(&file->current, op, op.data.size());
  if (m->persistent) file->pending.push_back(std::move(op));
  return SQLITE_OK;
}
int x_truncate(sqlite3_file* f, sqlite3_int64 size) {
  auto* m = reinterpret_cast<MemFile*>(f);
  if (!powered(m->persistent)) return SQLITE_IOERR_TRUNCATE;
  Disk::File* file = file_of(f);
  if (file == nullptr) return SQLITE_IOERR_TRUNCATE;
  Disk::Op op;
  op.truncate = true;
  op.offset = size;
  apply(&file->current, op, 0);
  if (m->persistent) file->pending.push_back(std::move(op));
  return SQLITE_OK;
}
int x_sync(sqlite3_file* f, int) {
  auto* m = reinterpret_cast<MemFile*>(f);
  if (!powered(m->persistent)) return SQLITE_IOERR_FSYNC;
  Disk::File* file = file_of(f);
  if (file == nullptr) return SQLITE_IOERR_FSYNC;
  file->durable = file->current;
  file->pending.clear();
  return SQLITE_OK;
}
int x_file_size(sqlite3_file* f, sqlite3_int64* out) {
  if (g_disk->crashed) return SQLITE_IOERR_FSTAT;
  Disk::File* file = file_of(f);
  *out = file ? static_cast<sqlite3_int64>(file->current.size()) : 0;
  return SQLITE_OK;
}
int x_lock(sqlite3_file*, int) { return SQLITE_OK; }
int x_unlock(sqlite3_file*, int) { return SQLITE_OK; }
int x_check_reserved(sqlite3_file*, int* out) {
  *out = 0;
  return SQLITE_OK;
}
int x_file_control(sqlite3_file*, int, void*) { return SQLITE_NOTFOUND; }
int x_sector_size(sqlite3_file*) { return kSector; }
int x_device_characteristics(sqlite3_file*) { return 0; }

int x_shm_map(sqlite3_file* f, int region, int size, int extend, void volatile** pp) {
  auto* m = reinterpret_cast<MemFile*>(f);
  if (g_disk->crashed) return SQLITE_IOERR_SHMMAP;
  auto& regions = g_disk->shm[*m->name];
  while (static_cast<int>(regions.size()) <= region) {
    if (!extend) {
      *pp = nullptr;
      return SQLITE_OK;
    }
    regions.emplace_back(new char[static_cast<size_t>(size)]());
  }
  *pp = regions[static_cast<size_t>(region)].get();
  return SQLITE_OK;
}
int x_shm_lock(sqlite3_file*, int, int, int) { return SQLITE_OK; }
void x_shm_barrier(sqlite3_file*) { __sync_synchronize(); }
int x_shm_unmap(sqlite3_file* f, int del) {
  auto* m = reinterpret_cast<MemFile*>(f);
  if (del) g_disk->shm.erase(*m->name);
  return SQLITE_OK;
}

const sqlite3_io_methods kMethods = {
    2,          x_close,     x_read,         x_write,         x_truncate,
    x_sync,     x_file_size, x_lock,         x_unlock,        x_check_reserved,
    x_file_control, x_sector_size, x_device_characteristics, x_shm_map, x_shm_lock,
    x_shm_barrier, x_shm_unmap, nullptr, nullptr};

int v_open(sqlite3_vfs*, sqlite3_filename zname, sqlite3_file* f, int flags, int* out_flags) {
  auto* m = reinterpret_cast<MemFile*>(f);
  m->base.pMethods = nullptr;
  std::string name = zname ? std::string(zname) : "/temp-" + std::to_string(++g_temp_counter);
  bool persistent = (flags & (SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_MAIN_JOURNAL | SQLITE_OPEN_WAL |
                              SQLITE_OPEN_SUPER_JOURNAL)) != 0;
  auto it = g_disk->files.find(name);
  if (it == g_disk->files.end()) {
    if (!(flags & SQLITE_OPEN_CREATE) || g_disk->crashed) return SQLITE_CANTOPEN;
    g_disk->files[name].persistent = persistent;
  }
  m->name = new std::string(name);
  m->persistent = persistent;
  m->delete_on_close = (flags & SQLITE_OPEN_DELETEONCLOSE) != 0;
  m->base.pMethods = &kMethods;
  if (out_flags) *out_flags = flags;
  return SQLITE_OK;
}
int v_delete(sqlite3_vfs*, const char* name, int) {
  auto it = g_disk->files.find(name);
  bool persistent = it != g_disk->files.end() && it->second.persistent;
  if (!powered(persistent)) return SQLITE_IOERR_DELETE;
  g_disk->files.erase(name);
  return SQLITE_OK;
}
int v_access(sqlite3_vfs*, const char* name, int, int* out) {
  auto it = g_disk->files.find(name);
  // As the unix VFS: an empty file does not count as an existing journal.
  *out = it != g_disk->files.end() && !it->second.current.empty();
  return SQLITE_OK;
}
int v_full_pathname(sqlite3_vfs*, const char* name, int n, char* out) {
  sqlite3_snprintf(n, out, "%s%s", name[0] == '/' ? "" : "/", name);
  return SQLITE_OK;
}

sqlite3_vfs g_vfs;

}  // namespace

std::unique_ptr<Disk> Disk::from(const std::map<std::string, std::vector<unsigned char>>& images) {
  auto d = std::make_unique<Disk>();
  for (const auto& [name, img] : images) {
    File& f = d->files[name];
    f.durable = img;
    f.current = img;
  }
  return d;
}

std::map<std::string, std::vector<unsigned char>> Disk::durable_images() const {
  std::map<std::string, std::vector<unsigned char>> out;
  for (const auto& [name, f] : files) {
    if (f.persistent) out[name] = f.durable;
  }
  return out;
}

void set_disk(Disk* disk) { g_disk = disk; }

void register_power_loss_vfs() {
  std::memset(&g_vfs, 0, sizeof g_vfs);
  g_vfs.iVersion = 2;
  g_vfs.szOsFile = sizeof(MemFile);
  g_vfs.mxPathname = 512;
  g_vfs.zName = "powerloss";
  g_vfs.xOpen = v_open;
  g_vfs.xDelete = v_delete;
  g_vfs.xAccess = v_access;
  g_vfs.xFullPathname = v_full_pathname;
  g_vfs.xRandomness = fixed_randomness;
  g_vfs.xSleep = fixed_sleep;
  g_vfs.xCurrentTime = fixed_current_time;
  g_vfs.xGetLastError = fixed_last_error;
  g_vfs.xCurrentTimeInt64 = fixed_current_time_int64;
  sqlite3_vfs_register(&g_vfs, 0);
}

}  // namespace vlfault
