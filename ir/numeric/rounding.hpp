#pragma once
// Exact rounding of integer codes: round(v / 2^s) under every ap_fixed quantization mode.
#include "ir/numeric/int128.hpp"
#include "ir/numeric/fixed_format.hpp"

namespace aiem::num {

// round(v / 2^s) with mode r for s >= 0; v * 2^-s (exact) for s < 0. Exact for |s| <= 126.
int128 shift_round(int128 v, int s, Rounding r);

// round(num / den) with mode r, den > 0.
int128 div_round(int128 num, int128 den, Rounding r);

}  // namespace aiem::num
