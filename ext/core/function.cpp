#include "ext/core/function.h"

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

bool given(sqlite3_value* v) { return v != nullptr && !is_null(v); }

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

void result_text(sqlite3_context* ctx, std::string_view text) {
  sqlite3_result_text64(ctx, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
}

}  // namespace vl
