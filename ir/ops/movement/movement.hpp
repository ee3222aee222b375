#pragma once
// The data-movement family: concat, slice, transpose, reshape, pad. The result holds the input's
// codes (concat converts parts of other types). Its files: op.cpp, quantize.cpp, interpret.cpp,
// aie_lower.cpp (memory-tile views and windows, or a re-layout kernel where DMA cannot), aie_cost.cpp,
// onnx_import.cpp; its kernels are stdlib/aie aiem_kernels/pointwise.hpp (permute, reshape, concat,
// pad, slice).
#include "ir/ops/family.hpp"

namespace aiem::ir {

// y = the inputs joined along `axis` (any number of inputs; every other axis equal). Each input is
// converted to the result type first (exact when the formats agree: then it is pure data movement).
struct ConcatAttrs {
  int axis = -1;  // negative: from the end
  bool operator==(const ConcatAttrs&) const = default;
};

// y = x[start:end:step] along `axis` (numpy semantics for non-negative start < end, step >= 1),
// every other axis whole. Pure data movement: the result has the input's type.
struct SliceAttrs {
  int axis = -1;
  std::int64_t start = 0, end = 0, step = 1;
  bool operator==(const SliceAttrs&) const = default;
};

// y = x with its axes permuted: y.shape[i] = x.shape[perm[i]] (the batch axis stays first).
// Pure data movement: the result has the input's type.
struct TransposeAttrs {
  std::vector<int> perm;
  bool operator==(const TransposeAttrs&) const = default;
};

// y = x with `before[i]` and `after[i]` elements of `value` around each per-sample axis i (the
// batch axis is not padded): ONNX Pad of mode "constant". The result has the input's type; `value`
// (a real number) is a code of it: resolve_quantization rounds it into `fill` and refuses a value
// the type cannot hold exactly.
struct PadAttrs {
  std::vector<std::int64_t> before, after;  // per sample, without the batch axis
  double value = 0;
  std::int64_t fill = 0;  // resolve_quantization: the code of `value`
  bool operator==(const PadAttrs&) const = default;
};

// y = x with another per-sample shape (the batch axis stays, row-major order is kept: numpy's
// reshape of each sample). Pure data movement: the result has the input's type.
struct ReshapeAttrs {
  std::vector<std::int64_t> shape;  // per sample, without the batch axis
  bool operator==(const ReshapeAttrs&) const = default;
};

// The family interface (ir/ops/family.hpp), one overload set per op.
std::string_view op_label(const ConcatAttrs& a);
std::string attrs_text(const ConcatAttrs& a);
std::string aiem_statement(const Graph& g, const Node& n, const ConcatAttrs& a);
Shape infer_shape(const Graph& g, const Node& n, const ConcatAttrs& a);
void resolve_quantization(Graph& g, Node& n, ConcatAttrs& a, Diagnostics& diags);
std::string_view op_label(const SliceAttrs& a);
std::string attrs_text(const SliceAttrs& a);
std::string aiem_statement(const Graph& g, const Node& n, const SliceAttrs& a);
Shape infer_shape(const Graph& g, const Node& n, const SliceAttrs& a);
void resolve_quantization(Graph& g, Node& n, SliceAttrs& a, Diagnostics& diags);
std::string_view op_label(const TransposeAttrs& a);
std::string attrs_text(const TransposeAttrs& a);
std::string aiem_statement(const Graph& g, const Node& n, const TransposeAttrs& a);
Shape infer_shape(const Graph& g, const Node& n, const TransposeAttrs& a);
void resolve_quantization(Graph& g, Node& n, TransposeAttrs& a, Diagnostics& diags);
std::string_view op_label(const ReshapeAttrs& a);
std::string attrs_text(const ReshapeAttrs& a);
std::string aiem_statement(const Graph& g, const Node& n, const ReshapeAttrs& a);
Shape infer_shape(const Graph& g, const Node& n, const ReshapeAttrs& a);
void resolve_quantization(Graph& g, Node& n, ReshapeAttrs& a, Diagnostics& diags);
std::string_view op_label(const PadAttrs& a);
std::string attrs_text(const PadAttrs& a);
std::string aiem_statement(const Graph& g, const Node& n, const PadAttrs& a);
Shape infer_shape(const Graph& g, const Node& n, const PadAttrs& a);
void resolve_quantization(Graph& g, Node& n, PadAttrs& a, Diagnostics& diags);

}  // namespace aiem::ir

namespace aiem::reference {
ir::Tensor interpret(const ir::Graph& g, const ir::Node& n, const ir::ConcatAttrs& a, const Operands& in);
ir::Tensor interpret(const ir::Graph& g, const ir::Node& n, const ir::SliceAttrs& a, const Operands& in);
ir::Tensor interpret(const ir::Graph& g, const ir::Node& n, const ir::TransposeAttrs& a, const Operands& in);
ir::Tensor interpret(const ir::Graph& g, const ir::Node& n, const ir::ReshapeAttrs& a, const Operands& in);
ir::Tensor interpret(const ir::Graph& g, const ir::Node& n, const ir::PadAttrs& a, const Operands& in);
}

namespace aiem::aie {
bool lower(Planner& p, const ir::Node& n, const ir::ConcatAttrs& a);
bool lower(Planner& p, const ir::Node& n, const ir::SliceAttrs& a);
bool lower(Planner& p, const ir::Node& n, const ir::TransposeAttrs& a);
bool lower(Planner& p, const ir::Node& n, const ir::ReshapeAttrs& a);
bool lower(Planner& p, const ir::Node& n, const ir::PadAttrs& a);
}
