#pragma once
// The independent definition the numeric library is tested against. It shares no code and no method
// with ir/numeric: arbitrary-precision integers and rationals (boost::multiprecision) and the
// textbook rules.
//  - rounding: the exact quotient, its floor, and the dropped fraction compared with 1/2 (either as
//    distances to the two neighbouring integers on big integers, or as a rational; the two are
//    checked against each other), ties broken by the mode's literal definition;
//  - overflow: range checks, and wrap-around as modular reduction into [min, min + 2^W);
//  - reals: a double converted exactly to a rational (boost does this exactly), scaled by 2^frac.
// The production code uses bit masks, arithmetic shifts and frexp instead.
#include <boost/multiprecision/cpp_int.hpp>
#include <cstdint>
#include <string>

#include "ir/numeric/fixed_format.hpp"
#include "ir/numeric/int128.hpp"

namespace aiem::num::testref {

using big = boost::multiprecision::cpp_int;
using rat = boost::multiprecision::cpp_rational;

constexpr Rounding all_roundings[] = {Rounding::TRN,     Rounding::TRN_ZERO,    Rounding::RND,     Rounding::RND_ZERO,
                                      Rounding::RND_INF, Rounding::RND_MIN_INF, Rounding::RND_CONV};
constexpr Overflow all_overflows[] = {Overflow::WRAP, Overflow::SAT, Overflow::SAT_ZERO, Overflow::SAT_SYM};

inline big pow2(int k) { return big(1) << k; }

// boost's cpp_int has no __int128 constructor: build it from the two 64-bit halves.
inline big from128(int128 v) {
  uint128 u = uabs(v);
  big b = (big(static_cast<std::uint64_t>(u >> 64)) << 64) + big(static_cast<std::uint64_t>(u));
  return v < 0 ? big(-b) : b;
}
inline std::int64_t to_i64(const big& b) { return b.convert_to<std::int64_t>(); }
inline std::string str(const big& b) { return b.str(); }

inline big floor_div(const big& n, const big& d) {  // d > 0
  big q = n / d;                                    // truncates toward zero
  if (q * d > n) q -= 1;
  return q;
}

// round(n / d), d > 0, by comparing the distances from n/d to its two neighbouring integers.
inline big round_div(const big& n, const big& d, Rounding r) {
  big lo = floor_div(n, d), hi = lo + 1;
  big dist_lo = n - lo * d, dist_hi = hi * d - n;  // both scaled by d
  if (dist_lo == 0) return lo;
  bool positive = n > 0;
  switch (r) {
    case Rounding::TRN:
      return lo;
    case Rounding::TRN_ZERO:
      return positive ? lo : hi;
    default:
      break;
  }
  if (dist_lo < dist_hi) return lo;
  if (dist_hi < dist_lo) return hi;
  switch (r) {  // exactly half way
    case Rounding::RND:
      return hi;
    case Rounding::RND_ZERO:
      return positive ? lo : hi;
    case Rounding::RND_INF:
      return positive ? hi : lo;
    case Rounding::RND_MIN_INF:
      return lo;
    case Rounding::RND_CONV:
      return (lo % 2 == 0) ? lo : hi;
    default:
      return lo;
  }
}

// round(v / 2^s) for s >= 0, v * 2^-s for s < 0.
inline big round_shift(const big& v, int s, Rounding r) {
  if (s <= 0) return v * pow2(-s);
  return round_div(v, pow2(s), r);
}

// round(x) for a rational x: its floor, and its fractional part compared with the rational 1/2.
inline big round_rational(const rat& x, Rounding r) {
  big fl = numerator(x) / denominator(x);  // truncated; the denominator is positive
  if (rat(fl) > x) fl -= 1;
  rat frac = x - rat(fl);  // in [0, 1)
  if (frac == 0) return fl;
  const rat half(1, 2);
  const big up = fl + 1;
  switch (r) {
    case Rounding::TRN:
      return fl;
    case Rounding::TRN_ZERO:
      return x > 0 ? fl : up;
    default:
      break;
  }
  if (frac < half) return fl;
  if (frac > half) return up;
  switch (r) {
    case Rounding::RND:
      return up;  // toward +inf
    case Rounding::RND_ZERO:
      return x > 0 ? fl : up;  // the neighbour nearer zero
    case Rounding::RND_INF:
      return x > 0 ? up : fl;  // the neighbour farther from zero
    case Rounding::RND_MIN_INF:
      return fl;  // toward -inf
    case Rounding::RND_CONV:
      return fl % 2 == 0 ? fl : up;
    default:
      return fl;
  }
}

inline big range_lo(int width, bool is_signed) { return is_signed ? big(-pow2(width - 1)) : big(0); }
inline big range_hi(int width, bool is_signed) { return is_signed ? big(pow2(width - 1) - 1) : big(pow2(width) - 1); }

inline big overflow(const big& v, int width, bool is_signed, Overflow o) {
  big lo = range_lo(width, is_signed), hi = range_hi(width, is_signed);
  if (v >= lo && v <= hi) return v;
  switch (o) {
    case Overflow::WRAP: {  // the member of [lo, lo + 2^W) congruent to v modulo 2^W
      big span = pow2(width);
      big m = (v - lo) % span;
      if (m < 0) m += span;
      return m + lo;
    }
    case Overflow::SAT:
      return v < lo ? lo : hi;
    case Overflow::SAT_ZERO:
      return 0;
    case Overflow::SAT_SYM:
      return v < lo ? (is_signed ? big(-hi) : lo) : hi;
  }
  return 0;
}

inline big overflow(const big& v, const FixedFormat& f) { return overflow(v, f.width, f.is_signed, f.overflow); }

// What the library returns for a reference code: unsigned 64-bit codes travel as their bit pattern.
inline std::int64_t as_code(const big& c, const FixedFormat& f) {
  if (!f.is_signed && f.width == 64 && c > big(INT64_MAX)) return to_i64(c - pow2(64));
  return to_i64(c);
}

inline big requantize(const big& v, int from_frac, const FixedFormat& f) {
  return overflow(round_shift(v, from_frac - f.frac(), f.rounding), f);
}

// A code with `frac` fractional bits as an exact rational.
inline rat scaled(const big& v, int frac) { return frac >= 0 ? rat(v, pow2(frac)) : rat(v * pow2(-frac)); }

// x * 2^f.frac() rounded by f's mode, then f's overflow. x is converted to a rational exactly.
inline big quantize_real(double x, const FixedFormat& f) {
  rat exact(x);
  rat code = f.frac() >= 0 ? rat(exact * pow2(f.frac())) : rat(exact / pow2(-f.frac()));
  return overflow(round_rational(code, f.rounding), f);
}

// Deterministic generator (splitmix64): the tests are reproducible run to run.
struct Rng {
  std::uint64_t state;
  explicit Rng(std::uint64_t seed) : state(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  std::int64_t below(std::int64_t n) { return static_cast<std::int64_t>(next() % static_cast<std::uint64_t>(n)); }
  // A signed value of a random magnitude 0..bits bits, so that every shift sees both small and large inputs.
  std::int64_t magnitude(int bits) {
    auto v = static_cast<std::int64_t>(next());
    int keep = static_cast<int>(below(bits + 1));  // 0..bits
    if (keep >= 64) return v;
    std::int64_t m = keep == 0 ? 0 : static_cast<std::int64_t>((next() >> (64 - keep)));
    return v < 0 ? -m : m;
  }
  int128 i128() { return static_cast<int128>((static_cast<uint128>(next()) << 64) | next()); }
};

}  // namespace aiem::num::testref
