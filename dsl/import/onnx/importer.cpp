// The graph walk: ONNX nodes in their (topological) order, each turning the states of its inputs
// into the state of its output, until a quantizer closes a dense layer. Anything the walk cannot
// map exactly is an ImportError naming the node.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <fmt/format.h>
#include <numeric>
#include <set>

#include "ir/limits.hpp"
#include "ir/ops/dense/onnx_dense_lowering.hpp"
#include "ir/ops/elementwise/onnx_functions.hpp"
#include "ir/ops/shape_rules.hpp"
#include "dsl/import/onnx/constant_folding.hpp"
#include "dsl/import/onnx/importer.hpp"
#include "ir/passes/passes.hpp"

namespace aiem::onnx_import {
namespace {

// A graph input or output keeps the real-valued interface of its ONNX tensor (a per-tensor
// quantizer): float inputs are quantized, and outputs dequantized, as ONNX Runtime does.
void set_real_interface(ir::Value& v, const Quantizer& q) {
  if (q.per_channel() || q.scale.empty() || !(q.scale[0] > 0)) return;
  v.real = num::RealInterface{q.scale[0], q.zero.empty() ? 0 : q.zero[0]};
}

namespace fs = std::filesystem;

const char* const kReserved[] = {"model", "block", "import", "type", "target", "batch", "params", "input", "output",
                                 "return", "from", "exact", "dense", "relu", "add", "sub", "mul", "sigmoid", "tanh",
                                 "gelu", "silu", "exp", "hardsigmoid", "hardswish", "relu6", "leaky_relu", "clip",
                                 "lookup", "concat", "slice", "transpose", "reshape", "int8", "int16", "int32", "uint8", "uint16", "uint32", "fixed", "ufixed"};

// An ONNX name as an .aiem identifier: other characters become '_', reserved words get a suffix.
std::string identifier(const std::string& s) {
  std::string out;
  for (char c : s) out += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  if (out.empty() || std::isdigit(static_cast<unsigned char>(out[0]))) out = "_" + out;
  for (const char* r : kReserved)
    if (out == r) out += "_";
  return out;
}

}  // namespace

std::string node_where(const onnx::NodeProto& n) { return fmt::format("node '{}' ({})", n.name(), n.op_type()); }

const onnx::AttributeProto* attribute(const onnx::NodeProto& n, const std::string& name) {
  for (const auto& a : n.attribute())
    if (a.name() == name) return &a;
  return nullptr;
}
std::int64_t int_attr(const onnx::NodeProto& n, const std::string& name, std::int64_t def) {
  const auto* a = attribute(n, name);
  return a ? a->i() : def;
}
float float_attr(const onnx::NodeProto& n, const std::string& name, float def) {
  const auto* a = attribute(n, name);
  return a ? a->f() : def;
}

ImportedModel Importer::run() {
  onnx::ModelProto m = load_model(file_);
  const onnx::GraphProto& g = m.graph();
  graph_ = &g;
  out_.source = file_.filename().string();
  out_.graph.name = identifier(opt_.model_name.empty() ? file_.stem().string() : opt_.model_name);
  out_.graph.target = opt_.target;
  for (const auto& t : g.initializer()) tensors_[t.name()] = to_constant(t, fmt::format("initializer '{}'", t.name()));
  for (const auto& in : g.input())
    if (!tensors_.count(in.name())) graph_input(in);
  // Every node is tried, so that one run names every blocker of the model, not only the first.
  std::vector<std::string> blockers;
  for (const auto& n : g.node()) {
    if (absorbed_.count(&n)) continue;  // part of a pattern imported as one op
    try {
      node(n);
    } catch (const ImportError& e) {
      blockers.push_back(e.what());
      for (const auto& o : n.output()) tensors_[o] = Blocked{};
    } catch (const SkipNode&) {
      for (const auto& o : n.output()) tensors_[o] = Blocked{};
    }
  }
  if (g.output_size() == 0) blockers.push_back("graph: has no outputs");
  for (const auto& o : g.output()) {
    if (auto it = tensors_.find(o.name()); it != tensors_.end() && std::holds_alternative<Blocked>(it->second)) continue;
    try {
      graph_output(o);
    } catch (const ImportError& e) {
      blockers.push_back(e.what());
    }
  }
  if (blockers.size() == 1) throw ImportError("", blockers[0]);
  if (!blockers.empty())
    throw ImportError(file_.filename().string(),
                      fmt::format("{} nodes cannot be imported:\n  {}", blockers.size(), fmt::join(blockers, "\n  ")));
  graph_ = nullptr;  // `m` ends here
  out_.flavor = qonnx_ ? "QONNX" : "QDQ";
  out_.graph.batch = batch_.value_or(1);
  for (auto& v : out_.graph.values)  // the batch is known only once every input has been seen
    if (!v.is_constant() && !v.type.shape.empty()) v.type.shape[0] = out_.graph.batch;
  // Transposes into a channels-last op that a following one cancelled are read by nothing.
  out_.graph = ir::remove_dead_nodes(std::move(out_.graph));
  return std::move(out_);
}

void Importer::graph_input(const onnx::ValueInfoProto& in) {
  std::string where = fmt::format("graph input '{}'", in.name());
  const auto& tt = in.type().tensor_type();
  if (!in.type().has_tensor_type()) throw ImportError(where, "is not a tensor");
  const auto& dims = tt.shape().dim();
  if (dims.size() < 2) throw ImportError(where, "needs a batch dimension and at least one feature dimension");
  RawInput r;
  r.onnx_name = in.name();
  r.elem_type = tt.elem_type();
  for (int i = 1; i < dims.size(); ++i) {
    if (!dims[i].has_dim_value() || dims[i].dim_value() < 1)
      throw ImportError(where, fmt::format("dimension {} is not a fixed positive size", i));
    r.dims.push_back(dims[i].dim_value());
  }
  if (opt_.batch) batch_ = opt_.batch;
  else if (dims[0].has_dim_value() && dims[0].dim_value() > 0 && !batch_) {
    if (dims[0].dim_value() > limits::kBatch)  // what check would refuse in the written model
      throw ImportError(where, fmt::format("batch dimension {} is beyond aiemc's {} (set one with --batch)",
                                           dims[0].dim_value(), limits::kBatch));
    batch_ = dims[0].dim_value();
  }
  tensors_[in.name()] = r;
}

void Importer::graph_output(const onnx::ValueInfoProto& o) {
  std::string where = fmt::format("graph output '{}'", o.name());
  auto it = tensors_.find(o.name());
  if (it == tensors_.end()) throw ImportError(where, "is produced by no node");
  if (const auto* acc = std::get_if<Accumulation>(&it->second))
    throw ImportError(where, fmt::format("is not quantized: the result of '{}' reaches the output in float; end the "
                                         "model with a QuantizeLinear (or Quant)",
                                         acc->node));
  if (const auto* pw = std::get_if<Pointwise>(&it->second))
    throw ImportError(where, fmt::format("is not quantized: the result of '{}' reaches the output in float; end the "
                                         "model with a QuantizeLinear (or Quant)",
                                         pw->node));
  const auto* q = std::get_if<QTensor>(&it->second);
  if (q == nullptr || q->is_const()) throw ImportError(where, "is not the quantized result of a layer");
  out_.graph.outputs.push_back(*q->value);
  out_.outputs.push_back({out_.graph.value(*q->value).name, o.name(), q->q});
  set_real_interface(out_.graph.values[*q->value], q->q);
}

TensorState& Importer::input(const onnx::NodeProto& n, int i) {
  if (i >= n.input_size() || n.input(i).empty())
    throw ImportError(node_where(n), fmt::format("input {} is missing", i));
  auto it = tensors_.find(n.input(i));
  if (it == tensors_.end())
    throw ImportError(node_where(n), fmt::format("input '{}' is neither an initializer, a graph input nor the output "
                                                 "of an earlier node (missing initializer?)",
                                                 n.input(i)));
  if (std::holds_alternative<Blocked>(it->second)) throw SkipNode{};
  return it->second;
}

const Constant& Importer::constant(const onnx::NodeProto& n, int i, const char* what) {
  const auto* c = std::get_if<Constant>(&input(n, i));
  if (c == nullptr) throw ImportError(node_where(n), fmt::format("{} ('{}') must be a constant", what, n.input(i)));
  return *c;
}

void Importer::set(const onnx::NodeProto& n, TensorState s) {
  if (n.output_size() < 1) throw ImportError(node_where(n), "has no output");
  tensors_[n.output(0)] = std::move(s);
}

void Importer::node(const onnx::NodeProto& n) {
  const std::string& op = n.op_type();
  bool qonnx_domain = !n.domain().empty() && n.domain() != "ai.onnx";
  if (qonnx_domain) {
    if (op != "Quant") throw ImportError(node_where(n), fmt::format("unsupported QONNX op '{}'", op));
    return quant(n);
  }
  if (op == "Constant") return constant_node(n);
  if (auto folded = folded_constant(n)) return set(n, std::move(*folded));
  for (const OnnxOp& o : onnx_ops())
    if (o.op_type == op) return (this->*o.handler)(n);
  std::vector<std::string> names = {"QuantizeLinear", "DequantizeLinear", "Quant"};
  for (const OnnxOp& o : onnx_ops())
    if (std::find(names.begin(), names.end(), o.op_type) == names.end()) names.push_back(o.op_type);
  names.push_back("Constant");
  const std::string last = names.back();
  names.pop_back();
  throw ImportError(node_where(n), fmt::format("unsupported op '{}'; aiemc imports {} and {}", op, fmt::join(names, ", "), last));
}

const std::vector<OnnxOp>& Importer::onnx_ops() {
  static const std::vector<OnnxOp> ops = [] {
    std::vector<OnnxOp> all = {{"QuantizeLinear", &Importer::quantize_linear},
                               {"DequantizeLinear", &Importer::dequantize_linear},
                               {"Identity", &Importer::identity},
                               {"Cast", &Importer::cast},
                               {"Shape", &Importer::shape}};
    for (auto family : {dense_onnx_ops, elementwise_onnx_ops, movement_onnx_ops, normalization_onnx_ops, conv_onnx_ops})
      for (OnnxOp& o : family()) all.push_back(std::move(o));
    return all;
  }();
  return ops;
}

void Importer::identity(const onnx::NodeProto& n) { set(n, input(n, 0)); }

// Shape of an activation or a graph input: a constant (the batch is the model's), so that the
// shape arithmetic of an export with a dynamic batch (x.view(x.shape[0], -1)) folds.
void Importer::shape(const onnx::NodeProto& n) {
  TensorState& x = input(n, 0);
  Constant c;
  c.elem_type = onnx::TensorProto_DataType_INT64;
  if (const auto* r = std::get_if<RawInput>(&x)) {
    if (!batch_) throw ImportError(node_where(n), "reads the shape of an input whose batch is not known; give --batch");
    c.ints.push_back(*batch_);
    c.ints.insert(c.ints.end(), r->dims.begin(), r->dims.end());
  } else if (const auto* q = std::get_if<QTensor>(&x); q && !q->is_const()) {
    c.ints = out_.graph.value(*q->value).type.shape;
  } else {
    throw ImportError(node_where(n), fmt::format("Shape is supported of activations and graph inputs; its input is {}",
                                                 describe(x)));
  }
  const auto* start = attribute(n, "start");  // opset 15: a range of the axes
  const auto* end = attribute(n, "end");
  const std::int64_t r = std::int64_t(c.ints.size());
  auto clamp = [&](std::int64_t v) { return std::clamp<std::int64_t>(v < 0 ? v + r : v, 0, r); };
  const std::int64_t b = start ? clamp(start->i()) : 0, e = end ? clamp(end->i()) : r;
  c.ints = std::vector<std::int64_t>(c.ints.begin() + b, c.ints.begin() + std::max(b, e));
  c.dims = {std::int64_t(c.ints.size())};
  set(n, std::move(c));
}

std::optional<Constant> Importer::folded_constant(const onnx::NodeProto& n) {
  static const std::set<std::string> ops = {"ConstantOfShape", "Reshape", "Transpose", "Slice",
                                            "Concat",          "Squeeze", "Unsqueeze", "Gather"};
  if (!ops.count(n.op_type())) return std::nullopt;
  std::vector<const Constant*> in;
  for (int i = 0; i < n.input_size(); ++i) {
    if (n.input(i).empty()) {
      in.push_back(nullptr);
      continue;
    }
    const auto* c = std::get_if<Constant>(&input(n, i));
    if (c == nullptr) return std::nullopt;
    in.push_back(c);
  }
  if (in.empty()) return std::nullopt;
  return fold_constants(n, in, node_where(n));
}

void Importer::constant_node(const onnx::NodeProto& n) {
  const auto* v = attribute(n, "value");
  if (v == nullptr || !v->has_t()) throw ImportError(node_where(n), "only Constant nodes with a 'value' tensor are supported");
  set(n, to_constant(v->t(), node_where(n)));
}

void Importer::cast(const onnx::NodeProto& n) {
  const auto* c = std::get_if<Constant>(&input(n, 0));
  if (c == nullptr)
    throw ImportError(node_where(n), "Cast is supported of constants only (an exporter's scales and zero points); "
                                     "its input is an activation");
  const int to = int(int_attr(n, "to", 0));
  Constant out;
  out.dims = c->dims;
  out.elem_type = to;
  switch (to) {
    case onnx::TensorProto_DataType_FLOAT:
      for (float v : c->reals) out.reals.push_back(v);
      for (std::int64_t v : c->ints) out.reals.push_back(static_cast<float>(v));
      break;
    case onnx::TensorProto_DataType_INT8:
    case onnx::TensorProto_DataType_UINT8:
    case onnx::TensorProto_DataType_INT16:
    case onnx::TensorProto_DataType_UINT16:
    case onnx::TensorProto_DataType_INT32:
    case onnx::TensorProto_DataType_INT64: {
      const bool is_signed = to != onnx::TensorProto_DataType_UINT8 && to != onnx::TensorProto_DataType_UINT16;
      const int bits = to == onnx::TensorProto_DataType_INT8 || to == onnx::TensorProto_DataType_UINT8     ? 8
                       : to == onnx::TensorProto_DataType_INT16 || to == onnx::TensorProto_DataType_UINT16 ? 16
                       : to == onnx::TensorProto_DataType_INT32                                             ? 32
                                                                                                            : 64;
      const double lo = is_signed ? -std::ldexp(1.0, bits - 1) : 0.0, hi = std::ldexp(1.0, is_signed ? bits - 1 : bits);
      auto put = [&](double v) {
        if (!(v >= lo && v < hi) || v != std::trunc(v))
          throw ImportError(node_where(n), fmt::format("Cast of {} to {} is not an exact integer of that type", v,
                                                       elem_type_name(to)));
        out.ints.push_back(static_cast<std::int64_t>(v));
      };
      for (float v : c->reals) put(v);
      for (std::int64_t v : c->ints) put(double(v));
      break;
    }
    default:
      throw ImportError(node_where(n), fmt::format("Cast to {} is not supported (float and integer types are)",
                                                   elem_type_name(to)));
  }
  set(n, std::move(out));
}

Quantizer Importer::qdq_quantizer(const onnx::NodeProto& n, int codes_type, std::int64_t rank) {
  Quantizer q;
  q.flavor = Flavor::Qdq;
  q.node = n.name();
  const Constant& s = constant(n, 1, "the scale");
  if (!s.is_float()) throw ImportError(node_where(n), "the scale must be float");
  q.scale = s.reals;
  if (has_input(n, 2)) {
    const Constant& z = constant(n, 2, "the zero point");
    if (z.is_float()) throw ImportError(node_where(n), "the zero point must be an integer tensor");
    q.zero = z.ints;
    codes_type = z.elem_type;
  } else {
    q.zero.assign(q.scale.size(), 0);
  }
  if (q.scale.empty() || q.zero.size() != q.scale.size())
    throw ImportError(node_where(n), fmt::format("has {} scales and {} zero points", q.scale.size(), q.zero.size()));
  for (float v : q.scale)
    if (!(v > 0) || !std::isfinite(v)) throw ImportError(node_where(n), fmt::format("scale {} is not a positive finite number", v));
  switch (codes_type) {
    case onnx::TensorProto_DataType_INT8: q.bits = 8; q.is_signed = true; break;
    case onnx::TensorProto_DataType_UINT8: q.bits = 8; q.is_signed = false; break;
    case onnx::TensorProto_DataType_INT16: q.bits = 16; q.is_signed = true; break;
    case onnx::TensorProto_DataType_UINT16: q.bits = 16; q.is_signed = false; break;
    case onnx::TensorProto_DataType_INT32: q.bits = 32; q.is_signed = true; break;
    default:
      throw ImportError(node_where(n), fmt::format("unsupported quantized type {}", elem_type_name(codes_type)));
  }
  if (q.per_channel()) {
    std::int64_t axis = int_attr(n, "axis", 1);
    q.axis = static_cast<int>(axis < 0 ? axis + rank : axis);
  }
  if (int_attr(n, "block_size", 0) != 0) throw ImportError(node_where(n), "blocked quantization is not supported");
  return q;
}

Quantizer Importer::quant_quantizer(const onnx::NodeProto& n, const std::vector<std::int64_t>& x_dims) {
  Quantizer q;
  q.flavor = Flavor::Qonnx;
  q.node = n.name();
  const Constant& s = constant(n, 1, "the scale");
  const Constant& z = constant(n, 2, "the zero point");
  const Constant& b = constant(n, 3, "the bit width");
  if (!s.is_float() || !z.is_float() || !b.is_float() || b.size() != 1)
    throw ImportError(node_where(n), "scale, zero point and bit width must be float tensors (one bit width)");
  q.scale = s.reals;
  float bits = b.reals[0];
  if (bits != std::floor(bits) || bits < 2 || bits > 32)
    throw ImportError(node_where(n), fmt::format("bit width {} is not an integer from 2 to 32", bits));
  q.bits = static_cast<int>(bits);
  for (float v : z.reals) {
    if (v != std::floor(v) || std::abs(v) > 4294967296.0f)  // beyond any 32-bit code (and int64's range)
      throw ImportError(node_where(n), fmt::format("zero point {} is not an integer code of at most 32 bits", v));
    q.zero.push_back(static_cast<std::int64_t>(v));
  }
  if (q.zero.size() == 1 && q.scale.size() > 1) q.zero.assign(q.scale.size(), q.zero[0]);
  if (q.scale.size() == 1 && q.zero.size() > 1) q.scale.assign(q.zero.size(), q.scale[0]);
  for (float v : q.scale)
    if (!(v > 0) || !std::isfinite(v)) throw ImportError(node_where(n), fmt::format("scale {} is not a positive finite number", v));
  if (q.per_channel()) {  // broadcast: the one non-1 dimension of the scale, aligned right
    std::vector<std::int64_t> sd = s.size() > 1 ? s.dims : z.dims;
    int offset = static_cast<int>(x_dims.size()) - static_cast<int>(sd.size());
    for (int i = 0; i < static_cast<int>(sd.size()); ++i)
      if (sd[static_cast<std::size_t>(i)] != 1) q.axis = i + offset;
    if (q.axis < 0 || x_dims.at(static_cast<std::size_t>(q.axis)) != static_cast<std::int64_t>(q.scale.size()))
      throw ImportError(node_where(n), "per-channel scale does not match the tensor's shape");
  }
  q.is_signed = int_attr(n, "signed", 1) != 0;
  q.narrow = int_attr(n, "narrow", 0) != 0;
  const auto* r = attribute(n, "rounding_mode");
  std::string mode = r ? r->s() : "ROUND";
  if (mode == "ROUND") q.rounding = num::Rounding::RND_CONV;
  else if (mode == "FLOOR") q.rounding = num::Rounding::TRN;
  else throw ImportError(node_where(n), fmt::format("rounding_mode '{}' is not supported (ROUND or FLOOR)", mode));
  return q;
}

Constant Importer::quantize_constant(const Constant& c, const Quantizer& q, const onnx::NodeProto& n) {
  Constant out;
  out.dims = c.dims;
  out.elem_type = onnx::TensorProto_DataType_INT64;
  std::int64_t inner = 1;
  if (q.per_channel()) {
    if (q.axis < 0 || q.axis >= static_cast<int>(c.dims.size()) ||
        c.dims[static_cast<std::size_t>(q.axis)] != static_cast<std::int64_t>(q.scale.size()))
      throw ImportError(node_where(n), "inconsistent shapes: per-channel scales do not match the tensor's axis");
    for (std::size_t i = static_cast<std::size_t>(q.axis) + 1; i < c.dims.size(); ++i) inner *= c.dims[i];
  }
  for (std::size_t i = 0; i < c.reals.size(); ++i) {
    if (!std::isfinite(c.reals[i]))
      throw ImportError(node_where(n), fmt::format("quantizes a constant whose value {} (flat index {}) is not a finite "
                                                   "number",
                                                   c.reals[i], i));
    std::size_t ch = q.per_channel() ? (i / static_cast<std::size_t>(inner)) % q.scale.size() : 0;
    out.ints.push_back(q.quantize(c.reals[i], ch));
  }
  return out;
}

QTensor Importer::activation_input(const RawInput& r, const Quantizer& q, const onnx::NodeProto& n) {
  if (q.per_channel()) throw ImportError(node_where(n), "per-channel quantization of a graph input is not supported");
  ir::Value v;
  v.name = identifier(r.onnx_name);
  // The batch (known at the end), then the per-sample axes: [batch, features] or, for a model of
  // tokens, [batch, tokens, features].
  ir::Shape shape{0};
  shape.insert(shape.end(), r.dims.begin(), r.dims.end());
  v.type = {shape, activation_format(q, node_where(n))};
  ir::ValueId id = out_.graph.add_value(std::move(v));
  out_.graph.inputs.push_back(id);
  out_.inputs.push_back({out_.graph.value(id).name, r.onnx_name, q});
  set_real_interface(out_.graph.values[id], q);
  QTensor t;
  t.value = id;
  t.q = q;
  return t;
}

QTensor Importer::close_layer(const Accumulation& a, const Quantizer& q, const onnx::NodeProto& n) {
  std::string name = next_layer_name(a.conv ? "conv" : "fc");
  QTensor t;
  t.value = lower_dense(out_.graph, name, a, q, n.name());
  t.q = q;
  if (a.channels_last) t = channels_first(n, t);  // a conv's result, in ONNX's layout again
  std::vector<std::string> nodes = a.nodes;
  nodes.push_back(n.name());
  out_.origin[name] = fmt::format("{}", fmt::join(nodes, ", "));
  return t;
}

QTensor Importer::requantize(const QTensor& in, const Quantizer& q, const onnx::NodeProto& n) {
  if (!in.is_const() && !in.q.same_numbers(q)) {
    // DequantizeLinear -> QuantizeLinear to other numbers: a requantization, the table of
    // Q(DQ(code)) in ONNX Runtime's float32 for every input code (an identity function).
    Pointwise p;
    p.operands = {in};
    p.unary = {[](float v) { return v; }};
    p.labels = {"QuantizeLinear"};
    p.node = n.name();
    p.nodes = {n.name()};
    return close_pointwise(p, q, n);
  }
  if (in.is_const())
    throw ImportError(node_where(n), fmt::format("quantizes a tensor that is already quantized ({}) to {}; aiemc "
                                                 "needs each quantizer to directly follow a layer or a graph input",
                                                 in.q.describe(), q.describe()));
  return in;
}

void Importer::quantize_linear(const onnx::NodeProto& n) {
  TensorState& x = input(n, 0);
  int default_type = onnx::TensorProto_DataType_UINT8;
  if (auto* c = std::get_if<Constant>(&x)) {
    if (!c->is_float()) throw ImportError(node_where(n), "quantizes a constant that is not float");
    Quantizer q = qdq_quantizer(n, default_type, static_cast<std::int64_t>(c->dims.size()));
    QTensor t;
    t.codes = quantize_constant(*c, q, n);
    t.q = q;
    return set(n, t);
  }
  Quantizer q = qdq_quantizer(n, default_type, 2);
  if (auto* r = std::get_if<RawInput>(&x)) return set(n, activation_input(*r, q, n));
  if (auto* a = std::get_if<Accumulation>(&x)) return set(n, close_layer(*a, q, n));
  if (auto* p = std::get_if<Pointwise>(&x)) return set(n, close_pointwise(*p, q, n));
  QTensor t = requantize(std::get<QTensor>(x), q, n);
  t.dequantized = false;
  set(n, t);
}

void Importer::dequantize_linear(const onnx::NodeProto& n) {
  TensorState& x = input(n, 0);
  if (auto* c = std::get_if<Constant>(&x)) {
    if (c->is_float()) throw ImportError(node_where(n), "dequantizes a float constant");
    QTensor t;
    t.q = qdq_quantizer(n, c->elem_type, static_cast<std::int64_t>(c->dims.size()));
    if (t.q.per_channel() && (t.q.axis < 0 || t.q.axis >= static_cast<int>(c->dims.size()) ||
                              c->dims[static_cast<std::size_t>(t.q.axis)] != static_cast<std::int64_t>(t.q.scale.size())))
      throw ImportError(node_where(n), "inconsistent shapes: per-channel scales do not match the tensor's axis");
    t.codes = *c;
    t.dequantized = true;
    return set(n, t);
  }
  if (auto* r = std::get_if<RawInput>(&x)) {  // an integer graph input
    QTensor t = activation_input(*r, qdq_quantizer(n, r->elem_type, 2), n);
    t.dequantized = true;
    return set(n, t);
  }
  auto* q = std::get_if<QTensor>(&x);
  if (q == nullptr || q->dequantized) throw ImportError(node_where(n), "dequantizes a tensor that holds no codes");
  Quantizer dq = qdq_quantizer(n, q->q.is_signed ? onnx::TensorProto_DataType_INT8 : onnx::TensorProto_DataType_UINT8,
                               q->is_const() ? static_cast<std::int64_t>(q->codes.dims.size()) : 2);
  if (!dq.same_numbers(q->q))
    throw ImportError(node_where(n), fmt::format("dequantizes with {} codes made with {}", dq.describe(), q->q.describe()));
  QTensor t = *q;
  t.dequantized = true;
  set(n, t);
}

void Importer::quant(const onnx::NodeProto& n) {
  qonnx_ = true;
  TensorState& x = input(n, 0);
  if (auto* c = std::get_if<Constant>(&x)) {
    if (!c->is_float()) throw ImportError(node_where(n), "quantizes a constant that is not float");
    QTensor t;
    t.q = quant_quantizer(n, c->dims);
    t.codes = quantize_constant(*c, t.q, n);
    t.dequantized = true;
    return set(n, t);
  }
  Quantizer q = quant_quantizer(n, {0, 0});
  QTensor t;
  if (auto* r = std::get_if<RawInput>(&x)) t = activation_input(*r, q, n);
  else if (auto* a = std::get_if<Accumulation>(&x)) t = close_layer(*a, q, n);
  else if (auto* p = std::get_if<Pointwise>(&x)) t = close_pointwise(*p, q, n);
  else t = requantize(std::get<QTensor>(x), q, n);
  t.dequantized = true;
  set(n, t);
}

const QTensor& Importer::activation(const onnx::NodeProto& n, int i) {
  if (exact_materializable(input(n, i))) tensors_[n.input(i)] = materialize(n, i);
  const auto* q = std::get_if<QTensor>(&input(n, i));
  if (q == nullptr || q->is_const() || !q->dequantized)
    throw ImportError(node_where(n), fmt::format("input '{}' must be a quantized activation (the output of "
                                                 "DequantizeLinear or Quant)",
                                                 n.input(i)));
  return *q;
}

bool Importer::exact_materializable(const TensorState& s) {
  if (std::holds_alternative<Accumulation>(s)) return !std::get<Accumulation>(s).bn;
  const auto* p = std::get_if<Pointwise>(&s);
  return p && !p->binary.empty() && p->unary.empty() && !p->row;
}

int Importer::signed_bits(double m) {
  int b = 1;
  while (std::ldexp(1.0, b - 1) - 1 < m) ++b;
  return b;
}

Quantizer Importer::exact_quantizer(const onnx::NodeProto& n, const TensorState& s) {
  auto pow2 = [&](const Quantizer& q, const char* what) {
    if (q.per_channel() || q.zero_of(0) != 0 || !pow2_exponent(q.scale_of(0)))
      throw ImportError(node_where(n), fmt::format("reads the unquantized result of {} whose {} has {}: it is exact in "
                                                   "float32 only with per-tensor power-of-two scales and zero point 0; "
                                                   "quantize the result first",
                                                   what, q.node, q.describe()));
  };
  double scale = 1, magnitude = 0;
  std::string node;
  if (const auto* a = std::get_if<Accumulation>(&s)) {
    pow2(a->x.q, "a layer");
    pow2(a->w.q, "a layer");
    scale = double(a->x.q.scale_of(0)) * double(a->w.q.scale_of(0));
    const double xmax = double(std::max(-a->x.q.min_code(), a->x.q.max_code()));
    const std::int64_t K = a->w.codes.dims[0], N = a->w.codes.dims[1];
    for (std::int64_t j = 0; j < N; ++j) {
      double sum = 0;
      for (std::int64_t k = 0; k < K; ++k) sum += std::abs(double(a->w.codes.ints[std::size_t(k * N + j)])) * xmax;
      if (a->float_bias) sum += std::abs(double(a->float_bias->reals[std::size_t(j)]) / scale);
      if (a->int_bias) sum += std::abs(double(a->int_bias->codes.ints[std::size_t(j)]));
      magnitude = std::max(magnitude, sum);
    }
    node = a->node;
  } else {
    const auto& p = std::get<Pointwise>(s);
    std::vector<const Quantizer*> qs;
    for (const auto& o : p.operands) qs.push_back(&o.q);
    if (p.constant) qs.push_back(&p.constant->q);
    for (const Quantizer* q : qs) pow2(*q, "an elementwise op");
    auto range = [](const Quantizer& q) { return double(std::max(-q.min_code(), q.max_code())) * double(q.scale_of(0)); };
    node = p.node;
    if (p.binary == "Concat") {  // the parts joined as they are: one scale for all
      for (const Quantizer* q : qs)
        if (q->scale_of(0) != qs[0]->scale_of(0))
          throw ImportError(node_where(n), fmt::format("reads the unquantized Concat '{}' of parts with different "
                                                       "scales ({} and {}); quantize it first",
                                                       p.node, qs[0]->describe(), q->describe()));
      scale = double(qs[0]->scale_of(0));
      for (const Quantizer* q : qs) magnitude = std::max(magnitude, double(std::max(-q->min_code(), q->max_code())));
    } else if (p.binary == "Mul") {
      scale = double(qs[0]->scale_of(0)) * double(qs[1]->scale_of(0));
      magnitude = double(std::max(-qs[0]->min_code(), qs[0]->max_code())) * double(std::max(-qs[1]->min_code(), qs[1]->max_code()));
    } else {
      scale = std::min(double(qs[0]->scale_of(0)), double(qs[1]->scale_of(0)));
      magnitude = (range(*qs[0]) + range(*qs[1])) / scale;
    }
  }
  const int bits = signed_bits(magnitude);
  if (bits - 1 > 24)
    throw ImportError(node_where(n), fmt::format("reads the unquantized result of '{}', whose values need {} significant "
                                                 "bits: more than float32's 24, so ONNX Runtime rounds them; quantize "
                                                 "the result first",
                                                 node, bits - 1));
  // The AIE kernels take 8- and 16-bit activations: a wider exact result has no layer to hold it.
  if (bits > 16)
    throw ImportError(node_where(n), fmt::format("reads the unquantized result of '{}', which is exact in float32 but "
                                                 "needs {} bits (more than the 16 of an int16 activation); put a "
                                                 "QuantizeLinear / DequantizeLinear pair (or a Quant) on '{}'",
                                                 node, bits, node));
  Quantizer q;
  q.scale = {float(scale)};
  q.zero = {0};
  q.bits = bits;
  q.is_signed = true;
  q.node = node;
  return q;
}

QTensor Importer::materialize(const onnx::NodeProto& n, int i) {
  const TensorState& s = input(n, i);
  const Quantizer q = exact_quantizer(n, s);
  QTensor t = std::holds_alternative<Accumulation>(s) ? close_layer(std::get<Accumulation>(s), q, n)
                                                       : close_pointwise(std::get<Pointwise>(s), q, n);
  t.dequantized = true;
  return t;
}

bool Importer::is_activation(const TensorState& s) {
  const auto* q = std::get_if<QTensor>(&s);
  return q && !q->is_const() && q->dequantized;
}

std::string Importer::describe(const TensorState& s) {
  if (std::holds_alternative<Constant>(s))
    return "a float constant that is not a scalar (per-channel constants are not supported yet)";
  if (const auto* q = std::get_if<QTensor>(&s)) return q->is_const() ? "a quantized constant" : "a tensor of integer codes";
  if (std::holds_alternative<Accumulation>(s)) return "an unquantized MatMul result";
  if (std::holds_alternative<Pointwise>(s)) return "an unquantized elementwise result (quantize it first)";
  return "a graph input that is not quantized";
}

ir::ValueId Importer::add_op(const onnx::NodeProto& n, ir::Node node, const num::FixedFormat& format, const std::string& origin) {
  ir::Value y;
  y.name = node.name;
  y.type.format = format;
  out_.origin[node.name] = origin;
  node.outputs = {out_.graph.add_value(std::move(y))};
  const ir::NodeId id = out_.graph.add_node(std::move(node));
  const ir::ValueId out = out_.graph.nodes[id].outputs[0];
  try {
    out_.graph.value(out).type.shape = ir::infer_shape(out_.graph, out_.graph.nodes[id]);
  } catch (const ir::OpError& e) {
    throw ImportError(node_where(n), e.message);
  }
  return out;
}

std::vector<std::int64_t> Importer::int_list(const onnx::NodeProto& n, int i, const char* what) {
  const Constant& c = constant(n, i, what);
  if (c.is_float()) throw ImportError(node_where(n), fmt::format("{} must be integers", what));
  return c.ints;
}

ImportedModel import_onnx(const fs::path& file, const ImportOptions& options) { return Importer(file, options).run(); }

}  // namespace aiem::onnx_import
