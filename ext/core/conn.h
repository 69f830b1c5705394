// RAII owner of a private sqlite3 connection (a reference database, a probe,
// a second connection to the same file), opened through the extension API so
// it is always the host's own SQLite.
//
// sqlite3_open_v2 may hand back a handle even when it fails (to carry the
// error text); Conn closes that one too, on every path.
#pragma once

#include <string>

#include "ext/core/api.h"

namespace vl {

class Conn {
 public:
  Conn() = default;
  ~Conn() { sqlite3_close(db_); }
  Conn(const Conn&) = delete;
  Conn& operator=(const Conn&) = delete;
  Conn(Conn&& o) noexcept : db_(o.db_) { o.db_ = nullptr; }
  Conn& operator=(Conn&&) = delete;

  // Opens `file` (sqlite3_open_v2 flags, optional VFS name) and returns the
  // SQLite code; on failure errmsg() says why. Never throws.
  int open(const char* file, int flags, const char* vfs = nullptr) noexcept;
  // A fresh in-memory database; throws std::bad_alloc when out of memory,
  // vl::Error "<who>: cannot open <what>: <why>" otherwise.
  static Conn memory(const char* who, const char* what);

  // Why the last open or call failed; sqlite3_errstr(rc) when there is no
  // handle to ask.
  std::string errmsg(int rc = SQLITE_NOMEM) const;
  sqlite3* get() const { return db_; }
  explicit operator bool() const { return db_ != nullptr; }

 private:
  sqlite3* db_ = nullptr;
};

}  // namespace vl
