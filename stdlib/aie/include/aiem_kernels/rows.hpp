// Row kernels for AIE-ML (__AIE_ARCH__ 20) and AIE-MLv2 (22): ops that read whole rows, the
// normalization family of aiemc (ir/ops/normalization). One kernel holds the layer's whole input
// and output; everything is scalar integer code, exact, in the order of the definitions in
// docs/language.md ("Exact semantics"), so that it computes what aiemc's interpreter computes:
//
//   reduce:  y = overflow(round((Σ or max of x) · 2^Up / Den)) over Red rows (and, with Last,
//            every column) of each block;
//   softmax: y = overflow(round(E[max - x] · 2^Up / (Σ E · 2^DenShift))) along an axis, E a table;
//   norm:    layernorm / rmsnorm of each row with 64-bit sums, an integer square root and one exact
//            division per element;
//   matmul:  the product of two activations' matrices, batched, with 64-bit sums.
//
// Output rows are OutStride elements apart; the columns after the real ones are written 0, as in
// every other kernel's buffers. Cycle model: docs/performance.md ("Row kernels").
#pragma once

#include <adf.h>
#include <aie_api/aie.hpp>
#include <aie_api/aie_adf.hpp>

#include "aiem_kernels/requantize.hpp"

namespace aiem_kernels {

// The result format of a row kernel: a structural type, so it is a template argument.
struct RowFormat {
  int width = 8;
  bool is_signed = true;
  Rounding rounding = Rounding::TRN;
  Overflow overflow = Overflow::WRAP;
};

namespace rows_detail {

// round(num / den) with the format's rounding mode, den > 0; exact for any 64-bit operands.
inline long long div_round(long long num, long long den, Rounding mode) {
  long long q = num / den, r = num % den;
  if (r < 0) {  // floor division
    q -= 1;
    r += den;
  }
  if (r == 0) return q;
  switch (mode) {
    case Rounding::TRN: return q;
    case Rounding::TRN_ZERO: return num < 0 ? q + 1 : q;
    default: break;
  }
  const long long twice = 2 * r;  // r < den <= 2^62
  if (twice > den) return q + 1;
  if (twice < den) return q;
  switch (mode) {  // an exact tie
    case Rounding::RND: return q + 1;
    case Rounding::RND_ZERO: return num < 0 ? q + 1 : q;
    case Rounding::RND_INF: return num < 0 ? q : q + 1;
    case Rounding::RND_MIN_INF: return q;
    default: return (q % 2 == 0) ? q : q + 1;  // RND_CONV
  }
}

// The format's overflow mode at its declared width.
template <RowFormat F>
long long overflow(long long v) {
  constexpr long long lo = F.is_signed ? -(1LL << (F.width - 1)) : 0;
  constexpr long long hi = F.is_signed ? (1LL << (F.width - 1)) - 1 : (1LL << F.width) - 1;
  if (v >= lo && v <= hi) return v;
  if constexpr (F.overflow == Overflow::WRAP) {
    const unsigned long long m = (unsigned long long)v & ((1ULL << F.width) - 1);
    return F.is_signed && m >= (1ULL << (F.width - 1)) ? (long long)m - (1LL << F.width) : (long long)m;
  } else if constexpr (F.overflow == Overflow::SAT_ZERO) {
    return 0;
  } else if constexpr (F.overflow == Overflow::SAT_SYM && F.is_signed) {
    return v < lo ? -hi : hi;
  } else {
    return v < lo ? lo : hi;
  }
}

// floor(sqrt(v)), bit by bit.
inline unsigned long long isqrt(unsigned long long v) {
  unsigned long long r = 0, bit = 1ULL << 62;
  while (bit > v) bit >>= 2;
  while (bit != 0) {
    if (v >= r + bit) {
      v -= r + bit;
      r = (r >> 1) + bit;
    } else {
      r >>= 1;
    }
    bit >>= 2;
  }
  return r;
}

template <class TO, unsigned Cols, unsigned Stride>
void clear_row_tail(TO* __restrict row) {
  for (unsigned c = Cols; c < Stride; ++c) row[c] = TO(0);
}

}  // namespace rows_detail

// ---- reduce ---------------------------------------------------------------------------------
// The input as [Outer][Red][Mid] rows of Cols (InStride apart). Without Last: for each (outer, mid)
// row, every column reduced over the Red rows, out [Outer][Mid] rows of Cols. With Last (the
// reduced axes include the last one; Mid = 1): each outer block's Red rows and all their columns
// reduced to one value, out Outer rows of 1 column. Max: the largest code; otherwise the sum.
template <class TA, class TO, unsigned Outer, unsigned Red, unsigned Mid, unsigned Cols, unsigned InStride,
          unsigned OutStride, bool Last, bool Max, int Up, long long Den, RowFormat F>
struct reduce_config {
  using a_type = TA;
  using out_type = TO;
  static constexpr unsigned outer = Outer, red = Red, mid = Mid, cols = Cols, in_stride = InStride, out_stride = OutStride;
  static constexpr bool last = Last, max = Max;
  static constexpr int up = Up;
  static constexpr long long den = Den;
  static constexpr RowFormat format = F;
};

template <class Cfg>
struct reduce {
  using TA = typename Cfg::a_type;
  using TO = typename Cfg::out_type;
  static_assert(Cfg::in_stride >= Cfg::cols && Cfg::den >= 1 && Cfg::up >= 0 && Cfg::up < 32,
                "aiem_kernels: reduce rows hold their columns; the scale is 2^Up / Den");
  static_assert(!Cfg::last || Cfg::mid == 1, "aiem_kernels: a reduction of the last axis has no middle rows");

