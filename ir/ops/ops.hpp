#pragma once
// Op kinds and their attributes. Adding an op (matmul, softmax, layernorm, transpose, split,
// concat, conv) means adding its attribute struct here and its rules in ir/ops/<op>.cpp; the
// graph, the passes' traversal and the printer do not change.
#include <cstdint>
#include <optional>
#include <string_view>
#include <variant>
#include <vector>

#include "ir/numeric/requantize.hpp"

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
// compile time (resolve_quantization, ir/ops/lookup_functions.hpp); `table` takes a user-given one
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

// y = x with another per-sample shape (the batch axis stays, row-major order is kept: numpy's
// reshape of each sample). Pure data movement: the result has the input's type.
struct ReshapeAttrs {
  std::vector<std::int64_t> shape;  // per sample, without the batch axis
  bool operator==(const ReshapeAttrs&) const = default;
};

using OpAttrs =
    std::variant<DenseAttrs, ReluAttrs, BinaryAttrs, LookupAttrs, ConcatAttrs, SliceAttrs, TransposeAttrs, ReshapeAttrs>;

enum class OpKind { Dense, Relu, Binary, Lookup, Concat, Slice, Transpose, Reshape };

inline OpKind op_kind(const OpAttrs& a) { return static_cast<OpKind>(a.index()); }
std::string_view op_name(OpKind k);
// The op as the language spells it: "dense", "add", "sigmoid", "lookup", ...
std::string_view op_label(const OpAttrs& a);
std::string_view binary_name(BinaryFn f);
std::string_view lookup_name(LookupFn f);

}  // namespace aiem::ir
