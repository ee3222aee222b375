// shift_round, div_round and apply_overflow against the big-number definition in reference_model.hpp:
// exhaustively over int16 inputs (which include every int8 input), on random accumulator-sized and
// 128-bit values, and on hand-checked literal cases.
#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <vector>

#include "ir/numeric/overflow.hpp"
#include "ir/numeric/rounding.hpp"
#include "tests/numeric/mismatches.hpp"
#include "tests/numeric/reference_model.hpp"

using namespace aiem::num;
namespace ref = aiem::num::testref;

namespace {
using ref::Mismatches;
std::string s128(int128 v) { return int128_to_string(v); }
}  // namespace

TEST_CASE("numeric: shift_round: every int16 input, every mode, shifts -3..16, 31, 40", "[numeric][rounding]") {
  Mismatches bad;
  std::size_t checked = 0;
  for (Rounding r : ref::all_roundings) {
    for (int s : {-3, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 31, 40}) {
      for (std::int64_t v = -32768; v <= 32767; ++v, ++checked) {
        auto got = static_cast<std::int64_t>(shift_round(v, s, r));
        auto want = ref::to_i64(ref::round_shift(v, s, r));
        if (got != want)
          bad.add(fmt::format("shift_round({}, {}, {}) = {}, expected {}", v, s, to_string(r), got, want));
      }
    }
  }
  CHECK(checked == 7u * 21u * 65536u);
  bad.report();
}

TEST_CASE("numeric: rounding: hand-checked ties and non-ties for every mode", "[numeric][rounding]") {
  // x = code / 4:      2.5  -2.5  3.5  -3.5  0.5  -0.5  2.25  -2.75  -0.25
  const std::int64_t codes[] = {10, -10, 14, -14, 2, -2, 9, -11, -1};
  struct Row {
    Rounding r;
    std::int64_t want[9];
  };
  const Row rows[] = {
      {Rounding::TRN, {2, -3, 3, -4, 0, -1, 2, -3, -1}},         // floor
      {Rounding::TRN_ZERO, {2, -2, 3, -3, 0, 0, 2, -2, 0}},      // toward zero
      {Rounding::RND, {3, -2, 4, -3, 1, 0, 2, -3, 0}},           // ties toward +inf
      {Rounding::RND_ZERO, {2, -2, 3, -3, 0, 0, 2, -3, 0}},      // ties toward zero
      {Rounding::RND_INF, {3, -3, 4, -4, 1, -1, 2, -3, 0}},      // ties away from zero
      {Rounding::RND_MIN_INF, {2, -3, 3, -4, 0, -1, 2, -3, 0}},  // ties toward -inf
      {Rounding::RND_CONV, {2, -2, 4, -4, 0, 0, 2, -3, 0}},      // ties to even
  };
  for (const Row& row : rows) {
    for (int i = 0; i < 9; ++i) {
      INFO(fmt::format("{} / 4 under {}", codes[i], to_string(row.r)));
      CHECK(static_cast<std::int64_t>(shift_round(codes[i], 2, row.r)) == row.want[i]);
      CHECK(static_cast<std::int64_t>(div_round(codes[i], 4, row.r)) == row.want[i]);
      CHECK(static_cast<std::int64_t>(div_round(codes[i] * 3, 12, row.r)) == row.want[i]);  // non-power-of-two den
    }
  }
  // Exact quotients are untouched by every mode; left shifts are exact.
  for (Rounding r : ref::all_roundings) {
    CHECK(static_cast<std::int64_t>(shift_round(-12, 2, r)) == -3);
    CHECK(static_cast<std::int64_t>(shift_round(-3, -2, r)) == -12);
    CHECK(static_cast<std::int64_t>(shift_round(7, 0, r)) == 7);
    CHECK(static_cast<std::int64_t>(div_round(1, 3, r)) == 0);
    CHECK(static_cast<std::int64_t>(div_round(2, 3, r)) == (r == Rounding::TRN || r == Rounding::TRN_ZERO ? 0 : 1));
    CHECK(static_cast<std::int64_t>(div_round(-2, 3, r)) == (r == Rounding::TRN        ? -1
                                                             : r == Rounding::TRN_ZERO ? 0
                                                                                       : -1));
  }
}

