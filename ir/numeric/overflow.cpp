#include "ir/numeric/overflow.hpp"

#include <stdexcept>

namespace aiem::num {

std::int64_t apply_overflow(int128 v, int width, bool is_signed, Overflow o) {
  if (width < 1 || width > 64) throw std::invalid_argument("apply_overflow: width must be 1..64");
  const int128 one = 1;
  int128 lo = is_signed ? -(one << (width - 1)) : 0;
  int128 hi = is_signed ? (one << (width - 1)) - 1 : (one << width) - 1;
  if (v >= lo && v <= hi) return static_cast<std::int64_t>(v);
  switch (o) {
    case Overflow::WRAP: {
      uint128 mask = (static_cast<uint128>(1) << width) - 1;
      auto bits = static_cast<uint128>(v) & mask;
      int128 r = static_cast<int128>(bits);
      if (is_signed && (bits >> (width - 1)) != 0) r -= one << width;
      return static_cast<std::int64_t>(r);
    }
    case Overflow::SAT: return static_cast<std::int64_t>(v < lo ? lo : hi);
    case Overflow::SAT_ZERO: return 0;
    case Overflow::SAT_SYM:
      if (!is_signed) return static_cast<std::int64_t>(v < lo ? lo : hi);
      return static_cast<std::int64_t>(v < lo ? -hi : hi);
  }
  return 0;
}

}  // namespace aiem::num
