// The OpenSSL error mapping and the wiped buffers of ext/core/hex.h, at the
// edges the function tests cannot reach from SQL: every kind of OpenSSL
// failure openssl_failed() names (out of memory, a reason, none), shrinking
// or clearing nothing, a key moved onto itself, a one-character key, and a
// passphrase's derivation and SHA-256 with each of OpenSSL's allocations
// failing in turn.
#include <gtest/gtest.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <new>
#include <string>

#include "ext/core/error.h"
#include "ext/core/hex.h"
#include "ext/secrets/keys.h"
#include "ext/secrets/openssl_error.h"
#include "ext/secrets/sha256.h"

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

// OpenSSL's allocator for this binary, counted: when `target` is set, the
// target-th allocation from then on returns NULL. Installed before main, ahead
// of OpenSSL's first allocation (CRYPTO_set_mem_functions refuses after it).
struct OpensslAllocations {
  long long seen = 0, target = 0, live = 0;
  bool fired = false;
};
OpensslAllocations g_ossl;

bool fail_this_one() {
  if (g_ossl.target == 0 || ++g_ossl.seen != g_ossl.target) return false;
  g_ossl.fired = true;
  return true;
}
void* ossl_malloc(size_t n, const char*, int) {
  if (fail_this_one()) return nullptr;
  void* p = std::malloc(n);
  if (p != nullptr) ++g_ossl.live;
  return p;
}
void* ossl_realloc(void* p, size_t n, const char*, int) {
  if (n == 0) {  // realloc(p, 0) frees
    if (p != nullptr) --g_ossl.live;
    std::free(p);
    return nullptr;
  }
  if (fail_this_one()) return nullptr;
  void* q = std::realloc(p, n);
  if (p == nullptr && q != nullptr) ++g_ossl.live;
  return q;
}
void ossl_free(void* p, const char*, int) {
  if (p != nullptr) --g_ossl.live;
  std::free(p);
}
const bool g_ossl_counted = CRYPTO_set_mem_functions(ossl_malloc, ossl_realloc, ossl_free) == 1;

// Runs `op` once per N = 1, 2, ... with OpenSSL's Nth allocation from its
// start failing, until an N past its last allocation. Each run must either
// succeed and `matches()`, or throw std::bad_alloc (SQLITE_NOMEM for the SQL
// functions) with `untouched()` still true; either way OpenSSL's error queue
// is left empty and nothing is leaked. Returns how many runs ran out of memory.
int each_allocation_failing(const std::function<void()>& op, const std::function<bool()>& matches,
                            const std::function<bool()>& untouched) {
  int out_of_memory = 0;
  for (long long n = 1;; ++n) {
    SCOPED_TRACE("OpenSSL allocation " + std::to_string(n) + " fails");
    // OpenSSL keeps this thread's error queue, and the text of past errors in
    // it, for reuse: dropped before counting and after, so that only what the
    // operation itself leaves is counted.
    OPENSSL_thread_stop();
    const long long live = g_ossl.live;
    g_ossl.seen = 0;
    g_ossl.fired = false;
    g_ossl.target = n;
    std::string outcome = "done";
    try {
      op();
    } catch (const std::bad_alloc&) {
      outcome = "out of memory";
    } catch (const vl::Error& e) {
      outcome = e.what();
    }
    g_ossl.target = 0;
    EXPECT_EQ(ERR_peek_error(), 0u) << "the queue is left empty";
    OPENSSL_thread_stop();
    EXPECT_EQ(g_ossl.live, live) << "allocations left behind";
    if (outcome == "done") {
      EXPECT_TRUE(matches()) << "a wrong result";
    } else {
      EXPECT_EQ(outcome, "out of memory");
      EXPECT_TRUE(untouched()) << "written to on failure";
      ++out_of_memory;
    }
    if (!g_ossl.fired) return out_of_memory;  // n is past the last allocation
  }
}

}  // namespace

// Whichever of OpenSSL's allocations fails during a derivation, the key is
// the right one or the failure is out of memory. OpenSSL 3.0 reports some of
// these failures as "not able to copy ctx", "pbkdf2 error" or nothing at all,
// which once reached the user as "OpenSSL could not derive the key"
// (tests/faults found it).
TEST(KeyFromPassphrase, EveryFailedAllocationIsOutOfMemory) {
  ASSERT_TRUE(g_ossl_counted) << "OpenSSL allocated before CRYPTO_set_mem_functions";
  const vl::SecretBuffer pass(std::string_view("a passphrase of at least thirty-two characters"));
  unsigned char salt[16];
  for (int i = 0; i < 16; ++i) salt[i] = static_cast<unsigned char>(i * 7);
  vl::Key expected;  // also fills OpenSSL's caches, as a connection's first derivation does
  vl::key_from_passphrase("fn", pass, salt, sizeof salt, &expected);
  const vl::Key zero;
  vl::Key key;
  auto same = [&](const vl::Key& k) { return std::memcmp(key.data(), k.data(), vl::Key::kSize) == 0; };
  EXPECT_GT(each_allocation_failing(
                [&] {
                  key.wipe();
                  vl::key_from_passphrase("fn", pass, salt, sizeof salt, &key);
                },
                [&] { return same(expected); }, [&] { return same(zero); }),
            0);
}

// The same for SHA-256 (key ids, passphrase hashes, vl_sha256): a digest
// context OpenSSL 3.0 could not allocate is reported with nothing queued,
// which encrypt and decrypt once answered with "OpenSSL could not hash".
TEST(Sha256, EveryFailedAllocationIsOutOfMemory) {
  ASSERT_TRUE(g_ossl_counted) << "OpenSSL allocated before CRYPTO_set_mem_functions";
  unsigned char expected[32], md[32];
  vl::sha256("fn", "OpenSSL could not hash", "abc", 3, expected);
  EXPECT_EQ(vl::hex_encode(expected, sizeof expected),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_GT(each_allocation_failing(
                [&] {
                  std::memset(md, 0, sizeof md);
                  vl::sha256("fn", "OpenSSL could not hash", "abc", 3, md);
                },
                [&] { return std::memcmp(md, expected, sizeof md) == 0; },
                [&] { return std::all_of(md, md + sizeof md, [](unsigned char c) { return c == 0; }); }),
            0);
}

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
