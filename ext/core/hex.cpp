#include "hex.h"

#include <openssl/crypto.h>

#include <cstring>

#include "error.h"
#include "function.h"

namespace vl {
namespace {
int digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

size_t utf8_chars(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}
}  // namespace

std::string hex_encode(const void* data, size_t n) {
  static const char kDigits[] = "0123456789abcdef";
  const auto* p = static_cast<const unsigned char*>(data);
  std::string out(n * 2, '\0');
  for (size_t i = 0; i < n; ++i) {
    out[2 * i] = kDigits[p[i] >> 4];
    out[2 * i + 1] = kDigits[p[i] & 0x0F];
  }
  return out;
}

bool is_hex(std::string_view s) {
  if (s.empty() || s.size() % 2 != 0) return false;
  for (char c : s)
    if (digit(c) < 0) return false;
  return true;
}

bool hex_decode(std::string_view hex, unsigned char* out) {
  if (hex.size() % 2 != 0) return false;
  for (char c : hex)
    if (digit(c) < 0) return false;
  for (size_t i = 0; i < hex.size() / 2; ++i)
    out[i] = static_cast<unsigned char>(digit(hex[2 * i]) << 4 | digit(hex[2 * i + 1]));
  return true;
}

void SecretBuffer::shrink(size_t n) {
  if (n >= bytes_.size()) return;
  OPENSSL_cleanse(&bytes_[n], bytes_.size() - n);
  bytes_.resize(n);
}

void SecretBuffer::reset(size_t n) {
  clear();
  bytes_.assign(n, '\0');
}

void SecretBuffer::clear() {
  if (!bytes_.empty()) OPENSSL_cleanse(&bytes_[0], bytes_.size());
  bytes_.clear();
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
  std::memcpy(k.primary.data(), text.data(), Key::kSize);
  return k;
}

}  // namespace vl