  static TO result(long long v) {
    return TO(rows_detail::overflow<Cfg::format>(rows_detail::div_round(v * (1LL << Cfg::up), Cfg::den, Cfg::format.rounding)));
  }

  static void run(const TA* __restrict x, TO* __restrict y) {
    for (unsigned o = 0; o < Cfg::outer; ++o) {
      if constexpr (Cfg::last) {
        const TA* __restrict block = x + o * Cfg::red * Cfg::in_stride;
        long long v = Cfg::max ? (long long)block[0] : 0;
        for (unsigned r = 0; r < Cfg::red; ++r)
          for (unsigned c = 0; c < Cfg::cols; ++c) chess_prepare_for_pipelining {
              const long long e = block[r * Cfg::in_stride + c];
              v = Cfg::max ? (e > v ? e : v) : v + e;
            }
        TO* __restrict row = y + o * Cfg::out_stride;
        row[0] = result(v);
        rows_detail::clear_row_tail<TO, 1, Cfg::out_stride>(row);
      } else {
        for (unsigned m = 0; m < Cfg::mid; ++m) {
          TO* __restrict row = y + (o * Cfg::mid + m) * Cfg::out_stride;
          for (unsigned c = 0; c < Cfg::cols; ++c) {
            const TA* __restrict col = x + (o * Cfg::red * Cfg::mid + m) * Cfg::in_stride + c;
            long long v = Cfg::max ? (long long)col[0] : 0;
            for (unsigned r = 0; r < Cfg::red; ++r) chess_prepare_for_pipelining {
                const long long e = col[r * Cfg::mid * Cfg::in_stride];
                v = Cfg::max ? (e > v ? e : v) : v + e;
              }
            row[c] = result(v);
          }
          rows_detail::clear_row_tail<TO, Cfg::cols, Cfg::out_stride>(row);
        }
      }
    }
  }
};

// ---- softmax --------------------------------------------------------------------------------
// Along the last axis (Last: each of the Outer rows of Cols codes) or along an earlier one (the
// input as [Outer][Len][Mid] rows of Cols: each (outer, mid, column) line of Len codes, Mid * InStride
// apart): E[max - x] from the table (Entries values at 2^16 scale, one per code distance), their
// sum Z, then y = round(E · 2^Up / (Z · 2^DenShift)) per element, in the input's layout; with
// Reciprocal, R = floor(2^(32 + Up) / (Z · 2^DenShift)) once per line and y = round(E · R / 2^32): a
// multiply per element instead of a division.
template <class TA, class TO, unsigned Outer, unsigned Len, unsigned Mid, unsigned Cols, unsigned InStride,
          unsigned OutStride, bool Last, unsigned Entries, int Up, int DenShift, RowFormat F, bool Reciprocal = false>
struct softmax_config {
  using a_type = TA;
  using out_type = TO;
  static constexpr unsigned outer = Outer, len = Len, mid = Mid, cols = Cols, in_stride = InStride, out_stride = OutStride,
                            entries = Entries;
  static constexpr bool last = Last, reciprocal = Reciprocal;
  static constexpr int up = Up, den_shift = DenShift;
  static constexpr RowFormat format = F;
};

template <class Cfg>
struct softmax {
  using TA = typename Cfg::a_type;
  using TO = typename Cfg::out_type;
  static_assert(Cfg::entries >= 1 && Cfg::entries <= 4096, "aiem_kernels: the exp table covers inputs of at most 12 bits");
  static_assert(Cfg::up >= 0 && Cfg::up <= 24 && Cfg::den_shift >= 0 && Cfg::den_shift <= 24,
                "aiem_kernels: softmax's result scale");
  static_assert(!Cfg::last || (Cfg::len == Cfg::cols && Cfg::mid == 1), "aiem_kernels: a last-axis softmax runs along rows");

