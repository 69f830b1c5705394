// Small text helpers shared by the parsers. ASCII only and locale-free on
// purpose: the host process may have set any locale (std::tolower and
// std::isspace follow it), and every keyword, header or platform name we
// compare is ASCII.
#pragma once

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

// Code points in UTF-8 text (bytes that do not continue a sequence); the
// text is assumed valid (valid_utf8).
inline size_t utf8_chars(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

inline std::string trim(std::string_view s) {
  while (!s.empty() && ascii_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && ascii_space(s.back())) s.remove_suffix(1);
  return std::string(s);
}

}  // namespace vl
