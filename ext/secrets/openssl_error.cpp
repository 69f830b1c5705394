#include "ext/secrets/openssl_error.h"

#include <openssl/err.h>
#include <openssl/evp.h>

#include <new>
#include <string>

#include "ext/core/error.h"

namespace vl {

// OpenSSL reports an allocation failure as ERR_R_MALLOC_FAILURE. It must
// reach SQLite as SQLITE_NOMEM, never as "authentication failed" (which would
// tell the user their key or data is wrong) nor as a plain error.
[[noreturn]] void openssl_failed(std::string_view fn, std::string_view what, std::string_view expected) {
  bool oom = false;
  std::string reason;
  for (unsigned long e = ERR_get_error(); e != 0; e = ERR_get_error()) {
    if (ERR_GET_REASON(e) == ERR_R_MALLOC_FAILURE) oom = true;
    // OpenSSL 3.0's providers allocate a cipher's state in newctx and return
    // NULL only when that allocation fails, without raising anything; EVP
    // then reports only EVP_R_INITIALIZATION_ERROR. For AES-256 and SHA-256
    // (always in the default provider, fixed key and IV lengths) that is an
    // allocation failure, found by the fault-injection tests (tests/faults).
    if (ERR_GET_LIB(e) == ERR_LIB_EVP && ERR_GET_REASON(e) == EVP_R_INITIALIZATION_ERROR) oom = true;
    if (reason.empty()) {
      const char* r = ERR_reason_error_string(e);
      reason = r ? r : "";
    }
  }
  if (oom) throw std::bad_alloc();
  throw Error(fn, reason.empty() ? std::string(what) : std::string(what) + ": " + reason, expected);
}

}  // namespace vl
