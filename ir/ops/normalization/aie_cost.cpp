// The normalization family's cycle model: the row kernels' scalar loops (rows.hpp,
// docs/performance.md "Row kernels"), pass by pass.
#include "backends/aie/perf/kernel_cost.hpp"

namespace aiem::aie::perf {

KernelCost row_kernel_cost(const LayerPlan& l, const PerfConstants& c) {
  KernelCost k;
  k.role = KernelRole::single;
  const auto& r = l.pw.rows;
  const std::int64_t in = l.pw.in_rows * l.K;  // input elements read
  const std::int64_t out = l.M * l.N;          // results computed
  const std::int64_t tail = l.M * (l.NS - l.N);  // padding columns written 0
  double cycles = 0;
  switch (l.pw.op) {
    case PointwisePlan::Op::reduce:
      // One pass accumulating every input element, one rounding division per result.
      cycles = double(in) * c.row_element_ii + double(out) * c.row_divide_cycles;
      k.ideal_cycles = double(in);
      break;
    case PointwisePlan::Op::matmul:
      // One 64-bit multiply-accumulate per product (scalar), one rounding per result.
      cycles = double(out) * double(l.K) * c.row_wide_mac_cycles + double(out) * c.row_element_ii;
      k.ideal_cycles = double(out * l.K);
      break;
    case PointwisePlan::Op::softmax:
      // The row's max, then its exp-table sum (two dependent loads), then one division per element;
      // or, reciprocal, one division per line and a 64-bit multiply per element.
      if (r.reciprocal)
        cycles = double(in) * (c.row_element_ii + c.lookup_element_ii) + double(out / std::max<std::int64_t>(r.red, 1)) * c.row_divide_cycles +
                 double(out) * (c.lookup_element_ii + c.row_wide_mac_cycles);
      else
        cycles = double(in) * (c.row_element_ii + c.lookup_element_ii) + double(out) * (c.lookup_element_ii + c.row_divide_cycles);
      k.ideal_cycles = double(3 * in);
      break;
    default:
      // The sum (layernorm), the 64-bit sum of squares, an integer square root per row, then per
      // element its 64-bit numerator and one division.
      cycles = double(in) * ((r.centered ? c.row_element_ii : 0) + c.row_wide_mac_cycles) +
               double(l.M) * c.row_isqrt_cycles + double(out) * (c.row_wide_mac_cycles + c.row_divide_cycles);
      k.ideal_cycles = double(3 * in);
      break;
  }
  k.k_steps = in;
  k.ii = c.row_element_ii;
  k.fill_cycles = c.load_latency;
  k.groups = 1;
  k.group_cycles = double(k.fill_cycles) + cycles + double(tail);
  k.cycles = c.kernel_call_cycles + k.group_cycles;
  return k;
}

}  // namespace aiem::aie::perf
