// The dense family's ONNX import: Gemm, MatMul (with their bias Add) and BatchNormalization: a layer's accumulation, closed
// by the quantizer that follows (onnx_dense_lowering.hpp).
#include <algorithm>
#include <cctype>
#include <cmath>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <numeric>

#include "dsl/import/onnx/importer.hpp"
#include "ir/ops/dense/onnx_dense_lowering.hpp"
#include "ir/limits.hpp"

namespace aiem::onnx_import {

std::vector<OnnxOp> Importer::dense_onnx_ops() {
  return {{"Gemm", &Importer::gemm}, {"MatMul", &Importer::matmul}, {"BatchNormalization", &Importer::batchnorm}};
}

QTensor Importer::weights(const onnx::NodeProto& n, int i, bool transpose) {
  const auto* q = std::get_if<QTensor>(&input(n, i));
  if (q == nullptr || !q->is_const() || !q->dequantized)
    throw ImportError(node_where(n), fmt::format("weights '{}' must be quantized constants (DequantizeLinear of an "
                                                 "integer initializer, or QuantizeLinear / Quant of a float one)",
                                                 n.input(i)));
  if (q->codes.dims.size() != 2)
    throw ImportError(node_where(n), fmt::format("weights must be a matrix, have {} dimensions", q->codes.dims.size()));
  QTensor w = *q;
  if (transpose) {
    std::int64_t rows = w.codes.dims[0], cols = w.codes.dims[1];
    std::vector<std::int64_t> t(w.codes.ints.size());
    for (std::int64_t r = 0; r < rows; ++r)
      for (std::int64_t c = 0; c < cols; ++c)
        t[static_cast<std::size_t>(c * rows + r)] = w.codes.ints[static_cast<std::size_t>(r * cols + c)];
    w.codes.ints = std::move(t);
    w.codes.dims = {cols, rows};
    if (w.q.per_channel()) w.q.axis = 1 - w.q.axis;
  }
  if (w.q.per_channel() && w.q.axis != 1)
    throw ImportError(node_where(n), "per-channel weight scales must be per output unit");
  return w;
}

void Importer::gemm(const onnx::NodeProto& n) {
  if (int_attr(n, "transA", 0) != 0) throw ImportError(node_where(n), "transA=1 is not supported");
  if (float_attr(n, "alpha", 1) != 1 || float_attr(n, "beta", 1) != 1)
    throw ImportError(node_where(n), "alpha and beta must be 1");
  Accumulation a;
  a.x = activation(n, 0);
  a.w = weights(n, 1, int_attr(n, "transB", 0) != 0);
  a.node = n.name();
  a.nodes = {n.name()};
  if (has_input(n, 2)) bias(n, 2, a);
  set(n, a);
}

void Importer::matmul(const onnx::NodeProto& n) {
  // Of two quantized activations (attention's Q·Kᵀ and ·V): a matmul op, closed by its quantizer.
  if (const auto* q = std::get_if<QTensor>(&input(n, 1)); q && !q->is_const()) {
    Pointwise p;
    p.operands = {activation(n, 0), activation(n, 1)};
    p.binary = n.op_type();
    p.row = ir::MatMulAttrs{};
    p.node = n.name();
    p.nodes = {n.name()};
    return set(n, p);
  }
  Accumulation a;
  a.x = activation(n, 0);
  a.w = weights(n, 1, false);
  a.node = n.name();
  a.nodes = {n.name()};
  set(n, a);
}

void Importer::bias(const onnx::NodeProto& n, int i, Accumulation& a) {
  std::int64_t units = a.w.codes.dims[1];
  TensorState& b = input(n, i);
  std::size_t size = 0;
  if (auto* c = std::get_if<Constant>(&b); c && c->is_float()) {
    a.float_bias = *c;
    size = c->size();
  } else if (auto* q = std::get_if<QTensor>(&b); q && q->is_const() && q->dequantized) {
    a.int_bias = *q;
    size = q->codes.size();
    if (q->q.per_channel()) {  // per-channel scales of a 1-D bias run along its only axis
      a.int_bias->q.axis = 0;
    }
  } else {
    throw ImportError(node_where(n), fmt::format("bias '{}' must be a float constant or a DequantizeLinear of int32 codes",
                                                 n.input(i)));
  }
  if (static_cast<std::int64_t>(size) != units)
    throw ImportError(node_where(n), fmt::format("inconsistent shapes: the bias has {} values for {} units", size, units));
}

void Importer::add_bias(const onnx::NodeProto& n) {
  int acc_at = std::holds_alternative<Accumulation>(input(n, 0)) ? 0 : 1;
  auto* a = std::get_if<Accumulation>(&input(n, acc_at));
  // An activation added to a layer's unquantized result (a residual straight into the sum).
  if (is_activation(input(n, 1 - acc_at)) || std::holds_alternative<Accumulation>(input(n, 1 - acc_at)))
    throw ImportError(node_where(n), fmt::format("adds {} to the unquantized result of '{}'; aiemc adds two "
                                                 "activations when both are quantized: put a QuantizeLinear / "
                                                 "DequantizeLinear pair (or a Quant) on '{}' before the {}",
                                                 is_activation(input(n, 1 - acc_at))
                                                     ? fmt::format("the quantized activation '{}'", n.input(1 - acc_at))
                                                     : describe(input(n, 1 - acc_at)),
                                                 a->node, a->node, n.op_type()));
  if (a->float_bias || a->int_bias || a->bn || a->relu)
    throw ImportError(node_where(n), fmt::format("adds a second bias to '{}'", a->node));
  Accumulation next = *a;
  bias(n, 1 - acc_at, next);
  next.nodes.push_back(n.name());
  set(n, next);
}

// A BatchNormalization of a quantized activation: a per-channel affine map, imported as a layer of
// unit weights (a diagonal dense layer for [N, C], a depthwise 1x1 conv for [N, C, spatial...])
// whose accumulation the BatchNormalization then folds into. The unit weight is the int16 code 2^14
// of scale 2^-14, so the folded shift beta - slope * mean is a bias with 14 more fractional bits
// than the input (its rounding moves a result by at most 2^-15 of the input's step).
Accumulation Importer::identity_layer(const onnx::NodeProto& n, const QTensor& x) {
  const ir::Shape xs = out_.graph.value(*x.value).type.shape;
  const std::int64_t c = xs.size() >= 2 ? xs[1] : 0;
  if (xs.size() < 2 || xs.size() > 4 || c < 1 || c > 4096)
    throw ImportError(node_where(n), fmt::format("normalizes a tensor of shape {}; aiemc folds BatchNormalization over "
                                                 "[N, C] (at most 4096 channels) or [N, C, (H,) W]",
                                                 ir::to_string(xs)));
  constexpr std::int64_t unit = std::int64_t(1) << 14;
  Accumulation a;
  a.w.q.scale = {std::ldexp(1.0f, -14)};
  a.w.q.zero = {0};
  a.w.q.bits = 16;
  a.w.q.node = n.name();
  a.w.dequantized = true;
  a.node = n.name();
  a.nodes = {};
  if (xs.size() == 2) {
    a.x = x;
    a.w.codes.dims = {c, c};
    a.w.codes.ints.assign(std::size_t(c * c), 0);
    for (std::int64_t i = 0; i < c; ++i) a.w.codes.ints[std::size_t(i * c + i)] = unit;
    return a;
  }
  const std::size_t axes = xs.size() - 2;
  ir::ConvAttrs geometry;
  geometry.window.kernel.assign(axes, 1);
  geometry.window.stride.assign(axes, 1);
  geometry.window.dilation.assign(axes, 1);
  geometry.window.before.assign(axes, 0);
  geometry.window.after.assign(axes, 0);
  geometry.channels = geometry.groups = c;
  a.conv = geometry;
  a.x = channels_last(n, x);
  a.w.codes.dims = {1, c};
  a.w.codes.ints.assign(std::size_t(c), unit);
  a.channels_last = true;
  return a;
}

void Importer::batchnorm(const onnx::NodeProto& n) {
  Accumulation identity;
  auto* a = std::get_if<Accumulation>(&input(n, 0));
  if (a == nullptr && is_activation(input(n, 0))) {
    identity = identity_layer(n, activation(n, 0));
    a = &identity;
  }
  if (a == nullptr || a->relu || a->bn)
    throw ImportError(node_where(n), "BatchNormalization is supported after a dense layer or a conv (before its Relu) and on "
                                     "a quantized activation");
  if (int_attr(n, "training_mode", 0) != 0) throw ImportError(node_where(n), "training_mode=1 is not supported");
  Accumulation next = *a;
  BatchNorm bn;
  bn.node = n.name();
  bn.epsilon = float_attr(n, "epsilon", 1e-5f);
  const char* names[] = {"scale", "B", "mean", "var"};
  Constant* dst[] = {&bn.gamma, &bn.beta, &bn.mean, &bn.var};
  for (int i = 0; i < 4; ++i) {
    *dst[i] = constant(n, i + 1, names[i]);
    if (!dst[i]->is_float() || static_cast<std::int64_t>(dst[i]->size()) != a->w.codes.dims[1])
      throw ImportError(node_where(n), fmt::format("inconsistent shapes: '{}' must hold {} float values", names[i],
                                                   a->w.codes.dims[1]));
  }
  next.bn = bn;
  next.nodes.push_back(n.name());
  set(n, next);
}

}  // namespace aiem::onnx_import
