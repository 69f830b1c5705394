// net_profit(sale_price, platform_fee, shipping_cost, cost_price): the number
// the sales trigger stores, round(sale_price - fee - shipping - cost, 2)
// (domain-rules.md, Sales 1).
//
// Why not std::round(x * 100) / 100: SQLite's round(X, 2) prints X with its
// own printf ("%!.2f") and reads the text back with its own text-to-real
// conversion, and that differs from x*100 arithmetic on values such as 1.005
// or 2.675 (whose binary value sits just below the half). To store exactly
// what the trigger stores we use the host's printf (sqlite3_snprintf, the very
// code round() runs, and allocation-free unlike round()'s mprintf) and then
// mirror the host's read-back, which is short enough to write by hand: the
// text has at most two decimals, so it is digits/10^k.
//
// That mirror holds while digits/10^k is exact arithmetic on exact doubles
// and the host prints every digit: up to 9e13 in magnitude (digits < 2^53;
// older hosts' round() prints at most 16 significant digits, which is every
// digit below 1e14). Beyond that — no sale is that large — the host's own
// round() is asked.
#include <cstdint>

#include "ext/core/function.h"
#include "ext/core/stmt.h"
#include "functions/functions.h"

namespace vl::fn {
namespace {

constexpr const char* kUsage = "net_profit(sale_price, platform_fee, shipping_cost, cost_price)";

// Magnitudes up to which the hand-written mirror of round(X, 2) is exact.
constexpr double kMirrorLimit = 9.0e13;

// Before 3.43 sqlite3AtoF scaled the integer mantissa with long double
// arithmetic; from 3.43 on it returns the closest double, which for
// digits/10^k (both exact in a double) is what IEEE division gives.
bool host_uses_long_double() {
  static const bool old = sqlite3_libversion_number() < 3043000;
  return old;
}

double host_round(sqlite3* db, double r) {
  Stmt s(db, "SELECT round(?1, 2)", "net_profit");
  s.bind(1, r).step();
  return s.real(0);
}

double round_cents(sqlite3* db, double r) {
  if (r < -kMirrorLimit || r > kMirrorLimit) return host_round(db, r);
  char buf[48];
  sqlite3_snprintf(static_cast<int>(sizeof buf), buf, "%!.2f", r);
  const char* p = buf;
  bool negative = false;
  if (*p == '-') {
    negative = true;
    ++p;
  }
  uint64_t digits = 0;
  int decimals = 0;
  bool fraction = false;
  for (; *p != '\0'; ++p) {
    if (*p == '.') {
      fraction = true;
      continue;
    }
    if (*p < '0' || *p > '9') break;
    digits = digits * 10 + static_cast<uint64_t>(*p - '0');
    if (fraction) ++decimals;
  }
  if (decimals > 2) decimals = 2;  // "%.2f" never prints more; keeps the table index safe
  double v;
  if (digits == 0) {
    v = 0.0;
  } else if (host_uses_long_double()) {
    static const long double kScaleL[] = {1.0L, 10.0L, 100.0L};
    v = static_cast<double>(static_cast<long double>(digits) / kScaleL[decimals]);
  } else {
    static const double kScale[] = {1.0, 10.0, 100.0};
    v = static_cast<double>(digits) / kScale[decimals];
  }
  return negative ? -v : v;
}

// NULL counts as 0 for every amount but the sale price (the trigger's coalesce).
double amount(const char* what, sqlite3_value* v) {
  switch (sqlite3_value_type(v)) {
    case SQLITE_NULL:
      return 0.0;
    case SQLITE_INTEGER:
      return static_cast<double>(sqlite3_value_int64(v));
    case SQLITE_FLOAT: {
      // The hot path: no allocation, no parsing.
      double d = sqlite3_value_double(v);
      if (d - d == 0.0) return d;  // finite; arg_number words the refusal of inf/nan
      [[fallthrough]];
    }
    default:
      return arg_number("net_profit", what, v);
  }
}

}  // namespace

void net_profit(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  check_arity("net_profit", argc, 4, 4, kUsage);
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
    // Still reject a bad other argument: NULL sale_price must not hide a typo.
    amount("platform_fee", argv[1]);
    amount("shipping_cost", argv[2]);
    amount("cost_price", argv[3]);
    sqlite3_result_null(ctx);
    return;
  }
  // Left to right, as SQLite evaluates a - b - c - d.
  double r = amount("sale_price", argv[0]);
  r -= amount("platform_fee", argv[1]);
  r -= amount("shipping_cost", argv[2]);
  r -= amount("cost_price", argv[3]);
  sqlite3_result_double(ctx, round_cents(sqlite3_context_db_handle(ctx), r));
}

}  // namespace vl::fn
