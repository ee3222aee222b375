// Pointwise kernels for AIE-ML (__AIE_ARCH__ 20) and AIE-MLv2 (22): one kernel computes one
// row-major Rows x Cols column slice of an elementwise op. Header-only; everything is fixed at
// compile time. Design and cycle model: docs/kernels.md, docs/performance.md.
//
//   binary: y = requant((a << ShiftA) + (b << ShiftB))   (add; sub subtracts; mul: requant(a * b))
//           16 lanes at a time: UPS into acc32 (the shift is the UPS shift), add/sub/mul in the
//           accumulator, then the dense kernels' requantizer (requantize.hpp) to the output type;
//   lookup: y = table[a - First], one element at a time from a table in the tile's data memory
//           (the table is computed by aiemc from the input and output formats, or given by the user);
//   transpose: [batch, T, D] -> [batch, D, T], one element at a time;
//   reshape: the rows re-read with another length (a flatten), one element at a time.
//
// Columns at and beyond `Valid` (the layer's padding in the last slice) get the output's zero point
// (0 here: pointwise layers have none), so padding is the same in every layer's buffers.
#pragma once

#include <adf.h>
#include <aie_api/aie.hpp>
#include <aie_api/aie_adf.hpp>

#include "aiem_kernels/requantize.hpp"

namespace aiem_kernels {

enum class Binary : unsigned char { add, sub, mul };

template <class TA, class TB, class TO, Binary Op, unsigned Rows, unsigned Cols, int ShiftA, int ShiftB, Requant Q>
struct binary_config {
  using a_type = TA;
  using b_type = TB;
  using out_type = TO;
  static constexpr Binary op = Op;
  static constexpr unsigned rows = Rows;
  static constexpr unsigned cols = Cols;
  static constexpr int shift_a = ShiftA;
  static constexpr int shift_b = ShiftB;
  static constexpr Requant requant = Q;
};

namespace detail {

// Writes 0 into columns [valid, cols) of every row (scalar stores: only the padding of a slice).
template <class TO, unsigned Rows, unsigned Cols, unsigned Valid>
void clear_padding(TO* __restrict y) {
  if constexpr (Valid < Cols)
    for (unsigned r = 0; r < Rows; ++r)
      for (unsigned c = Valid; c < Cols; ++c) y[r * Cols + c] = TO(0);
}

}  // namespace detail

template <class Cfg>
struct binary {
  using TA = typename Cfg::a_type;
  using TB = typename Cfg::b_type;
  using TO = typename Cfg::out_type;
  static constexpr unsigned L = 16;  // lanes: an acc32 x 16 accumulator is one 512-bit register
  static constexpr unsigned elems = Cfg::rows * Cfg::cols;
  static_assert(Cfg::cols % L == 0, "aiem_kernels: a pointwise slice is a whole number of 16-lane vectors");
  static_assert(detail::is_int8_v<TA> || detail::is_int16_v<TA>, "aiem_kernels: operands are 8- or 16-bit integers");
  static_assert(detail::is_int8_v<TB> || detail::is_int16_v<TB>, "aiem_kernels: operands are 8- or 16-bit integers");
  static_assert(Cfg::shift_a >= 0 && Cfg::shift_b >= 0, "aiem_kernels: operands are aligned by left shifts");
  using requant = requantizer<acc32, TO, Cfg::requant>;

  // Valid: the real columns of this kernel's slice.
  template <unsigned Valid>
  static void run(const TA* __restrict a, const TB* __restrict b, TO* __restrict y) {
    static_assert(Valid >= 1 && Valid <= Cfg::cols, "aiem_kernels: a slice has 1 .. Cols real columns");
    requant::set_modes();
    for (unsigned i = 0; i < elems; i += L) chess_prepare_for_pipelining {
        aie::store_v(y + i, step(aie::load_v<L>(a + i), aie::load_v<L>(b + i)));
      }
    detail::clear_padding<TO, Cfg::rows, Cfg::cols, Valid>(y);
  }

  // b: one row of Cols values (a constant operand's slice), the same for every row of a.
  template <unsigned Valid>
  static void run_by_row(const TA* __restrict a, const TB* __restrict b, TO* __restrict y) {
    static_assert(Valid >= 1 && Valid <= Cfg::cols, "aiem_kernels: a slice has 1 .. Cols real columns");
    requant::set_modes();
    for (unsigned r = 0; r < Cfg::rows; ++r)
      for (unsigned c = 0; c < Cfg::cols; c += L) chess_prepare_for_pipelining {
          const unsigned i = r * Cfg::cols + c;
          aie::store_v(y + i, step(aie::load_v<L>(a + i), aie::load_v<L>(b + c)));
        }
    detail::clear_padding<TO, Cfg::rows, Cfg::cols, Valid>(y);
  }

