// requantize and requantize_scaled against the big-number definition in reference_model.hpp.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <catch2/catch.hpp>
#include <vector>

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

// Target shapes: plain integers, sub-container widths (fixed<6,2> lives in an int8), 1-bit
// fractions, a 32-bit accumulator-like format, and negative / oversize integer-bit counts.
constexpr Shape small_targets[] = {{8, 8, true},   {8, 8, false}, {16, 16, true}, {6, 2, true},
                                   {5, 1, false},  {2, 1, true},  {3, 1, true},   {12, 4, true},
                                   {32, 20, true}, {8, 3, true},  {16, 0, false}};
}  // namespace

TEST_CASE("numeric: requantize: every int16 input (so every int8 input) x every target, rounding and overflow mode",
          "[numeric][requantize]") {
  // Relative shifts from_frac - to.frac(): left shifts -3, -1 and right shifts 0..8, 15, 31.
  // The expected code is ref::overflow(ref::round_shift(v)); both stages are tabulated (rounding per
  // (shift, mode, v), overflow per distinct rounded value) so that the 262M comparisons stay cheap.
  constexpr std::int64_t n = 65536, first = -32768;
  Mismatches bad;
  std::size_t checked = 0;
  for (int s : {-3, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 15, 31}) {
    std::array<std::vector<std::int64_t>, 7> rounded;
    std::int64_t lo = INT64_MAX, hi = INT64_MIN;
    for (std::size_t ri = 0; ri < 7; ++ri) {
      rounded[ri].resize(n);
      for (std::int64_t i = 0; i < n; ++i) {
        std::int64_t c = ref::to_i64(ref::round_shift(first + i, s, ref::all_roundings[ri]));
        rounded[ri][i] = c;
        lo = std::min(lo, c);
        hi = std::max(hi, c);
      }
    }
    const int stride_log = s < 0 ? -s : 0;  // left shifts give only multiples of 2^-s
    std::vector<std::int64_t> table(static_cast<std::size_t>(((hi - lo) >> stride_log) + 1));
    for (Shape sh : small_targets) {
      for (Overflow o : ref::all_overflows) {
        FixedFormat f = make(sh, Rounding::TRN, o);
        for (std::size_t k = 0; k < table.size(); ++k)
          table[k] = ref::to_i64(ref::overflow(lo + (static_cast<std::int64_t>(k) << stride_log), f));
        for (std::size_t ri = 0; ri < 7; ++ri) {
          f.rounding = ref::all_roundings[ri];
          const int from_frac = f.frac() + s;
          for (std::int64_t i = 0; i < n; ++i, ++checked) {
            std::int64_t got = requantize(first + i, from_frac, f);
            std::int64_t want = table[static_cast<std::size_t>((rounded[ri][i] - lo) >> stride_log)];
            if (got != want)
              bad.add(fmt::format("requantize({}, {}, {}) = {}, expected {}", first + i, from_frac, to_string(f), got,
                                  want));
          }
        }
      }
    }
  }
  CHECK(checked == 13u * std::size(small_targets) * 4u * 7u * 65536u);
  bad.report();
}

TEST_CASE("numeric: requantize: every int8 input x relative shifts -8..40 x every target and mode",
          "[numeric][requantize]") {
  Mismatches bad;
  for (Shape sh : small_targets)
    for (Rounding r : ref::all_roundings)
      for (Overflow o : ref::all_overflows) {
        FixedFormat f = make(sh, r, o);
        for (int s = -8; s <= 40; ++s)
          for (std::int64_t v = -128; v <= 127; ++v) {
            std::int64_t got = requantize(v, f.frac() + s, f);
            std::int64_t want = ref::to_i64(ref::requantize(v, f.frac() + s, f));
            if (got != want)
              bad.add(
                  fmt::format("requantize({}, {}, {}) = {}, expected {}", v, f.frac() + s, to_string(f), got, want));
          }
      }
  bad.report();
}

TEST_CASE("numeric: requantize: int32- and int64-range accumulators x shifts 0..40 x every mode",
          "[numeric][requantize]") {
  constexpr Shape targets[] = {{8, 8, true}, {8, 8, false}, {16, 16, true}, {32, 32, true},  {32, 20, true},
                               {6, 2, true}, {5, 1, false}, {64, 64, true}, {64, 40, false}, {24, -4, true}};
  ref::Rng rng(2024);
  std::vector<std::int64_t> values = {0, 1, -1, INT32_MIN, INT32_MAX, INT64_MIN, INT64_MAX, INT64_MIN + 1};
  for (int i = 0; i < 300; ++i) values.push_back(rng.magnitude(32));
  for (int i = 0; i < 300; ++i) values.push_back(rng.magnitude(64));
  Mismatches bad;
  for (std::int64_t v : values)
    for (int s = 0; s <= 40; ++s)
      for (Rounding r : ref::all_roundings) {
        ref::big rounded = ref::round_shift(v, s, r);
        for (Shape sh : targets)
          for (Overflow o : ref::all_overflows) {
            FixedFormat f = make(sh, r, o);
            std::int64_t got = requantize(v, f.frac() + s, f);
            std::int64_t want = ref::as_code(ref::overflow(rounded, f), f);
            if (got != want)
              bad.add(
                  fmt::format("requantize({}, {}, {}) = {}, expected {}", v, f.frac() + s, to_string(f), got, want));
          }
      }
  bad.report();
}

