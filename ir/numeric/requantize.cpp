#include "ir/numeric/requantize.hpp"

#include <cmath>
#include <stdexcept>

namespace aiem::num {

std::int64_t requantize(int128 v, int from_frac, const FixedFormat& to) {
  return apply_overflow(shift_round(v, from_frac - to.frac(), to.rounding), to.width, to.is_signed, to.overflow);
}

std::int64_t requantize_scaled(int128 v, ScaleMultiplier m, const FixedFormat& to) {
  int128 product = v * m.multiplier;
  return apply_overflow(shift_round(product, m.shift, to.rounding), to.width, to.is_signed, to.overflow);
}

ScaleMultiplier scale_to_multiplier(double scale, int bits) {
  if (!std::isfinite(scale) || scale < 0) throw std::invalid_argument("scale_to_multiplier: scale must be finite and >= 0");
  if (bits < 2 || bits > 31) throw std::invalid_argument("scale_to_multiplier: multiplier bits must be 2..31");
  if (scale == 0) return {0, 0};
  // scale = m53 * 2^e exactly, with m53 a 53-bit integer.
  int e = 0;
  double frac = std::frexp(scale, &e);  // scale = frac * 2^e, frac in [0.5, 1)
  auto m53 = static_cast<std::int64_t>(std::ldexp(frac, 53));
  e -= 53;
  // Keep `bits` significant bits: drop 53 - bits with round-half-to-even.
  int drop = 53 - bits;
  int128 m = shift_round(m53, drop, Rounding::RND_CONV);
  int shift = -(e + drop);
  if (m == (static_cast<int128>(1) << bits)) {  // rounding carried into a new bit
    m >>= 1;
    shift -= 1;
  }
  // Drop trailing zero bits so exact powers of two and small integers give small multipliers.
  while (m > 1 && (m & 1) == 0 && shift > -62) {
    m >>= 1;
    shift -= 1;
  }
  return {static_cast<std::int32_t>(m), shift};
}

std::int64_t quantize_real(double x, const FixedFormat& f) {
  if (!std::isfinite(x)) throw std::invalid_argument("quantize_real: value is not finite");
  if (x == 0) return apply_overflow(0, f.width, f.is_signed, f.overflow);
  int e = 0;
  double frac = std::frexp(x, &e);
  auto m53 = static_cast<std::int64_t>(std::ldexp(frac, 53));  // x = m53 * 2^(e-53), exact
  int exponent = e - 53;
  // code = x * 2^frac = m53 * 2^(exponent + frac): a shift right by -(exponent + frac).
  int s = -(exponent + f.frac());
  int128 code;
  if (s < -60) {
    code = m53 < 0 ? -(static_cast<int128>(1) << 100) : (static_cast<int128>(1) << 100);  // far out of range
  } else if (s > 120) {
    code = shift_round(m53, 120, f.rounding);
  } else {
    code = shift_round(m53, s, f.rounding);
  }
  return apply_overflow(code, f.width, f.is_signed, f.overflow);
}

double dequantize(std::int64_t code, const FixedFormat& f) { return std::ldexp(static_cast<double>(code), -f.frac()); }

bool is_representable(double x, const FixedFormat& f) {
  if (!std::isfinite(x)) return false;
  FixedFormat exact = f;
  exact.rounding = Rounding::TRN;
  exact.overflow = Overflow::SAT;
  std::int64_t c = quantize_real(x, exact);
  return dequantize(c, f) == x && c >= f.min_code() && c <= f.max_code() &&
         std::ldexp(static_cast<double>(c), -f.frac()) == x;
}

}  // namespace aiem::num
