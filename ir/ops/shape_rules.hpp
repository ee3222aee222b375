#pragma once
// Shape rules of every op: the output shape from the input types, or an OpError saying which
// operand is wrong. Used by semantic analysis (errors at the call site) and by infer_types.
#include <string>

#include "ir/graph.hpp"

namespace aiem::ir {

struct OpError {
  std::string message;
  int operand = -1;  // index into node.inputs the error is about, or -1
};

Shape infer_shape(const Graph& g, const Node& n);  // throws OpError

// Per-op rules (ir/ops/<op>.cpp).
Shape infer_dense_shape(const Graph& g, const Node& n, const DenseAttrs& a);
Shape infer_relu_shape(const Graph& g, const Node& n, const ReluAttrs& a);
Shape infer_binary_shape(const Graph& g, const Node& n, const BinaryAttrs& a);
Shape infer_lookup_shape(const Graph& g, const Node& n, const LookupAttrs& a);
Shape infer_concat_shape(const Graph& g, const Node& n, const ConcatAttrs& a);
Shape infer_slice_shape(const Graph& g, const Node& n, const SliceAttrs& a);
Shape infer_transpose_shape(const Graph& g, const Node& n, const TransposeAttrs& a);
Shape infer_reshape_shape(const Graph& g, const Node& n, const ReshapeAttrs& a);

// An axis counted from the end (negative) as an index into a shape of `rank` axes, or -1 if outside.
int resolve_axis(int axis, std::size_t rank);

}  // namespace aiem::ir
