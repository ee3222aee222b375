// The dense extension the importer needs: `scale: M >> S` (or one per unit) and `zero: Z`.
// Semantics on codes, the printed IR, and every diagnostic of the new syntax.
#include <catch2/catch.hpp>

#include "aiem/aiem.hpp"
#include "ir/numeric/requantize.hpp"

namespace {

std::string errors_of(const std::string& text) {
  auto r = aiem::parse(text, "bad.aiem");
  REQUIRE_FALSE(r.ok());
  return r.rendered;
}

}  // namespace

TEST_CASE("requantize_scaled with an offset: round, then add the zero point, then saturate", "[numeric][import]") {
  using aiem::num::requantize_scaled;
  const auto u8 = aiem::num::int_format(8, false);
  // 5 * 3 / 2 = 7.5 -> 8 (ties to even), + 10 = 18.
  CHECK(requantize_scaled(5, {3, 1}, u8, 10) == 18);
  // The zero point is added after rounding: 2.5 -> 2, + 1 = 3 (not round(3.5) = 4).
  CHECK(requantize_scaled(5, {1, 1}, u8, 1) == 3);
  // Saturation applies to the offset code.
  CHECK(requantize_scaled(300, {1, 0}, u8, 10) == 255);
  CHECK(requantize_scaled(-300, {1, 0}, u8, 10) == 0);
  CHECK(requantize_scaled(-5, {1, 0}, u8, 10) == 5);
  CHECK(requantize_scaled(7, {3, 0}, u8, 0) == requantize_scaled(7, {3, 0}, u8));
}

TEST_CASE("dense with scale and zero point: codes, fused relu at the zero point, printed IR", "[import][dsl]") {
  auto r = aiem::parse(R"(model m {
    batch 1
    input x : int8[2]
    y = dense(x, 3, w: int8 from [[1, 2, -1], [3, -4, 1]], b: int32 from [10, 0, -3],
              scale: [3 >> 2, 1 >> 0, 5 >> 3], zero: 20) -> uint8 |> relu
    output y
  })");
  INFO(r.rendered);
  REQUIRE(r.ok());
  // acc = [1*4 + 3*5 + 10, 2*4 - 4*5, -4 + 5 - 3] = [29, -12, -2]
  // y = max(round(acc * scale) + 20, 20) = [round(21.75) + 20, max(-12 + 20, 20), max(round(-1.25) + 20, 20)]
  auto out = aiem::run(*r.model, {{"x", aiem::Tensor::from_codes({1, 2}, {4, 5})}});
  CHECK(out.at(0).codes == std::vector<std::int64_t>{42, 20, 20});
  CHECK(r.model->ir_text().find("scale=[3>>2,1>>0,5>>3] zero=20 relu") != std::string::npos);
  auto one = aiem::parse(R"(model m { input x : int8[2]
    y = dense(x, 1, w: int8 from [[1], [1]], scale: 1717986918 >> 35) -> int8  output y })");
  REQUIRE(one.ok());
  CHECK(one.model->ir_text().find("scale=1717986918>>35 acc=") != std::string::npos);
  // 100 * 0.05 = 5 exactly representable? 1717986918 / 2^35 = 0.05 - 1e-11: 99+101 = 200 -> 9.99.. -> 10
  auto o = aiem::run(*one.model, {{"x", aiem::Tensor::from_codes({1, 2}, {99, 101})}});
  CHECK(o.at(0).codes == std::vector<std::int64_t>{10});
}

TEST_CASE("scale and zero point diagnostics", "[import][dsl][diagnostics]") {
  CHECK(errors_of("model m {\n"
                  "  input x : uint8[4]\n"
                  "  y = dense(x, 3, w: int8 from random(1), scale: [1 >> 3, 2]) -> uint8\n"
                  "  y2 = dense(x, 3, w: int8 from random(1), scale: 0 >> 3) -> uint8\n"
                  "  y3 = dense(x, 3, w: int8 from random(1), scale: 7) -> uint8\n"
                  "  y4 = dense(x, 3, w: int8 from random(1), scale: 1 >> 200) -> uint8\n"
                  "  y5 = dense(x, 3, w: int8 from random(1), zero: 300) -> uint8\n"
                  "  output y\n"
                  "}\n") ==
        "bad.aiem:3:50: error: a per-unit scale needs one entry per unit: 'y' has 3 units, the list has 2 entries\n"
        "  y = dense(x, 3, w: int8 from random(1), scale: [1 >> 3, 2]) -> uint8\n"
        "                                                 ^~~~~~~~~~~\n"
        "bad.aiem:4:51: error: scale multiplier must be between 1 and 2147483647 (2^31 - 1), got 0\n"
        "  y2 = dense(x, 3, w: int8 from random(1), scale: 0 >> 3) -> uint8\n"
        "                                                  ^\n"
        "bad.aiem:5:51: error: expected a scale 'MULTIPLIER >> SHIFT', e.g. 'scale: 1234567 >> 38'\n"
        "  y3 = dense(x, 3, w: int8 from random(1), scale: 7) -> uint8\n"
        "                                                  ^\n"
        "bad.aiem:6:56: error: scale shift must be between -64 and 127, got 200\n"
        "  y4 = dense(x, 3, w: int8 from random(1), scale: 1 >> 200) -> uint8\n"
        "                                                       ^~~\n"
        "bad.aiem:7:50: error: zero point 300 is not a code of the result type uint8 (0 .. 255)\n"
        "  y5 = dense(x, 3, w: int8 from random(1), zero: 300) -> uint8\n"
        "                                                 ^~~\n");
  CHECK(errors_of("model m {\n"
                  "  input x : uint8[4]\n"
                  "  y = dense(x, 3, w: int8 from random(1), scale: 5 >>) -> uint8\n"
                  "  output y\n"
                  "}\n") ==
        "bad.aiem:3:54: error: expected number, found ')'\n"
        "  y = dense(x, 3, w: int8 from random(1), scale: 5 >>) -> uint8\n"
        "                                                     ^\n");
  // A relu that cannot be fused would clamp offset codes at 0 instead of at the zero point.
  CHECK(errors_of("model m {\n"
                  "  input x : uint8[4]\n"
                  "  y = dense(x, 3, w: int8 from random(1), zero: 3) -> uint8 |> relu -> int8\n"
                  "  output y\n"
                  "}\n")
            .find("error: relu 'y.relu' cannot be applied on its own to 'y.dense', whose codes are offset by its zero "
                  "point 3; chain it as '|> relu' with the same result type so that it is fused") != std::string::npos);
}
