// quantize_real, dequantize and is_representable against exact rationals (boost converts a double
// to a rational exactly).
#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <cfloat>
#include <cmath>
#include <cstring>
#include <limits>

#include "ir/numeric/requantize.hpp"
#include "tests/numeric/mismatches.hpp"
#include "tests/numeric/reference_model.hpp"

using namespace aiem::num;
namespace ref = aiem::num::testref;
using ref::Mismatches;

namespace {
struct Shape {
  int width, int_bits;
  bool is_signed;
};
FixedFormat make(Shape s, Rounding r, Overflow o) { return FixedFormat{s.width, s.int_bits, s.is_signed, r, o}; }

// 8-bit formats with frac 0, 5, 4, 10 and -2, and a 6-bit one in an int8 container.
constexpr Shape int8_like[] = {{8, 8, true}, {8, 3, true}, {8, 4, false}, {8, -2, true}, {8, 10, true}, {6, 2, true}};
}  // namespace

TEST_CASE("numeric: quantize_real: every k / 2^m around every 8-bit code, every mode (exhaustive dyadic grid)",
          "[numeric][quantize_real]") {
  // x = k * 2^-(frac + m): every code, and for m >= 1 every point between neighbouring codes at a
  // resolution of 2^-m code (ties, quarters, ...), from 4 codes below the range to 4 above it.
  Mismatches bad;
  std::size_t checked = 0;
  for (Shape sh : int8_like) {
    FixedFormat f0 = make(sh, Rounding::TRN, Overflow::WRAP);
    for (int m = 0; m <= 4; ++m)
      for (std::int64_t k = (f0.min_code() - 4) << m; k <= (f0.max_code() + 4) << m; ++k) {
        const double x = std::ldexp(static_cast<double>(k), -(f0.frac() + m));
        for (Rounding r : ref::all_roundings) {
          ref::big rounded = ref::round_rational(ref::scaled(k, m), r);  // x * 2^frac = k / 2^m
          for (Overflow o : ref::all_overflows) {
            FixedFormat f = make(sh, r, o);
            std::int64_t got = quantize_real(x, f), want = ref::to_i64(ref::overflow(rounded, f));
            ++checked;
            if (got != want)
              bad.add(fmt::format("quantize_real({}, {}) = {}, expected {}", x, to_string(f), got, want));
          }
        }
      }
  }
  CHECK(checked > 1000000);
  bad.report();
}

TEST_CASE("numeric: quantize_real: hand-checked ties and overflows", "[numeric][quantize_real]") {
  //                       2.5 -2.5 3.5 -3.5 0.5 -0.5 2.4 -2.6
  const double xs[] = {2.5, -2.5, 3.5, -3.5, 0.5, -0.5, 2.4, -2.6};
  struct Row {
    Rounding r;
    std::int64_t want[8];
  };
  const Row rows[] = {
      {Rounding::TRN, {2, -3, 3, -4, 0, -1, 2, -3}},     {Rounding::TRN_ZERO, {2, -2, 3, -3, 0, 0, 2, -2}},
      {Rounding::RND, {3, -2, 4, -3, 1, 0, 2, -3}},      {Rounding::RND_ZERO, {2, -2, 3, -3, 0, 0, 2, -3}},
      {Rounding::RND_INF, {3, -3, 4, -4, 1, -1, 2, -3}}, {Rounding::RND_MIN_INF, {2, -3, 3, -4, 0, -1, 2, -3}},
      {Rounding::RND_CONV, {2, -2, 4, -4, 0, 0, 2, -3}},
  };
  for (const Row& row : rows)
    for (int i = 0; i < 8; ++i) {
      INFO(fmt::format("{} under {}", xs[i], to_string(row.r)));
      CHECK(quantize_real(xs[i], FixedFormat{8, 8, true, row.r, Overflow::SAT}) == row.want[i]);
    }
  FixedFormat i8{8, 8, true, Rounding::TRN, Overflow::WRAP};
  CHECK(quantize_real(130.0, i8) == -126);
  i8.overflow = Overflow::SAT;
  CHECK(quantize_real(130.0, i8) == 127);
  CHECK(quantize_real(-130.0, i8) == -128);
  i8.overflow = Overflow::SAT_ZERO;
  CHECK(quantize_real(130.0, i8) == 0);
  i8.overflow = Overflow::SAT_SYM;
  CHECK(quantize_real(130.0, i8) == 127);
  CHECK(quantize_real(-130.0, i8) == -127);
  CHECK(quantize_real(-128.0, i8) == -128);
  CHECK(quantize_real(-128.5, i8) == -127);  // TRN: -129, an overflow
  FixedFormat f{6, 2, true, Rounding::RND, Overflow::SAT};
  CHECK(quantize_real(0.3, f) == 5);  // the double nearest 0.3, times 16, is 4.7999...
  CHECK(quantize_real(1.96875, f) == 31);
  CHECK(quantize_real(1.97, f) == 31);
  CHECK(quantize_real(-2.0, f) == -32);
  CHECK(quantize_real(-2.03125, f) == -32);  // -32.5 -> -32 (ties toward +inf)
  CHECK(quantize_real(-2.0625, f) == -32);   // -33 saturates
  // One fractional bit: 0.25 and 0.75 are exact ties (codes 0.5 and 1.5), both go to the even code.
  CHECK(quantize_real(0.25, FixedFormat{4, 3, true, Rounding::RND_CONV, Overflow::SAT}) == 0);
  CHECK(quantize_real(0.75, FixedFormat{4, 3, true, Rounding::RND_CONV, Overflow::SAT}) == 2);
}