TEST_CASE("numeric: shift_round: random int32- and int64-range accumulators, shifts 0..70", "[numeric][rounding]") {
  ref::Rng rng(12345);
  Mismatches bad;
  for (int i = 0; i < 4000; ++i) {
    std::int64_t v = i % 2 == 0 ? rng.magnitude(31) : rng.magnitude(64);
    for (int s = 0; s <= 70; ++s) {
      for (Rounding r : ref::all_roundings) {
        auto got = shift_round(v, s, r);
        ref::big want = ref::round_shift(v, s, r);
        if (ref::from128(got) != want)
          bad.add(
              fmt::format("shift_round({}, {}, {}) = {}, expected {}", v, s, to_string(r), s128(got), ref::str(want)));
      }
    }
  }
  bad.report();
}

TEST_CASE("numeric: shift_round: 128-bit values, shifts up to 300, and the extreme edges", "[numeric][rounding]") {
  ref::Rng rng(777);
  Mismatches bad;
  std::vector<int128> values = {int128_min,
                                int128_min + 1,
                                -(static_cast<int128>(1) << 126),
                                -3,
                                -2,
                                -1,
                                0,
                                1,
                                2,
                                3,
                                static_cast<int128>(1) << 126,
                                (static_cast<int128>(1) << 126) + 1,
                                int128_max,
                                int128_max - 1,
                                (static_cast<int128>(3) << 125),
                                -(static_cast<int128>(3) << 125)};
  for (int i = 0; i < 1500; ++i) {
    int128 v = rng.i128();
    values.push_back(v >> rng.below(127));
  }
  std::vector<int> shifts;
  for (int s = 0; s <= 130; ++s) shifts.push_back(s);
  for (int s : {150, 200, 255, 256, 300, 100000}) shifts.push_back(s);
  for (int128 v : values) {
    ref::big bv = ref::from128(v);
    for (int s : shifts) {
      for (Rounding r : ref::all_roundings) {
        auto got = shift_round(v, s, r);
        ref::big want = ref::round_shift(bv, s, r);
        if (ref::from128(got) != want)
          bad.add(fmt::format("shift_round({}, {}, {}) = {}, expected {}", s128(v), s, to_string(r), s128(got),
                              ref::str(want)));
      }
    }
  }
  bad.report();
  // The only tie among the all-shifted-out cases: -2^127 / 2^128 = -1/2.
  CHECK(shift_round(int128_min, 128, Rounding::RND) == 0);
  CHECK(shift_round(int128_min, 128, Rounding::RND_MIN_INF) == -1);
  CHECK(shift_round(int128_min, 128, Rounding::RND_CONV) == 0);
  CHECK(shift_round(int128_min, 128, Rounding::RND_INF) == -1);
  CHECK(shift_round(int128_min, 127, Rounding::TRN_ZERO) == -1);  // exact: -2^127 / 2^127
  CHECK(shift_round(-1, 1000, Rounding::TRN) == -1);              // floor of a tiny negative value
  CHECK(shift_round(1, 1000, Rounding::TRN) == 0);
}

TEST_CASE("numeric: shift_round: left shifts are exact up to the 128-bit limit and throw beyond it",
          "[numeric][rounding]") {
  CHECK(shift_round(1, -126, Rounding::TRN) == static_cast<int128>(1) << 126);
  CHECK(shift_round(-1, -127, Rounding::TRN) == int128_min);
  CHECK(shift_round(-(static_cast<int128>(1) << 63), -64, Rounding::TRN) == int128_min);
  CHECK(shift_round(0, -100000, Rounding::TRN) == 0);
  CHECK_THROWS_AS(shift_round(1, -127, Rounding::TRN), std::overflow_error);
  CHECK_THROWS_AS(shift_round(3, -126, Rounding::TRN), std::overflow_error);
  CHECK_THROWS_AS(shift_round(-1, -128, Rounding::TRN), std::overflow_error);
  CHECK_THROWS_AS(shift_round(static_cast<int128>(1) << 63, -64, Rounding::TRN), std::overflow_error);
  ref::Rng rng(4242);
  Mismatches bad;
  for (int i = 0; i < 20000; ++i) {
    int128 v = rng.i128() >> rng.below(128);
    int k = static_cast<int>(rng.below(128));
    ref::big want = ref::round_shift(ref::from128(v), -k, Rounding::TRN);
    bool fits = want >= ref::from128(int128_min) && want <= ref::from128(int128_max);
    if (fits) {
      if (ref::from128(shift_round(v, -k, Rounding::RND_CONV)) != want) bad.add(fmt::format("{} << {}", s128(v), k));
    } else {
      bool threw = false;
      try {
        (void)shift_round(v, -k, Rounding::RND_CONV);
      } catch (const std::overflow_error&) {
        threw = true;
      }
      if (!threw) bad.add(fmt::format("{} << {} should throw", s128(v), k));
    }
  }
  bad.report();
}

