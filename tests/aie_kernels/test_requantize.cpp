// The requantizer alone (accumulator lanes -> output vector), for every rounding x overflow mode,
// container and sub-container widths, ReLU, zero points, per-tensor and per-column multipliers, left
// shifts and large shifts, on acc32 and acc64. Values are chosen around every rounding tie and every
// range boundary, plus the accumulator extremes and random values; the oracle is aiem::num.
#include <catch2/catch.hpp>

#include <aiem_kernels/requantize.hpp>

#include <algorithm>
#include <limits>
#include <random>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "kernel_reference.hpp"

namespace {

using aiem_kernels::Overflow;
using aiem_kernels::Requant;
using aiem_kernels::Rounding;
using aiem_kernels::Scale;
using kref::i64;

constexpr unsigned L = 16;

template <class Acc>
constexpr i64 acc_min() { return std::is_same_v<Acc, acc32> ? i64(INT32_MIN) : INT64_MIN; }
template <class Acc>
constexpr i64 acc_max() { return std::is_same_v<Acc, acc32> ? i64(INT32_MAX) : INT64_MAX; }

// Accumulator values that probe q: every boundary code of the declared width and of the container,
// times 2^shift, plus and minus the rounding tie and its neighbours; extremes; random values.
// Only values in [lo, hi] are used (the acc64 multiplier paths need sums within 32 bits).
template <class TO>
std::vector<i64> probe_values(const Requant& q, i64 lo, i64 hi, std::uint64_t seed) {
  const bool sgn = TO(-1) < TO(0);
  const __int128 min_code = sgn ? -(__int128(1) << (q.width - 1)) : 0;
  const __int128 max_code = sgn ? (__int128(1) << (q.width - 1)) - 1 : (__int128(1) << q.width) - 1;
  const __int128 cmin = std::numeric_limits<TO>::min(), cmax = std::numeric_limits<TO>::max();
  const int s = q.shift > 0 ? q.shift : 0;
  const __int128 half = s > 0 ? (__int128(1) << (s - 1)) : 0;
  std::vector<i64> v;
  auto add = [&](__int128 x) {
    if (x >= lo && x <= hi) v.push_back(i64(x));
  };
  // Codes near the boundaries, before the zero point is added.
  for (__int128 c0 : {min_code, __int128(0), max_code, cmin, cmax, min_code - q.zero, max_code - q.zero})
    for (__int128 c = c0 - 2; c <= c0 + 2; ++c)
      for (__int128 off : {-half - 1, -half, -half + 1, __int128(-1), __int128(0), __int128(1), half - 1, half, half + 1})
        add(c * (__int128(1) << s) + off);
  if (q.shift < 0)  // a left shift: the boundaries are the codes divided by 2^-shift
    for (__int128 c0 : {min_code, max_code, min_code - q.zero, max_code - q.zero})
      for (__int128 d = -2; d <= 2; ++d) add((c0 >> -q.shift) + d);
  for (i64 x : {lo, lo + 1, hi - 1, hi, i64(0)}) add(x);
  std::mt19937_64 g(seed);
  const __int128 near = (max_code - min_code + 8) << s;
  std::uniform_int_distribution<i64> any(lo, hi), small(i64(std::max<__int128>(-2 * near, lo)),
                                                        i64(std::min<__int128>(2 * near, hi)));
  for (int i = 0; i < 1500; ++i) add(small(g));
  for (int i = 0; i < 300; ++i) add(any(g));
  return v;
}

// Runs requantizer<Acc, TO, Q> over the probe values and compares every lane with the oracle.
template <class Acc, class TO, Requant Q>
void sweep(std::uint64_t seed, i64 lo = acc_min<Acc>(), i64 hi = acc_max<Acc>()) {
  using RQ = aiem_kernels::requantizer<Acc, TO, Q>;
  std::vector<std::int32_t> lane_mult;
  aie::vector<int32, L> mult;
  std::mt19937_64 g(seed ^ 0x5eed);
  for (unsigned i = 0; i < L; ++i) {
    // Small multipliers make exact ties common; large ones exercise the full product.
    const std::int32_t m = i % 2 ? std::int32_t(g() % 7 + 1) : std::int32_t(g() % INT32_MAX + 1);
    lane_mult.push_back(m);
    mult[i] = m;
  }
  const kref::OutSpec spec = kref::spec_of<TO>(Q, lane_mult);
  const std::vector<i64> values = probe_values<TO>(Q, lo, hi, seed);
  aie::emu::reset_tile_state();
  RQ::set_modes();
  for (std::size_t base = 0; base < values.size(); base += L) {
    aie::accum<Acc, L> a;
    for (unsigned i = 0; i < L; ++i) aie::emu::set_lane(a, i, values[(base + i) % values.size()]);
    const aie::vector<TO, L> y = RQ::template apply<L>(a, mult);
    for (unsigned i = 0; i < L; ++i) {
      const i64 acc = values[(base + i) % values.size()];
      const i64 want = kref::requant(acc, spec, i);
      if (i64(y[i]) != want)
        FAIL("W=" << Q.width << " rounding=" << int(Q.rounding) << " overflow=" << int(Q.overflow) << " shift="
                  << Q.shift << " scale=" << int(Q.scale) << " zero=" << Q.zero << " relu=" << Q.relu << ": acc "
                  << acc << " (multiplier " << lane_mult[i] << ") gave " << i64(y[i]) << ", expected " << want);
    }
  }
  SUCCEED();
}

// Every rounding x overflow mode for one output format and scale; ReLU on for odd combinations.
template <class Acc, class TO, Requant Base, unsigned R, unsigned... O>
void per_overflow(std::uint64_t seed, i64 lo, i64 hi, std::integer_sequence<unsigned, O...>) {
  constexpr auto with = [](Overflow o, bool relu) {
    Requant q = Base;
    q.rounding = Rounding(R);
    q.overflow = o;
    q.relu = relu;
    return q;
  };
  (sweep<Acc, TO, with(Overflow(O), false)>(seed + 10 * R + O, lo, hi), ...);
  (sweep<Acc, TO, with(Overflow(O), true)>(seed + 10 * R + O + 100, lo, hi), ...);
}
template <class Acc, class TO, Requant Base, unsigned... R>
void per_rounding(std::uint64_t seed, i64 lo, i64 hi, std::integer_sequence<unsigned, R...>) {
  (per_overflow<Acc, TO, Base, R>(seed, lo, hi, std::make_integer_sequence<unsigned, 4>{}), ...);
}
template <class Acc, class TO, Requant Base>
void all_modes(std::uint64_t seed, i64 lo = acc_min<Acc>(), i64 hi = acc_max<Acc>()) {
  per_rounding<Acc, TO, Base>(seed, lo, hi, std::make_integer_sequence<unsigned, 7>{});
}

}  // namespace