TEST_CASE("numeric: quantize_real: tiny, subnormal, huge and random doubles against the rational definition",
          "[numeric][quantize_real]") {
  constexpr Shape formats[] = {{8, 8, true},    {8, 3, true},   {8, 8, false},   {16, 0, true},
                               {32, 16, true},  {64, 40, true}, {64, 64, false}, {64, 64, true},
                               {12, -20, true}, {10, 60, true}, {3, 1, true}};
  const double dmin = std::numeric_limits<double>::denorm_min();
  std::vector<double> xs = {0.0,
                            -0.0,
                            dmin,
                            -dmin,
                            DBL_MIN,
                            -DBL_MIN,
                            1e-300,
                            -1e-300,
                            1e-20,
                            -1e-20,
                            1e300,
                            -1e300,
                            DBL_MAX,
                            -DBL_MAX,
                            0.1,
                            -0.1,
                            1.0 / 3,
                            std::ldexp(1.0, 63),
                            -std::ldexp(1.0, 63),
                            std::ldexp(1.0, 64),
                            std::ldexp(1.0, 70) + std::ldexp(1.0, 20),
                            -std::ldexp(3.0, 100),
                            std::ldexp(1.0, -41),
                            std::ldexp(3.0, -42),
                            -std::ldexp(3.0, -42)};
  // Traps for floating-point shortcuts such as floor(x * 2^frac + 0.5): the addition itself rounds
  // (0.49999999999999994 + 0.5 == 1.0, 2^52 + 1 + 0.5 rounds to even).
  for (double t : {0.5, 1.5, 2.5, 0.25, 1.0, 4503599627370496.0 /* 2^52 */, 9007199254740991.0 /* 2^53 - 1 */})
    for (double y : {t, std::nextafter(t, 0.0), std::nextafter(t, 1e300), t + 1, std::nextafter(t + 1, 0.0)})
      for (int e : {0, -1, -3, -8, -16, 8, 20}) {
        xs.push_back(std::ldexp(y, e));
        xs.push_back(-std::ldexp(y, e));
      }
  ref::Rng rng(7);
  for (int i = 0; i < 400; ++i) {  // random bit patterns: every exponent, subnormals included
    std::uint64_t bits = rng.next();
    double x;
    std::memcpy(&x, &bits, sizeof x);
    if (std::isfinite(x)) xs.push_back(x);
  }
  for (int i = 0; i < 400; ++i)  // random values near the formats' ranges
    xs.push_back(std::ldexp(static_cast<double>(rng.magnitude(53)), static_cast<int>(rng.below(160)) - 100));
  Mismatches bad;
  for (double x : xs)
    for (Shape sh : formats)
      for (Rounding r : ref::all_roundings)
        for (Overflow o : ref::all_overflows) {
          FixedFormat f = make(sh, r, o);
          std::int64_t got = quantize_real(x, f);
          std::int64_t want = ref::as_code(ref::quantize_real(x, f), f);
          if (got != want)
            bad.add(fmt::format("quantize_real({:a}, {}) = {}, expected {}", x, to_string(f), got, want));
        }
  bad.report();
  // Spot checks of the above: tiny values only move under the directed modes.
  FixedFormat i8{8, 8, true, Rounding::TRN, Overflow::SAT};
  CHECK(quantize_real(-dmin, i8) == -1);
  CHECK(quantize_real(dmin, i8) == 0);
  i8.rounding = Rounding::RND_INF;
  CHECK(quantize_real(-dmin, i8) == 0);
  CHECK(quantize_real(1e300, i8) == 127);
  // WRAP of a huge value keeps its exact low bits: 2^70 + 2^20 in int64 is 2^20.
  CHECK(quantize_real(std::ldexp(1.0, 70) + std::ldexp(1.0, 20),
                      FixedFormat{64, 64, true, Rounding::TRN, Overflow::WRAP}) == (1 << 20));
}

