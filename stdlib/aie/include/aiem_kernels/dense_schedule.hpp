// How the dense kernel (dense.hpp) schedules its loop nest, as one constexpr rule that the kernel
// and the performance model (ir/ops/dense/aie_cost.cpp) both call, so the model describes the loop
// the compiler is given. No ADF or AIE API dependency: the host compiler includes it too.
#pragma once

namespace aiem_kernels {

// The dense kernel runs G output groups (RM x RN accumulator blocks each) of KB k steps. Either
//  - the loop over groups is the software-pipelined loop and each group's k loop is unrolled into
//    its body (chess_flatten_loop): group g+1's loads and MACs issue while group g's results are
//    still in the MAC pipeline, shifted and stored, so the pipeline fills and drains once per call;
//  - or each group's k loop is the pipelined loop, filled and drained once per group.
// The first needs the unrolled body to stay small (program memory is 16 KB, 1024 bundles of 128
// bits, and the other kernels of the tile and the ADF main loop live there too) and two groups'
// accumulators to be live at once (the draining group's and the accumulating one's).
struct DenseSchedule {
  // Vector operations (mmuls and loads) of one unrolled group body: at most a quarter of the
  // program memory's bundles, leaving room for the pipeline's prologue and epilogue copies.
  static constexpr unsigned max_unrolled_ops = 256;
  // Accumulator register file: AIE-ML has 9 x 1024-bit cm registers = 18 x 512-bit bm (AM020
  // "Register Files"); AIE-MLv2's dm0..dm7 file is at least as large (AM027), so one bound serves both.
  static constexpr unsigned accumulator_bits = 9 * 1024;

  static constexpr bool pipelines_groups(unsigned groups, unsigned k_steps, unsigned RM, unsigned RN,
                                         unsigned block_accumulator_bits) {
    return groups > 1 && k_steps * (RM * RN + RM + RN) <= max_unrolled_ops &&
           2 * RM * RN * block_accumulator_bits <= accumulator_bits;
  }
};

}  // namespace aiem_kernels
