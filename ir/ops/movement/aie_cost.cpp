// The data-movement family's cycle model: views and windows cost no compute tile (their transfers
// are the edges' costs); its re-layout kernels move one element per step.
#include "backends/aie/perf/kernel_cost.hpp"

namespace aiem::aie::perf {

KernelCost relayout_kernel_cost(const LayerPlan& l, const PerfConstants& c) {
  KernelCost k;
  k.role = KernelRole::single;
  const std::int64_t elems = l.M_pad * l.NS;
  // One scalar load and store per output element.
  k.ii = c.lookup_element_ii;
  k.k_steps = elems;
  k.fill_cycles = c.load_latency;
  k.groups = 1;
  k.group_cycles = double(k.fill_cycles) + double(k.k_steps) * k.ii;
  k.cycles = c.kernel_call_cycles + k.group_cycles;
  k.ideal_cycles = double(elems);
  return k;
}

}  // namespace aiem::aie::perf
