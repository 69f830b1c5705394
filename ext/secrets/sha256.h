// SHA-256 through OpenSSL, for vl_sha256 and for the key ids and passphrase
// hashes of encrypt / decrypt: one place that maps its failures.
#pragma once

#include <cstddef>
#include <string_view>

namespace vl {

// SHA-256 of the n bytes at p into out. Throws std::bad_alloc (so
// SQLITE_NOMEM) when OpenSSL runs out of memory, however it reports it, and
// vl::Error "<what>: <OpenSSL's reason>" (SHA-256 from OpenSSL 3) in `fn`'s
// voice for any other failure.
void sha256(std::string_view fn, std::string_view what, const void* p, size_t n, unsigned char out[32]);

}  // namespace vl
