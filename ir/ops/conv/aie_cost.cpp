// The convolution family's cycle model. Its im2col kernel is a re-layout: scalar, one move per
// window element (relayout_kernel_cost), or, in the vector form, one 128-bit load and store per
// vector of a window pixel's channels. The conv's product is the dense kernel's. The pooling kernel
// reads each window element once (scalar) and converts each result, an average with one rounding
// division; the vector maxpool takes the max of a vector of channels per window pixel (unrolled
// and pipelined over output pixels when every window is inside the image: window_schedule.hpp). A direct
// convolution is the dense kernel reading the padded image (its cost: the dense family's).
#include <algorithm>

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
  if (w.vector && w.pairs) {
    // Per two output pixels: a 256-bit load per window row, KH − 1 maxima, the even and odd
    // filters (one shuffle each) and their max on the vector unit, one store; the loop over a
    // row's output pixel pairs is pipelined (filled once per output row).
    const std::int64_t rows = l.M / w.ow;
    k.ii = int(std::max<std::int64_t>((w.kh + c.load_ports - 1) / c.load_ports, w.kh + 2));
    k.k_steps = l.M / 2;
    k.fill_cycles = c.load_latency;
    k.groups = 1;
    k.group_cycles = double(rows) * (double(k.fill_cycles) + double(w.ow / 2) * k.ii);
    k.cycles = c.kernel_call_cycles + k.group_cycles;
    k.ideal_cycles = double(l.M / 2 * w.kh);
    return k;
  }
  if (w.vector && w.interior()) {
    // Every window inside the image: per output pixel, each vector of the slice's channels loads
    // the window's pixels and takes KH·KW − 1 maxima on the vector unit, one store; the loop over
    // a row's output pixels is pipelined (filled once per output row).
    const std::int64_t per_pixel = l.NS / vector_elems(l.a), window = w.kh * w.kw;
    const std::int64_t rows = l.M / w.ow;
    k.ii = int(std::max({(window * per_pixel + c.load_ports - 1) / c.load_ports, (window - 1) * per_pixel, per_pixel}));
    k.k_steps = l.M;
    k.fill_cycles = c.load_latency;
    k.groups = 1;
    k.group_cycles = double(rows) * (double(k.fill_cycles) + double(w.ow) * k.ii);
    k.cycles = c.kernel_call_cycles + k.group_cycles;
    k.ideal_cycles = double(l.M * per_pixel * window);
    return k;
  }
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

ConvFormCycles conv_form_cycles(std::int64_t positions, std::int64_t c, std::int64_t row_c, bool vector_im2col,
                                std::int64_t cd, std::int64_t n, const Microtile& mt, const ElemType& a,
                                const ElemType& w, const PerfConstants& k) {
  const double peak = k.macs_per_cycle(a.bits, w.bits);
  ConvFormCycles f;
  const double relayout = vector_im2col
                              ? double(positions) * double(k.window_pixel_cycles + row_c / vector_elems(a) - 1)
                              : double(positions * c) * k.lookup_element_ii;
  f.im2col = relayout + double(positions * row_c * n) / peak;
  // The direct kernel's k step: RM unaligned A blocks (one load more each) and RN B blocks over
  // the load ports, against RM · RN mmuls (apply_split: RN = 2 above one column block, RM = 4
  // with one, else 2).
  const std::int64_t rn = n > mt.n ? 2 : 1, rm = rn == 1 ? 4 : 2;
  const auto ceil_div = [](std::int64_t x, std::int64_t y) { return (x + y - 1) / y; };
  const std::int64_t a_loads = ceil_div(std::int64_t(mt.m) * mt.k * a.bits, k.load_bits) + 1;
  const std::int64_t b_loads = ceil_div(std::int64_t(mt.k) * mt.n * w.bits, k.load_bits);
  const std::int64_t mmul_cycles = std::max<std::int64_t>(1, ceil_div(std::int64_t(mt.m) * mt.k * mt.n, std::int64_t(peak)));
  const double bound = std::max(1.0, double(ceil_div(rm * a_loads + rn * b_loads, k.load_ports)) /
                                         double(rm * rn * mmul_cycles));
  f.direct = double(positions * cd * ceil_div(n, mt.n) * mt.n) / peak * bound;
  return f;
}

}  // namespace aiem::aie::perf
