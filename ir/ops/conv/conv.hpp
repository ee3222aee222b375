#pragma once
// The convolution family: conv (1 or 2 spatial axes, stride, padding, dilation, groups, bias, fused
// relu, per-tensor or per-channel scales and a zero point) and pooling (max, average) over sliding
// windows. Tensors are channels-last: [batch, (H,) W, C]; ONNX's channels-first tensors are
// transposed at import (dsl/import/onnx). The global average pool is reduce_mean over the spatial
// axes (the normalization family). Its files: window.cpp (the geometry), op.cpp, quantize.cpp,
// interpret.cpp, language.cpp, oracle.py, onnx_import.cpp, aie_lower.cpp (an im2col re-layout kernel
// feeding the dense kernel; a pooling kernel), aie_cost.cpp; its kernels are stdlib/aie
// aiem_kernels/window.hpp and dense.hpp.
#include "ir/ops/dense/dense.hpp"
#include "ir/ops/family.hpp"

namespace aiem::ir {

// A sliding window over the spatial axes (1 or 2 of them, in order: H then W): per axis the kernel
// size, the stride, the dilation and the padding before and after. Output length per axis:
// floor((in + before + after - dilation·(kernel - 1) - 1) / stride) + 1.
struct Window {
  std::vector<std::int64_t> kernel, stride, dilation, before, after;
  std::size_t axes() const { return kernel.size(); }
  std::int64_t positions() const;  // kernel elements: the product of `kernel`
  bool operator==(const Window&) const = default;
};

// A window on [H, W] (one spatial axis is H = 1 with a kernel of 1): what the interpreter and
// the kernels index with. ph, pw: the padding before each axis.
struct Geometry2d {
  std::int64_t h = 1, w = 1, oh = 1, ow = 1, kh = 1, kw = 1, sh = 1, sw = 1, dh = 1, dw = 1, ph = 0, pw = 0;
};
Geometry2d geometry(const Window& w, const Shape& x);  // x [B, spatial..., C]

// The output length of one axis (< 1 when the window does not fit).
std::int64_t window_output(std::int64_t in, const Window& w, std::size_t axis);
// "Same" padding for spatial sizes `in`: output length ceil(in / stride) per axis, the odd element
// of padding after (`upper`, ONNX's SAME_UPPER and PyTorch's) or before. Axes whose window is out
// of bounds are left for window_problem to report.
void same_padding(Window& w, const std::vector<std::int64_t>& in, bool upper);
// What is wrong with the window for input spatial sizes `in` (empty when nothing).
std::string window_problem(const Window& w, const std::vector<std::int64_t>& in);
// "kernel [3,3] stride [1,1] ..." for the IR printer; the .aiem arguments for the writer.
std::string window_text(const Window& w);
std::string window_arguments(const Window& w);

// y[b, o..., n] = requant(Σ_{k..., c} x[b, o·stride + k·dilation - before, g·Cg + c] · w[k..., c, n] + b_acc[n])
// with g = n / (N / groups) and Cg = C / groups; positions outside the input read 0 (the real 0).
// Inputs: x [B, spatial..., C], w [kernel..., C / groups, N], optionally b [N]. Quantization as
// dense (DenseAttrs): the accumulator proved 32 or 64 bits, the bias at accumulator scale, the
// optional scale (per tensor or per output channel) and zero point, a fused relu.
struct ConvAttrs {
  Window window;
  std::int64_t channels = 0;  // N, the output channels
  std::int64_t groups = 1;
  bool has_bias = false;
  bool relu = false;
  std::vector<num::ScaleMultiplier> scale;
  std::int64_t zero = 0;
  std::optional<AccumulatorPlan> acc;
  num::ScaleMultiplier scale_of(std::size_t n) const {
    if (scale.empty()) return {1, 0};
    return scale.size() == 1 ? scale[0] : scale.at(n);
  }
  bool operator==(const ConvAttrs&) const = default;
};

// y[b, o..., c] over the window of each output position and channel:
//   max: requant(max x, fx -> T) over the positions inside the input (padding is never the max);
//   avg: overflow_T(round_T(Σ x · 2^(fT - fx) / n)), the exact rational rounded once, with n the
//        window's positions (count_include_pad: padding counts as code 0) or those inside the input.
enum class PoolFn { max, avg };
struct PoolAttrs {
  PoolFn fn = PoolFn::max;
  Window window;
  bool count_include_pad = false;
  bool operator==(const PoolAttrs&) const = default;
};

// The family interface (ir/ops/family.hpp), one overload set per op.
std::string_view op_label(const ConvAttrs& a);
std::string attrs_text(const ConvAttrs& a);
std::string aiem_statement(const Graph& g, const Node& n, const ConvAttrs& a);
Shape infer_shape(const Graph& g, const Node& n, const ConvAttrs& a);
void resolve_quantization(Graph& g, Node& n, ConvAttrs& a, Diagnostics& diags);
std::string_view op_label(const PoolAttrs& a);
std::string attrs_text(const PoolAttrs& a);
std::string aiem_statement(const Graph& g, const Node& n, const PoolAttrs& a);
Shape infer_shape(const Graph& g, const Node& n, const PoolAttrs& a);
void resolve_quantization(Graph& g, Node& n, PoolAttrs& a, Diagnostics& diags);

}  // namespace aiem::ir

namespace aiem::reference {
ir::Tensor interpret(const ir::Graph& g, const ir::Node& n, const ir::ConvAttrs& a, const Operands& in);
ir::Tensor interpret(const ir::Graph& g, const ir::Node& n, const ir::PoolAttrs& a, const Operands& in);
}

namespace aiem::aie {
bool lower(Planner& p, const ir::Node& n, const ir::ConvAttrs& a);
bool lower(Planner& p, const ir::Node& n, const ir::PoolAttrs& a);
}