TEST_CASE("aie_kernels: requantize acc32, every mode, full container widths", "[aie_kernels]") {
  all_modes<acc32, int8, Requant{.width = 8, .shift = 3}>(1);
  all_modes<acc32, uint8, Requant{.width = 8, .shift = 3}>(2);
  all_modes<acc32, int16, Requant{.width = 16, .shift = 5}>(3);
  all_modes<acc32, uint16, Requant{.width = 16, .shift = 2}>(4);
  all_modes<acc32, int8, Requant{.width = 8, .shift = 0}>(5);  // no rounding: overflow only
}

TEST_CASE("aie_kernels: requantize acc32, every mode, widths below the container", "[aie_kernels]") {
  all_modes<acc32, int8, Requant{.width = 6, .shift = 4}>(11);  // fixed<6,2> in int8
  all_modes<acc32, int8, Requant{.width = 2, .shift = 1}>(12);
  all_modes<acc32, uint8, Requant{.width = 5, .shift = 3}>(13);
  all_modes<acc32, int16, Requant{.width = 11, .shift = 6}>(14);
  all_modes<acc32, uint16, Requant{.width = 9, .shift = 2}>(15);
  all_modes<acc32, int16, Requant{.width = 9, .shift = 0}>(16);
}

TEST_CASE("aie_kernels: requantize acc64 (int16 x int16), every mode", "[aie_kernels]") {
  all_modes<acc64, int16, Requant{.width = 16, .shift = 37}>(21);
  all_modes<acc64, int8, Requant{.width = 8, .shift = 50}>(22);
  all_modes<acc64, int16, Requant{.width = 13, .shift = 9}>(23);
  all_modes<acc64, uint8, Requant{.width = 7, .shift = 59}>(24);  // aie::max_shift
}

