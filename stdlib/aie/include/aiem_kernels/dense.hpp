// Dense layer kernels for AIE-ML (__AIE_ARCH__ 20) and AIE-MLv2 (22): y = requant(x · W + b), with
// aie::mmul microtiles, register blocking and K split over a cascade chain. Header-only; everything
// is fixed at compile time by a dense_config. Layouts: tiled_layout.hpp; design: docs/kernels.md.
//
//   using cfg = aiem_kernels::dense_config<int8, int8, int8, acc32,
//                   aiem_kernels::Tiling{.M = 8, .K = 64, .N = 32, .TM = 4, .TK = 8, .TN = 8, .RM = 2, .RN = 2},
//                   aiem_kernels::Requant{.width = 8, .rounding = aiem_kernels::Rounding::RND_CONV,
//                                         .overflow = aiem_kernels::Overflow::SAT, .shift = 7, .relu = true}>;
//   aiem_kernels::dense<cfg>::single(x, w, bias, y);     // or first / middle / last in a cascade chain
//
// A product of two activations (matmul) is the same kernel with a Product: w is then the second
// operand, streamed into an input buffer by the memory tile instead of a table. A direct
// convolution is the same kernel with a ConvImage (tiled_layout.hpp): x is then the zero-padded
// image and each A block is read where the window puts it (an unaligned load), no im2col.
#pragma once

#include <adf.h>
#include <aie_api/aie.hpp>
#include <aie_api/aie_adf.hpp>

#include "aiem_kernels/dense_schedule.hpp"
#include "aiem_kernels/requantize.hpp"
#include "aiem_kernels/tiled_layout.hpp"

namespace aiem_kernels {

// Problem and blocking sizes of one kernel (one K x N slice of a layer).
struct Tiling {
  unsigned M;       // batch rows, a multiple of TM * RM
  unsigned K;       // this kernel's K slice, a multiple of TK
  unsigned N;       // this kernel's N slice, a multiple of TN * RN
  unsigned TM, TK, TN;  // the aie::mmul shape
  unsigned RM = 1;  // register blocking: RM x RN accumulators live during the k loop
  unsigned RN = 1;
};

// The w operand of a product of two activations: x holds `matrices` matrices of M / matrices rows
// one after the other, each multiplied by its own K x N matrix of w (stored one after the other).
// `transposed`: w arrives as the TN x TK blocks of its N x K rows (Tiled{N, K, TN, TK} per matrix,
// the memory tile cannot move single 8- or 16-bit codes), and each block is transposed in registers
// (aie::transpose) into the TK x TN block the mmul takes.
struct Product {
  unsigned matrices = 1;
  bool transposed = false;
};

template <class TA, class TW, class TO, class AccTag, Tiling T, Requant Q, bool HasBias = true, Product P = Product{},
          layout::ConvImage C = layout::ConvImage{}>
struct dense_config {
  using a_type = TA;      // activations (int8, uint8, int16, uint16)
  using w_type = TW;      // weights (int8, uint8, int16, uint16)
  using out_type = TO;    // output container (int8, uint8, int16, uint16)
  using acc_tag = AccTag; // acc32 or acc64: the accumulator (and cascade) type of the microtile
  static constexpr Tiling tiling = T;
  static constexpr Requant requant = Q;
  static constexpr bool has_bias = HasBias;  // single()/first() add a bias
  static constexpr Product product = P;
  static constexpr layout::ConvImage conv = C;  // on(): x is a padded image, read by window
};

namespace detail {

// Bias values at accumulator scale: int32 for acc32, a 64-bit integer for acc64 (long long: the
// AIE API declares no int64 typedef).
template <class AccTag> struct bias_of { using type = int32; };
template <> struct bias_of<acc64> { using type = long long; };

}  // namespace detail

template <class Cfg>
struct dense {
  using TA = typename Cfg::a_type;
  using TW = typename Cfg::w_type;
  using TO = typename Cfg::out_type;
  using AccTag = typename Cfg::acc_tag;
  static constexpr Tiling t = Cfg::tiling;
  static constexpr Requant q = Cfg::requant;
  static constexpr Product prod = Cfg::product;
  static constexpr layout::ConvImage conv = Cfg::conv;

