#include <fmt/format.h>

#include <algorithm>

#include "ir/ops/movement/transpose_index.hpp"
#include "ir/passes/passes.hpp"

namespace aiem::ir {

namespace {

bool single_reader(const Graph& g, ValueId v) { return g.consumers(v).size() == 1 && !g.is_output(v); }

}  // namespace

// dense(reshape(transpose(x)) -> [B, F]) == dense(reshape(x) -> [B, F]) with the weight rows in x's
// order: the sum is over the same products. An imported CNN's flatten of ONNX's channels-first
// layout then reads the channels-last result directly, and the transpose is gone.
Graph fold_flatten_transpose(Graph g) {
  bool folded = false;
  for (Node& d : g.nodes) {
    if (d.kind() != OpKind::Dense) continue;
    const ValueId flat = d.inputs.at(0), w = d.inputs.at(1);
    const auto rid = g.value(flat).producer;
    if (!rid || g.nodes[*rid].kind() != OpKind::Reshape || !single_reader(g, flat)) continue;
    Node& r = g.nodes[*rid];
    const auto tid = g.value(r.inputs.at(0)).producer;
    if (!tid || g.nodes[*tid].kind() != OpKind::Transpose || !single_reader(g, r.inputs[0])) continue;
    const Node& t = g.nodes[*tid];
    if (g.value(flat).type.shape.size() != 2 || !g.value(w).is_constant() || !single_reader(g, w)) continue;
    const auto& perm = std::get<TransposeAttrs>(t.attrs).perm;
    const ValueId x = t.inputs.at(0);
    // Row j of the weights meets element j of the transposed sample, which is element sources[j]
    // of x's sample: it becomes row sources[j].
    const Shape& xs = g.value(x).type.shape;
    std::vector<int> sample_perm;
    for (std::size_t i = 1; i < perm.size(); ++i) sample_perm.push_back(perm[i] - 1);
    const auto sources = transpose_sources(Shape(xs.begin() + 1, xs.end()), sample_perm);
    Value& wv = g.value(w);
    const std::int64_t n = wv.type.shape.back();
    if (std::int64_t(sources.size()) * n != std::int64_t(wv.data->size())) continue;
    auto rows = std::make_shared<std::vector<std::int64_t>>(wv.data->size());
    for (std::size_t j = 0; j < sources.size(); ++j)
      std::copy_n(wv.data->begin() + std::ptrdiff_t(std::int64_t(j) * n), n, rows->begin() + std::ptrdiff_t(sources[j] * n));
    wv.data = std::move(rows);
    g.remarks.push_back({t.loc, fmt::format("transpose '{}' folded into the weight rows of '{}' (it only fed a flatten)",
                                            t.name, d.name)});
    r.inputs[0] = x;
    folded = true;
  }
  return folded ? remove_dead_nodes(std::move(g)) : g;
}

}  // namespace aiem::ir
