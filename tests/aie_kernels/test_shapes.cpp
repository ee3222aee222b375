// Every aie::mmul microtile of the target architecture through dense<>::single, with padding in M, K
// and N (logical sizes one to three short of the tile multiples) and several register blockings.
// Compiled twice: test_aie_kernels (__AIE_ARCH__ 20, AIE-ML) and test_aie_kernels_mlv2 (22).
#include <catch2/catch.hpp>

#include <string>

#include "dense_runner.hpp"

namespace {

using aiem_kernels::Overflow;
using aiem_kernels::Requant;
using aiem_kernels::Rounding;
using aiem_kernels::Tiling;

template <class T>
constexpr int value_bits() { return int(sizeof(T) * 8) - (T(-1) < T(0) ? 1 : 0); }

// One shape and blocking, into int8 and into int16 outputs. XB/WB: operand magnitude bits (0 = the
// full type), so that acc32 shapes of 16-bit operands stay within the 32-bit accumulator.
template <class TA, class TW, class Acc, unsigned TM, unsigned TK, unsigned TN, unsigned RM, unsigned RN, int XB = 0,
          int WB = 0>
void shape_case(std::uint64_t seed) {
  constexpr int xb = XB ? XB : value_bits<TA>(), wb = WB ? WB : value_bits<TW>();
  constexpr Tiling t{2 * TM * RM, 3 * TK, 2 * TN * RN, TM, TK, TN, RM, RN};
  constexpr unsigned Ml = t.M - 1, Kl = t.K - 1, Nl = t.N > 3 ? t.N - 3 : t.N;
  constexpr int s8 = xb + wb - 5, s16 = xb + wb > 13 ? xb + wb - 13 : 0;
  using cfg8 = aiem_kernels::dense_config<TA, TW, int8, Acc, t,
                                          Requant{.width = 8, .rounding = Rounding::RND_CONV, .overflow = Overflow::SAT, .shift = s8}>;
  using cfg16 = aiem_kernels::dense_config<TA, TW, int16, Acc, t,
                                           Requant{.width = 16, .rounding = Rounding::RND, .overflow = Overflow::SAT, .shift = s16}>;
  const std::string name = std::to_string(TM) + "x" + std::to_string(TK) + "x" + std::to_string(TN) + " RM=" +
                           std::to_string(RM) + " RN=" + std::to_string(RN);
  const kref::i64 xm = XB ? (kref::i64(1) << XB) : 0, wm = WB ? (kref::i64(1) << WB) : 0;
  kref::check_single<cfg8>(seed, Ml, Kl, Nl, kref::i64(1) << (xb + wb + 2), name + " -> int8", xm, wm);
  kref::check_single<cfg16>(seed + 1, Ml, Kl, Nl, kref::i64(1) << (xb + wb + 2), name + " -> int16", xm, wm);
}

// The blockings every shape runs with; (1,2) and (2,2) also serve shapes whose 8-bit output block is
// below 16 bytes (1x16x8), which must store two blocks at a time.
template <class TA, class TW, class Acc, unsigned TM, unsigned TK, unsigned TN, int XB = 0, int WB = 0>
void shape_all_blockings(std::uint64_t seed) {
  if constexpr (TM * TN >= 16) {
    shape_case<TA, TW, Acc, TM, TK, TN, 1, 1, XB, WB>(seed);
    shape_case<TA, TW, Acc, TM, TK, TN, 3, 1, XB, WB>(seed + 10);
  }
  shape_case<TA, TW, Acc, TM, TK, TN, 1, 2, XB, WB>(seed + 20);
  shape_case<TA, TW, Acc, TM, TK, TN, 2, 2, XB, WB>(seed + 30);
}

}  // namespace

#if __AIE_ARCH__ == 20

