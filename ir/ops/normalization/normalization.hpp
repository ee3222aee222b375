#pragma once
// The normalization family: ops that read whole rows (a reduction over axes, softmax, layernorm
// and rmsnorm). Each has an exact integer definition (docs/language.md, "Exact semantics"),
// identical in the interpreter (interpret.cpp), the numpy oracle (oracle.py) and the AIE kernel
// (stdlib/aie aiem_kernels/rows.hpp). Its files: op.cpp, quantize.cpp (the exp table, the
// normalizers' guard bits), interpret.cpp, language.cpp, oracle.py, onnx_import.cpp, aie_lower.cpp,
// aie_cost.cpp; the integer steps the interpreter shares with the compile-time checks are in
// row_arithmetic.hpp.
#include "ir/ops/family.hpp"

namespace aiem::ir {

// y = the sum, mean or max of x over `axes` (per-sample axes, negative from the end; the batch
// axis is never reduced), keeping them as size 1 with `keepdims`.
//   sum:  requant(Σ x, fx -> T);  max: requant(max x, fx -> T);
//   mean: overflow_T(round_T(Σ x · 2^(fT - fx) / n)), the exact rational rounded once.
enum class ReduceFn { sum, mean, max };
struct ReduceAttrs {
  ReduceFn fn = ReduceFn::sum;
  std::vector<int> axes;  // as written (negative from the end); consumers resolve them with resolve_axis
  bool keepdims = false;
  bool operator==(const ReduceAttrs&) const = default;
};

// y = softmax of x along `axis`: with d = max(x) - x (codes) and the table
// E[d] = round(2^16 · exp(-d · 2^-fx)) (resolve_quantization, one entry per input code distance),
// y = overflow_T(round_T(E[d] · 2^fT / Σ E[d])); or, with `reciprocal`, one division per line,
// R = floor(2^(32 + max(0, fT)) / (Σ E · 2^max(0, -fT))), and y = overflow_T(round_T(E[d] · R · 2^-32)).
struct SoftmaxAttrs {
  int axis = -1;
  bool reciprocal = false;  // one reciprocal per line instead of a division per element (faster)
  std::vector<std::int64_t> exp_table;  // resolve_quantization: E[0 .. 2^w - 1]
  bool operator==(const SoftmaxAttrs&) const = default;
};

// layernorm / rmsnorm over the last axis (N elements), with an optional gain γ ([N], the node's
// second input) and, for layernorm, an optional bias β ([N], the next input):
//   d_i = N·x_i - Σx (layernorm) or N·x_i (rmsnorm);  V = Σ d_i²;
//   D = floor((V·2^2G + K) / N) with K = round(N³ · eps · 2^(2fx + 2G));  s = floor(sqrt(D));
//   y_i = overflow_T(round_T(d_i·γ_i·2^(G + fT - fγ) / s + β_i·2^(fT - fβ)))   (y_i = β_i when s = 0),
// every step exact in integers; G (guard bits, 0..16) is the largest that keeps each step within
// 62 bits for any input (resolve_quantization), so the 64-bit kernel computes the same.
enum class NormFn { layernorm, rmsnorm };
struct NormAttrs {
  NormFn fn = NormFn::layernorm;
  double eps = 1e-5;
  bool has_gamma = false, has_beta = false;
  int guard_bits = -1;       // resolve_quantization: G
  std::int64_t eps_term = 0;  // resolve_quantization: K
  bool operator==(const NormAttrs&) const = default;
};

std::string_view reduce_name(ReduceFn f);
std::string_view norm_name(NormFn f);

// The family interface (ir/ops/family.hpp), one overload set per op.
std::string_view op_label(const ReduceAttrs& a);
std::string attrs_text(const ReduceAttrs& a);
std::string aiem_statement(const Graph& g, const Node& n, const ReduceAttrs& a);
Shape infer_shape(const Graph& g, const Node& n, const ReduceAttrs& a);
void resolve_quantization(Graph& g, Node& n, ReduceAttrs& a, Diagnostics& diags);
std::string_view op_label(const SoftmaxAttrs& a);
std::string attrs_text(const SoftmaxAttrs& a);
std::string aiem_statement(const Graph& g, const Node& n, const SoftmaxAttrs& a);
Shape infer_shape(const Graph& g, const Node& n, const SoftmaxAttrs& a);
void resolve_quantization(Graph& g, Node& n, SoftmaxAttrs& a, Diagnostics& diags);
std::string_view op_label(const NormAttrs& a);
std::string attrs_text(const NormAttrs& a);
std::string aiem_statement(const Graph& g, const Node& n, const NormAttrs& a);
Shape infer_shape(const Graph& g, const Node& n, const NormAttrs& a);
void resolve_quantization(Graph& g, Node& n, NormAttrs& a, Diagnostics& diags);

}  // namespace aiem::ir

namespace aiem::reference {
ir::Tensor interpret(const ir::Graph& g, const ir::Node& n, const ir::ReduceAttrs& a, const Operands& in);
ir::Tensor interpret(const ir::Graph& g, const ir::Node& n, const ir::SoftmaxAttrs& a, const Operands& in);
ir::Tensor interpret(const ir::Graph& g, const ir::Node& n, const ir::NormAttrs& a, const Operands& in);
}

namespace aiem::aie {
bool lower(Planner& p, const ir::Node& n, const ir::ReduceAttrs& a);
bool lower(Planner& p, const ir::Node& n, const ir::SoftmaxAttrs& a);
bool lower(Planner& p, const ir::Node& n, const ir::NormAttrs& a);
}
