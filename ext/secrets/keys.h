// AES-256 keys and the one wiping buffer: how a key argument is read (raw
// key, hex, passphrase and their legacy readings) and where secret bytes
// live. Wiping uses OPENSSL_cleanse, which the compiler cannot elide.
#pragma once

#include <array>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace vl {

// The one wiping buffer: bytes that are wiped (OPENSSL_cleanse) when
// destroyed, cleared, shrunk or reset — decrypted plaintext, a passphrase,
// any buffer that held a secret. Its storage never moves while it lives (no
// reallocation behind the caller's data() pointer).
//
// for_result() takes its storage from sqlite3_malloc64, with room for a NUL
// after the n bytes, so that a result can be handed to SQLite without a copy
// (release_to_sqlite() with SecretBuffer::sqlite_wipe_free as the
// destructor): SQLite's own copy would be memory nobody wipes.
class SecretBuffer {
 public:
  SecretBuffer() = default;
  explicit SecretBuffer(size_t n) { allocate(n, false); }
  explicit SecretBuffer(std::string_view s);
  static SecretBuffer for_result(size_t n);
  ~SecretBuffer() { clear(); }
  SecretBuffer(SecretBuffer&& other) noexcept;
  SecretBuffer& operator=(SecretBuffer&& other) noexcept;
  SecretBuffer(const SecretBuffer&) = delete;
  SecretBuffer& operator=(const SecretBuffer&) = delete;
  unsigned char* data() { return p_; }
  const unsigned char* data() const { return p_; }
  size_t size() const { return n_; }
  std::string_view view() const { return {reinterpret_cast<const char*>(p_), n_}; }
  // Wipes what it held, then holds n zero bytes (from the same allocator).
  void reset(size_t n);
  // Shrinks to n bytes, wiping the tail that is dropped.
  void shrink(size_t n);
  void clear();
  // A for_result() buffer, NUL-terminated at size(), handed over: the caller
  // passes it to sqlite3_result_text64 with sqlite_wipe_free.
  char* release_to_sqlite();
  static void sqlite_wipe_free(void* p);

 private:
  void allocate(size_t n, bool from_sqlite);
  unsigned char* p_ = nullptr;
  size_t n_ = 0;    // bytes in use
  size_t cap_ = 0;  // bytes wiped on clear (a shrink keeps the storage)
  bool from_sqlite_ = false;
};

// An AES-256 key: 32 bytes that are wiped when destroyed, when overwritten
// and when moved from. Not copyable, so key bytes exist only where a Key is.
class Key {
 public:
  static constexpr size_t kSize = 32;
  Key() noexcept { bytes_.fill(0); }
  ~Key() { wipe(); }
  Key(const Key&) = delete;
  Key& operator=(const Key&) = delete;
  Key(Key&& other) noexcept;
  Key& operator=(Key&& other) noexcept;
  unsigned char* data() { return bytes_.data(); }
  const unsigned char* data() const { return bytes_.data(); }
  void wipe() noexcept;

 private:
  std::array<unsigned char, kSize> bytes_;
};

// The readings of one key argument (api.md, Secrets; docs/secrets.md, Keys).
//
// A raw key (a 32-byte blob, or text of exactly 64 hex digits, hex-decoded)
// is `primary`, used as it is: `raw` is true. For 64 hex digits the text's
// first 32 characters as bytes are kept as `legacy`, because older VaultLister
// versions formed the key that way from the same environment value.
//
// Any other text is a passphrase: `raw` is false, `primary` is unused,
// `passphrase` holds the whole text for the KDF (new values), and `legacy` its
// first 32 bytes, the old application's reading, which only opens the legacy
// envelopes (gcm: and CBC) it wrote.
struct KeyReadings {
  Key primary;
  bool raw = true;
  std::optional<Key> legacy;
  std::unique_ptr<SecretBuffer> passphrase;
};

// What every key refusal says it expected.
inline constexpr std::string_view kKeyExpected =
    "a 32-byte blob, 64 hex digits, or text of at least 32 characters";
// What a weak passphrase refusal says it expected.
inline constexpr std::string_view kPassphraseExpected =
    "a passphrase of at least 32 characters with at least 8 different ones, 64 hex digits, or a "
    "32-byte blob";
inline constexpr size_t kPassphraseMinDistinct = 8;

// A 32-byte blob; any other size is refused. `what` names the argument in
// errors; the error never contains key bytes.
KeyReadings key_from_blob(std::string_view fn, std::string_view what, const unsigned char* p,
                          size_t n);
// Text (UTF-8): 64 hex digits → decoded (+ legacy reading); otherwise a
// passphrase of at least 32 characters, at least 8 of them different (+ its
// legacy reading, the first 32 bytes); shorter or weaker text, or invalid
// UTF-8, is refused.
KeyReadings key_from_text(std::string_view fn, std::string_view what, std::string_view text);

// The AES key a passphrase gives with `salt`: scrypt with the envelope's cost
// (N=2^15, r=8, p=1: 32 MiB, about 0.1 s), fixed in code so that a hostile file
// cannot lower it. Throws std::bad_alloc (so SQLITE_NOMEM) when memory runs out,
// however OpenSSL reports it, and vl::Error in `fn`'s voice when this OpenSSL has
// no scrypt; `out` is only written on success.
void key_from_passphrase(std::string_view fn, const SecretBuffer& passphrase, const unsigned char* salt,
                         size_t salt_len, Key* out);

}  // namespace vl
