#include <fmt/format.h>

#include "ir/ops/shape_rules.hpp"

namespace aiem::ir {

Shape infer_add_shape(const Graph& g, const Node& n, const AddAttrs&) {
  if (n.inputs.size() != 2) throw OpError{fmt::format("add expects 2 operands, has {}", n.inputs.size())};
  const Shape& a = g.value(n.inputs[0]).type.shape;
  const Shape& b = g.value(n.inputs[1]).type.shape;
  if (a != b) throw OpError{fmt::format("add operands must have the same shape, have {} and {}", to_string(a), to_string(b)), 1};
  return a;
}

}  // namespace aiem::ir
