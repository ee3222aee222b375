#pragma once
// The independent definition the numeric library is tested against: big integers
// (boost::multiprecision) and the textbook rules, "the nearer of the two neighbouring integers,
// ties broken by the mode", and range arithmetic by modular reduction. No bit tricks.
#include <boost/multiprecision/cpp_int.hpp>

#include "ir/numeric/fixed_format.hpp"

namespace aiem::num::testref {

using big = boost::multiprecision::cpp_int;

inline big floor_div(const big& n, const big& d) {  // d > 0
  big q = n / d;  // truncates toward zero
  if (q * d > n) q -= 1;
  return q;
}

// round(v / 2^s) by comparing the distances to the two neighbouring integers.
inline big round_shift(const big& v, int s, Rounding r) {
  if (s <= 0) return v * (big(1) << -s);
  big d = big(1) << s;
  big lo = floor_div(v, d), hi = lo + 1;
  big dist_lo = v - lo * d, dist_hi = hi * d - v;  // both scaled by d
  if (dist_lo == 0) return lo;
  bool positive = v > 0;
  switch (r) {
    case Rounding::TRN: return lo;
    case Rounding::TRN_ZERO: return positive ? lo : hi;
    default: break;
  }
  if (dist_lo < dist_hi) return lo;
  if (dist_hi < dist_lo) return hi;
  switch (r) {  // exactly half way
    case Rounding::RND: return hi;
    case Rounding::RND_ZERO: return positive ? lo : hi;
    case Rounding::RND_INF: return positive ? hi : lo;
    case Rounding::RND_MIN_INF: return lo;
    case Rounding::RND_CONV: return (lo % 2 == 0) ? lo : hi;
    default: return lo;
  }
}

inline big overflow(const big& v, int width, bool is_signed, Overflow o) {
  big lo = is_signed ? -(big(1) << (width - 1)) : big(0);
  big hi = is_signed ? (big(1) << (width - 1)) - 1 : (big(1) << width) - 1;
  if (v >= lo && v <= hi) return v;
  switch (o) {
    case Overflow::WRAP: {
      big span = big(1) << width;
      big m = (v - lo) % span;
      if (m < 0) m += span;
      return m + lo;
    }
    case Overflow::SAT: return v < lo ? lo : hi;
    case Overflow::SAT_ZERO: return 0;
    case Overflow::SAT_SYM: return v < lo ? (is_signed ? -hi : lo) : hi;
  }
  return 0;
}

inline big requantize(const big& v, int from_frac, const FixedFormat& f) {
  return overflow(round_shift(v, from_frac - f.frac(), f.rounding), f.width, f.is_signed, f.overflow);
}

constexpr Rounding all_roundings[] = {Rounding::TRN,     Rounding::TRN_ZERO,    Rounding::RND,     Rounding::RND_ZERO,
                                      Rounding::RND_INF, Rounding::RND_MIN_INF, Rounding::RND_CONV};
constexpr Overflow all_overflows[] = {Overflow::WRAP, Overflow::SAT, Overflow::SAT_ZERO, Overflow::SAT_SYM};

}  // namespace aiem::num::testref
