// Reading a file named from SQL, which is a privilege (callers are
// DIRECTONLY): only a regular file is read, never a directory, FIFO, socket
// or device, and never more than `max_bytes`.
#pragma once

#include <string>
#include <string_view>

namespace vl {

std::string read_regular_file(std::string_view fn, const std::string& path, size_t max_bytes);

}  // namespace vl
