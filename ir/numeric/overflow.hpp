#pragma once
// ap_fixed overflow handling at a declared width (not at the container width).
#include "ir/numeric/int128.hpp"
#include <cstdint>

#include "ir/numeric/fixed_format.hpp"

namespace aiem::num {

std::int64_t apply_overflow(int128 v, int width, bool is_signed, Overflow o);

}  // namespace aiem::num
