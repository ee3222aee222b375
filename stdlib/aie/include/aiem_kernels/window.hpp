// Sliding-window kernels for AIE-ML (__AIE_ARCH__ 20) and AIE-MLv2 (22), the convolution family of
// aiemc (ir/ops/conv). The input is [Batch][H][W] rows of C codes (InStride apart), the output
// [Batch][OH][OW] rows (OutStride apart; the columns after the real ones are written 0, as in every
// other kernel's buffers). One kernel holds the whole input and output; exact:
//
//   im2col: output row (b, oh, ow) holds, for each window position (i, j) in order and each
//           channel, x[b][oh·SH + i·DH - PH][ow·SW + j·DW - PW][c], 0 where that is padding: the
//           rows the dense kernel multiplies by the conv's [KH·KW·C][N] weights; a kernel of a
//           column split writes its columns of them, reading the whole image;
//   pool:   per channel (a kernel of a split: its slice's channels), the max of the window's codes inside the input, or their sum, then
//           y = overflow(round(v · 2^Up / (n · 2^Down))) with n = 1 (max), the window's positions
//           (IncludePad) or those inside the input.
//
// Scalar code, or with Vector the forms over pixels of whole 128-bit vectors (C, the strides and
// the slice's columns multiples of 16 bytes; the channels after the real ones are padding, moved
// like the rest): im2col moves a window pixel per aligned load and store (zeros outside the
// input), maxpool takes aie::max of a vector of channels per window pixel (its result keeps the
// input's format: no conversion); when every window is inside the image (window_schedule.hpp)
// each window is unrolled without bounds tests and the loop over output pixels pipelined.
//
// Cycle model: docs/performance.md ("Window kernels").
#pragma once

#include "aiem_kernels/rows.hpp"
#include "aiem_kernels/window_schedule.hpp"

namespace aiem_kernels {

// A window over [H][W] (one spatial axis: H = KH = SH = DH = 1, PH = 0): a structural type, so it
// is a template argument.
struct WindowShape {
  unsigned batch = 1, h = 1, w = 1, c = 1, oh = 1, ow = 1, kh = 1, kw = 1, sh = 1, sw = 1, dh = 1, dw = 1, ph = 0, pw = 0;
};

template <class T, WindowShape S, unsigned InStride, unsigned OutStride, bool Vector = false>
struct im2col_config {
  using type = T;
  static constexpr WindowShape shape = S;
  static constexpr unsigned in_stride = InStride, out_stride = OutStride;
  static constexpr bool vector = Vector;
};

namespace window_detail {
// Elements of one 128-bit vector.
template <class T> inline constexpr unsigned lanes = 16 / sizeof(T);
// Whether (h, w) of a window is inside the image.
inline bool inside(int h, int w, const WindowShape& s) { return h >= 0 && h < int(s.h) && w >= 0 && w < int(s.w); }
}  // namespace window_detail

// One kernel of a column split writes columns [First, First + Valid) of every window row (rows
// OutStride apart, the rest of each row 0), reading the whole image.
template <class Cfg>
struct im2col {
  using T = typename Cfg::type;
  static constexpr WindowShape S = Cfg::shape;
  static constexpr unsigned cols = S.kh * S.kw * S.c;
  static_assert(Cfg::in_stride >= S.c, "aiem_kernels: rows hold their elements");

  template <unsigned First, unsigned Valid>
  static void run(const T* __restrict x, T* __restrict y) {
    static_assert(Valid <= Cfg::out_stride && First + Valid <= cols, "aiem_kernels: the slice is inside the window row");
    if constexpr (Cfg::vector) run_vectors<First, Valid>(x, y);
    else run_scalar<First, Valid>(x, y);
  }

