// The data-movement family's cycle model: views and windows cost no compute tile (their transfers
// are the edges' costs); its re-layout kernels move one element per step.
#include "backends/aie/perf/kernel_cost.hpp"
#include "backends/aie/plan/make_plan.hpp"

namespace aiem::aie::perf {

KernelCost relayout_kernel_cost(const LayerPlan& l, const PerfConstants& c) {
  KernelCost k;
  k.role = KernelRole::single;
  const std::int64_t elems = l.M_pad * l.NS;
  // One scalar load and store per output element; a reshape whose rows have no padding columns on
  // either side copies 128-bit vectors (a load and a store each, as the vector window kernels),
  // then its tail one element at a time.
  double tail_cycles = 0;
  if (l.pw.op == PointwisePlan::Op::reshape && l.KS == l.K && l.NS == l.N) {
    const std::int64_t lanes = vector_elems(l.a), vectors = elems / lanes;
    k.ii = c.window_pixel_cycles;
    k.k_steps = vectors;
    tail_cycles = double(elems - vectors * lanes) * c.lookup_element_ii;
  } else {
    k.ii = c.lookup_element_ii;
    k.k_steps = elems;
  }
  k.fill_cycles = c.load_latency;
  k.groups = 1;
  k.group_cycles = double(k.fill_cycles) + double(k.k_steps) * k.ii + tail_cycles;
  k.cycles = c.kernel_call_cycles + k.group_cycles;
  k.ideal_cycles = double(k.k_steps);
  return k;
}

}  // namespace aiem::aie::perf
