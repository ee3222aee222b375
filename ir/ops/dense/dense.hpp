#pragma once
// The dense family: y = x · W (+ b) on the last axis, with a fused relu, a scale and a zero point;
// matmul, the product of two activations.
// Its files: op.cpp, quantize.cpp (the accumulator proof), interpret.cpp, aie_lower.cpp (PK x PN
// cascade chains), aie_cost.cpp, onnx_import.cpp and onnx_dense_lowering.* (Gemm, MatMul,
// BatchNormalization); its kernel is stdlib/aie aiem_kernels/dense.hpp.
#include "ir/ops/family.hpp"

namespace aiem::ir {

// Filled by resolve_quantization: how the integer accumulator is formed and narrowed.
struct AccumulatorPlan {
  int bits = 32;  // container that provably holds every partial sum: 32 or 64
  int frac = 0;   // fractional bits of the accumulator (fx + fw for dense)
  bool operator==(const AccumulatorPlan&) const = default;
};

// y = x · W (+ b), on the last axis of x. Inputs: x, w [K, N], optionally b [N].
// After resolve_quantization the bias input is at accumulator scale (frac == acc.frac).
//
// Quantized models with non-power-of-two scales (ONNX QDQ, QONNX) need two more steps between the
// accumulator and the result type, both exact integer arithmetic:
//   - `scale`: the accumulator's real value is multiplied by multiplier * 2^-shift before it is
//     rounded to the result type (one entry for the whole tensor, or one per output unit);
//   - `zero`: a zero point added to the rounded code before the overflow mode (ONNX's
//     QuantizeLinear: saturate(round(v) + zero_point)). The result's codes are then offset by
//     `zero`; a fused relu clamps at `zero`, which is real 0.
struct DenseAttrs {
  std::int64_t units = 0;
  bool has_bias = false;
  bool relu = false;  // fused activation (fuse_activations)
  std::vector<num::ScaleMultiplier> scale;  // empty: factor 1; size 1: per tensor; size units: per unit
  std::int64_t zero = 0;
  std::optional<AccumulatorPlan> acc;
  // The factor applied to output unit n (1 when there is no scale).
  num::ScaleMultiplier scale_of(std::size_t n) const {
    if (scale.empty()) return {1, 0};
    return scale.size() == 1 ? scale[0] : scale.at(n);
  }
  bool operator==(const DenseAttrs&) const = default;
};

// y = a · b over the last two axes of two activations, batched over the leading axes (equal in
// both): a [..., M, K] times b [..., K, N] (b [..., N, K] read transposed with `transpose_b`),
// y = requant(Σ_k a·b, fa + fb -> T), the sum exact (attention's Q·Kᵀ and its ·V).
struct MatMulAttrs {
  bool transpose_b = false;
  bool operator==(const MatMulAttrs&) const = default;
};

// The accumulator of node n's sum of `terms` products of its inputs 0 and 1 (codes) and, with
// `has_bias`, its input 2: proves the width (32 or 64 bits) from the operand ranges, replaces the
// bias by its codes at accumulator scale, and checks that `scale` (or the plain conversion) reaches
// the result type. Shared by dense and conv (ir/ops/conv). nullopt after an error at the node.
std::optional<AccumulatorPlan> resolve_accumulator(Graph& g, Node& n, std::int64_t terms, bool has_bias,
                                                  const std::vector<num::ScaleMultiplier>& scale, Diagnostics& diags);

// The family interface (ir/ops/family.hpp), one overload set per op.
std::string_view op_label(const MatMulAttrs& a);
std::string attrs_text(const MatMulAttrs& a);
std::string aiem_statement(const Graph& g, const Node& n, const MatMulAttrs& a);
Shape infer_shape(const Graph& g, const Node& n, const MatMulAttrs& a);
void resolve_quantization(Graph& g, Node& n, MatMulAttrs& a, Diagnostics& diags);
std::string_view op_label(const DenseAttrs& a);
std::string attrs_text(const DenseAttrs& a);
std::string aiem_statement(const Graph& g, const Node& n, const DenseAttrs& a);
Shape infer_shape(const Graph& g, const Node& n, const DenseAttrs& a);
void resolve_quantization(Graph& g, Node& n, DenseAttrs& a, Diagnostics& diags);

}  // namespace aiem::ir

namespace aiem::reference {
ir::Tensor interpret(const ir::Graph& g, const ir::Node& n, const ir::DenseAttrs& a, const Operands& in);
ir::Tensor interpret(const ir::Graph& g, const ir::Node& n, const ir::MatMulAttrs& a, const Operands& in);
}

namespace aiem::aie {
bool lower(Planner& p, const ir::Node& n, const ir::DenseAttrs& a);
bool lower(Planner& p, const ir::Node& n, const ir::MatMulAttrs& a);
}
