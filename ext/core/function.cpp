#include "function.h"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>

namespace vl {

ConnState& conn_state(sqlite3_context* ctx) {
  auto* holder = static_cast<std::shared_ptr<ConnState>*>(sqlite3_user_data(ctx));
  return **holder;
}

void check_arity(std::string_view fn, int argc, int min, int max, std::string_view usage) {
  if (argc >= min && argc <= max) return;
  std::string problem = "wrong number of arguments: " + std::to_string(argc);
  throw Error(fn, problem, usage);
}

bool is_null(sqlite3_value* v) { return sqlite3_value_type(v) == SQLITE_NULL; }

namespace {
// Parses text that is wholly a decimal number (leading/trailing spaces
// allowed, as SQLite's own CAST accepts them).
bool parse_number(std::string_view s, double* out) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  if (s.empty() || s.size() > 64) return false;
  std::string buf(s);
  char* end = nullptr;
  double d = std::strtod(buf.c_str(), &end);
  if (end != buf.c_str() + buf.size()) return false;
  if (!std::isfinite(d)) return false;
  // strtod also takes hex floats and "inf"/"nan"; SQL text numbers are decimal.
  for (char c : buf) {
    if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E'))
      return false;
  }
  *out = d;
  return true;
}
}  // namespace

double arg_number(std::string_view fn, std::string_view what, sqlite3_value* v) {
  switch (sqlite3_value_type(v)) {
    case SQLITE_INTEGER:
      return static_cast<double>(sqlite3_value_int64(v));
    case SQLITE_FLOAT: {
      double d = sqlite3_value_double(v);
      if (!std::isfinite(d)) throw Error(fn, std::string(what) + " is not finite", "a number");
      return d;
    }
    case SQLITE_TEXT: {
      const char* p = reinterpret_cast<const char*>(sqlite3_value_text(v));
      if (p == nullptr) throw std::bad_alloc();
      int n = sqlite3_value_bytes(v);
      double d = 0;
      if (p != nullptr && parse_number(std::string_view(p, static_cast<size_t>(n)), &d)) return d;
      throw Error(fn, std::string(what) + " is text that is not a number", "a number");
    }
    case SQLITE_BLOB:
      throw Error(fn, std::string(what) + " is a blob", "a number");
    default:
      throw Error(fn, std::string(what) + " is NULL", "a number");
  }
}

int64_t arg_int(std::string_view fn, std::string_view what, sqlite3_value* v) {
  if (sqlite3_value_type(v) == SQLITE_INTEGER) return sqlite3_value_int64(v);
  double d = arg_number(fn, what, v);
  if (d != std::floor(d) || std::fabs(d) > 9.0e15)
    throw Error(fn, std::string(what) + " is not a whole number", "an integer");
  return static_cast<int64_t>(d);
}

std::string_view arg_text(std::string_view fn, std::string_view what, sqlite3_value* v) {
  int type = sqlite3_value_type(v);
  if (type == SQLITE_BLOB) throw Error(fn, std::string(what) + " is a blob", "text");
  if (type == SQLITE_NULL) throw Error(fn, std::string(what) + " is NULL", "text");
  const char* p = reinterpret_cast<const char*>(sqlite3_value_text(v));
  if (p == nullptr) throw std::bad_alloc();
  size_t n = static_cast<size_t>(sqlite3_value_bytes(v));
  if (!valid_utf8(p, n)) throw Error(fn, std::string(what) + " is not valid UTF-8", "UTF-8 text");
  return std::string_view(p, n);
}

bool valid_utf8(const char* s, size_t n) {
  const auto* p = reinterpret_cast<const unsigned char*>(s);
  size_t i = 0;
  while (i < n) {
    // ASCII fast path: 8 bytes at a time while none has its high bit set
    // (JSON, tokens and hex are nearly all ASCII).
    while (i + 8 <= n) {
      uint64_t w;
      std::memcpy(&w, p + i, 8);
      uint64_t high = w & 0x8080808080808080ULL;
      if (high != 0) {
#if defined(__GNUC__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        i += static_cast<size_t>(__builtin_ctzll(high)) / 8;  // skip to the first non-ASCII byte
#endif
        break;
      }
      i += 8;
    }
    if (i >= n) break;
    unsigned c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    unsigned cp;
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > n) return false;
    for (size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += len;
  }
  return true;
}

void result_text(sqlite3_context* ctx, std::string_view text) {
  sqlite3_result_text64(ctx, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
}

}  // namespace vl
