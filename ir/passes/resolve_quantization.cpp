// Each op's quantization is its family's resolve_quantization overload (ir/ops/<family>/quantize.cpp).
#include "ir/passes/passes.hpp"

namespace aiem::ir {

Graph resolve_quantization(Graph g, Diagnostics& diags) {
  for (std::size_t i = 0; i < g.nodes.size(); ++i)
    std::visit([&](auto& a) { resolve_quantization(g, g.nodes[i], a, diags); }, g.nodes[i].attrs);
  return remove_dead_values(std::move(g));
}

}  // namespace aiem::ir
