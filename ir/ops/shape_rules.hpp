#pragma once
// Shape rules of every op: the output shape from the input types, or an OpError saying which
// operand is wrong. Used by semantic analysis (errors at the call site) and by infer_types. Each
// family defines its ops' rules as infer_shape overloads (ir/ops/<family>/op.cpp).
#include <string>

#include "ir/graph.hpp"

namespace aiem::ir {

struct OpError {
  std::string message;
  int operand = -1;  // index into node.inputs the error is about, or -1
};

Shape infer_shape(const Graph& g, const Node& n);  // throws OpError

// An axis counted from the end (negative) as an index into a shape of `rank` axes, or -1 if outside.
int resolve_axis(int axis, std::size_t rank);

}  // namespace aiem::ir
