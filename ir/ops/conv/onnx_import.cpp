// The conv family's ONNX import: Conv (1-D and 2-D), MaxPool, AveragePool and GlobalAveragePool.
// ONNX tensors are channels-first ([N, C, (H,) W]); aiemc's ops are channels-last, so each op reads
// a transposed copy of its input and its result is transposed back. Between two such ops the two
// transposes cancel (add_movement), so a chain of convs and pools moves no data between its ops.
// A Conv is an Accumulation (its bias, a BatchNormalization and a Relu fold in as for Gemm),
// lowered by the dense lowering with the conv's geometry; the pools are row ops closed by their
// quantizer.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "dsl/import/onnx/importer.hpp"
#include "ir/limits.hpp"
#include "ir/ops/conv/conv.hpp"
#include "ir/ops/dense/onnx_dense_lowering.hpp"

namespace aiem::onnx_import {
namespace {

// [0, 2, .., r-1, 1]: channels-first to channels-last; and its inverse.
std::vector<int> to_last(std::size_t r) {
  std::vector<int> p{0};
  for (std::size_t i = 2; i < r; ++i) p.push_back(int(i));
  p.push_back(1);
  return p;
}
std::vector<int> to_first(std::size_t r) {
  std::vector<int> p{0, int(r) - 1};
  for (std::size_t i = 1; i + 1 < r; ++i) p.push_back(int(i));
  return p;
}

}  // namespace

std::vector<OnnxOp> Importer::conv_onnx_ops() {
  return {{"Conv", &Importer::conv},
          {"MaxPool", &Importer::pool},
          {"AveragePool", &Importer::pool},
          {"GlobalAveragePool", &Importer::global_average_pool}};
}

QTensor Importer::channels_last(const onnx::NodeProto& n, const QTensor& x) {
  ir::TransposeAttrs t;
  t.perm = to_last(out_.graph.value(*x.value).type.shape.size());
  return add_movement(n, "transpose", {*x.value}, t, x.q);
}

// The inverse: a channels-last result in ONNX's layout, with t's quantizer, codes or dequantized as t is.
QTensor Importer::channels_first(const onnx::NodeProto& n, const QTensor& t) {
  ir::TransposeAttrs back;
  back.perm = to_first(out_.graph.value(*t.value).type.shape.size());
  QTensor y = add_movement(n, "transpose", {*t.value}, back, t.q);
  y.dequantized = t.dequantized;
  return y;
}

// kernel_shape, strides, dilations, pads and auto_pad of a Conv or a pool over `axes` spatial axes
// of the channels-first x [N, C, spatial...].
ir::Window Importer::onnx_window(const onnx::NodeProto& n, const ir::Shape& x, std::size_t axes, bool pool) {
  auto list = [&](const char* name, std::vector<std::int64_t> fallback) {
    const auto* a = attribute(n, name);
    if (a == nullptr) return fallback;
    std::vector<std::int64_t> v(a->ints().begin(), a->ints().end());
    if (v.size() != fallback.size())
      throw ImportError(node_where(n), fmt::format("{} has {} entries; {} spatial axes need {}", name, v.size(), axes,
                                                   fallback.size()));
    return v;
  };
  ir::Window w;
  const auto* k = attribute(n, "kernel_shape");
  if (pool && k == nullptr) throw ImportError(node_where(n), "has no kernel_shape");
  w.kernel = list("kernel_shape", k ? std::vector<std::int64_t>(axes, 0) : std::vector<std::int64_t>(x.begin() + 2, x.end()));
  if (!pool && k == nullptr) throw ImportError(node_where(n), "has no kernel_shape; aiemc needs it written");
  w.stride = list("strides", std::vector<std::int64_t>(axes, 1));
  w.dilation = list("dilations", std::vector<std::int64_t>(axes, 1));
  const auto pads = list("pads", std::vector<std::int64_t>(2 * axes, 0));
  w.before.assign(pads.begin(), pads.begin() + std::ptrdiff_t(axes));
  w.after.assign(pads.begin() + std::ptrdiff_t(axes), pads.end());
  const auto* auto_pad = attribute(n, "auto_pad");
  const std::string mode = auto_pad ? auto_pad->s() : "NOTSET";
  if (mode == "SAME_UPPER" || mode == "SAME_LOWER") {
    ir::same_padding(w, {x.begin() + 2, x.end()}, mode == "SAME_UPPER");
  } else if (mode == "VALID") {
    std::fill(w.before.begin(), w.before.end(), 0);
    std::fill(w.after.begin(), w.after.end(), 0);
  } else if (mode != "NOTSET") {
    throw ImportError(node_where(n), fmt::format("auto_pad '{}' is not an ONNX padding mode", mode));
  }
  if (int_attr(n, "ceil_mode", 0) != 0)
    throw ImportError(node_where(n), "ceil_mode=1 is not supported (pad the input instead)");
  if (auto why = ir::window_problem(w, {x.begin() + 2, x.end()}); !why.empty()) throw ImportError(node_where(n), why);
  return w;
}

void Importer::conv(const onnx::NodeProto& n) {
  const QTensor x = activation(n, 0);
  const ir::Shape xs = out_.graph.value(*x.value).type.shape;
  if (xs.size() != 3 && xs.size() != 4)
    throw ImportError(node_where(n), fmt::format("convolves {} spatial axes; aiemc's Conv has 1 or 2", xs.size() - 2));
  const std::size_t axes = xs.size() - 2;
  const auto* wq = std::get_if<QTensor>(&input(n, 1));
  if (wq == nullptr || !wq->is_const() || !wq->dequantized)
    throw ImportError(node_where(n), fmt::format("weights '{}' must be quantized constants (DequantizeLinear of an integer "
                                                 "initializer, or QuantizeLinear / Quant of a float one)",
                                                 n.input(1)));
  const auto& dims = wq->codes.dims;
  const std::int64_t groups = int_attr(n, "group", 1);
  if (dims.size() != xs.size())
    throw ImportError(node_where(n), fmt::format("weights of {} dimensions for an input of {}", dims.size(), xs.size()));
  const std::int64_t N = dims[0], cg = dims[1], C = xs[1];
  if (groups < 1 || cg * groups != C || N % groups != 0)
    throw ImportError(node_where(n), fmt::format("inconsistent shapes: {} groups of {} input channels for an input of {} "
                                                 "channels and {} output channels",
                                                 groups, cg, C, N));
  if (wq->q.per_channel() && wq->q.axis != 0)
    throw ImportError(node_where(n), "per-channel weight scales must be per output channel (axis 0)");
  ir::ConvAttrs geometry;
  geometry.window = onnx_window(n, xs, axes, false);
  for (std::size_t i = 0; i < axes; ++i)
    if (geometry.window.kernel[i] != dims[2 + i])
      throw ImportError(node_where(n), fmt::format("kernel_shape [{}] does not match the weights {}",
                                                   fmt::join(geometry.window.kernel, ", "), ir::to_string(dims)));
  geometry.channels = N;
  geometry.groups = groups;
  bool padded = false;
  for (std::size_t i = 0; i < axes; ++i) padded = padded || geometry.window.before[i] || geometry.window.after[i];
  if (padded && x.q.zero_of(0) != 0)
    throw ImportError(node_where(n), fmt::format("pads an input whose zero point is {}: aiemc pads with code 0 (real 0 at "
                                                 "zero point 0 only)",
                                                 x.q.zero_of(0)));
  // The weights as dense's [K, N] matrix, K running over (kernel position, channel of the group).
  const std::int64_t positions = geometry.window.positions();
  Accumulation a;
  a.x = channels_last(n, x);
  a.w = *wq;
  a.w.codes.ints.assign(std::size_t(positions * cg * N), 0);
  for (std::int64_t o = 0; o < N; ++o)
    for (std::int64_t c = 0; c < cg; ++c)
      for (std::int64_t p = 0; p < positions; ++p)
        a.w.codes.ints[std::size_t((p * cg + c) * N + o)] = wq->codes.ints[std::size_t((o * cg + c) * positions + p)];
  a.w.codes.dims = {positions * cg, N};
  if (a.w.q.per_channel()) a.w.q.axis = 1;
  a.conv = geometry;
  a.channels_last = true;
  a.node = n.name();
  a.nodes = {n.name()};
  if (has_input(n, 2)) bias(n, 2, a);
  set(n, a);
}

// MaxPool of a dequantized activation is exact on its codes (max commutes with the dequantization);
// AveragePool's mean is quantized by the quantizer that follows (ONNX Runtime: round half to even
// of the float mean, which no float rounding moves across a tie: see docs/import.md).
void Importer::pool(const onnx::NodeProto& n) {
  const QTensor x = activation(n, 0);
  const ir::Shape xs = out_.graph.value(*x.value).type.shape;
  if (xs.size() != 3 && xs.size() != 4)
    throw ImportError(node_where(n), fmt::format("pools {} spatial axes; aiemc pools 1 or 2", int(xs.size()) - 2));
  if (n.output_size() > 1 && !n.output(1).empty()) throw ImportError(node_where(n), "MaxPool's Indices output is not supported");
  if (int_attr(n, "storage_order", 0) != 0) throw ImportError(node_where(n), "storage_order=1 is not supported");
  ir::PoolAttrs a;
  a.fn = n.op_type() == "MaxPool" ? ir::PoolFn::max : ir::PoolFn::avg;
  a.window = onnx_window(n, xs, xs.size() - 2, true);
  a.count_include_pad = int_attr(n, "count_include_pad", 0) != 0;
  if (x.q.zero_of(0) != 0 || x.q.per_channel())
    throw ImportError(node_where(n), fmt::format("pools an input quantized with {}; aiemc pools codes of zero point 0 "
                                                 "and one scale",
                                                 x.q.describe()));
  if (a.fn == ir::PoolFn::max) {
    QTensor t = channels_last(n, x);
    ir::Node node;
    node.name = fmt::format("maxpool{}", ++pointwise_["maxpool"]);
    node.inputs = {*t.value};
    node.attrs = a;
    QTensor r = t;
    r.value = add_op(n, std::move(node), out_.graph.value(*t.value).type.format, n.name());
    return set(n, channels_first(n, r));
  }
  Pointwise p;
  p.operands = {channels_last(n, x)};
  p.binary = n.op_type();
  p.row = a;
  p.channels_last = true;
  p.node = n.name();
  p.nodes = {n.name()};
  set(n, p);
}

// The mean over every spatial axis, kept as size 1 ([N, C, 1, 1]): a reduce_mean, on the
// channels-first tensor itself (the reduced axes are neighbours after the channels).
void Importer::global_average_pool(const onnx::NodeProto& n) {
  const QTensor& x = activation(n, 0);
  const std::size_t r = out_.graph.value(*x.value).type.shape.size();
  if (r < 3) throw ImportError(node_where(n), "pools a tensor without spatial axes");
  ir::ReduceAttrs a;
  a.fn = ir::ReduceFn::mean;
  for (std::size_t i = 2; i < r; ++i) a.axes.push_back(int(i));
  a.keepdims = true;
  start_row_op(n, a, std::nullopt, std::nullopt);
}

}  // namespace aiem::onnx_import
