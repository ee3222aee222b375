// Quantization resolution of the normalization ops: softmax's exp table and the normalizers'
// guard bits and eps term (normalization.hpp); the input limits of each definition.
#include <fmt/format.h>

#include "ir/diag/diagnostic.hpp"
#include "ir/graph.hpp"
#include "ir/limits.hpp"
#include "ir/ops/elementwise/lookup_functions.hpp"
#include "ir/ops/normalization/row_arithmetic.hpp"

namespace aiem::ir {

void resolve_quantization(Graph& g, Node& n, ReduceAttrs&, Diagnostics& diags) { refuse_offset_operands(g, n, diags); }

void resolve_quantization(Graph& g, Node& n, SoftmaxAttrs& a, Diagnostics& diags) {
  refuse_offset_operands(g, n, diags);
  const num::FixedFormat& in = g.value(n.inputs[0]).type.format;
  if (auto why = table_problem(in); !why.empty()) {
    diags.error(n.loc, fmt::format("softmax '{}' tabulates exp of code distances: {}", n.name, why));
    return;
  }
  a.exp_table = softmax_exp_table(in);
}

void resolve_quantization(Graph& g, Node& n, NormAttrs& a, Diagnostics& diags) {
  refuse_offset_operands(g, n, diags);
  NormShape s;
  s.centered = a.fn == NormFn::layernorm;
  s.n = g.value(n.inputs[0]).type.shape.back();
  s.x = g.value(n.inputs[0]).type.format;
  s.y = g.value(n.outputs[0]).type.format;
  std::size_t i = 1;
  if (a.has_gamma) s.gamma = g.value(n.inputs[i++]).type.format;
  if (a.has_beta) s.beta = g.value(n.inputs[i++]).type.format;
  s.eps = a.eps;
  auto guard = norm_guard_bits(s);
  if (!guard) {
    diags.error(n.loc, fmt::format("{} '{}' of {} elements of {}: its integer steps would exceed 62 bits (use a "
                                   "narrower input or gain type)",
                                   norm_name(a.fn), n.name, s.n, num::to_string(s.x)));
    return;
  }
  a.guard_bits = *guard;
  a.eps_term = norm_eps_term(s, *guard);
}

}  // namespace aiem::ir