  static_assert(detail::is_int8_v<TA> || detail::is_int16_v<TA>, "aiem_kernels: activations must be 8- or 16-bit integers");
  static_assert(detail::is_int8_v<TW> || detail::is_int16_v<TW>, "aiem_kernels: weights must be 8- or 16-bit integers");
  static_assert(t.TM > 0 && t.TK > 0 && t.TN > 0 && t.RM > 0 && t.RN > 0, "aiem_kernels: zero tile size");
  static_assert(t.M > 0 && t.M % (t.TM * t.RM) == 0, "aiem_kernels: M must be a positive multiple of TM * RM (pad the batch)");
  static_assert(t.K > 0 && t.K % t.TK == 0, "aiem_kernels: the K slice must be a positive multiple of TK (pad with zeros)");
  static_assert(t.N > 0 && t.N % (t.TN * t.RN) == 0, "aiem_kernels: the N slice must be a positive multiple of TN * RN (pad with zeros)");

  // The default accumulator request: each shape's accumulator is fixed by the API (an explicit
  // acc64 is refused by most shapes, e.g. every AIE-ML int16 x int8 and int8 x int16 one), so the
  // configuration names the accumulator the shape gives.
  using mmul_type = aie::mmul<t.TM, t.TK, t.TN, TA, TW>;
  static constexpr unsigned L = t.TM * t.TN;  // lanes of one output block
  using acc_type = aie::accum<AccTag, L>;
  static_assert(detail::same_v<typename mmul_type::accum_type, acc_type>,
                "aiem_kernels: this microtile accumulates in another accumulator type; set acc_tag to the mmul's "
                "accumulator (AIE-ML int8 x int16 4x4x8, int16 x int8 4x8x4/2x8x8, int16 x int16 4x4x4; AIE-MLv2 "
                "int16 x int8, int8 x int16 and int16 x int16 4x4x8 give acc64)");

  // Bias values are at accumulator scale: int32 for acc32, int64 for acc64.
  using bias_type = typename detail::bias_of<AccTag>::type;
  using cascade_in = adf::input_cascade<AccTag>;
  using cascade_out = adf::output_cascade<AccTag>;

  static constexpr unsigned MB = t.M / t.TM, KB = t.K / t.TK, NB = t.N / t.TN;
  static constexpr unsigned size_A = t.TM * t.TK, size_B = t.TK * t.TN;
  static constexpr unsigned blocks = t.RM * t.RN;  // accumulators per register block
  // Row blocks of x per matrix of w: a register block never spans two matrices.
  static_assert(prod.matrices > 0 && MB % prod.matrices == 0 && (MB / prod.matrices) % t.RM == 0,
                "aiem_kernels: each of a product's matrices must be a whole number of TM * RM row blocks");
  static constexpr unsigned MBM = MB / prod.matrices;
  // Output groups per call and the loop the compiler software-pipelines (dense_schedule.hpp).
  static constexpr unsigned groups = (MB / t.RM) * (NB / t.RN);
  static constexpr bool pipelined_groups =
      DenseSchedule::pipelines_groups(groups, KB, t.RM, t.RN, L * detail::acc_lane_bits<AccTag>());

  static_assert(!conv.on() || (conv.tk == t.TK && conv.tm == t.TM && conv.ow % t.TM == 0 && prod.matrices == 1 &&
                                !prod.transposed && conv.rows() % t.TM == 0),
                "aiem_kernels: a direct convolution reads TM pixels of one output row per A block (ow a multiple "
                "of TM, planes of TK channels) and takes its weights from a table");

  // Memory layouts of the three operands (element offsets; see tiled_layout.hpp).
  static constexpr layout::Tiled x_layout{t.M, t.K, t.TM, t.TK};
  static constexpr layout::Tiled w_layout{t.K, t.N, t.TK, t.TN};
  static constexpr layout::Tiled y_layout{t.M, t.N, t.TM, t.TN};

  // A cascade word is 512 bits: 16 acc32 or 8 acc64 lanes. Blocks smaller than a word travel
  // `cascade_group` to a word (consecutive blocks of the register block, in (rm, rn) order).
  static constexpr unsigned cascade_lanes = 512 / detail::acc_lane_bits<AccTag>();
  static constexpr unsigned cascade_group = L >= cascade_lanes ? 1 : cascade_lanes / L;
  static constexpr unsigned cascade_words_per_block = L >= cascade_lanes ? L / cascade_lanes : 1;
  // Cascade words one kernel call sends (first, middle) or receives (middle, last).
  static constexpr unsigned cascade_words = MB * NB / cascade_group * cascade_words_per_block;

