// The whole kernel (dense<>::single) under every rounding x overflow mode, sub-container widths,
// ReLU, zero points and multipliers, and at the extremes of the operand and accumulator ranges.
// test_requantize.cpp probes the conversion itself much more densely; this checks that the kernel
// wires it up (tile modes, lane order of per-column multipliers, bias before rounding).
#include <catch2/catch.hpp>

#include <limits>
#include <string>
#include <utility>

#include "dense_runner.hpp"

namespace {

using aiem_kernels::Overflow;
using aiem_kernels::Requant;
using aiem_kernels::Rounding;
using aiem_kernels::Scale;
using aiem_kernels::Tiling;
using kref::i64;

constexpr Tiling small{8, 32, 16, 4, 8, 8, 2, 1};

template <class TO, Requant Base, unsigned R, unsigned... O>
void kernel_modes_for(std::uint64_t seed, std::integer_sequence<unsigned, O...>) {
  constexpr auto with = [](Overflow o) {
    Requant q = Base;
    q.rounding = Rounding(R);
    q.overflow = o;
    q.relu = Base.relu != ((unsigned(o) + R) % 2 == 1);  // vary ReLU across the combinations
    return q;
  };
  ((kref::check_single<aiem_kernels::dense_config<int8, int8, TO, acc32, small, with(Overflow(O))>>(
       seed + 10 * R + O, 7, 29, 13, 1 << 12,
       "rounding " + std::to_string(R) + " overflow " + std::to_string(O) + " W=" + std::to_string(Base.width))),
   ...);
}
template <class TO, Requant Base, unsigned... R>
void kernel_modes(std::uint64_t seed, std::integer_sequence<unsigned, R...>) {
  (kernel_modes_for<TO, Base, R>(seed, std::make_integer_sequence<unsigned, 4>{}), ...);
}

}  // namespace

TEST_CASE("aie_kernels: dense kernel, every rounding x overflow mode", "[aie_kernels]") {
  constexpr auto R7 = std::make_integer_sequence<unsigned, 7>{};
  kernel_modes<int8, Requant{.width = 8, .shift = 8}>(1, R7);
  kernel_modes<int8, Requant{.width = 6, .shift = 9}>(2, R7);  // fixed<6,2> in int8
  kernel_modes<uint8, Requant{.width = 5, .shift = 7, .relu = true}>(3, R7);
  kernel_modes<int16, Requant{.width = 12, .shift = 3, .zero = -100}>(4, R7);
}

TEST_CASE("aie_kernels: dense kernel with per-column multipliers and a zero point", "[aie_kernels]") {
  using cfg = aiem_kernels::dense_config<int8, int8, int8, acc32, Tiling{8, 24, 32, 4, 8, 8, 1, 2},
                                         Requant{.width = 8, .rounding = Rounding::RND_CONV, .overflow = Overflow::SAT,
                                                 .shift = 44, .scale = Scale::per_column, .zero = -7, .relu = true}>;
  kref::check_single<cfg>(51, 8, 24, 30, 1 << 14, "per-column");
  constexpr unsigned tn16 = __AIE_ARCH__ == 20 ? 4 : 8;  // 4x4x4 exists only on AIE-ML, 4x4x8 on both
  using cfg16 = aiem_kernels::dense_config<int16, int16, int16, acc64, Tiling{4, 16, 8, 4, 4, tn16, 1, 8 / tn16},
                                           Requant{.width = 16, .rounding = Rounding::RND, .overflow = Overflow::SAT_SYM,
                                                   .shift = 40, .scale = Scale::per_column, .acc_bound_bits = 32}>;
  // int16 x int16 in acc64, sums within 32 bits (|x|, |w| < 2^12, K = 16).
  kref::check_single<cfg16>(52, 4, 16, 7, 1 << 20, "per-column acc64", 1 << 12, 1 << 12);
}

TEST_CASE("aie_kernels: dense kernel without bias", "[aie_kernels]") {
  using cfg = aiem_kernels::dense_config<int8, int8, int8, acc32, small,
                                         Requant{.width = 8, .rounding = Rounding::RND, .overflow = Overflow::SAT, .shift = 9},
                                         false>;
  kref::check_single<cfg>(61, 8, 32, 16, 0, "no bias");
}

namespace {

// x and w constant, bias chosen so that every sum lands exactly on `target`.
template <class Cfg>
kref::Data constant_data(unsigned M, unsigned K, unsigned N, i64 xv, i64 wv, i64 target) {
  kref::Data d{M, K, N};
  d.x.assign(std::size_t(M) * K, xv);
  d.w.assign(std::size_t(K) * N, wv);
  d.bias.assign(N, target - i64(K) * xv * wv);
  return d;
}

template <class Cfg>
void check_data(const kref::Data& d, const std::string& what) {
  kref::require_same(kref::run_single<Cfg>(d), kref::reference<Cfg>(d), d.N, what);
}

}  // namespace

