// Money in C++: one representation, whole cents in an int64.
//
// Amounts reach us as SQL REALs (list_price, platform_fee_rules.percent ...),
// as SQL text, or as an export's text read with strtod. Each is taken to the
// cent once, at the edge, by Cents::from_double: the double times 100,
// rounded half away from zero (std::llround) — the reading every money path
// of vaultlister used before this type existed, so an amount with at most two
// decimals is exact and a third decimal rounds the way it always has (1.005
// is the double 1.00499999..., so 100 cents). From there on sums, shares and
// comparisons are integer arithmetic; a result leaves through dollars(),
// cents / 100.0, which for an amount of whole cents is the double nearest the
// decimal (the same double strtod gives for its two-decimal text).
//
// Range: callers refuse amounts above kMaxDollars before multiplying by a
// percent, so cents * percent_milli stays inside int64.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>

namespace vl {

class Cents {
 public:
  static constexpr double kMaxDollars = 1.0e9;

  constexpr Cents() = default;
  static constexpr Cents of(int64_t cents) { return Cents(cents); }
  static Cents from_double(double dollars) { return Cents(std::llround(dollars * 100.0)); }

  constexpr int64_t cents() const { return v_; }
  double dollars() const { return static_cast<double>(v_) / 100.0; }
  // "12.34" / "-0.05": for messages; never locale-dependent.
  std::string text() const {
    char buf[32];
    int64_t a = v_ < 0 ? -v_ : v_;
    std::snprintf(buf, sizeof buf, "%s%lld.%02lld", v_ < 0 ? "-" : "", static_cast<long long>(a / 100),
                  static_cast<long long>(a % 100));
    return buf;
  }

  constexpr Cents operator+(Cents o) const { return Cents(v_ + o.v_); }
  constexpr Cents operator-(Cents o) const { return Cents(v_ - o.v_); }
  constexpr Cents operator-() const { return Cents(-v_); }
  Cents& operator+=(Cents o) { v_ += o.v_; return *this; }
  Cents& operator-=(Cents o) { v_ -= o.v_; return *this; }
  constexpr bool operator==(Cents o) const { return v_ == o.v_; }
  constexpr bool operator!=(Cents o) const { return v_ != o.v_; }
  constexpr bool operator<(Cents o) const { return v_ < o.v_; }
  constexpr bool operator>(Cents o) const { return v_ > o.v_; }
  constexpr bool operator<=(Cents o) const { return v_ <= o.v_; }
  constexpr bool operator>=(Cents o) const { return v_ >= o.v_; }

  // Part k (0-based) of this amount split over `units`, so that the parts
  // add up to it exactly; the first part takes the remainder.
  constexpr Cents share(int64_t units, int64_t k) const {
    int64_t each = v_ / units;
    return Cents(k == 0 ? v_ - each * (units - 1) : each);
  }
  // this * percent_milli / 100000 (a percent kept times 1000), rounded half
  // up; for amounts >= 0.
  constexpr Cents percent(int64_t percent_milli) const {
    return Cents((v_ * percent_milli + 50000) / 100000);
  }

 private:
  constexpr explicit Cents(int64_t v) : v_(v) {}
  int64_t v_ = 0;
};

}  // namespace vl
