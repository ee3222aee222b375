// Quantization resolution of the convolution family: a conv's accumulator is dense's (the same
// proof over kernel positions x input channels per group); a pool's conversion must stay in 62 bits.
#include <fmt/format.h>

#include <cstdlib>

#include "ir/diag/diagnostic.hpp"
#include "ir/graph.hpp"
#include "ir/ops/conv/conv.hpp"

namespace aiem::ir {

void resolve_quantization(Graph& g, Node& n, ConvAttrs& a, Diagnostics& diags) {
  const std::int64_t per_group = g.value(n.inputs[0]).type.shape.back() / a.groups;
  a.acc = resolve_accumulator(g, n, a.window.positions() * per_group, a.has_bias, a.scale, diags);
}

// avg: Σ x · 2^(fT - fx) over at most 2^20 positions of codes of at most 32 bits, and the divisor
// n · 2^(fx - fT), both within 62 bits.
void resolve_quantization(Graph& g, Node& n, PoolAttrs& a, Diagnostics& diags) {
  const num::FixedFormat& x = g.value(n.inputs[0]).type.format;
  const num::FixedFormat& y = g.value(n.outputs[0]).type.format;
  const int shift = y.frac() - x.frac();
  if (x.width > 32 || std::abs(shift) > 24)
    diags.error(n.loc, fmt::format("{} '{}' of {} into {}: the pools read codes of at most 32 bits and change the scale by "
                                   "at most 2^24 (here 2^{})",
                                   op_label(a), n.name, num::to_string(x), num::to_string(y), shift));
}

}  // namespace aiem::ir