  // b broadcast (numpy): row r of a meets row r / Period of b (b has Rows / Period rows, BStride
  // apart); with Scalar, that row of b is one value for every column.
  template <unsigned Valid, unsigned Period, unsigned BStride, bool Scalar>
  static void run_broadcast(const TA* __restrict a, const TB* __restrict b, TO* __restrict y) {
    static_assert(Valid >= 1 && Valid <= Cfg::cols, "aiem_kernels: a slice has 1 .. Cols real columns");
    static_assert(Period >= 1 && Cfg::rows % Period == 0, "aiem_kernels: b's rows divide a's");
    static_assert(Scalar ? BStride >= 1 : BStride >= Cfg::cols, "aiem_kernels: a row of b holds its elements");
    requant::set_modes();
    for (unsigned r = 0; r < Cfg::rows; ++r) {
      const TB* __restrict brow = b + (r / Period) * BStride;
      if constexpr (Scalar) {
        const aie::vector<TB, L> vb = aie::broadcast<TB, L>(brow[0]);
        for (unsigned c = 0; c < Cfg::cols; c += L) chess_prepare_for_pipelining {
            const unsigned i = r * Cfg::cols + c;
            aie::store_v(y + i, step(aie::load_v<L>(a + i), vb));
          }
      } else {
        for (unsigned c = 0; c < Cfg::cols; c += L) chess_prepare_for_pipelining {
            const unsigned i = r * Cfg::cols + c;
            aie::store_v(y + i, step(aie::load_v<L>(a + i), aie::load_v<L>(brow + c)));
          }
      }
    }
    detail::clear_padding<TO, Cfg::rows, Cfg::cols, Valid>(y);
  }

 private:
  static aie::vector<TO, L> step(const aie::vector<TA, L>& va, const aie::vector<TB, L>& vb) {
    const aie::vector<int32, L> unused;
    aie::accum<acc32, L> acc;
    if constexpr (Cfg::op == Binary::mul) {
      acc = aie::mul<acc32>(va, vb);
    } else {
      acc.from_vector(va, Cfg::shift_a);
      const aie::accum<acc32, L> other(vb, Cfg::shift_b);
      acc = Cfg::op == Binary::add ? aie::add(acc, other) : aie::sub(acc, other);
    }
    return requant::template apply<L>(acc, unused);
  }
};

template <class TA, class TO, unsigned Rows, unsigned Cols, int First, unsigned Entries>
struct lookup_config {
  using a_type = TA;
  using out_type = TO;
  static constexpr unsigned rows = Rows;
  static constexpr unsigned cols = Cols;
  static constexpr int first = First;        // the input code of table[0]
  static constexpr unsigned entries = Entries;  // one per input code
};

template <class Cfg>
struct lookup {
  using TA = typename Cfg::a_type;
  using TO = typename Cfg::out_type;
  static constexpr unsigned elems = Cfg::rows * Cfg::cols;
  static_assert(Cfg::entries >= 1 && Cfg::entries <= 4096, "aiem_kernels: tables cover inputs of at most 12 bits");

