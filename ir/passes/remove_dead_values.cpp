#include <algorithm>

#include "ir/passes/passes.hpp"

namespace aiem::ir {

Graph remove_dead_values(Graph g) {
  std::vector<bool> live(g.values.size(), false);
  for (ValueId id : g.inputs) live[id] = true;
  for (ValueId id : g.outputs) live[id] = true;
  for (const Node& n : g.nodes) {
    for (ValueId id : n.inputs) live[id] = true;
    for (ValueId id : n.outputs) live[id] = true;
  }
  std::vector<ValueId> new_id(g.values.size());
  std::vector<Value> kept;
  for (ValueId i = 0; i < g.values.size(); ++i) {
    new_id[i] = static_cast<ValueId>(kept.size());
    if (live[i]) kept.push_back(std::move(g.values[i]));
  }
  g.values = std::move(kept);
  auto remap = [&](std::vector<ValueId>& ids) {
    for (ValueId& id : ids) id = new_id[id];
  };
  remap(g.inputs);
  remap(g.outputs);
  for (Node& n : g.nodes) {
    remap(n.inputs);
    remap(n.outputs);
  }
  return g;
}

}  // namespace aiem::ir
