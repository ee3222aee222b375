#pragma once
// Conversions between number formats: the single definition of requantization shared by the
// reference interpreter, the AIE backend and the importers.
#include "ir/numeric/int128.hpp"
#include <cstdint>

#include "ir/numeric/fixed_format.hpp"
#include "ir/numeric/overflow.hpp"
#include "ir/numeric/rounding.hpp"

namespace aiem::num {

// A code with `from_frac` fractional bits, converted to `to` (its rounding, then its overflow).
std::int64_t requantize(int128 v, int from_frac, const FixedFormat& to);

// A non-power-of-two scale as an integer multiplier and a shift: factor = multiplier * 2^-shift.
struct ScaleMultiplier {
  std::int32_t multiplier = 0;
  int shift = 0;
  bool operator==(const ScaleMultiplier&) const = default;
};

// round_{to.rounding}(v * multiplier / 2^shift), then to's overflow; the product is exact.
std::int64_t requantize_scaled(int128 v, ScaleMultiplier m, const FixedFormat& to);

// The nearest multiplier in [2^(bits-1), 2^bits) (ties to even) and its shift for a scale >= 0.
ScaleMultiplier scale_to_multiplier(double scale, int multiplier_bits = 31);

// A real value to a code of f, exactly (a finite double is a dyadic rational).
std::int64_t quantize_real(double x, const FixedFormat& f);
double dequantize(std::int64_t code, const FixedFormat& f);
// x is on f's grid and in its range.
bool is_representable(double x, const FixedFormat& f);

}  // namespace aiem::num