TEST_CASE("numeric: requantize: left shifts far beyond 128 bits saturate, zero or wrap exactly",
          "[numeric][requantize]") {
  constexpr Shape targets[] = {{8, 8, true},   {8, 8, false},   {16, 4, true},
                               {64, 64, true}, {64, 64, false}, {63, 0, true}};
  ref::Rng rng(8);
  std::vector<int128> values = {1, -1, 3, -3, int128_max, int128_min, static_cast<int128>(INT64_MIN)};
  for (int i = 0; i < 40; ++i) values.push_back(rng.i128() >> rng.below(127));
  Mismatches bad;
  for (int128 v : values)
    for (int k : {1, 2, 10, 50, 60, 63, 64, 65, 100, 126, 127, 128, 129, 200, 1000})
      for (Shape sh : targets)
        for (Overflow o : ref::all_overflows) {
          FixedFormat f = make(sh, Rounding::RND_CONV, o);
          std::int64_t got = requantize(v, f.frac() - k, f);
          std::int64_t want = ref::as_code(ref::requantize(ref::from128(v), f.frac() - k, f), f);
          if (got != want)
            bad.add(fmt::format("requantize({}, {}, {}) = {}, expected {}", int128_to_string(v), f.frac() - k,
                                to_string(f), got, want));
        }
  bad.report();
  // 3 * 2^62 in int64 keeps bits 62 and 63 under WRAP: -2^62.
  CHECK(requantize(3, -62, FixedFormat{64, 64, true, Rounding::TRN, Overflow::WRAP}) == -(std::int64_t{1} << 62));
  CHECK(requantize(3, -200, FixedFormat{8, 8, true, Rounding::TRN, Overflow::WRAP}) == 0);
  CHECK(requantize(-3, -200, FixedFormat{8, 8, true, Rounding::TRN, Overflow::SAT}) == -128);
  CHECK(requantize(-3, -200, FixedFormat{8, 8, true, Rounding::TRN, Overflow::SAT_SYM}) == -127);
}

TEST_CASE("numeric: requantize: hand-checked ties and overflows", "[numeric][requantize]") {
  // 2.5 and -2.5 as codes with one fractional bit, to int8 (frac 0) under each mode.
  struct Row {
    Rounding r;
    std::int64_t p25, m25, p35, m35;
  };
  for (Row row :
       {Row{Rounding::TRN, 2, -3, 3, -4}, Row{Rounding::TRN_ZERO, 2, -2, 3, -3}, Row{Rounding::RND, 3, -2, 4, -3},
        Row{Rounding::RND_ZERO, 2, -2, 3, -3}, Row{Rounding::RND_INF, 3, -3, 4, -4},
        Row{Rounding::RND_MIN_INF, 2, -3, 3, -4}, Row{Rounding::RND_CONV, 2, -2, 4, -4}}) {
    FixedFormat f{8, 8, true, row.r, Overflow::SAT};
    INFO(to_string(row.r));
    CHECK(requantize(5, 1, f) == row.p25);
    CHECK(requantize(-5, 1, f) == row.m25);
    CHECK(requantize(7, 1, f) == row.p35);
    CHECK(requantize(-7, 1, f) == row.m35);
  }
  FixedFormat i8{8, 8, true, Rounding::TRN, Overflow::WRAP};
  CHECK(requantize(130, 0, i8) == -126);
  i8.overflow = Overflow::SAT;
  CHECK(requantize(130, 0, i8) == 127);
  i8.overflow = Overflow::SAT_ZERO;
  CHECK(requantize(130, 0, i8) == 0);
  i8.overflow = Overflow::SAT_SYM;
  CHECK(requantize(130, 0, i8) == 127);
  CHECK(requantize(-130, 0, i8) == -127);
  CHECK(requantize(-128, 0, i8) == -128);
  CHECK(requantize(-257, 1, i8) == -127);  // -128.5 rounds (TRN) to -129: an overflow
  // fixed<6,2> (frac 4) from a code with 8 fractional bits: 1.75 + 1/256 -> 28 (1.75), 2.0 -> 31 under SAT.
  FixedFormat f62{6, 2, true, Rounding::RND, Overflow::SAT};
  CHECK(requantize(449, 8, f62) == 28);
  CHECK(requantize(512, 8, f62) == 31);
  f62.overflow = Overflow::WRAP;
  CHECK(requantize(512, 8, f62) == -32);
  // int_format: round half to even, saturate (ONNX QuantizeLinear).
  CHECK(requantize(-385, 1, int_format(8, true)) == -128);  // -192.5
  CHECK(requantize(5, 1, int_format(8, false)) == 2);
  CHECK(requantize(-5, 1, int_format(8, false)) == 0);
}