  template <unsigned Valid>
  static void run(const TA* __restrict a, const TO* __restrict table, TO* __restrict y) {
    static_assert(Valid >= 1 && Valid <= Cfg::cols, "aiem_kernels: a slice has 1 .. Cols real columns");
    for (unsigned i = 0; i < elems; ++i) chess_prepare_for_pipelining {
        y[i] = table[int(a[i]) - Cfg::first];
      }
    detail::clear_padding<TO, Cfg::rows, Cfg::cols, Valid>(y);
  }
};

// The axes of [D0, D1, D2, D3] (row-major, rows of D3 elements InStride apart) permuted: output
// axis i is input axis P_i, its rows OutStride apart (the rest of each row written 0). One element
// at a time: int8 and int16 elements are smaller than the 32-bit words memory-tile DMA moves, so
// this re-layout needs a kernel.
template <class T, unsigned D0, unsigned D1, unsigned D2, unsigned D3, unsigned P0, unsigned P1, unsigned P2, unsigned P3,
          unsigned InStride, unsigned OutStride>
struct permute_config {
  using type = T;
  static constexpr unsigned dims[4] = {D0, D1, D2, D3};
  static constexpr unsigned perm[4] = {P0, P1, P2, P3};
  static constexpr unsigned in_stride = InStride, out_stride = OutStride;
};

template <class Cfg>
struct permute {
  using T = typename Cfg::type;
  static constexpr unsigned p0 = Cfg::perm[0], p1 = Cfg::perm[1], p2 = Cfg::perm[2], p3 = Cfg::perm[3];
  static_assert(p0 < 4 && p1 < 4 && p2 < 4 && p3 < 4 && p0 != p1 && p0 != p2 && p0 != p3 && p1 != p2 && p1 != p3 && p2 != p3,
                "aiem_kernels: perm is a permutation of the four axes");
  static_assert(Cfg::in_stride >= Cfg::dims[3] && Cfg::out_stride >= Cfg::dims[p3], "aiem_kernels: a row holds its elements");
  // Element strides of the input's axes, and the output's sizes.
  static constexpr unsigned stride[4] = {Cfg::dims[1] * Cfg::dims[2] * Cfg::in_stride, Cfg::dims[2] * Cfg::in_stride,
                                         Cfg::in_stride, 1};
  static constexpr unsigned o0 = Cfg::dims[p0], o1 = Cfg::dims[p1], o2 = Cfg::dims[p2], o3 = Cfg::dims[p3];

  static void run(const T* __restrict x, T* __restrict y) {
    for (unsigned i0 = 0; i0 < o0; ++i0)
      for (unsigned i1 = 0; i1 < o1; ++i1)
        for (unsigned i2 = 0; i2 < o2; ++i2) chess_prepare_for_pipelining {
            T* __restrict row = y + ((i0 * o1 + i1) * o2 + i2) * Cfg::out_stride;
            const T* __restrict src = x + i0 * stride[p0] + i1 * stride[p1] + i2 * stride[p2];
            for (unsigned i3 = 0; i3 < o3; ++i3) row[i3] = src[i3 * stride[p3]];
            for (unsigned c = o3; c < Cfg::out_stride; ++c) row[c] = T(0);
          }
  }
};

// InRows x InCols elements (rows InStride apart) re-read row-major as OutRows x OutCols (rows
// OutStride apart, the rest of each row written 0): a reshape that changes the row length, e.g. the
// flatten of [batch, T, D] to [batch, T * D]. When neither side has padding columns the bytes are
// the same: a copy of 128-bit vectors (aligned: buffers start on 16 bytes), then the tail one
// element at a time. Otherwise one element at a time.
template <class T, unsigned InRows, unsigned InCols, unsigned InStride, unsigned OutRows, unsigned OutCols,
          unsigned OutStride>
struct reshape_config {
  using type = T;
  static constexpr unsigned in_rows = InRows, in_cols = InCols, in_stride = InStride;
  static constexpr unsigned out_rows = OutRows, out_cols = OutCols, out_stride = OutStride;
};

template <class Cfg>
struct reshape {
  using T = typename Cfg::type;
  static_assert(Cfg::in_rows * Cfg::in_cols == Cfg::out_rows * Cfg::out_cols, "aiem_kernels: a reshape keeps the elements");
  static_assert(Cfg::in_stride >= Cfg::in_cols && Cfg::out_stride >= Cfg::out_cols, "aiem_kernels: a row holds its elements");

  static constexpr bool contiguous = Cfg::in_stride == Cfg::in_cols && Cfg::out_stride == Cfg::out_cols;

