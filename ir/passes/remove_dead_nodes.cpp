#include <algorithm>

#include "ir/passes/passes.hpp"

namespace aiem::ir {

// Nodes are in topological order, so one backward sweep finds every node some output needs.
Graph remove_dead_nodes(Graph g) {
  std::vector<bool> needed(g.values.size(), false);
  for (ValueId id : g.outputs) needed[id] = true;
  std::vector<bool> keep(g.nodes.size(), false);
  for (std::size_t i = g.nodes.size(); i-- > 0;) {
    const Node& n = g.nodes[i];
    keep[i] = std::any_of(n.outputs.begin(), n.outputs.end(), [&](ValueId v) { return needed[v]; });
    if (keep[i])
      for (ValueId v : n.inputs) needed[v] = true;
  }
  std::vector<Node> kept;
  for (std::size_t i = 0; i < g.nodes.size(); ++i)
    if (keep[i]) kept.push_back(std::move(g.nodes[i]));
  g.nodes = std::move(kept);
  for (Value& v : g.values) v.producer.reset();
  for (NodeId i = 0; i < g.nodes.size(); ++i)
    for (ValueId v : g.nodes[i].outputs) g.values[v].producer = i;
  return remove_dead_values(std::move(g));
}

}  // namespace aiem::ir
