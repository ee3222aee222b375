// Requantization of a block of accumulator lanes to the declared output type, on the AIE datapath.
// It computes exactly what aiem::num::requantize / requantize_scaled (ir/numeric/requantize.hpp)
// compute: round(acc * multiplier / 2^shift) with an hls4ml rounding mode, plus a zero point, then an
// hls4ml overflow mode at the declared width W (which may be below the container: fixed<6,2> lives in
// int8), then an optional fused ReLU. Combinations the hardware cannot do exactly do not compile.
//
// How each step maps to the hardware (docs/kernels.md has the full table):
//   rounding  -> the SRS rounding mode (all seven hls4ml modes have an exact AIE equivalent);
//   shift     -> the SRS shift;
//   multiplier-> to_vector<int32>(0), a 32x32-bit aie::mul into acc64, then SRS from acc64;
//   overflow  -> SRS saturation (none = WRAP, saturate = SAT), plus vector min/max/select/bit ops
//                when W is below the container or the mode has no SRS equivalent (SAT_ZERO, SAT_SYM);
//   relu      -> aie::max with the zero point.
#pragma once

#include <aie_api/aie.hpp>

namespace aiem_kernels {

// hls4ml / ap_fixed quantization modes (same names and meaning as aiem::num::Rounding).
enum class Rounding : unsigned char { TRN, TRN_ZERO, RND, RND_ZERO, RND_INF, RND_MIN_INF, RND_CONV };
// hls4ml / ap_fixed overflow modes at the declared width (same as aiem::num::Overflow).
enum class Overflow : unsigned char { WRAP, SAT, SAT_ZERO, SAT_SYM };
// Where the multiplier of a non-power-of-two scale comes from.
enum class Scale : unsigned char {
  none,        // factor 2^-shift only
  per_tensor,  // factor multiplier * 2^-shift, multiplier a compile-time constant
  per_column,  // factor col_scale[n] * 2^-shift, one int32 multiplier per output column (runtime array)
};

// The output conversion of one dense layer. A structural type: it is a template argument.
struct Requant {
  int width = 8;                         // declared W, 1..bits of the output container
  Rounding rounding = Rounding::TRN;
  Overflow overflow = Overflow::WRAP;
  int shift = 0;                         // right shift from accumulator scale (negative: left shift)
  Scale scale = Scale::none;
  int multiplier = 1;                    // Scale::per_tensor only
  int zero = 0;                          // zero point added after rounding, before overflow; in W's range
  bool relu = false;                     // y = max(y, zero) after overflow
  int acc_bound_bits = 0;                // every final sum fits a signed integer of this many bits (0: unknown)
};

namespace detail {

template <class T> inline constexpr bool is_int8_v = false;
template <> inline constexpr bool is_int8_v<int8> = true;
template <> inline constexpr bool is_int8_v<uint8> = true;
template <class T> inline constexpr bool is_int16_v = false;
template <> inline constexpr bool is_int16_v<int16> = true;
template <> inline constexpr bool is_int16_v<uint16> = true;
template <class T> inline constexpr bool is_signed_v = T(-1) < T(0);

template <class A, class B> inline constexpr bool same_v = false;
template <class A> inline constexpr bool same_v<A, A> = true;

template <class AccTag> constexpr int acc_lane_bits() { return same_v<AccTag, acc32> ? 32 : 64; }

constexpr aie::rounding_mode to_aie(Rounding r) {
  switch (r) {
    case Rounding::TRN: return aie::rounding_mode::floor;
    case Rounding::TRN_ZERO: return aie::rounding_mode::symmetric_floor;
    case Rounding::RND: return aie::rounding_mode::positive_inf;
    case Rounding::RND_ZERO: return aie::rounding_mode::symmetric_zero;
    case Rounding::RND_INF: return aie::rounding_mode::symmetric_inf;
    case Rounding::RND_MIN_INF: return aie::rounding_mode::negative_inf;
    case Rounding::RND_CONV: return aie::rounding_mode::conv_even;
  }
  return aie::rounding_mode::floor;
}

}  // namespace detail

// requantizer<AccTag, TO, Q>: SRS of accum<AccTag, L> blocks into vector<TO, L>.
template <class AccTag, class TO, Requant Q>
struct requantizer {
  static_assert(detail::same_v<AccTag, acc32> || detail::same_v<AccTag, acc64>,
                "aiem_kernels: the accumulator must be acc32 or acc64");
  static_assert(detail::is_int8_v<TO> || detail::is_int16_v<TO>,
                "aiem_kernels: the output container must be int8, uint8, int16 or uint16");