  static void run(const T* __restrict x, T* __restrict y) {
    if constexpr (contiguous) {
      constexpr unsigned L = 16 / sizeof(T), n = Cfg::in_rows * Cfg::in_cols;
      for (unsigned i = 0; i + L <= n; i += L) chess_prepare_for_pipelining {
          aie::store_v(y + i, aie::load_v<L>(x + i));
        }
      for (unsigned i = n / L * L; i < n; ++i) y[i] = x[i];
      return;
    }
    for (unsigned r = 0; r < Cfg::out_rows; ++r) chess_prepare_for_pipelining {
        T* __restrict row = y + r * Cfg::out_stride;
        for (unsigned c = 0; c < Cfg::out_cols; ++c) {
          const unsigned f = r * Cfg::out_cols + c;  // the element's place in row-major order
          row[c] = x[(f / Cfg::in_cols) * Cfg::in_stride + f % Cfg::in_cols];
        }
        for (unsigned c = Cfg::out_cols; c < Cfg::out_stride; ++c) row[c] = T(0);
      }
  }
};

// Rows x (ACols + BCols): each row of a (ACols elements, rows AStride apart) followed by the same
// row of b (BCols, rows BStride apart), written with rows OutStride apart (the rest of each row 0).
// The join of two parts that do not meet on a 32-bit word, which memory-tile DMA cannot write.
template <class T, unsigned Rows, unsigned ACols, unsigned AStride, unsigned BCols, unsigned BStride, unsigned OutStride>
struct concat_config {
  using type = T;
  static constexpr unsigned rows = Rows, a_cols = ACols, a_stride = AStride, b_cols = BCols, b_stride = BStride;
  static constexpr unsigned out_stride = OutStride;
};

template <class Cfg>
struct concat {
  using T = typename Cfg::type;
  static_assert(Cfg::a_stride >= Cfg::a_cols && Cfg::b_stride >= Cfg::b_cols, "aiem_kernels: a row holds its elements");
  static_assert(Cfg::out_stride >= Cfg::a_cols + Cfg::b_cols, "aiem_kernels: an output row holds both parts");

  static void run(const T* __restrict a, const T* __restrict b, T* __restrict y) {
    for (unsigned r = 0; r < Cfg::rows; ++r) chess_prepare_for_pipelining {
        T* __restrict row = y + r * Cfg::out_stride;
        for (unsigned c = 0; c < Cfg::a_cols; ++c) row[c] = a[r * Cfg::a_stride + c];
        for (unsigned c = 0; c < Cfg::b_cols; ++c) row[Cfg::a_cols + c] = b[r * Cfg::b_stride + c];
        for (unsigned c = Cfg::a_cols + Cfg::b_cols; c < Cfg::out_stride; ++c) row[c] = T(0);
      }
  }
};

// Outer blocks of ARows rows of a followed by BRows rows of b, all of Cols elements (rows AStride,
// BStride and OutStride apart, the rest of each output row 0): a concat along an axis before the
// last (tokens of [B, T, D]), whose rows interleave per block.
template <class T, unsigned Outer, unsigned ARows, unsigned BRows, unsigned Cols, unsigned AStride, unsigned BStride,
          unsigned OutStride>
struct concat_rows_config {
  using type = T;
  static constexpr unsigned outer = Outer, a_rows = ARows, b_rows = BRows, cols = Cols;
  static constexpr unsigned a_stride = AStride, b_stride = BStride, out_stride = OutStride;
};

template <class Cfg>
struct concat_rows {
  using T = typename Cfg::type;
  static_assert(Cfg::a_stride >= Cfg::cols && Cfg::b_stride >= Cfg::cols && Cfg::out_stride >= Cfg::cols,
                "aiem_kernels: a row holds its elements");

  static void run(const T* __restrict a, const T* __restrict b, T* __restrict y) {
    for (unsigned o = 0; o < Cfg::outer; ++o)
      for (unsigned r = 0; r < Cfg::a_rows + Cfg::b_rows; ++r) chess_prepare_for_pipelining {
          const bool first = r < Cfg::a_rows;
          const T* __restrict src = first ? a + (o * Cfg::a_rows + r) * Cfg::a_stride
                                          : b + (o * Cfg::b_rows + r - Cfg::a_rows) * Cfg::b_stride;
          T* __restrict row = y + (o * (Cfg::a_rows + Cfg::b_rows) + r) * Cfg::out_stride;
          for (unsigned c = 0; c < Cfg::cols; ++c) row[c] = src[c];
          for (unsigned c = Cfg::cols; c < Cfg::out_stride; ++c) row[c] = T(0);
        }
  }
};

// Each of Batch samples of InRows x InCols elements (rows InStride apart) placed at row RowsBefore
// and column ColsBefore of OutRows x OutCols (rows OutStride apart), every other element Fill (the
// rest of each row to OutStride 0): ONNX Pad of mode "constant" on the last two axes.
template <class T, unsigned Batch, unsigned InRows, unsigned InCols, unsigned InStride, unsigned OutRows,
          unsigned RowsBefore, unsigned OutCols, unsigned OutStride, unsigned ColsBefore, int Fill>
struct pad_config {
  using type = T;
  static constexpr unsigned batch = Batch, in_rows = InRows, in_cols = InCols, in_stride = InStride;
  static constexpr unsigned out_rows = OutRows, rows_before = RowsBefore, out_cols = OutCols, out_stride = OutStride;
  static constexpr unsigned cols_before = ColsBefore;
  static constexpr int fill = Fill;
};

template <class Cfg>
struct pad {
  using T = typename Cfg::type;
  static_assert(Cfg::in_stride >= Cfg::in_cols && Cfg::out_stride >= Cfg::out_cols, "aiem_kernels: a row holds its elements");
  static_assert(Cfg::rows_before + Cfg::in_rows <= Cfg::out_rows && Cfg::cols_before + Cfg::in_cols <= Cfg::out_cols,
                "aiem_kernels: the input fits inside the padded result");

