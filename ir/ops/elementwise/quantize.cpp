// Quantization resolution of the elementwise ops: the common scale of add/sub/mul and each named
// function's table, built from its input and result formats.
#include <algorithm>
#include <fmt/format.h>

#include "ir/diag/diagnostic.hpp"
#include "ir/graph.hpp"
#include "ir/ops/elementwise/lookup_functions.hpp"

namespace aiem::ir {

// The codes of a dense with a zero point are offset (real 0 is code `zero`), so a relu is only
// right when it is fused into that dense (it then clamps at `zero`); a separate relu would clamp
// at 0. Elementwise ops and tables read codes as their format's values, so the same holds.
void refuse_offset_operands(const Graph& g, const Node& n, Diagnostics& diags) {
  // A user table is indexed by code, whatever the code stands for.
  if (const auto* l = std::get_if<LookupAttrs>(&n.attrs); l && l->fn == LookupFn::table) return;
  for (std::size_t i = 0; i < n.inputs.size(); ++i) {
    const Value& x = g.value(n.inputs[i]);
    if (!x.producer) continue;
    const Node& p = g.nodes[*x.producer];
    const auto* d = std::get_if<DenseAttrs>(&p.attrs);
    const auto* cv = std::get_if<ConvAttrs>(&p.attrs);
    const std::int64_t zero = d ? d->zero : cv ? cv->zero : 0;
    if (zero == 0) continue;
    if (n.kind() == OpKind::Relu)
      diags.error(n.loc, fmt::format("relu '{}' cannot be applied on its own to '{}', whose codes are offset by its zero "
                                  "point {}; chain it as '|> relu' with the same result type so that it is fused",
                                  n.name, x.name, zero));
    else
      diags.error(n.loc, fmt::format("{} '{}' reads '{}', whose codes are offset by its zero point {}; elementwise ops "
                                  "and tables read codes as values of their type (zero point 0)",
                                  op_label(n.attrs), n.name, x.name, zero));
  }
}



void resolve_quantization(Graph& g, Node& n, ReluAttrs&, Diagnostics& diags) { refuse_offset_operands(g, n, diags); }

void resolve_quantization(Graph& g, Node& n, BinaryAttrs& a, Diagnostics& diags) {
  refuse_offset_operands(g, n, diags);
  const auto& fa = g.value(n.inputs[0]).type.format;
  const auto& fb = g.value(n.inputs[1]).type.format;
  if (a.fn == BinaryFn::mul) {
    a.common_frac = fa.frac() + fb.frac();
    return;
  }
  int f = std::max(fa.frac(), fb.frac());
  int need = std::max(fa.width + f - fa.frac(), fb.width + f - fb.frac()) + 1;
  if (need > 64) {
    diags.error(n.loc, fmt::format("'{}' aligns {} and {} to a common scale that needs {} bits (more than 64)", n.name,
                                num::to_string(fa), num::to_string(fb), need));
    return;
  }
  a.common_frac = f;
}


void resolve_quantization(Graph& g, Node& n, LookupAttrs& a, Diagnostics& diags) {
  refuse_offset_operands(g, n, diags);
  const auto& in = g.value(n.inputs[0]).type.format;
  const auto& out = g.value(n.outputs[0]).type.format;
  if (auto why = table_problem(in); !why.empty()) {
    diags.error(n.loc, fmt::format("{} '{}' cannot be a table: {}", lookup_name(a.fn), n.name, why));
    return;
  }
  a.first_code = in.min_code();
  if (a.fn != LookupFn::table) {
    a.table = build_table(a, in, out);
    return;
  }
  const Value& t = g.value(n.inputs[1]);
  const std::int64_t want = in.max_code() - in.min_code() + 1;
  if (!t.is_constant() || std::int64_t(t.data->size()) != want) {
    diags.error(n.loc, fmt::format("lookup '{}': its table must be a constant of {} entries, one per code of {} ({} .. {})",
                                n.name, want, num::to_string(in), in.min_code(), in.max_code()));
    return;
  }
  for (std::size_t i = 0; i < t.data->size(); ++i)
    if ((*t.data)[i] < out.min_code() || (*t.data)[i] > out.max_code()) {
      diags.error(n.loc, fmt::format("lookup '{}': table entry {} (for input code {}) is {}, not a code of the result "
                                  "type {}",
                                  n.name, i, in.min_code() + std::int64_t(i), (*t.data)[i], num::to_string(out)));
      return;
    }
  a.table = *t.data;
}

}  // namespace aiem::ir
