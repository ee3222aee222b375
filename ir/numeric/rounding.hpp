#pragma once
// Exact rounding of integer codes: round(v / 2^s) under every ap_fixed quantization mode. This is the
// one place where dropped fraction bits are turned into a code; everything else composes it.
#include "ir/numeric/fixed_format.hpp"
#include "ir/numeric/int128.hpp"

namespace aiem::num {

// s >= 0: round(v / 2^s) with mode r, exact for every s (s >= 127 shifts every bit out; the sign and
// "zero or not" still decide the result, e.g. TRN of a negative v gives -1).
// s < 0: v * 2^-s exactly; throws std::overflow_error if that does not fit in 128 bits.
int128 shift_round(int128 v, int s, Rounding r);

// round(num / den) with mode r; den must be > 0 (std::invalid_argument otherwise).
int128 div_round(int128 num, int128 den, Rounding r);

}  // namespace aiem::num
