#include <fmt/format.h>

#include "ir/ops/shape_rules.hpp"

namespace aiem::ir {

Shape infer_lookup_shape(const Graph& g, const Node& n, const LookupAttrs& a) {
  const std::size_t want = a.fn == LookupFn::table ? 2 : 1;
  if (n.inputs.size() != want)
    throw OpError{fmt::format("{} expects {} operand{}, has {}", lookup_name(a.fn), want, want == 1 ? "" : "s",
                              n.inputs.size())};
  return g.value(n.inputs[0]).type.shape;
}

}  // namespace aiem::ir
