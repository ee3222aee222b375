#include <fmt/format.h>

#include "ir/ops/broadcast.hpp"
#include "ir/ops/shape_rules.hpp"

namespace aiem::ir {

Shape infer_binary_shape(const Graph& g, const Node& n, const BinaryAttrs& a) {
  if (n.inputs.size() != 2)
    throw OpError{fmt::format("{} expects 2 operands, has {}", binary_name(a.fn), n.inputs.size())};
  const Shape& x = g.value(n.inputs[0]).type.shape;
  const Shape& y = g.value(n.inputs[1]).type.shape;
  auto s = broadcast_shapes(x, y);
  if (!s)
    throw OpError{fmt::format("operands {} and {} do not broadcast (each axis, from the last, must be equal or 1 in "
                              "one of them)",
                              to_string(x), to_string(y)),
                  1};
  return *s;
}

}  // namespace aiem::ir
