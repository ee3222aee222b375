// Configurations the kernels cannot compute exactly (or that break a layout rule) must not compile.
// Built with -fsyntax-only per AIEM_CASE; case 0 is the positive control. See docs/kernels.md.
#include <aiem_kernels/dense.hpp>

using namespace aiem_kernels;

constexpr Tiling t{8, 32, 16, 4, 8, 8, 1, 1};
constexpr Requant ok{.width = 8, .rounding = Rounding::RND_CONV, .overflow = Overflow::SAT, .shift = 7};

#if AIEM_CASE == 0
using cfg = dense_config<int8, int8, int8, acc32, t, ok>;
#elif AIEM_CASE == 1  // a multiplier on an acc64 accumulator without a 32-bit bound on the sums
using cfg = dense_config<int16, int16, int16, acc64, Tiling{8, 32, 16, 4, 4, 8, 1, 1},
                         Requant{.width = 16, .shift = 40, .scale = Scale::per_tensor, .multiplier = 12345}>;
#elif AIEM_CASE == 2  // declared width above the container
using cfg = dense_config<int8, int8, int8, acc32, t, Requant{.width = 9, .shift = 7}>;
#elif AIEM_CASE == 3  // zero point outside the output type
using cfg = dense_config<int8, int8, uint8, acc32, t, Requant{.width = 8, .shift = 7, .zero = -1}>;
#elif AIEM_CASE == 4  // SRS shift beyond 63
using cfg = dense_config<int8, int8, int8, acc32, t, Requant{.width = 8, .shift = 64}>;
#elif AIEM_CASE == 5  // a multiplier with a negative shift (fold 2^-shift into the multiplier)
using cfg = dense_config<int8, int8, int8, acc32, t,
                         Requant{.width = 8, .shift = -2, .scale = Scale::per_tensor, .multiplier = 3}>;
#elif AIEM_CASE == 6  // N slice not a multiple of TN * RN
using cfg = dense_config<int8, int8, int8, acc32, Tiling{8, 32, 16, 4, 8, 8, 1, 4}, ok>;
#elif AIEM_CASE == 7  // accumulator tag that is not the microtile's (int16 x int8 4x4x8 accumulates in acc32)
using cfg = dense_config<int16, int8, int8, acc64, Tiling{8, 32, 16, 4, 4, 8, 1, 1}, ok>;
#elif AIEM_CASE == 8  // 8-byte output blocks (1x16x8 into int8) need pairs of blocks per store
using cfg = dense_config<int8, int8, int8, acc32, Tiling{4, 32, 16, 1, 16, 8, 1, 1}, ok>;
#endif

void kernel(const int8* x, const int8* w, const dense<cfg>::bias_type* b, cfg::out_type* y) {
  dense<cfg>::single(reinterpret_cast<const cfg::a_type*>(x), reinterpret_cast<const cfg::w_type*>(w), b, y);
}
