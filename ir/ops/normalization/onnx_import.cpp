// The normalization family's ONNX import: Softmax, ReduceMean / ReduceSum / ReduceMax and
// LayerNormalization of a quantized activation; close_row_op also closes a MatMul of two activations
// (ir/ops/dense/onnx_import.cpp). ONNX Runtime computes them in float between the
// DequantizeLinear and QuantizeLinear pairs; aiemc computes its exact integer definition
// (normalization.hpp), whose agreement with ONNX Runtime the tests measure (docs/import.md).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "dsl/import/onnx/importer.hpp"
#include "ir/ops/dense/onnx_dense_lowering.hpp"

namespace aiem::onnx_import {
namespace {

// A float vector as int16 codes with as many fractional bits as its largest magnitude allows
// (nullopt: a value that is not finite or beyond 2^30, which no int16 code at a scale of at most
// 2^16 holds).
std::optional<std::pair<num::FixedFormat, std::vector<std::int64_t>>> int16_codes(const std::vector<float>& v) {
  double m = 0;
  for (float x : v) {
    if (!std::isfinite(x) || std::abs(double(x)) > std::ldexp(1.0, 30)) return std::nullopt;
    m = std::max(m, std::abs(double(x)));
  }
  int frac = 15;
  while (frac > -16 && std::ldexp(m, frac) > 32767.0) --frac;
  while (m > 0 && frac < 30 && std::ldexp(m, frac + 1) <= 32767.0) ++frac;
  std::vector<std::int64_t> codes;
  for (float x : v) codes.push_back(std::int64_t(std::nearbyint(std::ldexp(double(x), frac))));  // half to even
  return std::pair{num::FixedFormat{16, 16 - frac, true, num::Rounding::RND_CONV, num::Overflow::SAT}, codes};
}

}  // namespace

std::vector<OnnxOp> Importer::normalization_onnx_ops() {
  return {{"Softmax", &Importer::softmax},
          {"ReduceMean", &Importer::reduction},
          {"ReduceSum", &Importer::reduction},
          {"ReduceMax", &Importer::reduction},
          {"LayerNormalization", &Importer::layer_normalization}};
}

void Importer::start_row_op(const onnx::NodeProto& n, ir::OpAttrs attrs, std::optional<Constant> gain,
                            std::optional<Constant> bias) {
  Pointwise p;
  p.operands = {activation(n, 0)};
  p.binary = n.op_type();
  p.row = std::move(attrs);
  p.gain = std::move(gain);
  p.bias = std::move(bias);
  p.node = n.name();
  p.nodes = {n.name()};
  set(n, p);
}

// opset 13+: `axis` (default -1) names the one axis softmax runs along.
void Importer::softmax(const onnx::NodeProto& n) {
  const QTensor& x = activation(n, 0);
  const std::int64_t rank = std::int64_t(out_.graph.value(*x.value).type.shape.size());
  ir::SoftmaxAttrs a;
  a.axis = ir_axis(sample_axis(n, int_attr(n, "axis", -1), rank, "runs softmax"), rank);
  a.reciprocal = opt_.softmax_reciprocal;
  start_row_op(n, a, std::nullopt, std::nullopt);
}

std::vector<const onnx::NodeProto*> Importer::readers_of(const std::string& name) const {
  std::vector<const onnx::NodeProto*> r;
  if (name.empty()) return r;  // "" names an absent optional input, not a tensor
  for (const auto& m : graph_->node())
    for (const auto& in : m.input())
      if (in == name) {
        r.push_back(&m);
        break;
      }
  return r;
}

std::optional<Constant> Importer::constant_of(const std::string& name) const {
  if (auto it = tensors_.find(name); it != tensors_.end())
    if (const auto* c = std::get_if<Constant>(&it->second)) return *c;
  for (const auto& m : graph_->node())
    if (m.op_type() == "Constant" && m.output_size() == 1 && m.output(0) == name)
      if (const auto* v = attribute(m, "value"); v && v->has_t()) return to_constant(v->t(), node_where(m));
  return std::nullopt;
}

bool Importer::decomposed_layernorm(const onnx::NodeProto& n) {
  // A node's input or output i, or "" when it has none (the graph is untrusted).
  static const std::string none;
  auto in = [](const onnx::NodeProto* m, int i) -> const std::string& { return i < m->input_size() ? m->input(i) : none; };
  auto out = [](const onnx::NodeProto* m) -> const std::string& { return m->output_size() > 0 ? m->output(0) : none; };
  const std::int64_t rank = std::int64_t(out_.graph.value(*activation(n, 0).value).type.shape.size());
  auto last_axis = [&](const onnx::NodeProto& r) {
    const auto* at = attribute(r, "axes");
    std::vector<std::int64_t> axes;
    if (at) axes.assign(at->ints().begin(), at->ints().end());
    else if (r.input_size() > 1)
      if (auto c = constant_of(in(&r, 1)); c && !c->is_real()) axes = c->ints;
    return axes.size() == 1 && (axes[0] == -1 || axes[0] == rank - 1) && int_attr(r, "keepdims", 1) == 1;
  };
  // The only reader of tensor `t`, of type `op`.
  auto sole = [&](const std::string& t, const char* op) -> const onnx::NodeProto* {
    auto r = readers_of(t);
    return r.size() == 1 && r[0]->op_type() == op ? r[0] : nullptr;
  };
  auto scalar = [&](const std::string& t) -> std::optional<float> {
    auto c = constant_of(t);
    if (!c || !c->is_real() || c->size() != 1) return std::nullopt;
    return c->reals[0];
  };
  if (n.op_type() != "ReduceMean" || !last_axis(n)) return false;
  const std::string& x = in(&n, 0);
  const onnx::NodeProto* sub = sole(out(&n), "Sub");
  if (!sub || in(sub, 0) != x || in(sub, 1) != out(&n)) return false;
  auto d_readers = readers_of(out(sub));
  const onnx::NodeProto *pow = nullptr, *div = nullptr;
  for (const auto* r : d_readers) {
    if (r->op_type() == "Pow") pow = r;
    if (r->op_type() == "Div") div = r;
  }
  if (d_readers.size() != 2 || !pow || !div || in(pow, 0) != out(sub) || scalar(in(pow, 1)) != 2.0f)
    return false;
  const onnx::NodeProto* var = sole(out(pow), "ReduceMean");
  if (!var || !last_axis(*var)) return false;
  const onnx::NodeProto* add = sole(out(var), "Add");
  if (!add) return false;
  const std::string& eps_name = in(add, 0) == out(var) ? in(add, 1) : in(add, 0);
  const auto eps = scalar(eps_name);
  const onnx::NodeProto* sqrt = sole(out(add), "Sqrt");
  if (!eps || !(*eps >= 0) || !sqrt || in(div, 0) != out(sub) || in(div, 1) != out(sqrt)) return false;
  // The optional gain and bias: float constants of one value per feature.
  const std::int64_t features = out_.graph.value(*activation(n, 0).value).type.shape.back();
  std::vector<const onnx::NodeProto*> nodes = {&n, sub, pow, var, add, sqrt, div};
  const onnx::NodeProto* last = div;
  auto per_feature = [&](const onnx::NodeProto* op) -> std::optional<Constant> {
    if (!op) return std::nullopt;
    const std::string& other = in(op, 0) == out(last) ? in(op, 1) : in(op, 0);
    auto c = constant_of(other);
    if (!c || !c->is_real() || c->size() != std::size_t(features)) return std::nullopt;
    return c;
  };
  ir::NormAttrs a;
  a.fn = ir::NormFn::layernorm;
  a.eps = double(*eps);
  std::optional<Constant> gain, bias;
  if (const auto* mul = sole(out(last), "Mul"); (gain = per_feature(mul))) {
    nodes.push_back(mul);
    last = mul;
    if (const auto* plus = sole(out(last), "Add"); (bias = per_feature(plus))) {
      nodes.push_back(plus);
      last = plus;
    }
  }
  a.has_gamma = gain.has_value();
  a.has_beta = bias.has_value();
  if (out(last).empty()) return false;
  Pointwise p;
  p.operands = {activation(n, 0)};
  p.binary = "LayerNormalization";
  p.row = a;
  p.gain = std::move(gain);
  p.bias = std::move(bias);
  p.node = n.name();
  for (const auto* m : nodes) {
    p.nodes.push_back(m->name());
    if (m != &n) absorbed_.insert(m);
  }
  tensors_[out(last)] = std::move(p);
  return true;
}

// The axes from the attribute (ReduceMean/ReduceMax before opset 18) or the second input; no axes
// means every axis, which includes the batch axis and is refused.
void Importer::reduction(const onnx::NodeProto& n) {
  if (decomposed_layernorm(n)) return;
  const QTensor& x = activation(n, 0);
  const std::int64_t rank = std::int64_t(out_.graph.value(*x.value).type.shape.size());
  std::vector<std::int64_t> axes;
  if (const auto* at = attribute(n, "axes")) axes.assign(at->ints().begin(), at->ints().end());
  else if (has_input(n, 1)) axes = int_list(n, 1, "the axes");
  if (axes.empty())
    throw ImportError(node_where(n), "reduces every axis, the batch axis too; give the per-sample axes to reduce");
  ir::ReduceAttrs a;
  a.fn = n.op_type() == "ReduceMean" ? ir::ReduceFn::mean : n.op_type() == "ReduceSum" ? ir::ReduceFn::sum : ir::ReduceFn::max;
  for (std::int64_t ax : axes) a.axes.push_back(ir_axis(sample_axis(n, ax, rank, "reduces"), rank));
  a.keepdims = int_attr(n, "keepdims", 1) != 0;
  start_row_op(n, a, std::nullopt, std::nullopt);
}

// opset 17: over the axes from `axis` (default -1) to the last; aiemc normalizes the last axis.
void Importer::layer_normalization(const onnx::NodeProto& n) {
  const QTensor& x = activation(n, 0);
  const ir::Shape shape = out_.graph.value(*x.value).type.shape;
  const std::int64_t rank = std::int64_t(shape.size());
  const std::int64_t axis = int_attr(n, "axis", -1);
  if (axis != -1 && axis != rank - 1)
    throw ImportError(node_where(n), fmt::format("normalizes from axis {} of rank {}; aiemc normalizes the last axis only",
                                                 axis, rank));
  ir::NormAttrs a;
  a.fn = ir::NormFn::layernorm;
  a.eps = double(float_attr(n, "epsilon", 1e-5f));
  auto param = [&](int i, const char* what) -> std::optional<Constant> {
    if (!has_input(n, i)) return std::nullopt;
    const Constant& c = constant(n, i, what);
    if (!c.is_real() || c.size() != std::size_t(shape.back()))
      throw ImportError(node_where(n), fmt::format("{} must be {} float values", what, shape.back()));
    return c;
  };
  auto gain = param(1, "the scale (gamma)");
  auto bias = param(2, "the bias (beta)");
  a.has_gamma = gain.has_value();
  a.has_beta = bias.has_value();
  start_row_op(n, a, std::move(gain), std::move(bias));
}

void Importer::close_row_op(const Pointwise& p, const Quantizer& q, const onnx::NodeProto& n, ir::Node& node) {
  // The operand's and result's codes must be fixed-point numbers: power-of-two scales, zero 0.
  std::vector<const Quantizer*> quantizers{&q};
  for (const auto& o : p.operands) quantizers.push_back(&o.q);
  for (const Quantizer* z : quantizers)
    if (z->per_channel() || z->zero_of(0) != 0 || !pow2_exponent(z->scale_of(0)))
      throw ImportError(node_where(n), fmt::format("{} '{}' is imported with power-of-two scales and zero points 0; {} "
                                                   "has {}",
                                                   p.binary, p.node, z->node, z->describe()));
  node.attrs = *p.row;
  for (const auto* c : {&p.gain, &p.bias}) {
    if (!c->has_value()) continue;
    auto quantized = int16_codes((*c)->reals);
    if (!quantized)
      throw ImportError(node_where(n), fmt::format("{} '{}': its {} holds a value that is not finite or beyond 2^30", p.binary,
                                                   p.node, c == &p.gain ? "gain" : "bias"));
    auto& [format, codes] = *quantized;
    ir::Value v;
    v.name = node.name + (c == &p.gain ? ".gamma" : ".beta");
    v.type = {{std::int64_t(codes.size())}, format};
    v.data = std::make_shared<const std::vector<std::int64_t>>(std::move(codes));
    node.inputs.push_back(out_.graph.add_value(std::move(v)));
  }
}

}  // namespace aiem::onnx_import
