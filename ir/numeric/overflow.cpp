#include "ir/numeric/overflow.hpp"

#include <stdexcept>
#include <string>

namespace aiem::num {
namespace {
void check_width(int width) {
  if (width < 1 || width > 64)
    throw std::invalid_argument("apply_overflow: width must be 1..64, got " + std::to_string(width));
}
}  // namespace

int128 range_min(int width, bool is_signed) {
  check_width(width);
  return is_signed ? -(static_cast<int128>(1) << (width - 1)) : 0;
}

int128 range_max(int width, bool is_signed) {
  check_width(width);
  return is_signed ? (static_cast<int128>(1) << (width - 1)) - 1 : (static_cast<int128>(1) << width) - 1;
}

std::int64_t apply_overflow(int128 v, int width, bool is_signed, Overflow o) {
  const int128 lo = range_min(width, is_signed), hi = range_max(width, is_signed);
  // The int64 casts below are value-preserving except for unsigned width 64 above INT64_MAX, where
  // the conversion is modulo 2^64 (C++20) and yields the documented bit pattern.
  if (v >= lo && v <= hi) return static_cast<std::int64_t>(v);
  switch (o) {
    case Overflow::WRAP: {
      // Keep the low `width` bits; if signed and the top kept bit is set, the code is negative.
      const uint128 span = static_cast<uint128>(1) << width;
      uint128 bits = static_cast<uint128>(v) & (span - 1);
      if (is_signed && (bits >> (width - 1)) != 0)
        return static_cast<std::int64_t>(static_cast<int128>(bits) - static_cast<int128>(span));
      return static_cast<std::int64_t>(bits);
    }
    case Overflow::SAT:
      return static_cast<std::int64_t>(v < lo ? lo : hi);
    case Overflow::SAT_ZERO:
      return 0;
    case Overflow::SAT_SYM:
      if (!is_signed) return static_cast<std::int64_t>(v < lo ? lo : hi);
      return static_cast<std::int64_t>(v < lo ? -hi : hi);
  }
  return 0;
}

}  // namespace aiem::num