 private:
  // A window pixel per iteration: its channels as whole vectors from the image, or zeros.
  template <unsigned First, unsigned Valid>
  static void run_vectors(const T* __restrict x, T* __restrict y) {
    constexpr unsigned V = window_detail::lanes<T>;
    static_assert(S.c % V == 0 && Cfg::in_stride % V == 0 && Cfg::out_stride % V == 0,
                  "aiem_kernels: the vector im2col moves pixels of whole 128-bit vectors");
    static_assert(First % S.c == 0 && Valid % S.c == 0, "aiem_kernels: a vector im2col slice holds whole pixels");
    const aie::vector<T, V> zero = aie::zeros<T, V>();
    for (unsigned b = 0; b < S.batch; ++b)
      for (unsigned oh = 0; oh < S.oh; ++oh)
        for (unsigned ow = 0; ow < S.ow; ++ow) {
          T* __restrict row = y + ((b * S.oh + oh) * S.ow + ow) * Cfg::out_stride;
          for (unsigned p = 0; p < Valid / S.c; ++p) chess_prepare_for_pipelining {
              const unsigned pos = First / S.c + p;
              const int h = int(oh * S.sh + (pos / S.kw) * S.dh) - int(S.ph);
              const int w = int(ow * S.sw + (pos % S.kw) * S.dw) - int(S.pw);
              T* __restrict out = row + p * S.c;
              if (window_detail::inside(h, w, S)) {
                const T* __restrict in = x + ((b * S.h + unsigned(h)) * S.w + unsigned(w)) * Cfg::in_stride;
                for (unsigned v = 0; v < S.c; v += V) chess_flatten_loop {
                  aie::store_v(out + v, aie::load_v<V>(in + v));
                }
              } else {
                for (unsigned v = 0; v < S.c; v += V) chess_flatten_loop {
                  aie::store_v(out + v, zero);
                }
              }
            }
          for (unsigned k = Valid; k < Cfg::out_stride; k += V) aie::store_v(row + k, zero);
        }
  }

  template <unsigned First, unsigned Valid>
  static void run_scalar(const T* __restrict x, T* __restrict y) {
    for (unsigned b = 0; b < S.batch; ++b)
      for (unsigned oh = 0; oh < S.oh; ++oh)
        for (unsigned ow = 0; ow < S.ow; ++ow) {
          T* __restrict row = y + ((b * S.oh + oh) * S.ow + ow) * Cfg::out_stride;
          for (unsigned k = 0; k < Valid; ++k) chess_prepare_for_pipelining {
              const unsigned col = First + k, pos = col / S.c, c = col % S.c;
              const int h = int(oh * S.sh + (pos / S.kw) * S.dh) - int(S.ph);
              const int w = int(ow * S.sw + (pos % S.kw) * S.dw) - int(S.pw);
              const bool inside = h >= 0 && h < int(S.h) && w >= 0 && w < int(S.w);
              row[k] = inside ? x[((b * S.h + unsigned(h)) * S.w + unsigned(w)) * Cfg::in_stride + c] : T(0);
            }
          for (unsigned k = Valid; k < Cfg::out_stride; ++k) row[k] = T(0);
        }
  }
};

template <class TA, class TO, WindowShape S, unsigned InStride, unsigned OutStride, bool Max, bool IncludePad, int Up,
          int Down, RowFormat F, bool Vector = false>
struct pool_config {
  using a_type = TA;
  using out_type = TO;
  static constexpr WindowShape shape = S;
  static constexpr unsigned in_stride = InStride, out_stride = OutStride;
  static constexpr bool max = Max, include_pad = IncludePad;
  static constexpr int up = Up, down = Down;
  static constexpr RowFormat format = F;
  static constexpr bool vector = Vector;
};

template <class Cfg>
struct pool {
  using TA = typename Cfg::a_type;
  using TO = typename Cfg::out_type;
  static constexpr WindowShape S = Cfg::shape;
  static_assert(Cfg::in_stride >= S.c && Cfg::out_stride >= S.c, "aiem_kernels: rows hold their elements");
  static_assert(Cfg::up >= 0 && Cfg::up <= 24 && Cfg::down >= 0 && Cfg::down <= 24, "aiem_kernels: pool's result scale");