TEST_CASE("numeric: requantize_scaled: accumulators x multipliers x shifts -4..62 against the rational definition",
          "[numeric][requantize]") {
  constexpr Shape targets[] = {{8, 8, true}, {8, 8, false}, {32, 32, true}, {64, 64, true}};
  ref::Rng rng(99);
  std::vector<std::int64_t> accs = {0, 1, -1, 3, -3, INT32_MIN, INT32_MAX, INT64_MIN, INT64_MAX, 12345, -98765};
  for (int i = 0; i < 50; ++i) accs.push_back(rng.magnitude(32));
  for (int i = 0; i < 50; ++i) accs.push_back(rng.magnitude(64));
  std::vector<std::int32_t> mults = {1 << 30, INT32_MAX, (1 << 30) + 1, 1, 3, 1000, 0, -7, INT32_MIN};
  for (int i = 0; i < 2; ++i) mults.push_back(static_cast<std::int32_t>((1u << 30) | (rng.next() >> 34)));
  for (int i = 0; i < 2; ++i) mults.push_back(static_cast<std::int32_t>(rng.below(256)));
  Mismatches bad;
  std::size_t checked = 0;
  for (std::int64_t acc : accs)
    for (std::int32_t m : mults)
      for (int shift = -4; shift <= 62; ++shift) {
        const ref::rat exact = ref::scaled(ref::big(acc) * m, shift);  // acc * m / 2^shift
        for (Rounding r : ref::all_roundings) {
          ref::big rounded = ref::round_rational(exact, r);
          for (Shape sh : targets)
            for (Overflow o : ref::all_overflows) {
              FixedFormat f = make(sh, r, o);
              std::int64_t got = requantize_scaled(acc, {m, shift}, f);
              std::int64_t want = ref::to_i64(ref::overflow(rounded, f));
              ++checked;
              if (got != want)
                bad.add(fmt::format("requantize_scaled({}, {{{}, {}}}, {}) = {}, expected {}", acc, m, shift,
                                    to_string(f), got, want));
            }
        }
      }
  bad.report();
  CHECK(checked == accs.size() * mults.size() * 67 * 7 * std::size(targets) * 4);
}

TEST_CASE("numeric: requantize_scaled: hand-checked values, products beyond 64 bits, overflow of the product",
          "[numeric][requantize]") {
  FixedFormat f{32, 32, true, Rounding::RND_CONV, Overflow::SAT};
  CHECK(requantize_scaled(1000, {1 << 30, 31}, f) == 500);
  CHECK(requantize_scaled(3, {1 << 30, 31}, f) == 2);  // 1.5 -> 2 (even)
  CHECK(requantize_scaled(5, {1 << 30, 31}, f) == 2);  // 2.5 -> 2 (even)
  CHECK(requantize_scaled(-3, {1 << 30, 31}, f) == -2);
  CHECK(requantize_scaled(5, {3, -2}, f) == 60);  // shift < 0: a left shift
  CHECK(requantize_scaled(123456789, {0, 10}, f) == 0);
  f.rounding = Rounding::RND;
  CHECK(requantize_scaled(-3, {1 << 30, 31}, f) == -1);  // -1.5 -> -1 (toward +inf)
  f.rounding = Rounding::TRN;
  CHECK(requantize_scaled(-3, {1 << 30, 31}, f) == -2);
  // INT64_MAX * (2^31 - 1) needs 94 bits; / 2^62 = 4294967293.99...: TRN 4294967293 saturates in int32.
  CHECK(requantize_scaled(INT64_MAX, {INT32_MAX, 62}, f) == INT32_MAX);
  FixedFormat f64{64, 64, true, Rounding::TRN, Overflow::SAT};
  CHECK(requantize_scaled(INT64_MAX, {INT32_MAX, 62}, f64) == 4294967293);
  CHECK(requantize_scaled(INT64_MIN, {INT32_MIN, 0}, f64) == INT64_MAX);  // 2^94 saturates
  f64.overflow = Overflow::WRAP;
  CHECK(requantize_scaled(INT64_MIN, {INT32_MIN, 0}, f64) == 0);  // 2^94 wraps to 0
  CHECK_THROWS_AS(requantize_scaled(static_cast<int128>(1) << 100, {1 << 30, 0}, f64), std::overflow_error);
  // A real scale through scale_to_multiplier: 0.5 and 0.75 are exact.
  CHECK(requantize_scaled(101, scale_to_multiplier(0.5),
                          FixedFormat{16, 16, true, Rounding::RND_CONV, Overflow::SAT}) == 50);
  CHECK(requantize_scaled(101, scale_to_multiplier(0.75),
                          FixedFormat{16, 16, true, Rounding::RND_CONV, Overflow::SAT}) == 76);
}
