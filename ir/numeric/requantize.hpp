#pragma once
// Conversions between number formats: the single definition of requantization shared by the
// reference interpreter, the AIE backend and the importers. Everything here is exact integer
// arithmetic: a result never depends on floating-point rounding.
#include <cstdint>

#include "ir/numeric/fixed_format.hpp"
#include "ir/numeric/int128.hpp"
#include "ir/numeric/overflow.hpp"
#include "ir/numeric/rounding.hpp"

namespace aiem::num {

// A code v with `from_frac` fractional bits, converted to `to`: round(v / 2^(from_frac - to.frac()))
// with to.rounding (a left shift when to has more fractional bits, which is exact), then
// to.overflow at to.width. A left shift past 128 bits is still handled (it is out of range of every
// format; WRAP keeps its low bits, which are exact).
std::int64_t requantize(int128 v, int from_frac, const FixedFormat& to);

// A non-power-of-two scale as an integer multiplier and a shift: factor = multiplier * 2^-shift
// (shift may be negative, i.e. a left shift). This is the form the AIE's integer datapath applies.
struct ScaleMultiplier {
  std::int32_t multiplier = 0;
  int shift = 0;
  bool operator==(const ScaleMultiplier&) const = default;
};

// round_{to.rounding}(v * multiplier / 2^shift), then to.overflow. The product is formed exactly in
// 128 bits; std::overflow_error if it does not fit (never for a 64-bit v and a 32-bit multiplier).
std::int64_t requantize_scaled(int128 v, ScaleMultiplier m, const FixedFormat& to);

// As requantize_scaled, with `offset` added to the rounded code before to.overflow: ONNX's
// QuantizeLinear, saturate(round(v * scale) + zero_point). Offset 0 gives requantize_scaled.
std::int64_t requantize_scaled(int128 v, ScaleMultiplier m, const FixedFormat& to, std::int64_t offset);

// The nearest multiplier * 2^-shift to `scale` with multiplier in [2^(bits-1), 2^bits) (ties of the
// mantissa to even), or {0, 0} for a zero scale. Exact when scale is an integer below 2^bits times a
// power of two. Relative error <= 2^-bits. std::invalid_argument for a negative or non-finite scale
// or bits outside 1..31.
ScaleMultiplier scale_to_multiplier(double scale, int multiplier_bits = 31);

// A real value to a code of f with f's rounding and overflow, exactly: a finite double is
// m * 2^e with an integer m, so this is a shift_round of m. std::invalid_argument for NaN or inf.
std::int64_t quantize_real(double x, const FixedFormat& f);

// code * 2^-frac. The only inexact function here: codes beyond 2^53 round to the nearest double.
double dequantize(std::int64_t code, const FixedFormat& f);

// x lies exactly on f's grid (a multiple of 2^-frac) and within f's range. False for NaN and inf.
bool is_representable(double x, const FixedFormat& f);

}  // namespace aiem::num