  static constexpr bool out_signed = detail::is_signed_v<TO>;
  static constexpr int container_bits = detail::is_int8_v<TO> ? 8 : 16;
  static constexpr int acc_bits = detail::acc_lane_bits<AccTag>();
  static_assert(Q.width >= 1 && Q.width <= container_bits,
                "aiem_kernels: the declared output width W must be 1..bits of the output container");
  static constexpr int min_code = out_signed ? -(1 << (Q.width - 1)) : 0;
  static constexpr int max_code = out_signed ? (1 << (Q.width - 1)) - 1 : (1 << Q.width) - 1;
  static_assert(Q.zero >= min_code && Q.zero <= max_code,
                "aiem_kernels: the zero point must be a code of the declared output type");

  // Direct: SRS straight from the mmul accumulator. Scaled: via a 32x32-bit multiply into acc64;
  // also used for a left shift (multiplier 2^-shift) and for acc32 shifts of 32..63.
  static constexpr bool direct =
      Q.scale == Scale::none && Q.shift >= 0 && Q.shift <= (acc_bits == 32 ? 31 : 59);
  static_assert(Q.scale != Scale::none || Q.shift >= -30,
                "aiem_kernels: a left shift of more than 30 bits from the accumulator is not supported");
  static_assert(Q.scale == Scale::none || Q.shift >= 0,
                "aiem_kernels: a multiplier with a negative shift: fold 2^-shift into the multiplier");
  static_assert(Q.shift <= 59, "aiem_kernels: SRS shifts are limited to 59 bits (aie::max_shift; UG1583)");
  static_assert(direct || acc_bits == 32 || (Q.acc_bound_bits >= 1 && Q.acc_bound_bits <= 32),
                "aiem_kernels: a multiplier (or a left shift) on an acc64 accumulator is exact only when the sums "
                "are proven to fit 32 bits (Requant::acc_bound_bits <= 32); a 64x32-bit product does not fit acc64");
  static constexpr int srs_shift = (!direct && Q.scale == Scale::none && Q.shift < 0) ? 0 : Q.shift;
  static constexpr int const_multiplier =
      Q.scale == Scale::per_tensor ? Q.multiplier : (Q.shift < 0 && Q.scale == Scale::none ? (1 << -Q.shift) : 1);

  // Work in int32 lanes (then narrow) when the container cannot show an overflow: a zero point, or
  // SAT_ZERO / signed SAT_SYM at the full container width (127 could be exact or saturated).
  static constexpr bool wide = Q.zero != 0 || (Q.width == container_bits && (Q.overflow == Overflow::SAT_ZERO ||
                                                                             (Q.overflow == Overflow::SAT_SYM && out_signed)));

  // Rounding and saturation are tile state; set them before the first SRS of every kernel call.
  static void set_modes() {
    aie::set_rounding(detail::to_aie(Q.rounding));
    aie::set_saturation(Q.overflow == Overflow::WRAP ? aie::saturation_mode::none : aie::saturation_mode::saturate);
  }

  // col_mult: the per-column multipliers laid out like the block (Scale::per_column only).
  template <unsigned L>
  static aie::vector<TO, L> apply(const aie::accum<AccTag, L>& acc, const aie::vector<int32, L>& col_mult) {
    if constexpr (direct) {
      return finish<L>(acc);
    } else {
      // Exact: the final sum fits int32 (acc32, or acc64 with a proven bound), |multiplier| < 2^31,
      // so the product fits acc64.
      const aie::vector<int32, L> v = acc.template to_vector<int32>(0);
      if constexpr (Q.scale == Scale::per_column) {
        return finish<L>(aie::mul<acc64>(v, col_mult));
      } else {
        return finish<L>(aie::mul<acc64>(v, int32(const_multiplier)));
      }
    }
  }

