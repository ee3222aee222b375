#include <fmt/format.h>

#include "ir/ops/shape_rules.hpp"
#include "ir/passes/passes.hpp"

namespace aiem::ir {

Graph infer_types(Graph g, Diagnostics& diags) {
  for (Node& n : g.nodes) {
    try {
      Shape s = infer_shape(g, n);
      Value& out = g.value(n.outputs.at(0));
      if (!out.type.shape.empty() && out.type.shape != s)
        diags.error(n.loc, fmt::format("'{}' produces shape {}, but its result is declared {}", n.name, to_string(s),
                                       to_string(out.type.shape)));
      out.type.shape = std::move(s);
    } catch (const OpError& e) {
      diags.error(n.loc, fmt::format("{}: {}", n.name, e.message));
    }
  }
  return g;
}

}  // namespace aiem::ir