TEST_CASE("numeric: div_round: random numerators and denominators against the rational definition",
          "[numeric][rounding]") {
  ref::Rng rng(31337);
  Mismatches bad;
  for (int i = 0; i < 3000; ++i) {
    int128 num = i % 3 == 0 ? static_cast<int128>(rng.magnitude(40)) : rng.i128() >> rng.below(127);
    int128 den = i % 4 == 0 ? static_cast<int128>(rng.below(20) + 1) : (rng.i128() >> rng.below(127));
    if (den < 0) den = -(den + 1);
    if (den == 0) den = 1;
    if (i % 5 == 0) {  // exact ties: an odd multiple of den/2
      den = 2 * (rng.below(1000) + 1);
      num = den * (rng.below(7) - 3) + (den / 2) * (i % 2 == 0 ? 1 : -1);
    }
    ref::rat x(ref::from128(num), ref::from128(den));
    for (Rounding r : ref::all_roundings) {
      ref::big want = ref::round_rational(x, r);
      if (ref::from128(div_round(num, den, r)) != want)
        bad.add(fmt::format("div_round({}, {}, {}), expected {}", s128(num), s128(den), to_string(r), ref::str(want)));
    }
  }
  bad.report();
  CHECK(div_round(int128_max, int128_max, Rounding::TRN) == 1);
  CHECK(div_round(int128_min, int128_max, Rounding::TRN) == -2);
  CHECK(div_round(int128_min, int128_max, Rounding::RND_CONV) == -1);
  CHECK(div_round(int128_min, 1, Rounding::RND) == int128_min);
  CHECK_THROWS_AS(div_round(1, 0, Rounding::TRN), std::invalid_argument);
  CHECK_THROWS_AS(div_round(1, -2, Rounding::TRN), std::invalid_argument);
}

TEST_CASE("numeric: reference model: the two rounding definitions agree", "[numeric][rounding]") {
  // The exhaustive tests use the fast big-integer rule; the rational rule is the more literal one.
  ref::Rng rng(5);
  Mismatches bad;
  for (int i = 0; i < 4000; ++i) {
    ref::big v = rng.magnitude(64);
    int s = static_cast<int>(rng.below(70)) - 4;
    for (Rounding r : ref::all_roundings) {
      ref::big a = ref::round_shift(v, s, r), b = ref::round_rational(ref::scaled(v, s), r);
      if (a != b)
        bad.add(fmt::format("{} / 2^{} {}: {} vs {}", ref::str(v), s, to_string(r), ref::str(a), ref::str(b)));
    }
  }
  bad.report();
}

TEST_CASE("numeric: apply_overflow: every int16 input, widths 1..16, all modes, signed and unsigned",
          "[numeric][overflow]") {
  Mismatches bad;
  for (Overflow o : ref::all_overflows) {
    for (bool sgn : {true, false}) {
      for (int w = 1; w <= 16; ++w) {
        for (std::int64_t v = -32768; v <= 32767; ++v) {
          std::int64_t got = apply_overflow(v, w, sgn, o);
          std::int64_t want = ref::to_i64(ref::overflow(v, w, sgn, o));
          if (got != want)
            bad.add(
                fmt::format("apply_overflow({}, {}, {}, {}) = {}, expected {}", v, w, sgn, to_string(o), got, want));
        }
      }
    }
  }
  bad.report();
}

TEST_CASE("numeric: apply_overflow: widths 1..64 at every range edge and on random 128-bit values",
          "[numeric][overflow]") {
  ref::Rng rng(99);
  Mismatches bad;
  for (int w = 1; w <= 64; ++w) {
    for (bool sgn : {true, false}) {
      std::vector<int128> values;
      for (int128 edge : {range_min(w, sgn), range_max(w, sgn), -range_max(w, sgn), static_cast<int128>(0),
                          static_cast<int128>(1) << w, -(static_cast<int128>(1) << w)})
        for (int d = -3; d <= 3; ++d) values.push_back(edge + d);
      for (int i = 0; i < 300; ++i) values.push_back(rng.i128() >> rng.below(127));
      values.push_back(int128_min);
      values.push_back(int128_max);
      FixedFormat f{w, w, sgn, Rounding::TRN, Overflow::WRAP};
      for (Overflow o : ref::all_overflows) {
        f.overflow = o;
        for (int128 v : values) {
          std::int64_t got = apply_overflow(v, w, sgn, o);
          std::int64_t want = ref::as_code(ref::overflow(ref::from128(v), f), f);
          if (got != want)
            bad.add(fmt::format("apply_overflow({}, {}, {}, {}) = {}, expected {}", s128(v), w, sgn, to_string(o), got,
                                want));
        }
      }
    }
  }
  bad.report();
}

