#pragma once
// The quantized number formats of aiemc: hls4ml's ap_fixed<W,I,Q,O> / ap_ufixed, and plain integers.
// A code c of format F stands for the real value c * 2^-F.frac().
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace aiem::num {

// ap_fixed quantization modes, applied to the bits a conversion drops.
enum class Rounding : std::uint8_t {
  TRN,          // toward -inf (floor)
  TRN_ZERO,     // toward zero
  RND,          // nearest, ties toward +inf
  RND_ZERO,     // nearest, ties toward zero
  RND_INF,      // nearest, ties away from zero
  RND_MIN_INF,  // nearest, ties toward -inf
  RND_CONV,     // nearest, ties to even
};

// ap_fixed overflow modes, applied at the declared width W (not at the container width).
enum class Overflow : std::uint8_t {
  WRAP,      // keep the low W bits (two's complement for signed)
  SAT,       // clamp to [min, max]
  SAT_ZERO,  // any overflow gives 0
  SAT_SYM,   // clamp to [-max, max] for signed (a value below min becomes -max; min itself, if reached
             // without overflow, stays); same as SAT for unsigned
};

struct FixedFormat {
  int width = 8;        // W: total bits, 1..64 (the language allows 2..32)
  int int_bits = 8;     // I: integer bits including the sign bit; may be < 0 or > W, as in ap_fixed
  bool is_signed = true;
  Rounding rounding = Rounding::TRN;
  Overflow overflow = Overflow::WRAP;

  constexpr int frac() const { return width - int_bits; }  // fractional bits; value = code * 2^-frac
  // A 64-bit format's extremes are int64's own (computing them by shifting would overflow).
  constexpr std::int64_t min_code() const {
    if (!is_signed) return 0;
    return width >= 64 ? INT64_MIN : -(std::int64_t{1} << (width - 1));
  }
  constexpr std::int64_t max_code() const {
    if (width >= 64) return INT64_MAX;
    return is_signed ? (std::int64_t{1} << (width - 1)) - 1 : (std::int64_t{1} << width) - 1;
  }
  // Smallest machine integer that holds every code: 8, 16, 32 or 64 bits (fixed<6,2> lives in int8).
  constexpr int container_bits() const {
    int need = width;
    return need <= 8 ? 8 : need <= 16 ? 16 : need <= 32 ? 32 : 64;
  }
  constexpr bool operator==(const FixedFormat&) const = default;
};

// Named constructors for the integer types of the language: ONNX-style integers,
// round-half-to-even and saturating (like QuantizeLinear), scale 1.
constexpr FixedFormat int_format(int bits, bool is_signed) {
  return FixedFormat{bits, bits, is_signed, Rounding::RND_CONV, Overflow::SAT};
}

std::string_view to_string(Rounding r);
std::string_view to_string(Overflow o);
std::optional<Rounding> rounding_from_string(std::string_view s);
std::optional<Overflow> overflow_from_string(std::string_view s);
// "fixed<8,3,RND_CONV,SAT>" / "ufixed<6,2>" (default modes omitted) / "int8" for int_format(8,true).
std::string to_string(const FixedFormat& f);

}  // namespace aiem::num
