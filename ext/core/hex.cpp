#include "ext/core/hex.h"

#include <cstring>
#include <set>

#include "ext/core/error.h"
#include "ext/core/function.h"

namespace vl {
namespace {
// kHexValue[c]: the value of hex digit c, or kNotHex. A table instead of
// range tests: random hex mispredicts the 0-9 / a-f branch half the time.
constexpr unsigned char kNotHex = 0x10;
struct HexValues {
  unsigned char v[256];
  constexpr HexValues() : v() {
    for (int c = 0; c < 256; ++c) v[c] = kNotHex;
    for (int c = 0; c < 10; ++c) v['0' + c] = static_cast<unsigned char>(c);
    for (int c = 0; c < 6; ++c) {
      v['a' + c] = static_cast<unsigned char>(10 + c);
      v['A' + c] = static_cast<unsigned char>(10 + c);
    }
  }
};
constexpr HexValues kHexValue;

// kHexPair[2b], kHexPair[2b+1]: the two lower-case digits of byte b.
struct HexPairs {
  char v[512];
  constexpr HexPairs() : v() {
    const char* d = "0123456789abcdef";
    for (int b = 0; b < 256; ++b) {
      v[2 * b] = d[b >> 4];
      v[2 * b + 1] = d[b & 0x0F];
    }
  }
};
constexpr HexPairs kHexPair;

}  // namespace

char* hex_encode_to(const void* data, size_t n, char* out) {
  const auto* p = static_cast<const unsigned char*>(data);
  // Forward, one byte read before its two digits are written: so the source
  // may sit at or after out + n (encrypt() encodes its ciphertext in place).
  for (size_t i = 0; i < n; ++i) {
    unsigned b = p[i];
    std::memcpy(out + 2 * i, &kHexPair.v[2 * b], 2);
  }
  return out + 2 * n;
}

std::string hex_encode(const void* data, size_t n) {
  std::string out(n * 2, '\0');
  if (n != 0) hex_encode_to(data, n, &out[0]);
  return out;
}

bool is_hex(std::string_view s) {
  if (s.empty() || s.size() % 2 != 0) return false;
  unsigned bad = 0;
  for (char c : s) bad |= kHexValue.v[static_cast<unsigned char>(c)];
  return (bad & kNotHex) == 0;
}

bool hex_decode_unchecked(std::string_view hex, unsigned char* out) {
  if (hex.size() % 2 != 0) return false;
  const auto* p = reinterpret_cast<const unsigned char*>(hex.data());
  size_t n = hex.size() / 2;
  unsigned bad = 0;
  for (size_t i = 0; i < n; ++i) {
    unsigned hi = kHexValue.v[p[2 * i]], lo = kHexValue.v[p[2 * i + 1]];
    bad |= hi | lo;
    out[i] = static_cast<unsigned char>(hi << 4 | lo);
  }
  return (bad & kNotHex) == 0;
}

bool hex_decode(std::string_view hex, unsigned char* out) {
  if (hex.empty()) return true;
  if (!is_hex(hex)) return false;  // validate first: nothing is written on failure
  return hex_decode_unchecked(hex, out);
}

namespace {
bool all_hex(std::string_view s) { return s.empty() || is_hex(s); }
// Splits v at ':' into exactly n parts; false for any other count.
bool split_exact(std::string_view v, std::string_view* parts, size_t n) {
  size_t count = 0;
  for (size_t p; (p = v.find(':')) != std::string_view::npos; v.remove_prefix(p + 1)) {
    if (count == n - 1) return false;
    parts[count++] = v.substr(0, p);
  }
  parts[count++] = v;
  return count == n;
}
}  // namespace

EnvelopeShape envelope_shape(std::string_view v) {
  std::string_view p[6];
  if (v.substr(0, 3) == "v2:") {
    if (!split_exact(v.substr(3), p, 6)) return EnvelopeShape::kNone;
    const std::string_view mode = p[0];
    bool ok = mode.size() == 2 && (mode[0] == 'r' || mode[0] == 's') &&
              (mode[1] == 'b' || mode[1] == 'u') && p[1].size() == 16 && is_hex(p[1]) &&
              p[2].size() == (mode[0] == 's' ? 32u : 0u) && all_hex(p[2]) && p[3].size() == 24 &&
              is_hex(p[3]) && p[4].size() == 32 && is_hex(p[4]) && p[5].size() % 2 == 0 &&
              all_hex(p[5]);
    if (!ok) return EnvelopeShape::kNone;
    return mode[1] == 'b' ? EnvelopeShape::kV2Bound : EnvelopeShape::kV2Unbound;
  }
  if (v.substr(0, 4) == "gcm:") {
    bool ok = split_exact(v.substr(4), p, 3) && p[0].size() == 24 && is_hex(p[0]) &&
              p[1].size() == 32 && is_hex(p[1]) && p[2].size() % 2 == 0 && all_hex(p[2]);
    return ok ? EnvelopeShape::kGcm : EnvelopeShape::kNone;
  }
  bool ok = split_exact(v, p, 2) && p[0].size() == 32 && is_hex(p[0]) && !p[1].empty() &&
            p[1].size() % 32 == 0 && is_hex(p[1]);
  return ok ? EnvelopeShape::kCbc : EnvelopeShape::kNone;
}

}  // namespace vl
