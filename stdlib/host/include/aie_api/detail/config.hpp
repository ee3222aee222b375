// Target architecture selection for the host emulation of the AIE API.
// __AIE_ARCH__ follows AMD's numbering (aie_api detail/config.hpp): 20 = AIE-ML (aie2, VEK280),
// 22 = AIE-MLv2 (aie2ps, VEK385). 10 (AIE1) and 21 (XDNA2) are not emulated: their mmul tables and
// rounding encodings differ, so silently accepting them would give wrong answers.
#pragma once

#ifndef __AIE_ARCH__
#error "aiem host AIE API emulation: the '__AIE_ARCH__' macro is required (20 = AIE-ML, 22 = AIE-MLv2), as in aie_api 2026.1 aie.hpp"
#endif

#if __AIE_ARCH__ != 20 && __AIE_ARCH__ != 22
#error "aiem host AIE API emulation: __AIE_ARCH__ must be 20 (AIE-ML) or 22 (AIE-MLv2)"
#endif

namespace aie::detail {
inline constexpr int arch = __AIE_ARCH__;
}  // namespace aie::detail

namespace aie {
// Alignment that suits every vector access: 32 B on AIE-ML (max 256-bit access), 64 B on AIE-MLv2
// (512-bit accesses). Use as alignas(aie::vector_decl_align).
static constexpr unsigned vector_decl_align = (__AIE_ARCH__ == 20) ? 32u : 64u;
// Shift limits of upshift/downshift (detail/shift.hpp:25-26 in both header versions).
static constexpr int max_shift = 59;
static constexpr int min_shift = -4;
}  // namespace aie
