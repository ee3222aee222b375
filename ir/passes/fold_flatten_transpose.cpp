#include <fmt/format.h>

#include <algorithm>

#include "ir/passes/passes.hpp"

namespace aiem::ir {

namespace {

// Row-major strides of a per-sample shape.
std::vector<std::int64_t> strides_of(const Shape& s) {
  std::vector<std::int64_t> st(s.size(), 1);
  for (std::size_t i = s.size(); i-- > 1;) st[i - 1] = st[i] * s[i];
  return st;
}

// For each element i of x's flattened sample, its place in the flattened sample of
// transpose(x, perm): the row of the dense weights that element meets.
std::vector<std::int64_t> flat_positions(const Shape& x, const std::vector<int>& perm) {
  const Shape xs(x.begin() + 1, x.end());
  Shape ys;
  for (std::size_t i = 1; i < perm.size(); ++i) ys.push_back(x[std::size_t(perm[i])]);
  const auto ystride = strides_of(ys);
  std::int64_t n = 1;
  for (auto d : xs) n *= d;
  std::vector<std::int64_t> pos(static_cast<std::size_t>(n));
  std::vector<std::int64_t> a(xs.size(), 0);  // x's multi-index, row-major order
  for (std::int64_t i = 0; i < n; ++i) {
    std::int64_t j = 0;
    for (std::size_t k = 0; k < ys.size(); ++k) j += a[std::size_t(perm[k + 1] - 1)] * ystride[k];
    pos[std::size_t(i)] = j;
    for (std::size_t k = xs.size(); k-- > 0;) {
      if (++a[k] < xs[k]) break;
      a[k] = 0;
    }
  }
  return pos;
}

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
    const auto pos = flat_positions(g.value(x).type.shape, perm);
    Value& wv = g.value(w);
    const std::int64_t n = wv.type.shape.back();
    if (std::int64_t(pos.size()) * n != std::int64_t(wv.data->size())) continue;
    auto rows = std::make_shared<std::vector<std::int64_t>>(wv.data->size());
    for (std::size_t i = 0; i < pos.size(); ++i)
      std::copy_n(wv.data->begin() + std::ptrdiff_t(pos[i] * n), n, rows->begin() + std::ptrdiff_t(std::int64_t(i) * n));
    wv.data = std::move(rows);
    g.remarks.push_back({t.loc, fmt::format("transpose '{}' folded into the weight rows of '{}' (it only fed a flatten)",
                                            t.name, d.name)});
    r.inputs[0] = x;
    folded = true;
  }
  return folded ? remove_dead_nodes(std::move(g)) : g;
}

}  // namespace aiem::ir
