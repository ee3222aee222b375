#include "ir/ops/shape_rules.hpp"

namespace aiem::ir {

Shape infer_shape(const Graph& g, const Node& n) {
  return std::visit(
      [&](const auto& a) -> Shape {
        using A = std::decay_t<decltype(a)>;
        if constexpr (std::is_same_v<A, DenseAttrs>) return infer_dense_shape(g, n, a);
        if constexpr (std::is_same_v<A, ReluAttrs>) return infer_relu_shape(g, n, a);
        if constexpr (std::is_same_v<A, BinaryAttrs>) return infer_binary_shape(g, n, a);
        if constexpr (std::is_same_v<A, LookupAttrs>) return infer_lookup_shape(g, n, a);
        if constexpr (std::is_same_v<A, ConcatAttrs>) return infer_concat_shape(g, n, a);
        if constexpr (std::is_same_v<A, SliceAttrs>) return infer_slice_shape(g, n, a);
        if constexpr (std::is_same_v<A, TransposeAttrs>) return infer_transpose_shape(g, n, a);
        if constexpr (std::is_same_v<A, ReshapeAttrs>) return infer_reshape_shape(g, n, a);
      },
      n.attrs);
}

}  // namespace aiem::ir