  static void run(const T* __restrict x, T* __restrict y) {
    for (unsigned b = 0; b < Cfg::batch; ++b)
      for (unsigned r = 0; r < Cfg::out_rows; ++r) chess_prepare_for_pipelining {
          T* __restrict row = y + (b * Cfg::out_rows + r) * Cfg::out_stride;
          const bool inside = r >= Cfg::rows_before && r < Cfg::rows_before + Cfg::in_rows;
          const T* __restrict src = x + (b * Cfg::in_rows + (inside ? r - Cfg::rows_before : 0)) * Cfg::in_stride;
          for (unsigned c = 0; c < Cfg::out_cols; ++c)
            row[c] = inside && c >= Cfg::cols_before && c < Cfg::cols_before + Cfg::in_cols ? src[c - Cfg::cols_before]
                                                                                            : T(Cfg::fill);
          for (unsigned c = Cfg::out_cols; c < Cfg::out_stride; ++c) row[c] = T(0);
        }
  }
};

// A slice that no memory-tile window can read: the input's rows seen as [Outer, InA, Inner] (rows
// InStride apart), rows Start + i * Step of the middle axis (OutA of them), and of each row the
// OutCols columns ColStart + j * ColStep (of InCols), written with rows OutStride apart (the rest
// of each row 0). One element at a time.
template <class T, unsigned Outer, unsigned InA, unsigned Inner, unsigned OutA, unsigned Start, unsigned Step,
          unsigned InStride, unsigned OutCols, unsigned OutStride, unsigned ColStart, unsigned ColStep, unsigned InCols>
struct slice_config {
  using type = T;
  static constexpr unsigned outer = Outer, in_a = InA, inner = Inner, out_a = OutA, start = Start, step = Step;
  static constexpr unsigned in_stride = InStride, out_cols = OutCols, out_stride = OutStride;
  static constexpr unsigned col_start = ColStart, col_step = ColStep, in_cols = InCols;
};

template <class Cfg>
struct slice {
  using T = typename Cfg::type;
  static_assert(Cfg::step >= 1 && Cfg::col_step >= 1, "aiem_kernels: slice steps are at least 1");
  static_assert(Cfg::start + (Cfg::out_a - 1) * Cfg::step < Cfg::in_a, "aiem_kernels: the rows are inside the input");
  static_assert(Cfg::col_start + (Cfg::out_cols - 1) * Cfg::col_step < Cfg::in_cols && Cfg::in_cols <= Cfg::in_stride,
                "aiem_kernels: the columns are inside the input's rows");
  static_assert(Cfg::out_stride >= Cfg::out_cols, "aiem_kernels: a row holds its elements");

  static void run(const T* __restrict x, T* __restrict y) {
    for (unsigned o = 0; o < Cfg::outer; ++o)
      for (unsigned i = 0; i < Cfg::out_a; ++i)
        for (unsigned n = 0; n < Cfg::inner; ++n) chess_prepare_for_pipelining {
            const unsigned in_row = (o * Cfg::in_a + Cfg::start + i * Cfg::step) * Cfg::inner + n;
            T* __restrict row = y + ((o * Cfg::out_a + i) * Cfg::inner + n) * Cfg::out_stride;
            const T* __restrict src = x + in_row * Cfg::in_stride + Cfg::col_start;
            for (unsigned c = 0; c < Cfg::out_cols; ++c) row[c] = src[c * Cfg::col_step];
            for (unsigned c = Cfg::out_cols; c < Cfg::out_stride; ++c) row[c] = T(0);
          }
  }
};

}  // namespace aiem_kernels
