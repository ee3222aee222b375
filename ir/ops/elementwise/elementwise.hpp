#pragma once
// The elementwise family: relu, add/sub/mul with numpy broadcasting, and functions as lookup tables.
// Its files: op.cpp, quantize.cpp (common scales, tables), interpret.cpp, aie_lower.cpp (column
// slices), aie_cost.cpp, lookup_functions.* (the tables), broadcast.*, onnx_import.cpp and
// onnx_functions.* (ONNX functions as tables); its kernels are stdlib/aie aiem_kernels/pointwise.hpp.
#include "ir/ops/family.hpp"

namespace aiem::ir {

// y = max(x, 0), converted to the output format.
struct ReluAttrs {
  bool operator==(const ReluAttrs&) const = default;
};

// y = a (op) b, elementwise with numpy broadcasting (same shape, per-channel, scalar).
//   add, sub: both operands shifted left to f = max(fa, fb) (exact), combined, converted once;
//   mul: the exact product at fa + fb, converted once.
// A fused relu (fuse_activations) clamps the converted result at 0.
enum class BinaryFn { add, sub, mul };
struct BinaryAttrs {
  BinaryFn fn = BinaryFn::add;
  std::optional<int> common_frac;  // resolve_quantization: the scale the exact result is formed at
  bool relu = false;
  bool operator==(const BinaryAttrs&) const = default;
};

// y = table[x - first_code]: a function of one operand whose input codes are few enough to list
// (limits::kTableInputBits). Named functions get their table from the input and result formats at
// compile time (resolve_quantization, ir/ops/elementwise/lookup_functions.hpp); `table` takes a user-given one
// (the node's second input: one result code per input code, from the input's smallest code).
enum class LookupFn { table, sigmoid, tanh, gelu, silu, exp, hardsigmoid, hardswish, relu6, leaky_relu, clip };
struct LookupAttrs {
  LookupFn fn = LookupFn::table;
  double alpha = 0;            // leaky_relu: the negative slope
  double beta = 0;             // hardsigmoid: y = clip(alpha * x + beta, 0, 1)
  double lo = 0, hi = 0;       // clip: the real bounds
  std::int64_t first_code = 0;           // resolve_quantization: the input code of table[0]
  std::vector<std::int64_t> table;       // resolve_quantization: result codes
  bool operator==(const LookupAttrs&) const = default;
};

std::string_view binary_name(BinaryFn f);

// Errors at `n` for each operand whose codes are offset by a dense layer's zero point: ops that
// read codes as values of their type (elementwise ops, named tables, normalization) cannot read them.
void refuse_offset_operands(const Graph& g, const Node& n, Diagnostics& diags);
std::string_view lookup_name(LookupFn f);

// The family interface (ir/ops/family.hpp), one overload set per op.
std::string_view op_label(const ReluAttrs& a);
std::string attrs_text(const ReluAttrs& a);
std::string aiem_statement(const Graph& g, const Node& n, const ReluAttrs& a);
Shape infer_shape(const Graph& g, const Node& n, const ReluAttrs& a);
void resolve_quantization(Graph& g, Node& n, ReluAttrs& a, Diagnostics& diags);
std::string_view op_label(const BinaryAttrs& a);
std::string attrs_text(const BinaryAttrs& a);
std::string aiem_statement(const Graph& g, const Node& n, const BinaryAttrs& a);
Shape infer_shape(const Graph& g, const Node& n, const BinaryAttrs& a);
void resolve_quantization(Graph& g, Node& n, BinaryAttrs& a, Diagnostics& diags);
std::string_view op_label(const LookupAttrs& a);
std::string attrs_text(const LookupAttrs& a);
std::string aiem_statement(const Graph& g, const Node& n, const LookupAttrs& a);
Shape infer_shape(const Graph& g, const Node& n, const LookupAttrs& a);
void resolve_quantization(Graph& g, Node& n, LookupAttrs& a, Diagnostics& diags);

}  // namespace aiem::ir

namespace aiem::reference {
ir::Tensor interpret(const ir::Graph& g, const ir::Node& n, const ir::ReluAttrs& a, const Operands& in);
ir::Tensor interpret(const ir::Graph& g, const ir::Node& n, const ir::BinaryAttrs& a, const Operands& in);
ir::Tensor interpret(const ir::Graph& g, const ir::Node& n, const ir::LookupAttrs& a, const Operands& in);
}

namespace aiem::aie {
bool lower(Planner& p, const ir::Node& n, const ir::ReluAttrs& a);
bool lower(Planner& p, const ir::Node& n, const ir::BinaryAttrs& a);
bool lower(Planner& p, const ir::Node& n, const ir::LookupAttrs& a);
}
