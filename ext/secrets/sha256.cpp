#include "ext/secrets/sha256.h"

#include <openssl/err.h>
#include <openssl/evp.h>

#include <new>

#include "ext/secrets/openssl_error.h"

namespace vl {

void sha256(std::string_view fn, std::string_view what, const void* p, size_t n, unsigned char out[32]) {
  unsigned int len = 0;
  ERR_clear_error();
  if (EVP_Digest(p, n, out, &len, EVP_sha256(), nullptr) == 1 && len == 32) return;
  // OpenSSL 3.0 raises nothing when it cannot allocate the digest context:
  // a failure with an empty error queue is out of memory.
  if (ERR_peek_error() == 0) throw std::bad_alloc();
  openssl_failed(fn, what, "SHA-256 from OpenSSL 3");
}

}  // namespace vl
