#pragma once
// Op kinds and their attributes. Adding an op (matmul, softmax, layernorm, transpose, split,
// concat, conv) means adding its attribute struct here and its rules in ir/ops/<op>.cpp; the
// graph, the passes' traversal and the printer do not change.
#include <cstdint>
#include <optional>
#include <string_view>
#include <variant>

namespace aiem::ir {

// Filled by resolve_quantization: how the integer accumulator is formed and narrowed.
struct AccumulatorPlan {
  int bits = 32;  // container that provably holds every partial sum: 32 or 64
  int frac = 0;   // fractional bits of the accumulator (fx + fw for dense)
  bool operator==(const AccumulatorPlan&) const = default;
};

// y = x · W (+ b), on the last axis of x. Inputs: x, w [K, N], optionally b [N].
// After resolve_quantization the bias input is at accumulator scale (frac == acc.frac).
struct DenseAttrs {
  std::int64_t units = 0;
  bool has_bias = false;
  bool relu = false;  // fused activation (fuse_activations)
  std::optional<AccumulatorPlan> acc;
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
