#include <fmt/format.h>

#include "ir/passes/passes.hpp"

namespace aiem::ir {

Graph fuse_activations(Graph g) {
  std::vector<bool> removed(g.nodes.size(), false);
  for (NodeId rid = 0; rid < g.nodes.size(); ++rid) {
    Node& relu = g.nodes[rid];
    if (relu.kind() != OpKind::Relu) continue;
    ValueId mid = relu.inputs.at(0);
    auto pid = g.value(mid).producer;
    if (!pid) continue;
    Node& dense = g.nodes[*pid];
    // Dense layers and elementwise binary ops convert their result with a clamp at 0 built in.
    bool* fused = nullptr;
    if (auto* d = std::get_if<DenseAttrs>(&dense.attrs)) fused = &d->relu;
    if (auto* b = std::get_if<BinaryAttrs>(&dense.attrs)) fused = &b->relu;
    if (auto* c = std::get_if<ConvAttrs>(&dense.attrs)) fused = &c->relu;
    if (fused == nullptr || *fused) continue;
    auto remark = [&](std::string why) {
      g.remarks.push_back({relu.loc, fmt::format("relu '{}' not fused into '{}': {}", relu.name, dense.name, why)});
    };
    if (g.consumers(mid).size() != 1 || g.is_output(mid)) {
      remark(fmt::format("'{}' is also read elsewhere", g.value(mid).name));
      continue;
    }
    if (g.value(relu.outputs[0]).type.format != g.value(mid).type.format) {
      remark("it converts to another number format");
      continue;
    }
    // The dense now writes the relu's result directly; the intermediate value becomes dead.
    *fused = true;
    dense.outputs = relu.outputs;
    g.value(dense.outputs[0]).producer = *pid;
    if (relu.schedule != Schedule{} && dense.schedule == Schedule{}) dense.schedule = relu.schedule;
    removed[rid] = true;
  }
  std::vector<Node> kept;
  std::vector<NodeId> new_id(g.nodes.size());
  for (NodeId i = 0; i < g.nodes.size(); ++i) {
    new_id[i] = static_cast<NodeId>(kept.size());
    if (!removed[i]) kept.push_back(std::move(g.nodes[i]));
  }
  g.nodes = std::move(kept);
  for (Value& v : g.values)
    if (v.producer) v.producer = new_id[*v.producer];
  for (NodeId i = 0; i < g.nodes.size(); ++i)
    for (ValueId o : g.nodes[i].outputs) g.value(o).producer = i;
  return remove_dead_values(std::move(g));
}

}  // namespace aiem::ir
