// The elementwise family's cycle model: the pointwise kernels' loops (docs/performance.md).
#include <algorithm>

#include "backends/aie/perf/kernel_cost.hpp"

namespace aiem::aie::perf {

KernelCost pointwise_kernel_cost(const LayerPlan& l, const PerfConstants& c) {
  KernelCost k;
  k.role = KernelRole::single;
  const std::int64_t elems = l.M_pad * l.NS;
  const std::int64_t padding = l.M_pad * std::max<std::int64_t>(0, l.PN * l.NS - l.N);  // in the last slice
  if (l.pw.op == PointwisePlan::Op::im2col) return im2col_kernel_cost(l, c);
  if (l.pw.relayout()) return relayout_kernel_cost(l, c);
  if (l.pw.row_kernel()) return row_kernel_cost(l, c);
  if (l.pw.op == PointwisePlan::Op::pool) return pool_kernel_cost(l, c);
  if (l.pw.op == PointwisePlan::Op::lookup) {
    k.ii = c.lookup_element_ii;
    k.k_steps = elems;
    k.fill_cycles = 2 * c.load_latency;  // the input load, then the dependent table load
  } else {
    const bool wide = l.requant.zero != 0 || l.requant.shift < 0;
    k.ii = c.pointwise_vector_ii + (wide ? c.requant_scaled_extra : 0);
    k.k_steps = elems / 16;
    k.fill_cycles = c.load_latency + (l.pw.op == PointwisePlan::Op::mul ? c.mac_latency : 0) + c.srs_latency;
  }
  k.groups = 1;
  k.group_cycles = double(k.fill_cycles) + double(k.k_steps) * k.ii + double(padding);
  k.cycles = c.kernel_call_cycles + k.group_cycles;
  k.ideal_cycles = double(l.pw.op == PointwisePlan::Op::lookup ? elems : elems / 16);
  return k;
}

ChainCost pointwise_chain_cost(const LayerPlan& l, const PerfConstants& c) {
  ChainCost out;
  out.head = out.tail = pointwise_kernel_cost(l, c);
  out.latency_cycles = out.busy_cycles = out.head.cycles;
  return out;
}

}  // namespace aiem::aie::perf
