#include "ir/ops/shape_rules.hpp"

namespace aiem::ir {

Shape infer_shape(const Graph& g, const Node& n) {
  return std::visit([&](const auto& a) { return infer_shape(g, n, a); }, n.attrs);
}

}  // namespace aiem::ir