 private:
  template <class V, unsigned L>
  static aie::vector<V, L> overflow_at_width(aie::vector<V, L> v) {
    constexpr int vbits = sizeof(V) * 8;
    if constexpr (Q.overflow == Overflow::WRAP) {
      if constexpr (Q.width < vbits) {
        // Keep the low W bits; sign-extend from bit W-1 without shifts: ((mask & v) ^ h) - h. The
        // real API has the bit operations with the scalar first only (aie.hpp bit_and(E, v)).
        v = aie::bit_and(V((1 << Q.width) - 1), v);
        if constexpr (out_signed) v = aie::sub(aie::bit_xor(V(1 << (Q.width - 1)), v), V(1 << (Q.width - 1)));
      }
    } else if constexpr (Q.overflow == Overflow::SAT || (Q.overflow == Overflow::SAT_SYM && !out_signed)) {
      // At the full width of V the SRS saturation already clamped.
      if constexpr (Q.width < vbits) v = aie::min(aie::max(v, V(min_code)), V(max_code));
    } else if constexpr (Q.overflow == Overflow::SAT_SYM) {
      // ap_fixed SAT_SYM: an overflow below min gives -max; min itself, when exact, stays.
      const aie::mask<L> below = aie::lt(v, V(min_code));
      v = aie::min(aie::max(v, V(min_code)), V(max_code));
      v = aie::select(v, V(-max_code), below);
    } else {  // SAT_ZERO
      const aie::mask<L> out = aie::lt(v, V(min_code)) | aie::gt(v, V(max_code));
      v = aie::select(v, V(0), out);
    }
    return v;
  }

  // SRS to int32 lanes. From acc32 the real API's to_vector<int32> is a register cast that ignores
  // the shift (aie_api detail/aie2/accum.hpp), so a shifted acc32 first widens to acc64 (UPS of the
  // exact int32 sums, shift 0) and then takes a real SRS there.
  template <unsigned L, class SrcTag>
  static aie::vector<int32, L> to_int32(const aie::accum<SrcTag, L>& src) {
    if constexpr (detail::acc_lane_bits<SrcTag>() == 32 && srs_shift != 0) {
      aie::accum<acc64, L> w;
      w.from_vector(src.template to_vector<int32>(0), 0);
      return w.template to_vector<int32>(srs_shift);
    } else {
      return src.template to_vector<int32>(srs_shift);
    }
  }

  template <unsigned L, class SrcTag>
  static aie::vector<TO, L> finish(const aie::accum<SrcTag, L>& src) {
    if constexpr (!wide) {
      // The container's saturation (or wrap) is exact, and shows every overflow of W < container.
      aie::vector<TO, L> v = src.template to_vector<TO>(srs_shift);
      v = overflow_at_width<TO, L>(v);
      if constexpr (Q.relu && out_signed) v = aie::max(v, TO(0));
      return v;
    } else {
      aie::vector<int32, L> v = to_int32(src);
      if constexpr (Q.zero != 0) {
        // A saturated lane only needs to stay out of range after adding the zero point: clamping
        // to +-2^30 keeps that and makes the int32 addition unable to wrap. WRAP keeps low bits.
        if constexpr (Q.overflow != Overflow::WRAP) v = aie::min(aie::max(v, int32(-(1 << 30))), int32(1 << 30));
        v = aie::add(v, int32(Q.zero));
      }
      v = overflow_at_width<int32, L>(v);
      if constexpr (Q.relu) v = aie::max(v, int32(Q.zero));
      // Every lane is now a code of TO: UPS then SRS with shift 0 narrows exactly in any mode.
      aie::accum<acc32, L> narrow;
      narrow.from_vector(v, 0);
      return narrow.template to_vector<TO>(0);
    }
  }
};

}  // namespace aiem_kernels