  static void run(const TA* __restrict x, TO* __restrict y) {
    if constexpr (Cfg::vector) run_vectors(x, y);
    else run_scalar(x, y);
  }

 private:
  // maxpool keeping its format: per output row and vector of channels, the max over the window's
  // pixels inside the input (a window always has one: the padding is smaller than the kernel).
  static void run_vectors(const TA* __restrict x, TO* __restrict y) {
    static_assert(Cfg::max && Cfg::up == 0 && Cfg::down == 0 && detail::same_v<TA, TO>,
                  "aiem_kernels: the vector pool is a maxpool that keeps its format");
    constexpr bool interior = window_interior(S.h, S.w, S.oh, S.ow, S.kh, S.kw, S.sh, S.sw, S.dh, S.dw, S.ph, S.pw);
    if constexpr (maxpool_pairs(S.c * sizeof(TA), Cfg::in_stride * sizeof(TA), Cfg::out_stride * sizeof(TO), interior,
                                S.w, S.ow, S.kw, S.sw, S.dw)) {
      run_pairs(x, y);
    } else {
      run_whole_vectors(x, y);
    }
  }

  static void run_whole_vectors(const TA* __restrict x, TO* __restrict y) {
    constexpr unsigned V = window_detail::lanes<TA>;
    static_assert(S.c % V == 0 && Cfg::in_stride % V == 0 && Cfg::out_stride % V == 0,
                  "aiem_kernels: the vector maxpool reads and writes whole 128-bit vectors");
    if constexpr (window_interior(S.h, S.w, S.oh, S.ow, S.kh, S.kw, S.sh, S.sw, S.dh, S.dw, S.ph, S.pw)) {
      run_interior(x, y);
      return;
    }
    for (unsigned b = 0; b < S.batch; ++b)
      for (unsigned oh = 0; oh < S.oh; ++oh)
        for (unsigned ow = 0; ow < S.ow; ++ow) {
          TO* __restrict row = y + ((b * S.oh + oh) * S.ow + ow) * Cfg::out_stride;
          for (unsigned v = 0; v < S.c; v += V) {
            aie::vector<TA, V> m = aie::zeros<TA, V>();
            bool first = true;
            for (unsigned i = 0; i < S.kh; ++i)
              for (unsigned j = 0; j < S.kw; ++j) chess_prepare_for_pipelining {
                  const int h = int(oh * S.sh + i * S.dh) - int(S.ph);
                  const int w = int(ow * S.sw + j * S.dw) - int(S.pw);
                  if (!window_detail::inside(h, w, S)) continue;
                  const aie::vector<TA, V> e =
                      aie::load_v<V>(x + ((b * S.h + unsigned(h)) * S.w + unsigned(w)) * Cfg::in_stride + v);
                  m = first ? e : aie::max(m, e);
                  first = false;
                }
            aie::store_v(row + v, m);
          }
          for (unsigned k = S.c; k < Cfg::out_stride; k += V) aie::store_v(row + k, aie::zeros<TO, V>());
        }
  }

  // Pixel pairs (window_schedule.hpp maxpool_pairs): per two output pixels, the max over the
  // window's rows of the 256-bit vector of their 4 input pixels, then the max of its even and odd
  // pixels (8-byte chunks): one 128-bit store of both results.
  static void run_pairs(const TA* __restrict x, TO* __restrict y) {
    constexpr unsigned C = S.c, P = 32 / sizeof(TA);  // 4 pixels of C channels
    for (unsigned b = 0; b < S.batch; ++b)
      for (unsigned oh = 0; oh < S.oh; ++oh) {
        const TA* __restrict top = x + (b * S.h + oh * S.sh) * S.w * C;
        TO* __restrict out = y + (b * S.oh + oh) * S.ow * C;
        for (unsigned ow = 0; ow < S.ow; ow += 2) chess_prepare_for_pipelining {
            const TA* __restrict in = top + ow * 2 * C;
            aie::vector<TA, P> m = aie::load_v<P>(in);
            for (unsigned i = 1; i < S.kh; ++i) chess_flatten_loop {
              m = aie::max(m, aie::load_v<P>(in + i * S.dh * S.w * C));
            }
            aie::store_v(out + ow * C, aie::max(aie::filter_even(m, C), aie::filter_odd(m, C)));
          }
      }
  }

