#include <fmt/format.h>

#include "ir/ops/shape_rules.hpp"

namespace aiem::ir {

Shape infer_dense_shape(const Graph& g, const Node& n, const DenseAttrs& a) {
  std::size_t want = a.has_bias ? 3 : 2;
  if (n.inputs.size() != want)
    throw OpError{fmt::format("dense expects {} operands, has {}", want, n.inputs.size())};
  const Shape& x = g.value(n.inputs[0]).type.shape;
  if (x.size() < 2)
    throw OpError{fmt::format("dense input must have a feature axis after the batch axis, has shape {}", to_string(x)), 0};
  if (a.units < 1) throw OpError{fmt::format("dense needs at least 1 output unit, got {}", a.units)};
  const Shape& w = g.value(n.inputs[1]).type.shape;
  if (w != Shape{x.back(), a.units})
    throw OpError{fmt::format("dense weights must have shape [{},{}] (input features x units), have {}", x.back(),
                              a.units, to_string(w)),
                  1};
  if (a.has_bias && g.value(n.inputs[2]).type.shape != Shape{a.units})
    throw OpError{fmt::format("dense bias must have shape [{}], has {}", a.units,
                              to_string(g.value(n.inputs[2]).type.shape)),
                  2};
  if (a.scale.size() > 1 && static_cast<std::int64_t>(a.scale.size()) != a.units)
    throw OpError{fmt::format("dense scale has {} entries; it needs 1 or one per unit ({})", a.scale.size(), a.units)};
  for (const auto& m : a.scale)
    if (m.multiplier <= 0)
      throw OpError{fmt::format("dense scale multiplier must be positive, got {}", m.multiplier)};
  Shape out = x;
  out.back() = a.units;
  return out;
}

}  // namespace aiem::ir
