#include <fmt/format.h>

#include "ir/passes/passes.hpp"

namespace aiem::ir {

namespace {

// Ops whose constant operands are parameters (weights, biases, gains, tables), not per-sample data.
bool reads_parameters(OpKind k) {
  return k == OpKind::Dense || k == OpKind::Conv || k == OpKind::Norm || k == OpKind::Lookup;
}

}  // namespace

// Every op of the IR keeps the batch axis apart (transpose keeps it first; reshape, pad and the
// windows act per sample; concat, slice, reductions and softmax refuse axis 0; matmul multiplies
// the matrices of each sample), so the same graph at another batch computes each sample as before.
// What remains to check: every activation is batched, no per-sample constant is read, and the
// shapes re-infer to the old ones with the new batch.
std::optional<Graph> with_batch(const Graph& g, std::int64_t samples, std::string& why) {
  if (samples < 1 || g.batch % samples != 0) {
    why = fmt::format("{} does not divide the batch {}", samples, g.batch);
    return std::nullopt;
  }
  Graph r = g;
  r.batch = samples;
  for (Value& v : r.values) {
    if (v.is_constant()) continue;
    if (v.type.shape.empty() || v.type.shape[0] != g.batch) {
      why = fmt::format("'{}' has shape {}, without the batch axis first", v.name, to_string(v.type.shape));
      return std::nullopt;
    }
    v.type.shape[0] = samples;
  }
  for (const Node& n : r.nodes) {
    if (reads_parameters(n.kind())) continue;
    const std::size_t rank = r.value(n.outputs.at(0)).type.shape.size();
    for (ValueId in : n.inputs) {
      const Value& v = r.value(in);
      if (v.is_constant() && v.type.shape.size() == rank && v.type.shape[0] > 1) {
        why = fmt::format("'{}' reads the per-sample constant '{}'", n.name, v.name);
        return std::nullopt;
      }
    }
  }
  Diagnostics diags;
  r = infer_types(std::move(r), diags);
  if (diags.has_errors()) {
    why = diags.all().front().message;
    return std::nullopt;
  }
  return r;
}

}  // namespace aiem::ir
