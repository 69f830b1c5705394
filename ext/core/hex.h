// Hex codec, wiped buffers and the reading of AES-256 keys: shared by the
// secrets functions and anything else that speaks hex or takes a key.
//
// Hand-written on purpose: OpenSSL's OPENSSL_buf2hexstr writes upper case with
// colons and OPENSSL_hexstr2buf allocates an unwiped buffer; a dozen lines
// here give lower-case hex and let key bytes be decoded straight into memory
// that is wiped.
#pragma once

#include <array>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace vl {

// Lower-case hex of n bytes.
std::string hex_encode(const void* data, size_t n);
// Writes the lower-case hex of n bytes to out (room for 2n chars, no NUL
// added) and returns out + 2n: for callers that build a result in one buffer.
// out may overlap data only as encrypt() uses it: data at or after out + n.
char* hex_encode_to(const void* data, size_t n, char* out);
// True when s is a non-empty run of hex digits (either case) of even length.
bool is_hex(std::string_view s);
// Decodes hex digits (either case) into out (size hex.size()/2). Returns false,
// writing nothing, when the length is odd or a character is not a hex digit.
bool hex_decode(std::string_view hex, unsigned char* out);
// The same decoding in one pass (a table lookup per digit, no branch per
// character), for hot paths: on false, out holds garbage that the caller
// must discard (or wipe, if out may hold a secret).
bool hex_decode_unchecked(std::string_view hex, unsigned char* out);

// The shape of a stored secret, told without the key (docs/secrets.md,
// Forms): what vl_health reports and the triggers of 60_secrets_audit.sql
// test. kNone: not an envelope (plaintext, or a damaged value).
enum class EnvelopeShape { kNone, kV2Bound, kV2Unbound, kGcm, kCbc };
EnvelopeShape envelope_shape(std::string_view v);

// Throws for an OpenSSL call that failed: std::bad_alloc (so SQLITE_NOMEM)
// when OpenSSL's error queue says it ran out of memory, else vl::Error
// "<what>: <OpenSSL's reason>" (<expected>). Clears the queue.
[[noreturn]] void openssl_failed(std::string_view fn, std::string_view what, std::string_view expected);

// Bytes that are wiped (OPENSSL_cleanse) when destroyed or cleared: for
// decrypted plaintext and any other buffer that held a secret.
class SecretBuffer {
 public:
  SecretBuffer() = default;
  explicit SecretBuffer(size_t n) : bytes_(n, '\0') {}
  explicit SecretBuffer(std::string_view s) : bytes_(s.size(), '\0') {
    if (!s.empty()) bytes_.replace(0, s.size(), s.data(), s.size());
  }
  ~SecretBuffer() { clear(); }
  SecretBuffer(const SecretBuffer&) = delete;
  SecretBuffer& operator=(const SecretBuffer&) = delete;
  unsigned char* data() { return reinterpret_cast<unsigned char*>(bytes_.data()); }
  const unsigned char* data() const { return reinterpret_cast<const unsigned char*>(bytes_.data()); }
  size_t size() const { return bytes_.size(); }
  // Wipes what it held, then holds n zero bytes.
  void reset(size_t n);
  // Shrinks to n bytes, wiping the tail that is dropped.
  void shrink(size_t n);
  void clear();
  std::string_view view() const { return bytes_; }

 private:
  std::string bytes_;
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

}  // namespace vl