TEST_CASE("aie_kernels: requantize with a zero point, every mode", "[aie_kernels]") {
  all_modes<acc32, int8, Requant{.width = 8, .shift = 3, .zero = -5}>(31);
  all_modes<acc32, uint8, Requant{.width = 8, .shift = 2, .zero = 128}>(32);
  all_modes<acc32, int8, Requant{.width = 6, .shift = 3, .zero = 7}>(33);
  all_modes<acc32, int16, Requant{.width = 16, .shift = 4, .zero = -1000}>(34);
  all_modes<acc64, int8, Requant{.width = 8, .shift = 33, .zero = 3}>(35);
}

TEST_CASE("aie_kernels: requantize with multipliers (non-power-of-two scales), every mode", "[aie_kernels]") {
  // Per tensor: a 31-bit multiplier and a small one (ties), into int8 and a sub-container width.
  all_modes<acc32, int8, Requant{.width = 8, .shift = 40, .scale = Scale::per_tensor, .multiplier = 1518500250}>(41);
  all_modes<acc32, int8, Requant{.width = 6, .shift = 3, .scale = Scale::per_tensor, .multiplier = 5}>(42);
  all_modes<acc32, uint16, Requant{.width = 16, .shift = 33, .scale = Scale::per_tensor, .multiplier = 2147483647}>(43);
  // Per column: lane multipliers alternate small and 31-bit.
  all_modes<acc32, int8, Requant{.width = 8, .shift = 30, .scale = Scale::per_column}>(44);
  all_modes<acc32, int16, Requant{.width = 12, .shift = 2, .scale = Scale::per_column, .zero = 9}>(45);
  // acc64 sums proven to fit 32 bits.
  all_modes<acc64, int8, Requant{.width = 8, .shift = 35, .scale = Scale::per_tensor, .multiplier = 1073741825,
                                 .acc_bound_bits = 32}>(46, INT32_MIN, INT32_MAX);
  all_modes<acc64, int16, Requant{.width = 16, .shift = 31, .scale = Scale::per_column, .acc_bound_bits = 32}>(
      47, INT32_MIN, INT32_MAX);
}

TEST_CASE("aie_kernels: requantize shifts outside the direct SRS range", "[aie_kernels]") {
  // Left shifts (the output has more fraction bits than the accumulator): multiplier 2^-shift.
  all_modes<acc32, int16, Requant{.width = 16, .shift = -3}>(51);
  all_modes<acc32, int8, Requant{.width = 7, .shift = -1}>(52);
  all_modes<acc64, int16, Requant{.width = 16, .shift = -2, .acc_bound_bits = 20}>(53, -(1 << 19), (1 << 19) - 1);
  // acc32 shifts of 32..63: the result is -1, 0 or 1 depending on the mode, via acc64.
  all_modes<acc32, int8, Requant{.width = 8, .shift = 31}>(54);
  all_modes<acc32, int8, Requant{.width = 8, .shift = 32}>(55);
  all_modes<acc32, int8, Requant{.width = 4, .shift = 40}>(56);
}
