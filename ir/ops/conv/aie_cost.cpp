// The convolution family's cycle model: its im2col kernel is a re-layout (one scalar move per
// window element, relayout_kernel_cost); the conv's product is the dense kernel's; the pooling
// kernel reads each window element once (scalar) and converts each result, an average with one
// rounding division.
#include "backends/aie/perf/kernel_cost.hpp"

namespace aiem::aie::perf {

KernelCost pool_kernel_cost(const LayerPlan& l, const PerfConstants& c) {
  KernelCost k;
  k.role = KernelRole::single;
  const auto& w = l.pw.window;
  // One kernel's slice: NS channels of every output row (the padding channels are computed too).
  const std::int64_t out = l.M * l.NS;
  const std::int64_t reads = out * w.kh * w.kw;
  const std::int64_t tail = 0;
  const double convert = w.max ? double(c.row_element_ii) : double(c.row_divide_cycles);
  k.k_steps = reads;
  k.ii = c.row_element_ii;
  k.fill_cycles = c.load_latency;
  k.groups = 1;
  k.group_cycles = double(k.fill_cycles) + double(reads) * c.row_element_ii + double(out) * convert + double(tail);
  k.cycles = c.kernel_call_cycles + k.group_cycles;
  k.ideal_cycles = double(reads);
  return k;
}

}  // namespace aiem::aie::perf