TEST_CASE("numeric: apply_overflow: hand-checked cases for each mode", "[numeric][overflow]") {
  // int8
  CHECK(apply_overflow(130, 8, true, Overflow::WRAP) == -126);
  CHECK(apply_overflow(130, 8, true, Overflow::SAT) == 127);
  CHECK(apply_overflow(130, 8, true, Overflow::SAT_ZERO) == 0);
  CHECK(apply_overflow(130, 8, true, Overflow::SAT_SYM) == 127);
  CHECK(apply_overflow(-130, 8, true, Overflow::WRAP) == 126);
  CHECK(apply_overflow(-130, 8, true, Overflow::SAT) == -128);
  CHECK(apply_overflow(-130, 8, true, Overflow::SAT_ZERO) == 0);
  CHECK(apply_overflow(-130, 8, true, Overflow::SAT_SYM) == -127);
  CHECK(apply_overflow(-129, 8, true, Overflow::SAT_SYM) == -127);
  for (Overflow o : ref::all_overflows) {
    CHECK(apply_overflow(-128, 8, true, o) == -128);  // min itself is not an overflow, even for SAT_SYM
    CHECK(apply_overflow(127, 8, true, o) == 127);
  }
  CHECK(apply_overflow(256, 8, true, Overflow::WRAP) == 0);
  CHECK(apply_overflow(255, 8, true, Overflow::WRAP) == -1);
  // uint8
  CHECK(apply_overflow(300, 8, false, Overflow::WRAP) == 44);
  CHECK(apply_overflow(300, 8, false, Overflow::SAT) == 255);
  CHECK(apply_overflow(300, 8, false, Overflow::SAT_ZERO) == 0);
  CHECK(apply_overflow(300, 8, false, Overflow::SAT_SYM) == 255);
  CHECK(apply_overflow(-5, 8, false, Overflow::WRAP) == 251);
  CHECK(apply_overflow(-5, 8, false, Overflow::SAT) == 0);
  CHECK(apply_overflow(-5, 8, false, Overflow::SAT_SYM) == 0);
  // declared width below the container: fixed<6,*> is held in an int8 but overflows at 6 bits
  CHECK(apply_overflow(40, 6, true, Overflow::WRAP) == -24);
  CHECK(apply_overflow(40, 6, true, Overflow::SAT) == 31);
  CHECK(apply_overflow(-40, 6, true, Overflow::SAT_SYM) == -31);
  CHECK(apply_overflow(-32, 6, true, Overflow::SAT_SYM) == -32);
  CHECK(apply_overflow(-1, 5, false, Overflow::SAT_SYM) == 0);
  CHECK(apply_overflow(2, 1, true, Overflow::WRAP) == 0);
  CHECK(apply_overflow(3, 1, true, Overflow::WRAP) == -1);
  // 64 bits
  const int128 two63 = static_cast<int128>(1) << 63;
  CHECK(apply_overflow(two63, 64, true, Overflow::WRAP) == INT64_MIN);
  CHECK(apply_overflow(two63, 64, true, Overflow::SAT) == INT64_MAX);
  CHECK(apply_overflow(-two63 - 1, 64, true, Overflow::SAT) == INT64_MIN);
  CHECK(apply_overflow(-two63 - 1, 64, true, Overflow::SAT_SYM) == -INT64_MAX);
  CHECK(apply_overflow(-two63, 64, true, Overflow::SAT_SYM) == INT64_MIN);
  CHECK(apply_overflow(static_cast<int128>(1) << 70, 64, true, Overflow::SAT) == INT64_MAX);
  CHECK(apply_overflow(two63, 64, false, Overflow::SAT) == INT64_MIN);  // 2^63 in range: its bit pattern
  CHECK(apply_overflow(2 * two63, 64, false, Overflow::SAT) == -1);     // clamped to 2^64 - 1
  CHECK(apply_overflow(2 * two63 + 5, 64, false, Overflow::WRAP) == 5);
  CHECK_THROWS_AS(apply_overflow(0, 0, true, Overflow::SAT), std::invalid_argument);
  CHECK_THROWS_AS(apply_overflow(0, 65, true, Overflow::SAT), std::invalid_argument);
}
