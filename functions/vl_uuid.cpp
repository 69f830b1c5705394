// vl_uuid(): a random UUID (RFC 9562 version 4) in lower-case 8-4-4-4-12 form,
// from OpenSSL's CSPRNG.
#include <openssl/err.h>
#include <openssl/rand.h>

#include "ext/core/function.h"
#include "ext/core/hex.h"
#include "ext/secrets/openssl_error.h"
#include "functions/functions.h"

namespace vl::fn {

void vl_uuid(sqlite3_context* ctx, int argc, sqlite3_value**) {
  check_arity("vl_uuid", argc, 0, 0, "vl_uuid() takes no arguments");
  unsigned char b[16];
  ERR_clear_error();
  if (RAND_bytes(b, sizeof b) != 1)
    openssl_failed("vl_uuid", "the random generator failed", "a working OpenSSL CSPRNG");
  b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x40);  // version 4
  b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);  // variant 10xx
  std::string h = hex_encode(b, sizeof b);
  result_text(ctx, h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" +
                       h.substr(16, 4) + "-" + h.substr(20));
}

}  // namespace vl::fn
