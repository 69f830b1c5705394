#include "ext/core/conn.h"

#include <new>

#include "ext/core/error.h"

namespace vl {

int Conn::open(const char* file, int flags, const char* vfs) noexcept {
  sqlite3_close(db_);
  db_ = nullptr;
  return sqlite3_open_v2(file, &db_, flags, vfs);
}

Conn Conn::memory(const char* who, const char* what) {
  Conn c;
  int rc = c.open(":memory:", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (rc != SQLITE_OK) {
    if (rc == SQLITE_NOMEM || !c) throw std::bad_alloc();
    throw Error(who, std::string("cannot open ") + what + ": " + c.errmsg(), {}, rc);
  }
  return c;
}

std::string Conn::errmsg(int rc) const {
  return db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
}

}  // namespace vl