  // Output stores are at least 128 bits (smaller stores would break the vector alignment rule):
  // blocks of fewer than 16 bytes are stored `store_group` at a time (adjacent in the C layout).
  static constexpr unsigned block_bytes = L * sizeof(TO);
  static constexpr unsigned store_group = block_bytes >= 16 ? 1 : 16 / block_bytes;

  using requant = requantizer<AccTag, TO, q>;

  // K0: the first K block of this kernel's slice, for a direct convolution (whose x is the whole
  // image, not the slice).
  // One layer in one kernel: bias, all of K, requantization.
  template <unsigned K0 = 0>
  static void single(const TA* __restrict x, const TW* __restrict w, const bias_type* __restrict bias, TO* __restrict y,
                     const int32* __restrict col_scale = nullptr) {
    run<Cfg::has_bias ? Init::bias : Init::zero, Sink::output, K0>(x, w, bias, nullptr, nullptr, y, col_scale);
  }
  // First kernel of a cascade chain: bias and its K slice; partial sums go east.
  template <unsigned K0 = 0>
  static void first(const TA* __restrict x, const TW* __restrict w, const bias_type* __restrict bias, cascade_out* cout) {
    run<Cfg::has_bias ? Init::bias : Init::zero, Sink::cascade, K0>(x, w, bias, nullptr, cout, nullptr, nullptr);
  }
  // Middle kernel: adds its K slice to the incoming partial sums and passes them on.
  template <unsigned K0 = 0>
  static void middle(const TA* __restrict x, const TW* __restrict w, cascade_in* cin, cascade_out* cout) {
    run<Init::cascade, Sink::cascade, K0>(x, w, nullptr, cin, cout, nullptr, nullptr);
  }
  // Last kernel: adds its K slice to the incoming partial sums and requantizes.
  template <unsigned K0 = 0>
  static void last(const TA* __restrict x, const TW* __restrict w, cascade_in* cin, TO* __restrict y,
                   const int32* __restrict col_scale = nullptr) {
    run<Init::cascade, Sink::output, K0>(x, w, nullptr, cin, nullptr, y, col_scale);
  }

 private:
  enum class Init { zero, bias, cascade };
  enum class Sink { cascade, output };

  // TN values of a per-column array, repeated for the TM rows of a block (the block's lane layout).
  template <class V, unsigned Elems>
  static aie::vector<V, Elems * t.TM> rows_of(const aie::vector<V, Elems>& row) {
    aie::vector<V, Elems * t.TM> v;
    for (unsigned r = 0; r < t.TM; ++r) chess_flatten_loop {
      v.insert(r, row);
    }
    return v;
  }

  static acc_type bias_block(const bias_type* bias, unsigned nb) {
    if constexpr (detail::acc_lane_bits<AccTag>() == 32) {
      return aie::from_vector<AccTag>(rows_of(aie::load_v<t.TN>(bias + nb * t.TN)), 0);
    } else {
      // int64 biases: load their bits as int32 pairs and reinterpret them as acc64 lanes (UPS only
      // takes 32-bit values, and a bias at accumulator scale may need all 64 bits).
      const int32* p = reinterpret_cast<const int32*>(bias + nb * t.TN);
      return aie::vector_cast<AccTag>(rows_of(aie::load_v<2 * t.TN>(p)));
    }
  }

  // Partial sums over the cascade, RM x RN blocks in (rm, rn) order; the reader mirrors the writer.
  static void read_cascade(cascade_in* cin, acc_type (&acc)[t.RM * t.RN]) {
    static_assert(blocks % cascade_group == 0, "aiem_kernels: a microtile smaller than a cascade word needs "
                                               "RM * RN to be a multiple of the blocks per word");
    if constexpr (cascade_group == 1) {
      for (unsigned i = 0; i < blocks; ++i) chess_flatten_loop {
        for (unsigned wd = 0; wd < cascade_words_per_block; ++wd) chess_flatten_loop {
          acc[i].insert(wd, readincr_v<cascade_lanes>(cin));
        }
      }
    } else {
      for (unsigned i = 0; i < blocks; i += cascade_group) chess_flatten_loop {
        const aie::accum<AccTag, cascade_lanes> word = readincr_v<cascade_lanes>(cin);
        for (unsigned g = 0; g < cascade_group; ++g) chess_flatten_loop {
          acc[i + g] = word.template extract<L>(g);
        }
      }
    }
  }
  static void write_cascade(cascade_out* cout, const acc_type (&acc)[t.RM * t.RN]) {
    static_assert(blocks % cascade_group == 0, "aiem_kernels: a microtile smaller than a cascade word needs "
                                               "RM * RN to be a multiple of the blocks per word");
    if constexpr (cascade_group == 1) {
      for (unsigned i = 0; i < blocks; ++i) chess_flatten_loop {
        for (unsigned wd = 0; wd < cascade_words_per_block; ++wd) chess_flatten_loop {
          writeincr(cout, acc[i].template extract<cascade_lanes>(wd));
        }
      }
    } else {
      for (unsigned i = 0; i < blocks; i += cascade_group) chess_flatten_loop {
        aie::accum<AccTag, cascade_lanes> word;
        for (unsigned g = 0; g < cascade_group; ++g) chess_flatten_loop {
          word.insert(g, acc[i + g]);
        }
        writeincr(cout, word);
      }
    }
  }

