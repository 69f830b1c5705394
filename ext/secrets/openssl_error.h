// OpenSSL's error queue in our voice, for every caller of libcrypto.
#pragma once

#include <string_view>

namespace vl {

// Throws for an OpenSSL call that failed: std::bad_alloc (so SQLITE_NOMEM)
// when OpenSSL's error queue says it ran out of memory, else vl::Error
// "<what>: <OpenSSL's reason>" (<expected>). Clears the queue.
[[noreturn]] void openssl_failed(std::string_view fn, std::string_view what, std::string_view expected);

}  // namespace vl