  // One line of Len codes, `step` elements apart in x and `out_step` apart in y.
  static void line(const TA* __restrict in, unsigned step, const int32* __restrict exp_table, TO* __restrict out,
                   unsigned out_step) {
    int top = in[0];
    for (unsigned k = 1; k < Cfg::len; ++k) chess_prepare_for_pipelining {
        top = int(in[k * step]) > top ? int(in[k * step]) : top;
      }
    long long z = 0;
    for (unsigned k = 0; k < Cfg::len; ++k) chess_prepare_for_pipelining {
        z += exp_table[top - int(in[k * step])];
      }
    const long long den = z * (1LL << Cfg::den_shift);
    if constexpr (Cfg::reciprocal) {
      // E <= 2^16 <= Z, so E · R <= 2^(32 + Up) <= 2^56: one 64-bit product per element.
      const long long r = (1LL << (32 + Cfg::up)) / den;
      for (unsigned k = 0; k < Cfg::len; ++k) chess_prepare_for_pipelining {
          const long long e = exp_table[top - int(in[k * step])];
          out[k * out_step] =
              TO(rows_detail::overflow<Cfg::format>(rows_detail::div_round(e * r, 1LL << 32, Cfg::format.rounding)));
        }
      return;
    }
    for (unsigned k = 0; k < Cfg::len; ++k) {
      const long long e = exp_table[top - int(in[k * step])];
      out[k * out_step] =
          TO(rows_detail::overflow<Cfg::format>(rows_detail::div_round(e * (1LL << Cfg::up), den, Cfg::format.rounding)));
    }
  }

  static void run(const TA* __restrict x, const int32* __restrict exp_table, TO* __restrict y) {
    if constexpr (Cfg::last) {
      for (unsigned r = 0; r < Cfg::outer; ++r) {
        line(x + r * Cfg::in_stride, 1, exp_table, y + r * Cfg::out_stride, 1);
        rows_detail::clear_row_tail<TO, Cfg::cols, Cfg::out_stride>(y + r * Cfg::out_stride);
      }
    } else {
      for (unsigned o = 0; o < Cfg::outer; ++o)
        for (unsigned m = 0; m < Cfg::mid; ++m)
          for (unsigned c = 0; c < Cfg::cols; ++c) {
            const unsigned row = o * Cfg::len * Cfg::mid + m;
            line(x + row * Cfg::in_stride + c, Cfg::mid * Cfg::in_stride, exp_table, y + row * Cfg::out_stride + c,
                 Cfg::mid * Cfg::out_stride);
          }
      for (unsigned r = 0; r < Cfg::outer * Cfg::len * Cfg::mid; ++r)
        rows_detail::clear_row_tail<TO, Cfg::cols, Cfg::out_stride>(y + r * Cfg::out_stride);
    }
  }
};

// ---- layernorm / rmsnorm ----------------------------------------------------------------------
// Rows rows of Cols codes. d = Cols·x - Σx (Centered) or Cols·x; V = Σ d²; s = isqrt((V·2^(2G) +
// EpsTerm) / Cols); y = round((d·γ·2^ShiftD + β·s·2^ShiftB) / (s·2^ShiftS)), or, when s is 0,
// round(β·2^BetaUp / 2^BetaDown). The parameters are one table: γ (Cols codes, when HasGamma) then
// β (Cols codes, when HasBeta). aiemc chose G so that every step stays within 62 bits.
template <class TA, class TO, unsigned Rows, unsigned Cols, unsigned InStride, unsigned OutStride, bool Centered,
          bool HasGamma, bool HasBeta, int G, long long EpsTerm, int ShiftD, int ShiftB, int ShiftS, int BetaUp,
          int BetaDown, RowFormat F>
struct norm_config {
  using a_type = TA;
  using out_type = TO;
  static constexpr unsigned rows = Rows, cols = Cols, in_stride = InStride, out_stride = OutStride;
  static constexpr bool centered = Centered, has_gamma = HasGamma, has_beta = HasBeta;
  static constexpr int guard = G, shift_d = ShiftD, shift_b = ShiftB, shift_s = ShiftS, beta_up = BetaUp,
                       beta_down = BetaDown;
  static constexpr long long eps_term = EpsTerm;
  static constexpr RowFormat format = F;
};

template <class Cfg>
struct norm {
  using TA = typename Cfg::a_type;
  using TO = typename Cfg::out_type;
  static_assert(Cfg::guard >= 0 && Cfg::guard <= 16 && Cfg::shift_d >= 0 && Cfg::shift_b >= 0 && Cfg::shift_s >= 0,
                "aiem_kernels: norm shifts are left shifts");

