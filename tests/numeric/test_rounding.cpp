// shift_round and apply_overflow against the big-integer definition, exhaustively over int8 and
// int16 inputs.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "ir/numeric/overflow.hpp"
#include "ir/numeric/rounding.hpp"
#include "tests/numeric/reference_model.hpp"

using namespace aiem::num;
namespace ref = aiem::num::testref;

namespace {
std::int64_t to_i64(const ref::big& b) { return b.convert_to<std::int64_t>(); }
}  // namespace

TEST_CASE("shift_round: every int16 input, every mode, shifts -3..16 and 31", "[numeric]") {
  for (Rounding r : ref::all_roundings) {
    for (int s : {-3, -1, 0, 1, 2, 3, 4, 5, 7, 8, 9, 12, 15, 16, 31}) {
      for (std::int64_t v = -32768; v <= 32767; ++v) {
        auto got = static_cast<std::int64_t>(shift_round(v, s, r));
        auto want = to_i64(ref::round_shift(v, s, r));
        if (got != want) FAIL(fmt::format("shift_round({}, {}, {}) = {}, expected {}", v, s, to_string(r), got, want));
      }
    }
  }
  SUCCEED();
}

TEST_CASE("shift_round: ties on known values", "[numeric]") {
  // 2.5 and -2.5 as code 5 / -5 with one fractional bit.
  struct Case {
    Rounding r;
    std::int64_t pos, neg;
  };
  for (auto c : {Case{Rounding::TRN, 2, -3}, Case{Rounding::TRN_ZERO, 2, -2}, Case{Rounding::RND, 3, -2},
                 Case{Rounding::RND_ZERO, 2, -2}, Case{Rounding::RND_INF, 3, -3}, Case{Rounding::RND_MIN_INF, 2, -3},
                 Case{Rounding::RND_CONV, 2, -2}}) {
    CHECK(static_cast<std::int64_t>(shift_round(5, 1, c.r)) == c.pos);
    CHECK(static_cast<std::int64_t>(shift_round(-5, 1, c.r)) == c.neg);
  }
  CHECK(static_cast<std::int64_t>(shift_round(7, 1, Rounding::RND_CONV)) == 4);   // 3.5 -> 4
  CHECK(static_cast<std::int64_t>(shift_round(-7, 1, Rounding::RND_CONV)) == -4);
}

TEST_CASE("shift_round: accumulator-sized values and huge shifts", "[numeric]") {
  std::uint64_t state = 12345;
  auto next = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return state;
  };
  for (int i = 0; i < 20000; ++i) {
    auto v = static_cast<std::int64_t>(next());
    int s = static_cast<int>(next() % 70);
    for (Rounding r : ref::all_roundings) {
      auto got = static_cast<std::int64_t>(shift_round(v, s, r));
      auto want = to_i64(ref::round_shift(v, s, r));
      REQUIRE(got == want);
    }
  }
  for (int s : {100, 121, 126, 127, 200}) {
    for (Rounding r : ref::all_roundings) {
      for (std::int64_t v : {INT64_MIN, std::int64_t{-1}, std::int64_t{0}, std::int64_t{1}, INT64_MAX}) {
        INFO(fmt::format("v={} s={} r={}", v, s, to_string(r)));
        REQUIRE(static_cast<std::int64_t>(shift_round(v, s, r)) == to_i64(ref::round_shift(v, s, r)));
      }
    }
  }
}

TEST_CASE("apply_overflow: every int16 input, widths 1..16, all modes, signed and unsigned", "[numeric]") {
  for (Overflow o : ref::all_overflows) {
    for (bool sgn : {true, false}) {
      for (int w = 1; w <= 16; ++w) {
        for (std::int64_t v = -32768; v <= 32767; ++v) {
          std::int64_t got = apply_overflow(v, w, sgn, o);
          std::int64_t want = to_i64(ref::overflow(v, w, sgn, o));
          if (got != want)
            FAIL(fmt::format("apply_overflow({}, {}, {}, {}) = {}, expected {}", v, w, sgn, to_string(o), got, want));
        }
      }
    }
  }
  SUCCEED();
}

TEST_CASE("apply_overflow: the four modes on int8 edges", "[numeric]") {
  CHECK(apply_overflow(130, 8, true, Overflow::WRAP) == -126);
  CHECK(apply_overflow(130, 8, true, Overflow::SAT) == 127);
  CHECK(apply_overflow(130, 8, true, Overflow::SAT_ZERO) == 0);
  CHECK(apply_overflow(130, 8, true, Overflow::SAT_SYM) == 127);
  CHECK(apply_overflow(-130, 8, true, Overflow::SAT) == -128);
  CHECK(apply_overflow(-130, 8, true, Overflow::SAT_SYM) == -127);
  CHECK(apply_overflow(-128, 8, true, Overflow::SAT_SYM) == -128);  // min itself is not an overflow
  CHECK(apply_overflow(40, 6, true, Overflow::WRAP) == -24);        // fixed<6,*> held in an int8
  CHECK(apply_overflow(-1, 5, false, Overflow::SAT_SYM) == 0);
  CHECK(apply_overflow(static_cast<int128>(1) << 70, 64, true, Overflow::SAT) == INT64_MAX);
}