TEST_CASE("aie_kernels: extreme operands and accumulators at the int32 / int64 limits", "[aie_kernels]") {
  constexpr Tiling t8{4, 64, 8, 4, 8, 8, 1, 1};
  using hi = aiem_kernels::dense_config<int8, int8, int8, acc32, t8,
                                        Requant{.width = 8, .rounding = Rounding::RND_INF, .overflow = Overflow::SAT, .shift = 24}>;
  using wrap = aiem_kernels::dense_config<int8, int8, int8, acc32, t8,
                                          Requant{.width = 8, .rounding = Rounding::TRN, .overflow = Overflow::WRAP, .shift = 3}>;
  // All -128: every product is 2^14; the bias takes the sums to exactly INT32_MAX / INT32_MIN.
  check_data<hi>(constant_data<hi>(4, 64, 8, -128, -128, INT32_MAX), "-128 x -128 to INT32_MAX");
  check_data<hi>(constant_data<hi>(4, 64, 8, -128, 127, INT32_MIN), "-128 x 127 to INT32_MIN");
  check_data<wrap>(constant_data<wrap>(4, 64, 8, -128, -128, INT32_MAX - 5), "wrap near INT32_MAX");
  check_data<wrap>(constant_data<wrap>(3, 61, 5, -128, -128, 64 * 16384), "all -128, no overflow, padded");
  // A multiplier on a sum at the int32 limit: a 62-bit product in acc64.
  using scaled = aiem_kernels::dense_config<int8, int8, int8, acc32, t8,
                                            Requant{.width = 8, .rounding = Rounding::RND_CONV, .overflow = Overflow::SAT_SYM,
                                                    .shift = 54, .scale = Scale::per_tensor, .multiplier = INT32_MAX}>;
  check_data<scaled>(constant_data<scaled>(4, 64, 8, -128, -128, INT32_MAX), "scaled INT32_MAX");
  check_data<scaled>(constant_data<scaled>(4, 64, 8, -128, 127, INT32_MIN), "scaled INT32_MIN");
  // int16 x int16 in acc64: products of 2^30 and sums at the int64 limits (int64 bias).
#if __AIE_ARCH__ == 20
  constexpr Tiling t16{4, 32, 8, 4, 4, 4, 1, 2};
#else
  constexpr Tiling t16{4, 32, 8, 4, 4, 8, 1, 1};
#endif
  using wide = aiem_kernels::dense_config<int16, int16, int16, acc64, t16,
                                          Requant{.width = 16, .rounding = Rounding::RND_ZERO, .overflow = Overflow::SAT, .shift = 47}>;
  check_data<wide>(constant_data<wide>(4, 32, 8, -32768, -32768, INT64_MAX), "int16 to INT64_MAX");
  check_data<wide>(constant_data<wide>(4, 32, 8, -32768, 32767, INT64_MIN), "int16 to INT64_MIN");
  using wide_wrap = aiem_kernels::dense_config<int16, int16, int8, acc64, t16,
                                               Requant{.width = 7, .rounding = Rounding::RND_MIN_INF, .overflow = Overflow::WRAP, .shift = 9}>;
  check_data<wide_wrap>(constant_data<wide_wrap>(4, 32, 8, -32768, -32768, INT64_MAX - 1000), "int16 wrap near INT64_MAX");
}

TEST_CASE("aie_kernels: the dense kernel computes the same sums with its group loop or its k loop pipelined",
          "[aie_kernels]") {
  using aiem_kernels::dense;
  using aiem_kernels::dense_config;
  constexpr Requant q{.width = 8, .rounding = Rounding::RND_CONV, .overflow = Overflow::SAT, .shift = 9, .relu = true};
  // K1's shape: 8 groups of 16 steps, unrolled into the pipelined group loop.
  using k1 = dense_config<int8, int8, int8, acc32, Tiling{8, 128, 128, 4, 8, 8, 2, 2}, q>;
  static_assert(dense<k1>::pipelined_groups && dense<k1>::groups == 8);
  kref::check_single<k1>(61, 8, 125, 123, 1 << 12, "K1, groups pipelined");
  // 40 steps x 8 operations exceed the unrolled-body budget: each group's k loop is pipelined.
  using long_k = dense_config<int8, int8, int8, acc32, Tiling{8, 320, 32, 4, 8, 8, 2, 2}, q>;
  static_assert(!dense<long_k>::pipelined_groups && dense<long_k>::groups == 2);
  kref::check_single<long_k>(62, 8, 317, 30, 1 << 12, "long k, k loop pipelined");
  // One group: nothing to overlap.
  using one = dense_config<int8, int8, int8, acc32, Tiling{8, 32, 16, 4, 8, 8, 2, 2}, q>;
  static_assert(!dense<one>::pipelined_groups && dense<one>::groups == 1);
  kref::check_single<one>(63, 8, 32, 16, 1 << 12, "one group");
}
