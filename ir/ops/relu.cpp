#include <fmt/format.h>

#include "ir/ops/shape_rules.hpp"

namespace aiem::ir {

Shape infer_relu_shape(const Graph& g, const Node& n, const ReluAttrs&) {
  if (n.inputs.size() != 1) throw OpError{fmt::format("relu expects 1 operand, has {}", n.inputs.size())};
  return g.value(n.inputs[0]).type.shape;
}

}  // namespace aiem::ir
