#pragma once
// Passes are functions from IR to IR. Each takes the graph by value and returns the new graph;
// user-facing problems go to `diags` with the location of the op that caused them.
#include <optional>
#include <string>

#include "ir/diag/diagnostic.hpp"
#include "ir/graph.hpp"

namespace aiem::ir {

// Recomputes every node's output shape from its inputs (importers may leave shapes empty).
Graph infer_types(Graph g, Diagnostics& diags);

// relu after a dense whose result nothing else reads, with the same number format, becomes the
// dense's fused activation. Activations left alone get a remark saying why.
Graph fuse_activations(Graph g);

// A dense reading the flatten of a transpose (an imported CNN's flatten of ONNX's channels-first
// layout) reads the flatten of the transpose's input instead, its weight rows permuted to match:
// exactly the same sums, one re-layout less. The transpose is dropped (with a remark).
Graph fold_flatten_transpose(Graph g);

// Decides the integer arithmetic of each op: accumulator width and scale for dense (bias moved to
// accumulator scale), common scale for add. Errors when no exact 64-bit plan exists.
Graph resolve_quantization(Graph g, Diagnostics& diags);

// Drops values nothing refers to and renumbers the rest (after passes that rewire edges).
Graph remove_dead_values(Graph g);

// Drops the nodes no graph output depends on (an importer's unread intermediate results), then
// their values.
Graph remove_dead_nodes(Graph g);

// The same graph computing `samples` samples at a time instead of g.batch (a divisor of it): every
// activation's batch axis becomes `samples`, each sample is computed exactly as before. The AIE
// backend runs a batch as g.batch / samples graph iterations of such a graph when a whole batch
// does not fit. Nothing, with `why` set, when the graph reads per-sample constants or a value
// without the batch axis first.
std::optional<Graph> with_batch(const Graph& g, std::int64_t samples, std::string& why);

// The standard pipeline: verify, infer_types, fuse_activations, fold_flatten_transpose,
// resolve_quantization, verify.
// Returns the lowered graph; check diags.has_errors() before using it.
Graph lower(Graph g, Diagnostics& diags);

}  // namespace aiem::ir
