// requantize, requantize_scaled, scale_to_multiplier and quantize_real.
#include <catch2/catch.hpp>
#include <cmath>
#include <fmt/format.h>

#include "ir/numeric/requantize.hpp"
#include "tests/numeric/reference_model.hpp"

using namespace aiem::num;
namespace ref = aiem::num::testref;

namespace {
std::int64_t to_i64(const ref::big& b) { return b.convert_to<std::int64_t>(); }

std::vector<FixedFormat> targets() {
  std::vector<FixedFormat> out;
  struct Shape {
    int w, i;
    bool s;
  };
  for (auto sh : {Shape{8, 8, true}, Shape{8, 8, false}, Shape{16, 16, true}, Shape{6, 2, true}, Shape{5, 1, false},
                  Shape{2, 1, true}, Shape{3, 1, true}, Shape{12, 4, true}, Shape{32, 20, true}, Shape{8, 3, true}})
    for (Rounding r : ref::all_roundings)
      for (Overflow o : ref::all_overflows) out.push_back(FixedFormat{sh.w, sh.i, sh.s, r, o});
  return out;
}
}  // namespace

TEST_CASE("requantize: every int8 and int16 input into every target format and mode", "[numeric]") {
  auto fmts = targets();
  for (const auto& f : fmts) {
    for (int from_frac : {f.frac() - 2, f.frac(), f.frac() + 1, f.frac() + 3, f.frac() + 7}) {
      std::int64_t lo = -32768, hi = 32767, step = 1;
      if (from_frac != f.frac() + 3) step = 3;  // every int16 for one shift, every third for the others
      for (std::int64_t v = lo; v <= hi; v += step) {
        std::int64_t got = requantize(v, from_frac, f);
        std::int64_t want = to_i64(ref::requantize(v, from_frac, f));
        if (got != want) FAIL(fmt::format("requantize({}, {}, {}) = {}, expected {}", v, from_frac, to_string(f), got, want));
      }
      for (std::int64_t v = -128; v <= 127; ++v)
        REQUIRE(requantize(v, from_frac, f) == to_i64(ref::requantize(v, from_frac, f)));
    }
  }
  SUCCEED();
}

TEST_CASE("requantize_scaled: exact product of accumulator and multiplier", "[numeric]") {
  std::uint64_t state = 99;
  auto next = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return state;
  };
  for (int i = 0; i < 4000; ++i) {
    auto acc = static_cast<std::int64_t>(next()) >> (next() % 40);
    std::int32_t m = i % 3 == 0 ? (1 << 30) : i % 3 == 1 ? INT32_MAX : static_cast<std::int32_t>(next() % 100000);
    int shift = static_cast<int>(next() % 63);
    for (Rounding r : ref::all_roundings) {
      FixedFormat f{16, 10, true, r, Overflow::SAT};
      ref::big prod = ref::big(acc) * m;
      std::int64_t want = to_i64(ref::overflow(ref::round_shift(prod, shift, r), 16, true, Overflow::SAT));
      REQUIRE(requantize_scaled(acc, {m, shift}, f) == want);
    }
  }
}

TEST_CASE("scale_to_multiplier: powers of two exact, others within half an ulp of the multiplier", "[numeric]") {
  for (int e = -40; e <= 10; ++e) {
    auto m = scale_to_multiplier(std::ldexp(1.0, e));
    CHECK(std::ldexp(static_cast<double>(m.multiplier), -m.shift) == std::ldexp(1.0, e));
  }
  for (double s : {0.0123, 0.5 / 3, 1.7, 1e-6, 0.999999999}) {
    auto m = scale_to_multiplier(s);
    double approx = std::ldexp(static_cast<double>(m.multiplier), -m.shift);
    CHECK(std::abs(approx - s) <= s * std::ldexp(1.0, -30));
  }
  CHECK(scale_to_multiplier(0.0) == ScaleMultiplier{0, 0});
  CHECK_THROWS_AS(scale_to_multiplier(-1.0), std::invalid_argument);
  CHECK_THROWS_AS(scale_to_multiplier(std::nan("")), std::invalid_argument);
}

TEST_CASE("quantize_real: exact on dyadic values, every int8 code and the ties between them", "[numeric]") {
  for (Rounding r : ref::all_roundings) {
    for (Overflow o : ref::all_overflows) {
      FixedFormat f{8, 3, true, r, o};
      for (std::int64_t twice = -600; twice <= 600; ++twice) {  // x = twice/2 codes: every code and every tie
        double x = std::ldexp(static_cast<double>(twice), -1 - f.frac());
        std::int64_t want = to_i64(ref::requantize(twice, f.frac() + 1, f));
        REQUIRE(quantize_real(x, f) == want);
      }
    }
  }
  FixedFormat f{6, 2, true, Rounding::RND, Overflow::SAT};
  CHECK(quantize_real(0.3, f) == 5);    // 0.3 * 16 = 4.8
  CHECK(quantize_real(1e300, f) == 31);
  CHECK(quantize_real(-1e300, f) == -32);
  CHECK(quantize_real(1e-300, f) == 0);
  CHECK_THROWS_AS(quantize_real(std::nan(""), f), std::invalid_argument);
  CHECK(is_representable(0.25, f));
  CHECK_FALSE(is_representable(0.3, f));
  CHECK_FALSE(is_representable(2.0, f));  // out of range of fixed<6,2>
  CHECK(dequantize(-32, f) == -2.0);
}
