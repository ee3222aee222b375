#include "ir/numeric/requantize.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace aiem::num {
namespace {

// v * 2^k fits in 128 bits (0 < k).
bool left_shift_fits(int128 v, int k) {
  if (v == 0) return true;
  if (k > 127) return false;
  int128 top = v >> (127 - k);
  return top == 0 || top == -1;
}

// round(v / 2^s) (s >= 0) or v * 2^-s (s < 0), then f's overflow at its width. A left shift whose
// exact value does not fit 128 bits is beyond the range of every width <= 64, so SAT, SAT_ZERO and
// SAT_SYM only need its sign; WRAP needs its low `width` bits, and a shift modulo 2^128 keeps those.
std::int64_t shift_then_overflow(int128 v, int s, const FixedFormat& f) {
  if (s < 0 && !left_shift_fits(v, -s)) {
    if (f.overflow == Overflow::WRAP) {
      uint128 low = -s >= 128 ? 0 : static_cast<uint128>(v) << -s;
      return apply_overflow(static_cast<int128>(low), f.width, f.is_signed, Overflow::WRAP);
    }
    return apply_overflow(v < 0 ? int128_min : int128_max, f.width, f.is_signed, f.overflow);
  }
  return apply_overflow(shift_round(v, s, f.rounding), f.width, f.is_signed, f.overflow);
}

// A finite nonzero double as m * 2^e exactly, |m| < 2^53 an integer.
struct Dyadic {
  std::int64_t mantissa;
  int exponent;
};
Dyadic decompose(double x) {
  int e = 0;
  double fr = std::frexp(x, &e);  // x = fr * 2^e, 0.5 <= |fr| < 1 (subnormals included)
  return {static_cast<std::int64_t>(std::ldexp(fr, 53)), e - 53};  // fr * 2^53 is an integer: exact
}

}  // namespace

std::int64_t requantize(int128 v, int from_frac, const FixedFormat& to) {
  return shift_then_overflow(v, from_frac - to.frac(), to);
}

std::int64_t requantize_scaled(int128 v, ScaleMultiplier m, const FixedFormat& to) {
  int128 product = 0;
  if (__builtin_mul_overflow(v, static_cast<int128>(m.multiplier), &product))
    throw std::overflow_error("requantize_scaled: " + int128_to_string(v) + " * " + std::to_string(m.multiplier) +
                              " overflows 128 bits");
  return shift_then_overflow(product, m.shift, to);
}

std::int64_t requantize_scaled(int128 v, ScaleMultiplier m, const FixedFormat& to, std::int64_t offset) {
  if (offset == 0) return requantize_scaled(v, m, to);
  int128 product = 0;
  if (__builtin_mul_overflow(v, static_cast<int128>(m.multiplier), &product))
    throw std::overflow_error("requantize_scaled: " + int128_to_string(v) + " * " + std::to_string(m.multiplier) +
                              " overflows 128 bits");
  // A left shift that leaves 128 bits is beyond every width, so the offset cannot bring it back.
  if (m.shift < 0 && !left_shift_fits(product, -m.shift)) return shift_then_overflow(product, m.shift, to);
  int128 rounded = shift_round(product, m.shift, to.rounding);
  return apply_overflow(rounded + offset, to.width, to.is_signed, to.overflow);
}

ScaleMultiplier scale_to_multiplier(double scale, int bits) {
  if (!std::isfinite(scale) || scale < 0)
    throw std::invalid_argument("scale_to_multiplier: scale must be finite and >= 0");
  if (bits < 1 || bits > 31) throw std::invalid_argument("scale_to_multiplier: multiplier bits must be 1..31");
  if (scale == 0) return {0, 0};
  // scale = m53 * 2^e with m53 in [2^52, 2^53). Keeping `bits` significant bits drops 53 - bits of
  // them, rounded half to even: multiplier * 2^(e + drop) = scale to within half a multiplier ulp.
  Dyadic d = decompose(scale);
  int drop = 53 - bits;
  int128 m = shift_round(d.mantissa, drop, Rounding::RND_CONV);
  int shift = -(d.exponent + drop);
  if (m == (static_cast<int128>(1) << bits)) {  // rounded up into a new bit: 2^bits = 2^(bits-1) * 2
    m >>= 1;
    shift -= 1;
  }
  return {static_cast<std::int32_t>(m), shift};
}

std::int64_t quantize_real(double x, const FixedFormat& f) {
  if (!std::isfinite(x)) throw std::invalid_argument("quantize_real: value is not finite");
  if (x == 0) return apply_overflow(0, f.width, f.is_signed, f.overflow);
  // code = x * 2^frac = m * 2^(e + frac): a right shift of m by -(e + frac).
  Dyadic d = decompose(x);
  return shift_then_overflow(d.mantissa, -(d.exponent + f.frac()), f);
}

double dequantize(std::int64_t code, const FixedFormat& f) {
  // Unsigned 64-bit codes above INT64_MAX travel as their bit pattern (see apply_overflow).
  double c =
      !f.is_signed && f.width == 64 ? static_cast<double>(static_cast<std::uint64_t>(code)) : static_cast<double>(code);
  return std::ldexp(c, -f.frac());
}

bool is_representable(double x, const FixedFormat& f) {
  if (!std::isfinite(x)) return false;
  int128 code = 0;
  if (x != 0) {
    Dyadic d = decompose(x);
    int s = -(d.exponent + f.frac());  // code = m / 2^s
    if (s > 0) {
      // On the grid iff the s low bits of m are zero; |m| < 2^53, so never for s >= 53.
      if (s >= 53 || (uabs(d.mantissa) & ((static_cast<uint128>(1) << s) - 1)) != 0) return false;
      code = d.mantissa / (std::int64_t{1} << s);  // exact division
    } else {
      if (-s > 64) return false;  // |code| >= 2^64: beyond every width <= 64
      code = static_cast<int128>(d.mantissa) * (static_cast<int128>(1) << -s);
    }
  }
  return code >= range_min(f.width, f.is_signed) && code <= range_max(f.width, f.is_signed);
}

}  // namespace aiem::num
