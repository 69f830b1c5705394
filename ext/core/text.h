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

inline std::string trim(std::string_view s) {
  while (!s.empty() && ascii_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && ascii_space(s.back())) s.remove_suffix(1);
  return std::string(s);
}

}  // namespace vl