  // Requantize the RM x RN blocks at block (mb, nb) and store them into the C-tiled y.
  static void store_output(TO* y, const int32* col_scale, unsigned mb, unsigned nb, const acc_type (&acc)[t.RM * t.RN]) {
    static_assert(t.RN % store_group == 0, "aiem_kernels: output blocks smaller than 16 bytes need RN to be a "
                                           "multiple of the blocks per store");
    aie::vector<int32, L> mult[t.RN];
    if constexpr (q.scale == Scale::per_column) {
      for (unsigned rn = 0; rn < t.RN; ++rn) chess_flatten_loop {
        mult[rn] = rows_of(aie::load_v<t.TN>(col_scale + (nb + rn) * t.TN));
      }
    }
    for (unsigned rm = 0; rm < t.RM; ++rm) chess_flatten_loop {
      TO* row = y + y_layout.block_offset(mb + rm, nb);
      for (unsigned rn = 0; rn < t.RN; rn += store_group) chess_flatten_loop {
        if constexpr (store_group == 1) {
          aie::store_v(row + rn * L, requant::template apply<L>(acc[rm * t.RN + rn], mult[rn]));
        } else {
          // Sub-vectors below 128 bits cannot be inserted (aie_api vector::insert), so adjacent
          // blocks are joined as accumulators and requantized together into one 16-byte store.
          aie::accum<AccTag, L * store_group> joined;
          aie::vector<int32, L * store_group> joined_mult;
          for (unsigned g = 0; g < store_group; ++g) chess_flatten_loop {
            joined.insert(g, acc[rm * t.RN + rn + g]);
            if constexpr (q.scale == Scale::per_column) joined_mult.insert(g, mult[rn + g]);
          }
          aie::store_v(row + rn * L, requant::template apply<L * store_group>(joined, joined_mult));
        }
      }
    }
  }

  // One k step: RM A blocks (contiguous along k in the A-tiled x) and RN B blocks (adjacent n
  // blocks of one k block row of the B-tiled w, or a product's transposed blocks) feed RM x RN
  // independent mmuls.
  static void k_step(const TA* __restrict& pa, const TW* __restrict& pb, mmul_type (&c)[t.RM * t.RN]) {
    aie::vector<TA, size_A> a[t.RM];
    for (unsigned rm = 0; rm < t.RM; ++rm) chess_flatten_loop {
      a[rm] = aie::load_v<size_A>(pa + rm * KB * size_A);
    }
    mac_step(a, pb, c);
    pa += size_A;
  }

  // A direct convolution's k step: the RM A blocks of rows (mb + rm) · TM at K block kb of the
  // image, TK-element aligned (the pixel size), not vector aligned.
  static void k_step_window(const TA* __restrict x, unsigned mb, unsigned kb, const TW* __restrict& pb,
                            mmul_type (&c)[t.RM * t.RN]) {
    aie::vector<TA, size_A> a[t.RM];
    for (unsigned rm = 0; rm < t.RM; ++rm) chess_flatten_loop {
      a[rm] = aie::load_unaligned_v<size_A>(x + conv.offset((mb + rm) * t.TM, kb), t.TK);
    }
    mac_step(a, pb, c);
  }

