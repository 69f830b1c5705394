// The OpenSSL error mapping and the wiped buffers of ext/core/hex.h, at the
// edges the function tests cannot reach from SQL: every kind of OpenSSL
// failure openssl_failed() names (out of memory, a reason, none), shrinking
// or clearing nothing, a key moved onto itself, a one-character key.
#include <gtest/gtest.h>
#include <openssl/err.h>
#include <openssl/evp.h>

#include <cstring>
#include <new>
#include <string>

#include "core/error.h"
#include "core/hex.h"
#include "ext/secrets/keys.h"
#include "ext/secrets/openssl_error.h"

namespace {

std::string failure(int lib, int reason) {
  ERR_clear_error();
  if (lib != 0) ERR_raise(lib, reason);
  try {
    vl::openssl_failed("fn", "OpenSSL could not do it", "a working OpenSSL");
  } catch (const vl::Error& e) {
    EXPECT_EQ(ERR_peek_error(), 0u) << "the queue is left empty";
    return e.what();
  } catch (const std::bad_alloc&) {
    EXPECT_EQ(ERR_peek_error(), 0u) << "the queue is left empty";
    return "out of memory";
  }
  return "returned";
}

}  // namespace

TEST(OpensslFailed, OutOfMemoryReasonOrNothing) {
  EXPECT_EQ(failure(ERR_LIB_EVP, ERR_R_MALLOC_FAILURE), "out of memory");
  // OpenSSL 3.0 reports a provider's failed allocation only as this.
  EXPECT_EQ(failure(ERR_LIB_EVP, EVP_R_INITIALIZATION_ERROR), "out of memory");
  EXPECT_EQ(failure(ERR_LIB_EVP, EVP_R_BAD_DECRYPT),
            "vaultlister: fn: OpenSSL could not do it: bad decrypt (a working OpenSSL)");
  // The same reason code from another library is no initialization failure.
  EXPECT_EQ(failure(ERR_LIB_RAND, EVP_R_INITIALIZATION_ERROR).rfind("vaultlister: fn: OpenSSL could not do it", 0),
            0u);
  EXPECT_EQ(failure(0, 0), "vaultlister: fn: OpenSSL could not do it (a working OpenSSL)");
}

TEST(SecretBufferEdges, ShrinkingToItsSizeOrMoreAndClearingNothing) {
  vl::SecretBuffer b(4);
  std::memcpy(b.data(), "abcd", 4);
  b.shrink(4);
  EXPECT_EQ(b.view(), "abcd");
  b.shrink(10);
  EXPECT_EQ(b.size(), 4u);
  b.shrink(2);
  EXPECT_EQ(b.view(), "ab");
  b.clear();
  b.clear();
  EXPECT_EQ(b.size(), 0u);
  vl::SecretBuffer empty;
  empty.reset(0);
  EXPECT_EQ(empty.size(), 0u);
}

TEST(KeyEdges, MovedOntoItselfAndOneCharacterKeys) {
  vl::KeyReadings k = vl::key_from_text("f", "key", std::string(64, 'b'));  // 64 hex digits: 0xbb...
  vl::Key& self = k.primary;
  vl::Key* alias = &self;
  self = std::move(*alias);
  EXPECT_EQ(self.data()[0], 0xbb);  // still the key: a self-move wipes nothing
  try {
    vl::key_from_text("f", "key", "x");
    ADD_FAILURE() << "a one-character key was accepted";
  } catch (const vl::Error& e) {
    EXPECT_EQ(std::string(e.what()).rfind("vaultlister: f: key is too short: 1 character (", 0), 0u) << e.what();
  }
}
