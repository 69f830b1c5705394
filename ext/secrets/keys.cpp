#include "ext/secrets/keys.h"

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>

#include <cstring>
#include <new>
#include <set>

#include "ext/core/api.h"
#include "ext/core/error.h"
#include "ext/core/function.h"
#include "ext/core/hex.h"
#include "ext/core/text.h"
#include "ext/secrets/openssl_error.h"

namespace vl {

SecretBuffer::SecretBuffer(std::string_view s) : SecretBuffer(s.size()) {
  if (!s.empty()) std::memcpy(p_, s.data(), s.size());
}

SecretBuffer SecretBuffer::for_result(size_t n) {
  SecretBuffer b;
  b.allocate(n, true);
  return b;
}

void SecretBuffer::allocate(size_t n, bool from_sqlite) {
  from_sqlite_ = from_sqlite;
  if (from_sqlite) {
    // +1: never a zero-byte request (sqlite3_malloc64(0) is NULL), and room
    // for the terminating NUL a text result needs.
    p_ = static_cast<unsigned char*>(sqlite3_malloc64(n + 1));
    if (p_ == nullptr) throw std::bad_alloc();
    std::memset(p_, 0, n + 1);
    cap_ = n + 1;
  } else if (n > 0) {
    p_ = new unsigned char[n]();
    cap_ = n;
  }
  n_ = n;
}

SecretBuffer::SecretBuffer(SecretBuffer&& other) noexcept
    : p_(other.p_), n_(other.n_), cap_(other.cap_), from_sqlite_(other.from_sqlite_) {
  other.p_ = nullptr;
  other.n_ = other.cap_ = 0;
}

SecretBuffer& SecretBuffer::operator=(SecretBuffer&& other) noexcept {
  if (this != &other) {
    clear();
    p_ = other.p_;
    n_ = other.n_;
    cap_ = other.cap_;
    from_sqlite_ = other.from_sqlite_;
    other.p_ = nullptr;
    other.n_ = other.cap_ = 0;
  }
  return *this;
}

void SecretBuffer::shrink(size_t n) {
  if (n >= n_) return;
  OPENSSL_cleanse(p_ + n, n_ - n);
  n_ = n;
}

void SecretBuffer::reset(size_t n) {
  bool from_sqlite = from_sqlite_;
  clear();
  allocate(n, from_sqlite);
}

void SecretBuffer::clear() {
  if (p_ != nullptr) {
    OPENSSL_cleanse(p_, cap_);
    if (from_sqlite_)
      sqlite3_free(p_);
    else
      delete[] p_;
  }
  p_ = nullptr;
  n_ = cap_ = 0;
}

char* SecretBuffer::release_to_sqlite() {
  p_[n_] = 0;  // for_result() left room for it
  char* p = reinterpret_cast<char*>(p_);
  p_ = nullptr;
  n_ = cap_ = 0;
  return p;
}

void SecretBuffer::sqlite_wipe_free(void* p) {
  if (p == nullptr) return;
  OPENSSL_cleanse(p, static_cast<size_t>(sqlite3_msize(p)));
  sqlite3_free(p);
}

Key::Key(Key&& other) noexcept {
  bytes_ = other.bytes_;
  other.wipe();
}

Key& Key::operator=(Key&& other) noexcept {
  if (this != &other) {
    wipe();
    bytes_ = other.bytes_;
    other.wipe();
  }
  return *this;
}

void Key::wipe() noexcept { OPENSSL_cleanse(bytes_.data(), bytes_.size()); }

KeyReadings key_from_blob(std::string_view fn, std::string_view what, const unsigned char* p,
                          size_t n) {
  if (n != Key::kSize) {
    throw Error(fn, std::string(what) + " is a blob of " + std::to_string(n) + " bytes",
                kKeyExpected);
  }
  KeyReadings k;
  std::memcpy(k.primary.data(), p, Key::kSize);
  return k;
}

KeyReadings key_from_text(std::string_view fn, std::string_view what, std::string_view text) {
  if (!valid_utf8(text.data(), text.size()))
    throw Error(fn, std::string(what) + " is not valid UTF-8", kKeyExpected);
  KeyReadings k;
  if (text.size() == 2 * Key::kSize && hex_decode(text, k.primary.data())) {
    k.legacy.emplace();
    std::memcpy(k.legacy->data(), text.data(), Key::kSize);
    return k;
  }
  // Counted in characters, as the legacy app measured its key; the bytes used
  // are the first 32 bytes of the UTF-8 text.
  size_t chars = utf8_chars(text);
  if (chars < Key::kSize) {
    throw Error(fn, std::string(what) + " is too short: " + std::to_string(chars) +
                        (chars == 1 ? " character" : " characters"),
                kKeyExpected);
  }
  // A passphrase: all of it goes through the KDF (functions/crypto.cpp). One
  // made of a few characters repeated ('a' x 32) is refused: it only looks
  // long. Counted in characters (UTF-8 sequences), not bytes.
  std::set<std::string_view> distinct;
  for (size_t i = 0; i < text.size() && distinct.size() < kPassphraseMinDistinct;) {
    std::string_view c = utf8_char_at(text, i);
    distinct.insert(c);
    i += c.size();
  }
  if (distinct.size() < kPassphraseMinDistinct) {
    throw Error(fn, std::string(what) + " is a weak passphrase: " +
                        std::to_string(distinct.size()) +
                        (distinct.size() == 1 ? " different character" : " different characters"),
                kPassphraseExpected);
  }
  k.raw = false;
  k.legacy.emplace();
  std::memcpy(k.legacy->data(), text.data(), Key::kSize);
  k.passphrase = std::make_unique<SecretBuffer>(text);
  return k;
}

void key_from_passphrase(std::string_view fn, const SecretBuffer& passphrase, const unsigned char* salt,
                         size_t salt_len, Key* out) {
  constexpr uint64_t kN = uint64_t{1} << 15, kR = 8, kP = 1, kMaxMem = uint64_t{64} << 20;
  Key key;
  ERR_clear_error();
  if (EVP_PBE_scrypt(reinterpret_cast<const char*>(passphrase.data()), passphrase.size(), salt, salt_len, kN,
                     kR, kP, kMaxMem, key.data(), Key::kSize) == 1) {
    *out = std::move(key);
    return;
  }
  // The parameters are constants scrypt accepts, so with scrypt present the
  // only cause left is memory: its 32 MiB buffer, or one of the small
  // allocations that OpenSSL 3.0 reports as "not able to copy ctx" (a digest
  // context HMAC could not duplicate), as "pbkdf2 error" alone, or not at all
  // (tests/faults, secrets). Whether scrypt is present is asked apart: a fetch
  // that finds it (in OpenSSL's method cache, after the first derivation)
  // allocates nothing.
  EVP_KDF* kdf = EVP_KDF_fetch(nullptr, "SCRYPT", nullptr);
  if (kdf != nullptr) {
    EVP_KDF_free(kdf);
    ERR_clear_error();
    throw std::bad_alloc();
  }
  openssl_failed(fn, "OpenSSL could not derive the key", "scrypt from OpenSSL 3");
}

}  // namespace vl
