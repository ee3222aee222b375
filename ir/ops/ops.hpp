#pragma once
// The registration of every op: each op family (a folder of ir/ops, docs/architecture.md "Op
// families") defines its ops' attribute structs and, for each, the family interface (shape rule,
// quantization, label and printing, interpreter kernel, AIE lowering), all as overloads on the
// attribute type. The IR holds an op as one alternative of OpAttrs; every dispatch (infer_shape,
// resolve_quantization, the interpreter, the AIE planner, the printer) is a std::visit over it, so
// adding an op is its family's files plus one alternative here.
#include <string_view>
#include <variant>

#include "ir/ops/conv/conv.hpp"
#include "ir/ops/dense/dense.hpp"
#include "ir/ops/elementwise/elementwise.hpp"
#include "ir/ops/movement/movement.hpp"
#include "ir/ops/normalization/normalization.hpp"

namespace aiem::ir {

using OpAttrs =
    std::variant<DenseAttrs, ReluAttrs, BinaryAttrs, LookupAttrs, ConcatAttrs, SliceAttrs, TransposeAttrs, ReshapeAttrs,
                 PadAttrs, ReduceAttrs, SoftmaxAttrs, NormAttrs, MatMulAttrs, ConvAttrs, PoolAttrs>;

// The alternative an op is, in the order of OpAttrs.
enum class OpKind {
  Dense, Relu, Binary, Lookup, Concat, Slice, Transpose, Reshape, Pad, Reduce, Softmax, Norm, MatMul, Conv, Pool
};
static_assert(std::variant_size_v<OpAttrs> == std::size_t(OpKind::Pool) + 1, "one OpKind per OpAttrs alternative");

inline OpKind op_kind(const OpAttrs& a) { return static_cast<OpKind>(a.index()); }
// The op as the language spells it: "dense", "add", "sigmoid", "lookup", ...
inline std::string_view op_label(const OpAttrs& a) {
  return std::visit([](const auto& x) { return op_label(x); }, a);
}

}  // namespace aiem::ir