  // Every window inside the image: per output pixel and vector of channels, the window's pixels
  // unrolled (no bounds test), the loop over a row's output pixels software-pipelined.
  static void run_interior(const TA* __restrict x, TO* __restrict y) {
    constexpr unsigned V = window_detail::lanes<TA>;
    for (unsigned b = 0; b < S.batch; ++b)
      for (unsigned oh = 0; oh < S.oh; ++oh) {
        const TA* __restrict top = x + (b * S.h + oh * S.sh) * S.w * Cfg::in_stride;
        TO* __restrict out = y + (b * S.oh + oh) * S.ow * Cfg::out_stride;
        for (unsigned ow = 0; ow < S.ow; ++ow) chess_prepare_for_pipelining {
            const TA* __restrict in = top + ow * S.sw * Cfg::in_stride;
            TO* __restrict row = out + ow * Cfg::out_stride;
            for (unsigned v = 0; v < S.c; v += V) chess_flatten_loop {
              aie::vector<TA, V> m = aie::load_v<V>(in + v);
              for (unsigned i = 0; i < S.kh; ++i) chess_flatten_loop {
                for (unsigned j = 0; j < S.kw; ++j) chess_flatten_loop {
                  if (i + j > 0)
                    m = aie::max(m, aie::load_v<V>(in + (i * S.dh * S.w + j * S.dw) * Cfg::in_stride + v));
                }
              }
              aie::store_v(row + v, m);
            }
            for (unsigned k = S.c; k < Cfg::out_stride; k += V) chess_flatten_loop {
              aie::store_v(row + k, aie::zeros<TO, V>());
            }
          }
      }
  }

  static void run_scalar(const TA* __restrict x, TO* __restrict y) {
    for (unsigned b = 0; b < S.batch; ++b)
      for (unsigned oh = 0; oh < S.oh; ++oh)
        for (unsigned ow = 0; ow < S.ow; ++ow) {
          TO* __restrict row = y + ((b * S.oh + oh) * S.ow + ow) * Cfg::out_stride;
          for (unsigned c = 0; c < S.c; ++c) {
            long long v = 0, inside = 0;
            for (unsigned i = 0; i < S.kh; ++i) {
              const int h = int(oh * S.sh + i * S.dh) - int(S.ph);
              if (h < 0 || h >= int(S.h)) continue;
              for (unsigned j = 0; j < S.kw; ++j) chess_prepare_for_pipelining {
                  const int w = int(ow * S.sw + j * S.dw) - int(S.pw);
                  if (w < 0 || w >= int(S.w)) continue;
                  const long long e = x[((b * S.h + unsigned(h)) * S.w + unsigned(w)) * Cfg::in_stride + c];
                  v = Cfg::max ? (inside == 0 || e > v ? e : v) : v + e;
                  ++inside;
                }
            }
            const long long n = Cfg::max ? 1 : Cfg::include_pad ? (long long)(S.kh * S.kw) : inside;
            row[c] = TO(rows_detail::overflow<Cfg::format>(
                rows_detail::div_round(v * (1LL << Cfg::up), n * (1LL << Cfg::down), Cfg::format.rounding)));
          }
          rows_detail::clear_row_tail<TO, S.c, Cfg::out_stride>(row);
        }
  }
};

}  // namespace aiem_kernels
