#include "ext/core/file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "ext/core/error.h"

// Every flag a platform lacks is 0 there: Windows has no FIFOs, controlling terminals or
// exec, and its C runtime translates line ends unless the file is opened O_BINARY.
#ifndef O_CLOEXEC
#define O_CLOEXEC 0
#endif
#ifndef O_NOCTTY
#define O_NOCTTY 0
#endif
#ifndef O_NONBLOCK
#define O_NONBLOCK 0
#endif
#ifndef O_BINARY
#define O_BINARY 0
#endif

namespace vl {
namespace {
struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};
}  // namespace

std::string read_regular_file(std::string_view fn, const std::string& path, size_t max_bytes) {
  if (path.empty()) throw Error(fn, "source is an empty path", "a file path or the file's bytes");
  // O_NONBLOCK: opening a FIFO must not hang the query; the S_ISREG check
  // below then refuses it.
  Fd f{::open(path.c_str(), O_RDONLY | O_BINARY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)};
  if (f.fd < 0) {
    throw Error(fn, "cannot open '" + path + "': " + std::strerror(errno),
                "a readable regular file");
  }
  struct stat st;
  if (::fstat(f.fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    throw Error(fn, "'" + path + "' is not a regular file", "a readable regular file");
  }
  if (static_cast<size_t>(st.st_size) > max_bytes) {
    throw Error(fn, "'" + path + "' is larger than " + std::to_string(max_bytes) + " bytes",
                "a smaller export file");
  }
  std::string out;
  out.resize(static_cast<size_t>(st.st_size));
  size_t got = 0;
  while (got < out.size()) {
    ssize_t n = ::read(f.fd, &out[got], out.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw Error(fn, "cannot read '" + path + "': " + std::strerror(errno), "a readable regular file");
    if (n == 0) break;
    got += static_cast<size_t>(n);
  }
  out.resize(got);
  return out;
}

}  // namespace vl
