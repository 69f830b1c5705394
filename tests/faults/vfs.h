// The two test VFSes of the fault binary.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <sqlite3.h>

namespace vlfault {

// 2026-11-25 12:00:00 UTC as a Julian day in milliseconds: the clock both VFSes
// show, so CURRENT_TIMESTAMP is the same in every run.
inline constexpr sqlite3_int64 kFixedJulianMs = 212662368000000LL;

// The deterministic methods both VFSes share: a fixed clock, fixed
// "randomness" (so random ids and IVs repeat run to run), no real sleeping.
inline int fixed_randomness(sqlite3_vfs*, int n, char* out) {
  for (int i = 0; i < n; ++i) out[i] = static_cast<char>((i * 131 + 7) & 0xff);
  return n;
}
inline int fixed_sleep(sqlite3_vfs*, int us) { return us; }
inline int fixed_current_time_int64(sqlite3_vfs*, sqlite3_int64* out) {
  *out = kFixedJulianMs;
  return SQLITE_OK;
}
inline int fixed_current_time(sqlite3_vfs*, double* out) {
  *out = static_cast<double>(kFixedJulianMs) / 86400000.0;
  return SQLITE_OK;
}
inline int fixed_last_error(sqlite3_vfs*, int, char*) { return 0; }

// shim_vfs.cpp: "faultshim", registered as the default VFS.
void register_shim_vfs();

// ---- power loss (power_loss_vfs.cpp) -----------------------------------------
//
// "powerloss": files live in memory as two images, what the disk holds for
// certain (`durable`, as of the last xSync) and what the OS cache shows
// (`current`), plus the writes and truncations issued since that sync, in
// order. At cut point N (the Nth xWrite / xTruncate / xSync / xDelete of the
// database, its journal or its WAL) the power goes: that call and every later
// one fail with SQLITE_IOERR, and the disk as it comes back up is the durable
// image plus, per unsynced write, what the policy says survived.
enum class Survive {
  kNothing,   // every unsynced write is lost
  kAll,       // every unsynced write made it (what a process crash leaves)
  kTornMix,   // seeded per cut point: each write kept, lost, or torn at a 512-byte sector
};

struct Disk {
  struct Op {
    bool truncate = false;
    sqlite3_int64 offset = 0;  // write offset, or the truncated size
    std::vector<unsigned char> data;
  };
  struct File {
    std::vector<unsigned char> durable, current;
    std::vector<Op> pending;
    bool persistent = true;  // the database, its journal or WAL (not a temp file)
  };
  std::map<std::string, File> files;
  std::map<std::string, std::vector<std::unique_ptr<char[]>>> shm;  // wal-index, volatile

  long long ops = 0;        // counted calls so far
  long long cut = 0;        // 0: the power never goes
  Survive survive = Survive::kNothing;
  bool crashed = false;
  std::map<std::string, std::vector<unsigned char>> after_crash;  // the disk after power-up

  // A disk holding exactly `images` (durable), as after a clean power-up.
  static std::unique_ptr<Disk> from(const std::map<std::string, std::vector<unsigned char>>& images);
  // The durable images (for a snapshot taken when every connection is closed).
  std::map<std::string, std::vector<unsigned char>> durable_images() const;
};

// Registers "powerloss" (not the default). Connections opened with it use `*disk`,
// which must outlive them.
void register_power_loss_vfs();
void set_disk(Disk* disk);

}  // namespace vlfault
