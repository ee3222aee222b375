#pragma once
// The IR verifier: structural invariants every pass must keep. Run after semantic analysis and
// after every pass in the pipeline; an error here is a compiler bug unless the graph came from
// an importer, so messages name values and nodes precisely.
#include "ir/diag/diagnostic.hpp"
#include "ir/graph.hpp"

namespace aiem::ir {

// Appends one error per broken invariant; returns true when the graph is well formed.
bool verify(const Graph& g, Diagnostics& diags);

}  // namespace aiem::ir
