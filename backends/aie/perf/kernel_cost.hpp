#pragma once
// Cycles of one dense kernel (stdlib/aie/include/aiem_kernels/dense.hpp) from what its code does:
// for each RM x RN group of output blocks, an accumulator init (bias / zero / cascade read), a k
// loop issuing RM*RN mmuls and RM+RN vector loads per step, then SRS + store (or cascade writes);
// the software-pipelined loop is either the group loop (the k loop unrolled into it) or each
// group's k loop (aiem_kernels/dense_schedule.hpp decides). And the timing of a PK-stage cascade
// chain of such kernels.
#include <cstdint>

#include "backends/aie/perf/constants.hpp"
#include "backends/aie/plan/physical_plan.hpp"

namespace aiem::aie::perf {

// Where a kernel sits in its cascade chain (dense.hpp: single / first / middle / last).
enum class KernelRole { single, first, middle, last };

struct KernelCost {
  KernelRole role = KernelRole::single;
  std::int64_t groups = 0;        // RM x RN output-block groups per call
  std::int64_t k_steps = 0;       // k-loop iterations per group (KS / TK)
  std::int64_t mmul_issues = 0;   // aie::mmul calls per kernel call
  int mmul_cycles = 1;            // cycles one mmul occupies the MAC unit
  int load_cycles = 0;            // cycles the RM + RN loads of one k step need on the load ports
  int ii = 1;                     // k-loop initiation interval: max(MAC-bound, load-bound)
  // The group loop is the pipelined loop: the fill, init and drain below happen once per call, and
  // a group takes the cycles of its busiest VLIW slot (`slots`). Otherwise each group's k loop is
  // pipelined and they happen once per group.
  bool pipelined_groups = false;
  int fill_cycles = 0;            // before the first MAC can issue (load latency; 0 when the loads
                                  // overlap the wait for the cascade)
  int drain_cycles = 0;           // after the last MAC issue: MAC latency + SRS/store or cascade writes
  int init_cycles = 0;            // cascade reads before the first MAC
  // Per group, pipelined groups only: cycles each slot is busy (MAC unit, the two load ports, the
  // shift-round unit, the store port, the move slot carrying cascade words).
  struct Slots {
    double mac = 0, load = 0, shift = 0, store = 0, stream = 0;
  } slots;
  double group_cycles = 0;        // one group when its inputs are ready: fill + k_steps * ii + drain,
                                  // or the busiest slot for pipelined groups
  double cycles = 0;              // one call, steady state: call overhead + groups * (init + group_cycles),
                                  // or call + fill + init + groups * group_cycles + drain
  double ideal_cycles = 0;        // padded MACs / peak MACs per cycle
  double efficiency() const { return cycles > 0 ? ideal_cycles / cycles : 0; }
};

// One kernel of the layer in the given role.
KernelCost dense_kernel_cost(const LayerPlan& l, const Device& d, const PerfConstants& c, KernelRole role);
// The layer's busiest kernel (the one that bounds its steady-state rate).
KernelCost dense_kernel_cost(const LayerPlan& l, const Device& d, const PerfConstants& c);

struct ChainCost {
  double latency_cycles = 0;  // all inputs present -> the tail's last output block stored
  double busy_cycles = 0;     // the busiest stage per call: bounds the chain's steady-state interval
  KernelCost head, tail;      // first and last stage (the same kernel when PK = 1)
};

// A chain of PK kernels joined by the cascade: stage s finishes group g at
//   F(s, g) = max(F(s, g-1), F(s-1, g) + cascade_hop_latency) + group_cycles(s)
// because dense.hpp reads a group's partial sums before its k loop; a receiving stage's reads
// overlap its west neighbour's writes, so they are not charged again on the latency path.
ChainCost dense_chain_cost(const LayerPlan& l, const Device& d, const PerfConstants& c);

// A pointwise layer's kernel (pointwise.hpp), one call over its M x NS slice: call overhead, the
// vector (binary) or element (lookup) loop at its initiation interval, the pipeline's fill, and
// the scalar stores of the padding columns. The layer's chains are single kernels, so its
// ChainCost is that kernel's call.
KernelCost pointwise_kernel_cost(const LayerPlan& l, const PerfConstants& c);
ChainCost pointwise_chain_cost(const LayerPlan& l, const PerfConstants& c);

// A re-layout kernel (pointwise.hpp: permute, reshape, concat, concat_rows, pad, slice): one scalar
// load and store per output element.
KernelCost relayout_kernel_cost(const LayerPlan& l, const PerfConstants& c);

// A row kernel (rows.hpp: reduce, softmax, layernorm/rmsnorm): its scalar passes over the rows,
// the per-row square root and the per-result rounding divisions.
KernelCost row_kernel_cost(const LayerPlan& l, const PerfConstants& c);

// The pooling kernel (window.hpp, the conv family): one scalar read per window element, one
// conversion per result (a rounding division for an average).
KernelCost pool_kernel_cost(const LayerPlan& l, const PerfConstants& c);
// The im2col kernel (ir/ops/conv/aie_cost.cpp): a re-layout, scalar or a pixel per vector move.
KernelCost im2col_kernel_cost(const LayerPlan& l, const PerfConstants& c);
// Whether the vector im2col (channels padded from c to cp, a dense layer of cp-row blocks) costs
// less than the scalar one for a conv of n output channels: per output row, the re-layout's cycles
// plus the dense product's at the tile's peak MAC rate.
bool vector_im2col_pays(std::int64_t positions, std::int64_t c, std::int64_t cp, std::int64_t n, const ElemType& a,
                        const ElemType& w, const PerfConstants& k);

// Per output row, the cycles of the im2col form (its re-layout, vector or scalar, of c channels as
// row_c, plus the product of positions · row_c rows) and of the direct form (the product of
// positions · cd rows, cd the channels in whole TK blocks, with one more load per unaligned A
// block at the register blocking apply_split gives it), for n output channels and microtile mt.
struct ConvFormCycles {
  double im2col = 0, direct = 0;
};
ConvFormCycles conv_form_cycles(std::int64_t positions, std::int64_t c, std::int64_t row_c, bool vector_im2col,
                                std::int64_t cd, std::int64_t n, const Microtile& mt, const ElemType& a,
                                const ElemType& w, const PerfConstants& k);

}  // namespace aiem::aie::perf
