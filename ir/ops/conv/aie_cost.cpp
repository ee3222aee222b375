// The convolution family's cycle model. Its im2col kernel is a re-layout: scalar, one move per
// window element (relayout_kernel_cost), or, in the vector form, one 128-bit load and store per
// vector of a window pixel's channels. The conv's product is the dense kernel's. The pooling kernel
// reads each window element once (scalar) and converts each result, an average with one rounding
// division; the vector maxpool takes the max of a vector of channels per window pixel.
#include "backends/aie/perf/kernel_cost.hpp"
#include "backends/aie/plan/make_plan.hpp"

namespace aiem::aie::perf {

KernelCost im2col_kernel_cost(const LayerPlan& l, const PerfConstants& c) {
  const auto& w = l.pw.window;
  if (!w.vector) return relayout_kernel_cost(l, c);
  KernelCost k;
  k.role = KernelRole::single;
  // One kernel's slice: NS / c pixels of every output row (the padding pixels of its row too).
  const std::int64_t v = vector_elems(l.a);
  const std::int64_t pixels = l.M * l.NS / w.c;
  const std::int64_t vectors = w.c / v;
  k.k_steps = pixels;
  k.ii = c.window_pixel_cycles + int(vectors) - 1;
  k.fill_cycles = c.load_latency;
  k.groups = 1;
  k.group_cycles = double(k.fill_cycles) + double(pixels) * k.ii;
  k.cycles = c.kernel_call_cycles + k.group_cycles;
  k.ideal_cycles = double(pixels * vectors);
  return k;
}

KernelCost pool_kernel_cost(const LayerPlan& l, const PerfConstants& c) {
  KernelCost k;
  k.role = KernelRole::single;
  const auto& w = l.pw.window;
  if (w.vector) {
    // Per output row and vector of the slice's channels: a max per window pixel, one store.
    const std::int64_t vectors = l.M * l.NS / vector_elems(l.a);
    const std::int64_t reads = vectors * w.kh * w.kw;
    k.k_steps = reads;
    k.ii = c.window_pixel_cycles;
    k.fill_cycles = c.load_latency;
    k.groups = 1;
    k.group_cycles = double(k.fill_cycles) + double(reads) * k.ii + double(vectors);
    k.cycles = c.kernel_call_cycles + k.group_cycles;
    k.ideal_cycles = double(reads);
    return k;
  }
  // One kernel's slice: NS channels of every output row (the padding channels are computed too).
  const std::int64_t out = l.M * l.NS;
  const std::int64_t reads = out * w.kh * w.kw;
  const double convert = w.max ? double(c.row_element_ii) : double(c.row_divide_cycles);
  k.k_steps = reads;
  k.ii = c.row_element_ii;
  k.fill_cycles = c.load_latency;
  k.groups = 1;
  k.group_cycles = double(k.fill_cycles) + double(reads) * c.row_element_ii + double(out) * convert;
  k.cycles = c.kernel_call_cycles + k.group_cycles;
  k.ideal_cycles = double(reads);
  return k;
}

bool vector_im2col_pays(std::int64_t positions, std::int64_t c, std::int64_t cp, std::int64_t n, const ElemType& a,
                        const ElemType& w, const PerfConstants& k) {
  const double peak = k.macs_per_cycle(a.bits, w.bits);
  const double scalar = double(positions * c) * k.lookup_element_ii + double(positions * c * n) / peak;
  const double vector = double(positions) * double(k.window_pixel_cycles + cp / vector_elems(a) - 1) +
                        double(positions * cp * n) / peak;
  return vector < scalar;
}

}  // namespace aiem::aie::perf