TEST_CASE("numeric: quantize_real: NaN and infinities throw", "[numeric][quantize_real]") {
  FixedFormat f = int_format(8, true);
  CHECK_THROWS_AS(quantize_real(std::nan(""), f), std::invalid_argument);
  CHECK_THROWS_AS(quantize_real(std::numeric_limits<double>::infinity(), f), std::invalid_argument);
  CHECK_THROWS_AS(quantize_real(-std::numeric_limits<double>::infinity(), f), std::invalid_argument);
}

TEST_CASE("numeric: dequantize and is_representable: every code of small formats, midpoints, range edges",
          "[numeric][quantize_real]") {
  constexpr Shape formats[] = {{8, 8, true},  {8, 8, false}, {6, 2, true},  {5, 1, false},
                               {12, 4, true}, {8, -2, true}, {8, 10, true}, {16, 16, true}};
  Mismatches bad;
  for (Shape sh : formats) {
    FixedFormat f = make(sh, Rounding::TRN, Overflow::WRAP);
    for (std::int64_t c = f.min_code(); c <= f.max_code(); ++c) {
      double x = dequantize(c, f);
      if (ref::rat(x) != ref::scaled(c, f.frac())) bad.add(fmt::format("dequantize({}, {}) = {}", c, to_string(f), x));
      if (!is_representable(x, f)) bad.add(fmt::format("{} should be representable in {}", x, to_string(f)));
      for (Rounding r : ref::all_roundings)
        for (Overflow o : ref::all_overflows)
          if (quantize_real(x, make(sh, r, o)) != c)
            bad.add(fmt::format("{} does not round-trip in {}", c, to_string(f)));
      double mid = std::ldexp(2.0 * static_cast<double>(c) + 1, -(f.frac() + 1));  // between c and c + 1
      if (is_representable(mid, f)) bad.add(fmt::format("{} should not be representable in {}", mid, to_string(f)));
    }
    for (std::int64_t c : {f.min_code() - 1, f.max_code() + 1, f.min_code() - 1000, f.max_code() + 1000}) {
      double x = std::ldexp(static_cast<double>(c), -f.frac());
      if (is_representable(x, f)) bad.add(fmt::format("{} is out of range of {}", x, to_string(f)));
    }
  }
  bad.report();
  const FixedFormat i64{64, 64, true, Rounding::TRN, Overflow::SAT}, u64{64, 64, false, Rounding::TRN, Overflow::SAT};
  CHECK(is_representable(-std::ldexp(1.0, 63), i64));
  CHECK_FALSE(is_representable(std::ldexp(1.0, 63), i64));  // INT64_MAX + 1
  CHECK(is_representable(std::ldexp(1.0, 62), i64));
  CHECK_FALSE(is_representable(0.5, i64));
  CHECK(is_representable(std::ldexp(1.0, 63), u64));
  CHECK_FALSE(is_representable(std::ldexp(1.0, 64), u64));
  CHECK_FALSE(is_representable(-1.0, u64));
  CHECK(dequantize(-1, u64) == std::ldexp(1.0, 64));  // the bit pattern of 2^64 - 1, rounded to a double
  CHECK(is_representable(0.0, u64));
  CHECK(is_representable(-0.0, FixedFormat{6, 2, true}));
  CHECK(is_representable(0.25, FixedFormat{6, 2, true}));
  CHECK_FALSE(is_representable(0.3, FixedFormat{6, 2, true}));
  CHECK_FALSE(is_representable(2.0, FixedFormat{6, 2, true}));
  CHECK(is_representable(-2.0, FixedFormat{6, 2, true}));
  CHECK(is_representable(std::ldexp(1.0, 40), FixedFormat{8, 48, true}));  // frac -40: code 1
  CHECK_FALSE(is_representable(std::ldexp(1.0, 39), FixedFormat{8, 48, true}));
  CHECK_FALSE(is_representable(std::numeric_limits<double>::denorm_min(), FixedFormat{64, 0, true}));
  CHECK_FALSE(is_representable(std::nan(""), FixedFormat{6, 2, true}));
  CHECK_FALSE(is_representable(std::numeric_limits<double>::infinity(), FixedFormat{6, 2, true}));
  CHECK(dequantize(-32, FixedFormat{6, 2, true}) == -2.0);
  CHECK(dequantize(5, FixedFormat{8, 10, true}) == 20.0);  // frac -2
}
