// vl_sha256(text_or_blob): SHA-256 of the bytes, lower-case hex. Used to
// store refresh tokens and API keys hashed (api.md, Secrets).
#include <new>

#include "ext/core/function.h"
#include "ext/core/hex.h"
#include "ext/secrets/sha256.h"
#include "functions/functions.h"

namespace vl::fn {

void vl_sha256(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  check_arity("vl_sha256", argc, 1, 1, "vl_sha256(text_or_blob)");
  if (is_null(argv[0])) return sqlite3_result_null(ctx);
  std::string_view data;
  if (sqlite3_value_type(argv[0]) == SQLITE_BLOB) {
    const char* p = static_cast<const char*>(sqlite3_value_blob(argv[0]));
    size_t n = static_cast<size_t>(sqlite3_value_bytes(argv[0]));
    if (p == nullptr && n > 0) throw std::bad_alloc();
    data = std::string_view(p ? p : "", n);
  } else {
    // Text must be UTF-8 so that the same words hash alike everywhere; raw
    // bytes are hashed when given as a blob (CAST(x AS BLOB)).
    data = arg_text("vl_sha256", "value", argv[0]);
  }
  unsigned char md[32];
  sha256("vl_sha256", "OpenSSL could not hash the value", data.data(), data.size(), md);
  result_text(ctx, hex_encode(md, sizeof md));
}

}  // namespace vl::fn
