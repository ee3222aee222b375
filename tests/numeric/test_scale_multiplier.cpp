// scale_to_multiplier against a rational search for the nearest normalized multiplier.
#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <cfloat>
#include <cmath>
#include <limits>

#include "ir/numeric/requantize.hpp"
#include "tests/numeric/mismatches.hpp"
#include "tests/numeric/reference_model.hpp"

using namespace aiem::num;
namespace ref = aiem::num::testref;
using ref::Mismatches;

namespace {
ref::rat times_pow2(const ref::rat& x, int k) {
  return k >= 0 ? ref::rat(x * ref::pow2(k)) : ref::rat(x / ref::pow2(-k));
}

// The reference: walk the shift until scale * 2^shift lies in [2^(b-1), 2^b), then round that
// rational half to even; a result of 2^b is renormalized.
ScaleMultiplier ref_multiplier(double scale, int bits) {
  const ref::rat s(scale), lo(ref::pow2(bits - 1)), hi(ref::pow2(bits));
  int shift = bits - 1 - static_cast<int>(std::floor(std::log2(scale)));  // a guess, corrected below
  while (times_pow2(s, shift) < lo) ++shift;
  while (times_pow2(s, shift) >= hi) --shift;
  ref::big m = ref::round_rational(times_pow2(s, shift), Rounding::RND_CONV);
  if (m == ref::pow2(bits)) {
    m = ref::pow2(bits - 1);
    --shift;
  }
  return {m.convert_to<std::int32_t>(), shift};
}

ref::rat value_of(ScaleMultiplier m) { return times_pow2(ref::rat(m.multiplier), -m.shift); }

bool normalized(ScaleMultiplier m, int bits) {
  return m.multiplier >= (std::int64_t{1} << (bits - 1)) && m.multiplier < (std::int64_t{1} << bits);
}
}  // namespace

TEST_CASE("numeric: scale_to_multiplier: every power of two is exact and normalized", "[numeric][scale]") {
  Mismatches bad;
  for (int bits : {1, 2, 8, 16, 24, 31})
    for (int e = -1074; e <= 1023; ++e) {
      ScaleMultiplier m = scale_to_multiplier(std::ldexp(1.0, e), bits);
      if (m != ScaleMultiplier{static_cast<std::int32_t>(std::int64_t{1} << (bits - 1)), bits - 1 - e})
        bad.add(fmt::format("2^{} with {} bits: {{{}, {}}}", e, bits, m.multiplier, m.shift));
    }
  bad.report();
}

TEST_CASE("numeric: scale_to_multiplier: an integer below 2^bits times a power of two is exact", "[numeric][scale]") {
  ref::Rng rng(1);
  Mismatches bad;
  for (int bits : {1, 5, 8, 16, 31})
    for (int i = 0; i < 2000; ++i) {
      auto n = static_cast<std::int64_t>(rng.below((std::int64_t{1} << bits) - 1) + 1);
      int k = static_cast<int>(rng.below(1900)) - 1000;
      double scale = std::ldexp(static_cast<double>(n), k);
      if (scale == 0 || !std::isfinite(scale)) continue;
      if (ref::rat(scale) != times_pow2(ref::rat(n), k)) continue;  // n * 2^k fell into the subnormal range
      ScaleMultiplier m = scale_to_multiplier(scale, bits);
      if (!normalized(m, bits) || value_of(m) != ref::rat(scale))
        bad.add(fmt::format("{} * 2^{} with {} bits: {{{}, {}}}", n, k, bits, m.multiplier, m.shift));
    }
  bad.report();
}

TEST_CASE("numeric: scale_to_multiplier: nearest (ties to even) on random scales, relative error <= 2^-bits",
          "[numeric][scale]") {
  ref::Rng rng(2);
  Mismatches bad;
  for (int bits : {1, 3, 8, 16, 24, 31})
    for (int i = 0; i < 1500; ++i) {
      // Random 53-bit mantissas over the whole exponent range, subnormals included.
      double scale = std::ldexp(static_cast<double>(rng.next() >> 11), static_cast<int>(rng.below(2100)) - 1126);
      if (i % 7 == 0)  // an exact tie: bits + 1 significant bits ending in 1
        scale = std::ldexp(static_cast<double>((rng.next() >> (63 - bits)) | (std::uint64_t{1} << bits) | 1),
                           static_cast<int>(rng.below(200)) - 100);
      if (scale == 0 || !std::isfinite(scale)) continue;
      ScaleMultiplier got = scale_to_multiplier(scale, bits);
      ScaleMultiplier want = ref_multiplier(scale, bits);
      ref::rat err = value_of(got) - ref::rat(scale);
      if (err < 0) err = -err;
      if (got != want || !normalized(got, bits) || err > times_pow2(ref::rat(scale), -bits))
        bad.add(fmt::format("{:a} with {} bits: {{{}, {}}}, expected {{{}, {}}}", scale, bits, got.multiplier,
                            got.shift, want.multiplier, want.shift));
    }
  bad.report();
}

TEST_CASE("numeric: scale_to_multiplier: hand-checked roundings and invalid inputs", "[numeric][scale]") {
  const double two31 = std::ldexp(1.0, -31);
  CHECK(scale_to_multiplier(1 + two31) == ScaleMultiplier{1 << 30, 30});            // 2^30 + 1/2: tie, even
  CHECK(scale_to_multiplier(1 + 3 * two31) == ScaleMultiplier{(1 << 30) + 2, 30});  // 2^30 + 3/2: tie, even
  CHECK(scale_to_multiplier(1 + two31 + std::ldexp(1.0, -52)) == ScaleMultiplier{(1 << 30) + 1, 30});
  CHECK(scale_to_multiplier(2 - std::ldexp(1.0, -40)) == ScaleMultiplier{1 << 30, 29});  // carries into 2^31
  CHECK(scale_to_multiplier(0.1) == ScaleMultiplier{1717986918, 34});                    // 0.1 * 2^34 = ...18.4
  CHECK(scale_to_multiplier(0.75, 1) == ScaleMultiplier{1, 0});
  CHECK(scale_to_multiplier(3.0, 1) == ScaleMultiplier{1, -2});  // tie 2 vs 4: even mantissa
  CHECK(scale_to_multiplier(3.0, 2) == ScaleMultiplier{3, 0});
  CHECK(scale_to_multiplier(1e300).shift == 30 - 996);  // 1e300 = 1.53 * 2^996
  CHECK(scale_to_multiplier(0.0) == ScaleMultiplier{0, 0});
  CHECK(scale_to_multiplier(std::numeric_limits<double>::denorm_min()) == ScaleMultiplier{1 << 30, 30 + 1074});
  CHECK_THROWS_AS(scale_to_multiplier(-1.0), std::invalid_argument);
  CHECK_THROWS_AS(scale_to_multiplier(-DBL_MIN), std::invalid_argument);
  CHECK_THROWS_AS(scale_to_multiplier(std::numeric_limits<double>::infinity()), std::invalid_argument);
  CHECK_THROWS_AS(scale_to_multiplier(-std::numeric_limits<double>::infinity()), std::invalid_argument);
  CHECK_THROWS_AS(scale_to_multiplier(std::nan("")), std::invalid_argument);
  CHECK_THROWS_AS(scale_to_multiplier(1.0, 0), std::invalid_argument);
  CHECK_THROWS_AS(scale_to_multiplier(1.0, 32), std::invalid_argument);
}