TEST_CASE("aie_kernels: AIE-ML int8 x int8 microtiles", "[aie_kernels]") {
  shape_all_blockings<int8, int8, acc32, 4, 8, 4>(100);
  shape_all_blockings<int8, int8, acc32, 4, 16, 4>(200);
  shape_all_blockings<int8, int8, acc32, 8, 8, 4>(300);
  shape_all_blockings<int8, int8, acc32, 2, 8, 8>(400);
  shape_all_blockings<int8, int8, acc32, 4, 8, 8>(500);
  shape_all_blockings<int8, int8, acc32, 8, 8, 8>(600);
  shape_all_blockings<int8, int8, acc32, 1, 16, 8>(700);
  shape_all_blockings<int8, int8, acc32, 2, 16, 8>(800);
  shape_all_blockings<int8, int8, acc32, 4, 16, 8>(900);
  shape_all_blockings<uint8, int8, acc32, 4, 8, 8>(1000);
}

TEST_CASE("aie_kernels: AIE-ML int16 x int8 and int8 x int16 microtiles", "[aie_kernels]") {
  shape_all_blockings<int16, int8, acc32, 4, 4, 8>(1100);
  shape_all_blockings<int16, int8, acc32, 8, 4, 4>(1200);
  shape_all_blockings<int16, int8, acc32, 8, 4, 8>(1300);
  shape_all_blockings<int16, int8, acc32, 4, 4, 4>(1400);
  shape_all_blockings<int16, int8, acc64, 4, 8, 4>(1500);
  shape_all_blockings<int16, int8, acc64, 2, 8, 8>(1600);
  shape_all_blockings<int8, int16, acc64, 4, 4, 8>(1700);
  shape_all_blockings<int8, int16, acc64, 4, 4, 4>(1800);
}

TEST_CASE("aie_kernels: AIE-ML int16 x int16 microtiles", "[aie_kernels]") {
  shape_all_blockings<int16, int16, acc64, 4, 4, 4>(1900);
  shape_all_blockings<int16, int16, acc64, 2, 4, 8>(2000);
  shape_all_blockings<int16, int16, acc64, 4, 4, 8>(2100);
  // 32-bit accumulation of 16-bit operands: only for operands proven small.
  shape_all_blockings<int16, int16, acc32, 4, 2, 8, 11, 11>(2200);
  shape_all_blockings<int16, int16, acc32, 8, 2, 8, 11, 11>(2300);
  shape_all_blockings<int16, int16, acc32, 8, 1, 8, 11, 11>(2400);
}

#else  // AIE-MLv2

TEST_CASE("aie_kernels: AIE-MLv2 int8 x int8 microtiles", "[aie_kernels]") {
  shape_all_blockings<int8, int8, acc32, 4, 8, 8>(100);
  shape_all_blockings<int8, int8, acc32, 8, 8, 8>(200);
  shape_all_blockings<uint8, int8, acc32, 8, 8, 8>(300);
}

TEST_CASE("aie_kernels: AIE-MLv2 int16 x int8 and int8 x int16 microtiles", "[aie_kernels]") {
  shape_all_blockings<int16, int8, acc32, 8, 2, 8>(400);
  shape_all_blockings<int16, int8, acc32, 8, 4, 8>(500);
  shape_all_blockings<int16, int8, acc64, 4, 4, 8>(600);
  shape_all_blockings<int16, int8, acc64, 4, 8, 8>(700);
  shape_all_blockings<int8, int16, acc32, 8, 2, 8>(800);
  shape_all_blockings<int8, int16, acc64, 4, 4, 8>(900);
}

TEST_CASE("aie_kernels: AIE-MLv2 int16 x int16 microtiles", "[aie_kernels]") {
  shape_all_blockings<int16, int16, acc64, 2, 4, 8>(1000);
  shape_all_blockings<int16, int16, acc64, 4, 4, 8>(1100);
  shape_all_blockings<int16, int16, acc32, 4, 2, 8, 11, 11>(1200);
  shape_all_blockings<int16, int16, acc32, 8, 2, 8, 11, 11>(1300);
  shape_all_blockings<int16, int16, acc32, 8, 1, 8, 11, 11>(1400);
}

#endif
