#pragma once
// ap_fixed overflow handling at a declared width W (not at the container width): fixed<6,2> held in
// an int8 still wraps or saturates at 6 bits.
#include <cstdint>

#include "ir/numeric/fixed_format.hpp"
#include "ir/numeric/int128.hpp"

namespace aiem::num {

// Smallest and largest code of a W-bit integer, 1 <= width <= 64 (unsigned 64 reaches 2^64 - 1,
// which is why these are 128-bit).
int128 range_min(int width, bool is_signed);
int128 range_max(int width, bool is_signed);

// The code v becomes at the declared width under mode o (std::invalid_argument unless 1 <= width <= 64):
//   WRAP      the low `width` bits, sign-extended when signed (two's complement wrap-around);
//   SAT       clamped to [min, max];
//   SAT_ZERO  0 when v is out of range;
//   SAT_SYM   signed: above max -> max, below min -> -max (= min + 1); an in-range v equal to min is
//             not an overflow and stays min, exactly as ap_fixed does. Unsigned: same as SAT.
// An in-range v is returned unchanged under every mode. For unsigned width 64 the result is the
// 64-bit pattern of the code (read it as uint64: codes above INT64_MAX come back negative).
std::int64_t apply_overflow(int128 v, int width, bool is_signed, Overflow o);

}  // namespace aiem::num
