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

// y = a + b (same shapes), computed exactly at the finer of the two scales, then converted.
struct AddAttrs {
  std::optional<int> common_frac;  // resolve_quantization
  bool operator==(const AddAttrs&) const = default;
};

using OpAttrs = std::variant<DenseAttrs, ReluAttrs, AddAttrs>;

enum class OpKind { Dense, Relu, Add };

inline OpKind op_kind(const OpAttrs& a) { return static_cast<OpKind>(a.index()); }
std::string_view op_name(OpKind k);

}  // namespace aiem::ir
