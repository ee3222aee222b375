// Compiled (not run) by CTest: each AIEM_CASE must be rejected at compile time, AIEM_CASE=0 must compile
// (the positive control proves that a failure is due to the static_assert, not the build setup).
#include <aie_api/aie.hpp>

#if AIEM_CASE == 0
using MM = aie::mmul<4, 8, 8, int8, int8>;      // supported everywhere
#elif AIEM_CASE == 1
using MM = aie::mmul<4, 4, 4, int8, int8>;      // not an AIE-ML / AIE-MLv2 shape
#elif AIEM_CASE == 2
using MM = aie::mmul<4, 8, 8, int8, int8, acc64>;  // int8 x int8 is acc32-only
#elif AIEM_CASE == 3
using MM = aie::mmul<4, 16, 8, int8, int8>;     // AIE-ML only (compile with __AIE_ARCH__=22)
#elif AIEM_CASE == 4
using MM = aie::mmul<4, 4, 4, int16, int16>;    // AIE-ML only (compile with __AIE_ARCH__=22)
#endif

int main()
{
    MM m;
    return int(MM::size_C) + int(m.to_accum().size()) == 0;
}