  static void run(const TA* __restrict x, const int32* __restrict params, TO* __restrict y) {
    const int32* __restrict gamma = params;
    const int32* __restrict beta = params + (Cfg::has_gamma ? Cfg::cols : 0);
    constexpr long long n = Cfg::cols;
    for (unsigned r = 0; r < Cfg::rows; ++r) {
      const TA* __restrict in = x + r * Cfg::in_stride;
      TO* __restrict out = y + r * Cfg::out_stride;
      long long sum = 0;
      if constexpr (Cfg::centered)
        for (unsigned c = 0; c < Cfg::cols; ++c) chess_prepare_for_pipelining {
            sum += in[c];
          }
      long long v = 0;
      for (unsigned c = 0; c < Cfg::cols; ++c) chess_prepare_for_pipelining {
          const long long d = n * in[c] - sum;
          v += d * d;
        }
      const long long s = (long long)rows_detail::isqrt((unsigned long long)((v * (1LL << (2 * Cfg::guard)) + Cfg::eps_term) / n));
      for (unsigned c = 0; c < Cfg::cols; ++c) {
        const long long b = Cfg::has_beta ? (long long)beta[c] : 0;
        long long q;
        if (s == 0) {
          q = rows_detail::div_round(b * (1LL << Cfg::beta_up), 1LL << Cfg::beta_down, Cfg::format.rounding);
        } else {
          const long long g = Cfg::has_gamma ? (long long)gamma[c] : 1;
          const long long d = n * in[c] - sum;
          q = rows_detail::div_round(d * g * (1LL << Cfg::shift_d) + b * s * (1LL << Cfg::shift_b), s * (1LL << Cfg::shift_s),
                                     Cfg::format.rounding);
        }
        out[c] = TO(rows_detail::overflow<Cfg::format>(q));
      }
      rows_detail::clear_row_tail<TO, Cfg::cols, Cfg::out_stride>(out);
    }
  }
};

// ---- matmul ---------------------------------------------------------------------------------
// Batch pairs of matrices: a as Batch·M rows of K codes (AStride apart), b as Batch·K rows of N
// (or, with TransposeB, Batch·N rows of K; BStride apart); y = round(Σ_k a·b · 2^Up / 2^Down) per
// element into Batch·M rows of N (OutStride apart), the sum exact in 64 bits.
template <class TA, class TB, class TO, unsigned Batch, unsigned M, unsigned K, unsigned N, unsigned AStride,
          unsigned BStride, unsigned OutStride, bool TransposeB, int Up, int Down, RowFormat F>
struct matmul_config {
  using a_type = TA;
  using b_type = TB;
  using out_type = TO;
  static constexpr unsigned batch = Batch, m = M, k = K, n = N, a_stride = AStride, b_stride = BStride,
                            out_stride = OutStride;
  static constexpr bool transpose_b = TransposeB;
  static constexpr int up = Up, down = Down;
  static constexpr RowFormat format = F;
};

template <class Cfg>
struct matmul {
  using TA = typename Cfg::a_type;
  using TB = typename Cfg::b_type;
  using TO = typename Cfg::out_type;
  static_assert(Cfg::up >= 0 && Cfg::up < 32 && Cfg::down >= 0 && Cfg::down < 62, "aiem_kernels: matmul's result scale");

  static void run(const TA* __restrict a, const TB* __restrict b, TO* __restrict y) {
    for (unsigned p = 0; p < Cfg::batch; ++p) {
      const TA* __restrict ap = a + p * Cfg::m * Cfg::a_stride;
      const TB* __restrict bp = b + p * (Cfg::transpose_b ? Cfg::n : Cfg::k) * Cfg::b_stride;
      for (unsigned i = 0; i < Cfg::m; ++i) {
        TO* __restrict row = y + (p * Cfg::m + i) * Cfg::out_stride;
        for (unsigned j = 0; j < Cfg::n; ++j) {
          long long acc = 0;
          for (unsigned t = 0; t < Cfg::k; ++t) chess_prepare_for_pipelining {
              const long long bv = Cfg::transpose_b ? bp[j * Cfg::b_stride + t] : bp[t * Cfg::b_stride + j];
              acc += (long long)ap[i * Cfg::a_stride + t] * bv;
            }
          row[j] = TO(rows_detail::overflow<Cfg::format>(
              rows_detail::div_round(acc * (1LL << Cfg::up), 1LL << Cfg::down, Cfg::format.rounding)));
        }
        rows_detail::clear_row_tail<TO, Cfg::n, Cfg::out_stride>(row);
      }
    }
  }
};

}  // namespace aiem_kernels