  // The RN B blocks of this k step against the RM A blocks; pb moves to the next k block row.
  static void mac_step(const aie::vector<TA, size_A> (&a)[t.RM], const TW* __restrict& pb, mmul_type (&c)[t.RM * t.RN]) {
    aie::vector<TW, size_B> b[t.RN];
    for (unsigned rn = 0; rn < t.RN; ++rn) chess_flatten_loop {
      if constexpr (prod.transposed)
        b[rn] = aie::transpose(aie::load_v<size_B>(pb + rn * KB * size_B), t.TN, t.TK);
      else
        b[rn] = aie::load_v<size_B>(pb + rn * size_B);
    }
    for (unsigned rm = 0; rm < t.RM; ++rm) chess_flatten_loop {
      for (unsigned rn = 0; rn < t.RN; ++rn) chess_flatten_loop {
        c[rm * t.RN + rn].mac(a[rm], b[rn]);
      }
    }
    pb += prod.transposed ? size_B : NB * size_B;
  }

  // The RM x RN blocks at block (mb, nb): init, the k loop (unrolled when the group loop is the
  // pipelined one, else pipelined itself), then requantize and store or send down the cascade.
  template <Init I, Sink S, unsigned K0>
  static void group(const TA* __restrict x, const TW* __restrict w, const bias_type* __restrict bias, cascade_in* cin,
                    cascade_out* cout, TO* __restrict y, const int32* __restrict col_scale, unsigned mb, unsigned nb) {
    // Initial accumulators: zero, the bias (added at accumulator scale, before any rounding) or
    // the partial sums of the west neighbour.
    acc_type init[t.RM * t.RN];
    if constexpr (I == Init::cascade) {
      read_cascade(cin, init);
    } else if constexpr (I == Init::bias) {
      for (unsigned rn = 0; rn < t.RN; ++rn) chess_flatten_loop {
        const acc_type b = bias_block(bias, nb + rn);
        for (unsigned rm = 0; rm < t.RM; ++rm) chess_flatten_loop {
          init[rm * t.RN + rn] = b;
        }
      }
    } else {
      for (unsigned i = 0; i < blocks; ++i) chess_flatten_loop {
        init[i] = aie::zeros<AccTag, L>();
      }
    }
    mmul_type c[t.RM * t.RN];
    for (unsigned i = 0; i < blocks; ++i) chess_flatten_loop {
      c[i] = mmul_type(init[i]);
    }

    // A product's matrix of w for these rows; its blocks (kb, nb), or transposed (nb, kb). A
    // direct convolution reads its A blocks by position in the image instead of walking pa.
    const TA* __restrict pa = x + (conv.on() ? 0 : x_layout.block_offset(mb, 0));
    const TW* __restrict pb = w + (mb / MBM) * (t.K * t.N) + (prod.transposed ? nb * KB * size_B : nb * size_B);
    auto step = [&](unsigned kb) {
      if constexpr (conv.on()) k_step_window(x, mb, K0 + kb, pb, c);
      else k_step(pa, pb, c);
    };
    if constexpr (pipelined_groups) {
      for (unsigned kb = 0; kb < KB; ++kb) chess_flatten_loop {
        step(kb);
      }
    } else {
      for (unsigned kb = 0; kb < KB; ++kb)
        chess_prepare_for_pipelining chess_loop_range(KB, KB) {
          step(kb);
        }
    }

    acc_type out[t.RM * t.RN];
    for (unsigned i = 0; i < blocks; ++i) chess_flatten_loop {
      out[i] = c[i].to_accum();
    }
    if constexpr (S == Sink::cascade) write_cascade(cout, out);
    else store_output(y, col_scale, mb, nb, out);
  }

  // Groups in (mb, nb) order, the order a cascade neighbour reads them in.
  template <Init I, Sink S, unsigned K0>
  static void run(const TA* __restrict x, const TW* __restrict w, const bias_type* __restrict bias, cascade_in* cin,
                  cascade_out* cout, TO* __restrict y, const int32* __restrict col_scale) {
    if constexpr (S == Sink::output) requant::set_modes();
    unsigned mb = 0, nb = 0;
    if constexpr (pipelined_groups) {
      for (unsigned g = 0; g < groups; ++g)
        chess_prepare_for_pipelining chess_loop_range(groups, groups) {
          group<I, S, K0>(x, w, bias, cin, cout, y, col_scale, mb, nb);
          nb += t.RN;
          if (nb == NB) {
            nb = 0;
            mb += t.RM;
          }
        }
    } else {
      for (unsigned g = 0; g < groups; ++g) {
        group<I, S, K0>(x, w, bias, cin, cout, y, col_scale, mb, nb);
        nb += t.RN;
        if (nb == NB) {
          nb = 0;
          mb += t.RM;
        }
      }
    }
  }
};

}  // namespace aiem_kernels
