// vl_random_token(nbytes): nbytes from OpenSSL's CSPRNG as unpadded base64url
// (RFC 4648 §5), for refresh tokens and API keys.
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <vector>

#include "ext/core/function.h"
#include "ext/core/hex.h"
#include "ext/secrets/keys.h"
#include "ext/secrets/openssl_error.h"
#include "functions/functions.h"

namespace vl::fn {
namespace {
// Enough for any token (8192 bits) while keeping a typo such as 1e9 from
// allocating a gigabyte.
constexpr int64_t kMaxBytes = 1024;
}  // namespace

void vl_random_token(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  check_arity("vl_random_token", argc, 1, 1, "vl_random_token(nbytes)");
  // NULL is refused rather than answered with NULL: a NULL token stored by
  // mistake would match nothing and fail silently.
  if (is_null(argv[0]))
    throw Error("vl_random_token", "nbytes is NULL", "an integer from 1 to 1024");
  int64_t n = arg_int("vl_random_token", "nbytes", argv[0]);
  if (n < 1 || n > kMaxBytes) {
    throw Error("vl_random_token", "nbytes is out of range: " + std::to_string(n),
                "an integer from 1 to 1024");
  }
  SecretBuffer raw(static_cast<size_t>(n));
  ERR_clear_error();
  if (RAND_bytes(raw.data(), static_cast<int>(n)) != 1)
    openssl_failed("vl_random_token", "the random generator failed", "a working OpenSSL CSPRNG");
  // EVP_EncodeBlock writes standard padded base64 without newlines; mapping
  // it to the URL-safe alphabet is a character swap.
  std::vector<unsigned char> b64(4 * ((raw.size() + 2) / 3) + 1);
  int len = EVP_EncodeBlock(b64.data(), raw.data(), static_cast<int>(n));
  std::string out(reinterpret_cast<const char*>(b64.data()), static_cast<size_t>(len));
  while (!out.empty() && out.back() == '=') out.pop_back();
  for (char& c : out) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  result_text(ctx, out);
}

}  // namespace vl::fn
