// Small text helpers shared by the parsers, and the UTF-8 helpers (written
// once, here). The ASCII ones are locale-free on purpose: the host process
// may have set any locale (std::tolower and std::isspace follow it), and
// every keyword, header or platform name we compare is ASCII.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace vl {

inline bool ascii_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

inline std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// True when [p, p+n) is well-formed UTF-8 (no overlongs, no surrogates).
bool valid_utf8(const char* p, size_t n);

// The helpers below take text that is valid UTF-8 (checked at the edge).
inline bool utf8_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Code points in the text.
inline size_t utf8_chars(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += !utf8_continuation(c);
  return n;
}

// Byte offset of code point number `cp` (s.size() when beyond the end).
inline size_t utf8_offset(std::string_view s, size_t cp) {
  size_t n = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (utf8_continuation(s[i]) ) continue;
    if (n == cp) return i;
    ++n;
  }
  return s.size();
}

// The character starting at byte `at`: its bytes.
inline std::string_view utf8_char_at(std::string_view s, size_t at) {
  size_t n = 1;
  while (at + n < s.size() && utf8_continuation(s[at + n])) ++n;
  return s.substr(at, n);
}

// The largest character boundary at or before byte `at` (at < s.size()).
inline size_t utf8_floor(std::string_view s, size_t at) {
  while (at > 0 && utf8_continuation(s[at])) --at;
  return at;
}

inline std::string trim(std::string_view s) {
  while (!s.empty() && ascii_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && ascii_space(s.back())) s.remove_suffix(1);
  return std::string(s);
}

}  // namespace vl
