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
#include "dsl/import/onnx/onnx_import.hpp"

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

// Thrown when a node reads the output of a node that could not be imported: that node is skipped
// without an error of its own (the first error explains it).
struct SkipNode {};

class Importer {
 public:
  Importer(const fs::path& file, const ImportOptions& o) : file_(file), opt_(o) {}

  ImportedModel run() {
    onnx::ModelProto m = load_model(file_);
    const onnx::GraphProto& g = m.graph();
    out_.source = file_.filename().string();
    out_.graph.name = identifier(opt_.model_name.empty() ? file_.stem().string() : opt_.model_name);
    out_.graph.target = opt_.target;
    for (const auto& t : g.initializer()) tensors_[t.name()] = to_constant(t, fmt::format("initializer '{}'", t.name()));
    for (const auto& in : g.input())
      if (!tensors_.count(in.name())) graph_input(in);
    // Every node is tried, so that one run names every blocker of the model, not only the first.
    std::vector<std::string> blockers;
    for (const auto& n : g.node()) {
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
    out_.flavor = qonnx_ ? "QONNX" : "QDQ";
    out_.graph.batch = batch_.value_or(1);
    for (auto& v : out_.graph.values)  // the batch is known only once every input has been seen
      if (!v.is_constant() && !v.type.shape.empty()) v.type.shape[0] = out_.graph.batch;
    return std::move(out_);
  }

 private:
  // ---- graph inputs and outputs ----
  void graph_input(const onnx::ValueInfoProto& in) {
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

  void graph_output(const onnx::ValueInfoProto& o) {
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

  // ---- nodes ----
  TensorState& input(const onnx::NodeProto& n, int i) {
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
  bool has_input(const onnx::NodeProto& n, int i) const { return i < n.input_size() && !n.input(i).empty(); }

  const Constant& constant(const onnx::NodeProto& n, int i, const char* what) {
    const auto* c = std::get_if<Constant>(&input(n, i));
    if (c == nullptr) throw ImportError(node_where(n), fmt::format("{} ('{}') must be a constant", what, n.input(i)));
    return *c;
  }

  void set(const onnx::NodeProto& n, TensorState s) {
    if (n.output_size() < 1) throw ImportError(node_where(n), "has no output");
    tensors_[n.output(0)] = std::move(s);
  }

  void node(const onnx::NodeProto& n) {
    const std::string& op = n.op_type();
    bool qonnx_domain = !n.domain().empty() && n.domain() != "ai.onnx";
    if (qonnx_domain) {
      if (op != "Quant") throw ImportError(node_where(n), fmt::format("unsupported QONNX op '{}'", op));
      return quant(n);
    }
    if (op == "Constant") return constant_node(n);
    if (auto folded = folded_constant(n)) return set(n, std::move(*folded));
    if (op == "QuantizeLinear") return quantize_linear(n);
    if (op == "DequantizeLinear") return dequantize_linear(n);
    if (op == "Gemm") return gemm(n);
    if (op == "MatMul") return matmul(n);
    if (op == "Add" || op == "Sub" || op == "Mul" || op == "Div") return binary(n);
    if (op == "BatchNormalization") return batchnorm(n);
    if (op == "Relu") return relu(n);
    if (is_unary_function(op)) return unary(n);
    if (op == "Flatten" || op == "Reshape") return reshape(n);
    if (op == "Transpose") return transpose(n);
    if (op == "Pad") return pad(n);
    if (op == "Concat") return concat(n);
    if (op == "Slice") return slice(n);
    if (op == "Gather") return gather(n);
    if (op == "Split") return split(n);
    if (op == "Identity") return set(n, input(n, 0));
    if (op == "Cast") return cast(n);
    throw ImportError(node_where(n), fmt::format("unsupported op '{}'; aiemc imports QuantizeLinear, DequantizeLinear, "
                                                 "Quant, Gemm, MatMul, Add, Sub, Mul, Div (by a scalar), BatchNormalization, Relu, "
                                                 "Sigmoid, Tanh, Clip, LeakyRelu, HardSigmoid, HardSwish, Elu, Exp, "
                                                 "Softplus, Gelu, Erf, Sqrt, Log, Neg, Abs, Concat, Slice, Split, "
                                                 "Transpose, Pad, Gather (of evenly spaced indices), "
                                                 "Flatten, Reshape, "
                                                 "Identity, Cast (of constants) and Constant",
                                                 op));
  }

  // Shape arithmetic of constants only (constant_folding.hpp), computed here.
  std::optional<Constant> folded_constant(const onnx::NodeProto& n) {
    static const std::set<std::string> ops = {"ConstantOfShape", "Reshape", "Transpose", "Slice", "Concat", "Squeeze", "Unsqueeze"};
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

  void constant_node(const onnx::NodeProto& n) {
    const auto* v = attribute(n, "value");
    if (v == nullptr || !v->has_t()) throw ImportError(node_where(n), "only Constant nodes with a 'value' tensor are supported");
    set(n, to_constant(v->t(), node_where(n)));
  }

  // Cast of a constant, folded as ONNX defines it: exporters that do not fold constants write a
  // quantizer's scale as a double Constant cast to float, its zero point as an int cast to int8.
  // A value the target type cannot hold exactly as an integer is refused rather than guessed.
  void cast(const onnx::NodeProto& n) {
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

  // ---- quantizers ----
  // The scale and zero point of QuantizeLinear / DequantizeLinear; `codes_type` is the integer type.
  Quantizer qdq_quantizer(const onnx::NodeProto& n, int codes_type, std::int64_t rank) {
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

  // QONNX Quant(x, scale, zeropt, bitwidth; signed, narrow, rounding_mode).
  Quantizer quant_quantizer(const onnx::NodeProto& n, const std::vector<std::int64_t>& x_dims) {
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
      if (v != std::floor(v)) throw ImportError(node_where(n), fmt::format("zero point {} is not an integer", v));
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

  // A float constant quantized with q (channel index along q.axis).
  Constant quantize_constant(const Constant& c, const Quantizer& q, const onnx::NodeProto& n) {
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

  QTensor activation_input(const RawInput& r, const Quantizer& q, const onnx::NodeProto& n) {
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

  std::string next_layer_name() { return fmt::format("fc{}", ++layers_); }

  QTensor close_layer(const Accumulation& a, const Quantizer& q, const onnx::NodeProto& n) {
    std::string name = next_layer_name();
    QTensor t;
    t.value = lower_dense(out_.graph, name, a, q, n.name());
    t.q = q;
    std::vector<std::string> nodes = a.nodes;
    nodes.push_back(n.name());
    out_.origin[name] = fmt::format("{}", fmt::join(nodes, ", "));
    return t;
  }

  // The same quantizer again on an already quantized activation: nothing to do. Anything else
  // would be a second rounding that no layer performs.
  QTensor requantize(const QTensor& in, const Quantizer& q, const onnx::NodeProto& n) {
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

  void quantize_linear(const onnx::NodeProto& n) {
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

  void dequantize_linear(const onnx::NodeProto& n) {
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

  void quant(const onnx::NodeProto& n) {
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

  // ---- layers ----
  const QTensor& activation(const onnx::NodeProto& n, int i) {
    if (exact_materializable(input(n, i))) tensors_[n.input(i)] = materialize(n, i);
    const auto* q = std::get_if<QTensor>(&input(n, i));
    if (q == nullptr || q->is_const() || !q->dequantized)
      throw ImportError(node_where(n), fmt::format("input '{}' must be a quantized activation (the output of "
                                                   "DequantizeLinear or Quant)",
                                                   n.input(i)));
    return *q;
  }

  QTensor weights(const onnx::NodeProto& n, int i, bool transpose) {
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

  void gemm(const onnx::NodeProto& n) {
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

  void matmul(const onnx::NodeProto& n) {
    Accumulation a;
    a.x = activation(n, 0);
    a.w = weights(n, 1, false);
    a.node = n.name();
    a.nodes = {n.name()};
    set(n, a);
  }

  void bias(const onnx::NodeProto& n, int i, Accumulation& a) {
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

  // Add / Sub / Mul: of two quantized activations, an elementwise layer (closed by its quantizer);
  // an Add of a MatMul result and a constant, that MatMul's bias.
  void binary(const onnx::NodeProto& n) {
    if (scalar_operand(n) || function_of_itself(n)) return;
    auto act_like = [&](int i) { return is_activation(input(n, i)) || exact_materializable(input(n, i)); };
    const bool acts = n.op_type() != "Div" && act_like(0) && act_like(1);
    if (acts) {
      Pointwise p;
      p.operands = {activation(n, 0), activation(n, 1)};
      const auto& sa = out_.graph.value(*p.operands[0].value).type.shape;
      const auto& sb = out_.graph.value(*p.operands[1].value).type.shape;
      // numpy broadcasting of two activations of one rank, each with its batch axis.
      bool ok = sa.size() == sb.size() && !sa.empty() && sa[0] == sb[0];
      for (std::size_t i = 1; ok && i < sa.size(); ++i) ok = sa[i] == sb[i] || sa[i] == 1 || sb[i] == 1;
      if (!ok)
        throw ImportError(node_where(n), fmt::format("broadcasts [{}] with [{}]; aiemc imports {} of two activations of "
                                                     "one rank whose axes are equal or 1 in one of them (numpy "
                                                     "broadcasting), with the batch axis in both",
                                                     fmt::join(sa, ", "), fmt::join(sb, ", "), n.op_type()));
      p.binary = n.op_type();
      p.node = n.name();
      p.nodes = {n.name()};
      return set(n, p);
    }
    // An activation and a quantized constant of one value per feature (or one for all).
    for (int ci = 0; ci < 2 && n.op_type() != "Div"; ++ci) {
      const auto* c = std::get_if<QTensor>(&input(n, ci));
      if (c == nullptr || !c->is_const() || !c->dequantized || !is_activation(input(n, 1 - ci))) continue;
      if (n.op_type() == "Sub" && ci == 0)
        throw ImportError(node_where(n), "subtracts an activation from a constant; aiemc imports activation - constant");
      const QTensor& x = activation(n, 1 - ci);
      const std::int64_t features = out_.graph.value(*x.value).type.shape.back();
      if (c->codes.size() != 1 && std::int64_t(c->codes.size()) != features)
        throw ImportError(node_where(n), fmt::format("a constant of {} values; aiemc takes one per feature ({}) or one "
                                                     "for all",
                                                     c->codes.size(), features));
      if (c->q.per_channel()) throw ImportError(node_where(n), "the constant has per-channel scales");
      Pointwise p;
      p.operands = {x};
      p.constant = *c;
      p.binary = n.op_type();
      p.node = n.name();
      p.nodes = {n.name()};
      return set(n, p);
    }
    if (n.op_type() != "Add" || (!std::holds_alternative<Accumulation>(input(n, 0)) &&
                                 !std::holds_alternative<Accumulation>(input(n, 1))))
      throw ImportError(node_where(n), fmt::format("{} is supported of two quantized activations (each the output of "
                                                   "DequantizeLinear or Quant), and Add also as the bias of a MatMul; "
                                                   "an operand here is {}",
                                                   n.op_type(),
                                                   is_activation(input(n, 0)) ? describe(input(n, 1)) : describe(input(n, 0))));
    add_bias(n);
  }

  // x op c (or c op x) with a float scalar c, on an activation or a chain of functions of one: one
  // more function of x, so the quantizer that follows makes it a table (exact at any scale).
  bool scalar_operand(const onnx::NodeProto& n) {
    for (int ci = 0; ci < 2; ++ci) {
      const auto* c = std::get_if<Constant>(&input(n, ci));
      if (c == nullptr || !c->is_float() || c->size() != 1) continue;
      TensorState& x = input(n, 1 - ci);
      const auto* p = std::get_if<Pointwise>(&x);
      if (!is_activation(x) && !(p && p->binary.empty())) continue;
      const float k = c->reals[0];
      if (!std::isfinite(k))
        throw ImportError(node_where(n), fmt::format("{} by the constant {}, which is not a finite number", n.op_type(), k));
      const std::string& op = n.op_type();
      const bool x_first = ci == 1;
      UnaryFn f;
      if (op == "Add") f = [k](float v) { return v + k; };
      else if (op == "Mul") f = [k](float v) { return v * k; };
      else if (op == "Sub") f = x_first ? UnaryFn([k](float v) { return v - k; }) : UnaryFn([k](float v) { return k - v; });
      else f = x_first ? UnaryFn([k](float v) { return v / k; }) : UnaryFn([k](float v) { return k / v; });
      Pointwise next;
      if (p) {
        next = *p;
      } else {
        next.operands = {activation(n, 1 - ci)};
        next.node = n.name();
      }
      next.unary.push_back(f);
      next.labels.push_back(op);
      next.nodes.push_back(n.name());
      set(n, next);
      return true;
    }
    return false;
  }

  // x op F(x), with F a chain of functions of the same activation x (SiLU exported as
  // x * Sigmoid(x), GELU as x * (1 + Erf(x / sqrt 2)) / 2, hardswish as x * HardSigmoid(x)): still
  // one function of x, so a table.
  bool function_of_itself(const onnx::NodeProto& n) {
    for (int fi = 0; fi < 2; ++fi) {
      const auto* p = std::get_if<Pointwise>(&input(n, fi));
      if (p == nullptr || !p->binary.empty() || !is_activation(input(n, 1 - fi))) continue;
      const QTensor& x = std::get<QTensor>(input(n, 1 - fi));
      if (*x.value != *p->operands[0].value) continue;
      const std::vector<UnaryFn> chain = p->unary;
      auto F = [chain](float v) {
        for (const auto& f : chain) v = f(v);
        return v;
      };
      const std::string& op = n.op_type();
      const bool x_first = fi == 1;
      UnaryFn g;
      if (op == "Add") g = [F](float v) { return v + F(v); };
      else if (op == "Mul") g = [F](float v) { return v * F(v); };
      else if (op == "Sub") g = x_first ? UnaryFn([F](float v) { return v - F(v); }) : UnaryFn([F](float v) { return F(v) - v; });
      else g = x_first ? UnaryFn([F](float v) { return v / F(v); }) : UnaryFn([F](float v) { return F(v) / v; });
      Pointwise next = *p;
      next.unary = {g};
      next.labels.push_back(op);
      next.nodes.push_back(n.name());
      set(n, next);
      return true;
    }
    return false;
  }

  // A layer's unquantized result (MatMul / Gemm, bias, Relu), or an add/sub/mul of activations not
  // yet quantized, read as an activation by another op (a residual added into a layer's sum, a + b
  // + c, an add fed to a layer): ONNX Runtime computes it in float32, which is exact when every
  // scale is a power of two, every zero point 0 and every partial sum within 24 significant bits;
  // it then becomes a layer of its own at that exact fixed-point format.
  static bool exact_materializable(const TensorState& s) {
    if (std::holds_alternative<Accumulation>(s)) return !std::get<Accumulation>(s).bn;
    const auto* p = std::get_if<Pointwise>(&s);
    return p && !p->binary.empty() && p->unary.empty();
  }

  // Bits (with the sign) of a signed integer of magnitude up to `m`.
  static int signed_bits(double m) {
    int b = 1;
    while (std::ldexp(1.0, b - 1) - 1 < m) ++b;
    return b;
  }

  // The quantizer that holds `s` exactly: scale 2^-f, zero point 0, as many bits as its largest
  // magnitude needs; refused (at node n) when float32 would not be exact.
  Quantizer exact_quantizer(const onnx::NodeProto& n, const TensorState& s) {
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

  // The exact layer of an unquantized result (exact_materializable), read through input i of n.
  QTensor materialize(const onnx::NodeProto& n, int i) {
    const TensorState& s = input(n, i);
    const Quantizer q = exact_quantizer(n, s);
    QTensor t = std::holds_alternative<Accumulation>(s) ? close_layer(std::get<Accumulation>(s), q, n)
                                                         : close_pointwise(std::get<Pointwise>(s), q, n);
    t.dequantized = true;
    return t;
  }

  static bool is_activation(const TensorState& s) {
    const auto* q = std::get_if<QTensor>(&s);
    return q && !q->is_const() && q->dequantized;
  }

  static std::string describe(const TensorState& s) {
    if (std::holds_alternative<Constant>(s))
      return "a float constant that is not a scalar (per-channel constants are not supported yet)";
    if (const auto* q = std::get_if<QTensor>(&s)) return q->is_const() ? "a quantized constant" : "a tensor of integer codes";
    if (std::holds_alternative<Accumulation>(s)) return "an unquantized MatMul result";
    if (std::holds_alternative<Pointwise>(s)) return "an unquantized elementwise result (quantize it first)";
    return "a graph input that is not quantized";
  }

  // Sigmoid, Tanh, Clip, ...: a function of one quantized activation, or of the float result of
  // such functions; the quantizer that follows makes it a lookup table.
  void unary(const onnx::NodeProto& n) {
    TensorState& x = input(n, 0);
    std::optional<float> lo, hi;
    if (n.op_type() == "Clip") {
      auto bound = [&](int i, const char* attr) -> std::optional<float> {
        if (has_input(n, i)) {
          const Constant& c = constant(n, i, i == 1 ? "the minimum" : "the maximum");
          if (!c.is_float() || c.size() != 1 || std::isnan(c.reals[0]))
            throw ImportError(node_where(n), "Clip bounds must be float scalars (not NaN)");
          return c.reals[0];
        }
        if (const auto* a = attribute(n, attr)) return a->f();  // opset < 11
        return std::nullopt;
      };
      lo = bound(1, "min");
      hi = bound(2, "max");
    }
    if (auto* p = std::get_if<Pointwise>(&x); p && p->binary.empty()) {
      Pointwise next = *p;
      next.unary.push_back(unary_function(n, lo, hi));
      next.labels.push_back(n.op_type());
      next.nodes.push_back(n.name());
      return set(n, next);
    }
    if (!is_activation(x) && !(std::holds_alternative<Pointwise>(x) && exact_materializable(x)))
      throw ImportError(node_where(n), fmt::format("{} is supported on a quantized activation (the output of "
                                                   "DequantizeLinear or Quant); its input is {}",
                                                   n.op_type(), describe(x)));
    Pointwise p;
    p.operands = {activation(n, 0)};
    p.unary = {unary_function(n, lo, hi)};
    p.labels = {n.op_type()};
    p.node = n.name();
    p.nodes = {n.name()};
    set(n, p);
  }

  // An elementwise layer, closed by its output quantizer `q`.
  QTensor close_pointwise(const Pointwise& p, const Quantizer& q, const onnx::NodeProto& n) {
    if (q.per_channel()) throw ImportError(node_where(n), "per-channel activation quantizers are not supported");
    if (q.narrow) throw ImportError(node_where(n), "narrow-range activation quantizers are not supported");
    std::string op = p.binary.empty() ? std::string("lookup") : p.binary;
    for (auto& c : op) c = char(std::tolower(static_cast<unsigned char>(c)));
    const std::string name = fmt::format("{}{}", op, ++pointwise_[op]);
    const ir::Value& a = out_.graph.value(*p.operands[0].value);
    const num::FixedFormat yf = activation_format(q, node_where(n));
    ir::Node node;
    node.name = name;
    for (const auto& o : p.operands) node.inputs.push_back(*o.value);
    if (p.constant) {  // one code per feature, in the constant's own format
      const Quantizer& cq = p.constant->q;
      ir::Value c;
      c.name = name + ".c";
      const std::int64_t features = a.type.shape.back();
      std::vector<std::int64_t> codes;
      for (std::int64_t i = 0; i < features; ++i)
        codes.push_back(p.constant->codes.ints[p.constant->codes.ints.size() == 1 ? 0 : std::size_t(i)] - cq.zero_of(0));
      // Codes minus a zero point need one more bit, and a sign.
      num::FixedFormat cf = activation_format(cq, node_where(n));
      if (cq.zero_of(0) != 0) {
        const int frac = cf.frac();
        cf.width += 1;
        cf.is_signed = true;
        cf.int_bits = cf.width - frac;
      }
      c.type = {{features}, cf};
      c.data = std::make_shared<const std::vector<std::int64_t>>(codes);
      node.inputs.push_back(out_.graph.add_value(std::move(c)));
    }
    if (p.binary == "Concat") {
      // Each part requantized to the result's format: exact with power-of-two scales and zero points 0.
      for (const auto& o : p.operands)
        if (o.q.zero_of(0) != 0 || !pow2_exponent(o.q.scale_of(0)))
          throw ImportError(node_where(n), fmt::format("Concat '{}' of parts with different quantizers is exact only "
                                                       "with power-of-two scales and zero points 0; '{}' has {}",
                                                       p.node, o.q.node, o.q.describe()));
      if (q.zero_of(0) != 0 || !pow2_exponent(q.scale_of(0)))
        throw ImportError(node_where(n), fmt::format("Concat '{}' is requantized with {}; only power-of-two scales and "
                                                     "zero point 0 are exact",
                                                     p.node, q.describe()));
      ir::ConcatAttrs ca;
      ca.axis = -1;
      node.attrs = ca;
    } else if (!p.binary.empty()) {
      // Exact in ONNX Runtime's float32 and in aiemc's integers alike: power-of-two scales, zero
      // points 0, and sums (products) of at most 24 significant bits.
      std::vector<const Quantizer*> qs = {&p.operands[0].q, &q};
      if (p.operands.size() > 1) qs.push_back(&p.operands[1].q);
      if (p.constant) {
        if (!pow2_exponent(p.constant->q.scale_of(0)))
          throw ImportError(node_where(n), fmt::format("{} '{}' is exact only with power-of-two scales; the constant has {}",
                                                       p.binary, p.node, p.constant->q.describe()));
      }
      for (const Quantizer* z : qs)
        if (z->zero_of(0) != 0 || !pow2_exponent(z->scale_of(0)))
          throw ImportError(node_where(n), fmt::format("{} '{}' is exact only with power-of-two scales and zero points 0; "
                                                       "{} has {}",
                                                       p.binary, p.node, z->node, z->describe()));
      const auto& fa = a.type.format;
      const auto& fb = out_.graph.value(node.inputs[1]).type.format;
      const int f = std::max(fa.frac(), fb.frac());
      const int bits = p.binary == "Mul" ? fa.width + fb.width : std::max(fa.width + f - fa.frac(), fb.width + f - fb.frac()) + 1;
      if (bits > 24)
        throw ImportError(node_where(n), fmt::format("{} '{}' of {} and {} needs {} bits, more than float32's 24: ONNX "
                                                     "Runtime would round it",
                                                     p.binary, p.node, num::to_string(fa), num::to_string(fb), bits));
      ir::BinaryAttrs b;
      b.fn = p.binary == "Add" ? ir::BinaryFn::add : p.binary == "Sub" ? ir::BinaryFn::sub : ir::BinaryFn::mul;
      b.relu = p.relu;
      node.attrs = b;
    } else {
      ir::Value t;
      t.name = name + ".table";
      const std::vector<std::int64_t> table = unary_table(p.unary, p.operands[0].q, q);
      t.type = {{std::int64_t(table.size())}, yf};
      t.data = std::make_shared<const std::vector<std::int64_t>>(table);
      node.inputs.push_back(out_.graph.add_value(std::move(t)));
      node.attrs = ir::LookupAttrs{};
    }
    std::vector<std::string> nodes = p.nodes;
    nodes.push_back(n.name());
    QTensor r;
    r.value = add_op(n, std::move(node), yf, fmt::format("{}", fmt::join(nodes, ", ")));
    r.q = q;
    return r;
  }

  // Adds `node` (named, with its inputs and attributes) and its result of `format` to the graph,
  // its shape from the op's rule (a rule's error is the ONNX node's); records its ONNX origin.
  ir::ValueId add_op(const onnx::NodeProto& n, ir::Node node, const num::FixedFormat& format, const std::string& origin) {
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

  void add_bias(const onnx::NodeProto& n) {
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

  void batchnorm(const onnx::NodeProto& n) {
    auto* a = std::get_if<Accumulation>(&input(n, 0));
    if (a == nullptr || a->relu || a->bn)
      throw ImportError(node_where(n), "BatchNormalization is supported directly after a dense layer (MatMul/Gemm + bias)");
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

  void relu(const onnx::NodeProto& n) {
    if (auto* p = std::get_if<Pointwise>(&input(n, 0)); p && !p->binary.empty() && p->binary != "Concat" && !p->relu) {
      Pointwise next = *p;
      next.relu = true;
      next.nodes.push_back(n.name());
      return set(n, next);
    }
    auto* a = std::get_if<Accumulation>(&input(n, 0));
    if (a == nullptr) return unary(n);  // a Relu of its own: a table
    Accumulation next = *a;
    next.relu = true;
    next.nodes.push_back(n.name());
    set(n, next);
  }

  // ---- data movement: on the features of [batch, features] activations ----
  // Gather of an activation along one axis (not the batch) by constant indices: evenly spaced
  // ascending ones are a slice; a scalar index also drops the axis (PyTorch's x[:, 0]).
  void gather(const onnx::NodeProto& n) {
    QTensor x = activation(n, 0);
    const Constant& idx = constant(n, 1, "the indices");
    const ir::Shape shape = out_.graph.value(*x.value).type.shape;
    const std::int64_t rank = std::int64_t(shape.size());
    std::int64_t ax = int_attr(n, "axis", 0);
    if (ax < 0) ax += rank;
    if (ax <= 0 || ax >= rank) throw ImportError(node_where(n), fmt::format("gathers along axis {} of rank {} (the batch "
                                                                            "axis or outside)",
                                                                            int_attr(n, "axis", 0), rank));
    const std::int64_t d = shape[std::size_t(ax)];
    std::vector<std::int64_t> v = idx.ints;
    if (v.empty() || idx.dims.size() > 1) throw ImportError(node_where(n), "gathers with indices that are not a scalar or a list");
    for (auto& i : v) {
      if (i < 0) i += d;
      if (i < 0 || i >= d) throw ImportError(node_where(n), fmt::format("index {} is outside axis {} of {} elements", i, ax, d));
    }
    const std::int64_t step = v.size() > 1 ? v[1] - v[0] : 1;
    for (std::size_t k = 1; k < v.size(); ++k)
      if (v[k] - v[k - 1] != step || step < 1)
        throw ImportError(node_where(n), "gathers indices that are not evenly spaced and ascending (a slice)");
    ir::SliceAttrs a;
    a.axis = int(ax == rank - 1 ? -1 : ax);
    a.start = v[0];
    a.end = v.back() + 1;
    a.step = step;
    if (!(a.start == 0 && a.end == d && a.step == 1)) x = add_movement(n, "slice", {*x.value}, a, x.q);
    if (idx.dims.empty()) {  // a scalar index: the axis goes
      ir::ReshapeAttrs r;
      for (std::int64_t k = 1; k < rank; ++k)
        if (k != ax) r.shape.push_back(shape[std::size_t(k)]);
      x = add_movement(n, "reshape", {*x.value}, r, x.q);
    }
    set(n, x);
  }

  // The last axis of an activation of `rank` axes (its features), as -1; anything else is refused.
  int feature_axis(const onnx::NodeProto& n, std::int64_t axis, std::int64_t rank = 2) {
    if (axis != rank - 1 && axis != -1)
      throw ImportError(node_where(n), fmt::format("axis {} is not the feature (last) axis of an activation of rank {} "
                                                   "({} or -1)",
                                                   axis, rank, rank - 1));
    return -1;
  }

  QTensor add_movement(const onnx::NodeProto& n, const std::string& op, std::vector<ir::ValueId> inputs, ir::OpAttrs attrs,
                       const Quantizer& q) {
    ir::Node node;
    node.name = fmt::format("{}{}", op, ++pointwise_[op]);
    node.inputs = std::move(inputs);
    node.attrs = std::move(attrs);
    const num::FixedFormat format = out_.graph.value(node.inputs[0]).type.format;  // data movement keeps it
    QTensor t;
    t.value = add_op(n, std::move(node), format, n.name());
    t.q = q;
    t.dequantized = true;
    return t;
  }

  // Transpose of a quantized weight matrix (PyTorch exports nn.Linear on a rank-3 input as
  // MatMul(x, Transpose(W))): the codes are transposed at import. Of an activation: a transpose op
  // (its identity permutation is a no-op).
  // Pad of mode "constant" of an activation (before or after its DequantizeLinear): the value must
  // be a code of the activation's quantizer exactly (padding rounds nothing); the batch axis stays.
  void pad(const onnx::NodeProto& n) {
    TensorState& x = input(n, 0);
    const auto* mode = attribute(n, "mode");
    if (mode != nullptr && mode->s() != "constant")
      throw ImportError(node_where(n), fmt::format("Pad of mode '{}' is not supported (mode 'constant' is)", mode->s()));
    if (!is_activation(x) && !(std::holds_alternative<QTensor>(x) && !std::get<QTensor>(x).is_const()))
      throw ImportError(node_where(n), fmt::format("pads {}", describe(x)));
    const QTensor q = std::get<QTensor>(x);
    const ir::Value& v = out_.graph.value(*q.value);
    const std::size_t rank = v.type.shape.size();
    std::vector<std::int64_t> pads = constant(n, 1, "the pads").ints;
    std::vector<std::int64_t> axes;
    if (has_input(n, 3)) axes = constant(n, 3, "the axes").ints;  // opset 18
    else
      for (std::size_t i = 0; i < rank; ++i) axes.push_back(std::int64_t(i));
    if (pads.size() != 2 * axes.size())
      throw ImportError(node_where(n), fmt::format("has {} pads for {} axes", pads.size(), axes.size()));
    ir::PadAttrs a;
    a.before.assign(rank - 1, 0);
    a.after.assign(rank - 1, 0);
    for (std::size_t i = 0; i < axes.size(); ++i) {
      std::int64_t ax = axes[i] < 0 ? axes[i] + std::int64_t(rank) : axes[i];
      const std::int64_t lo = pads[i], hi = pads[i + axes.size()];
      if (ax < 0 || ax >= std::int64_t(rank)) throw ImportError(node_where(n), fmt::format("axis {} is outside rank {}", axes[i], rank));
      if (lo < 0 || hi < 0) throw ImportError(node_where(n), "negative pads (crops) are not supported; use Slice");
      if (ax == 0) {
        if (lo != 0 || hi != 0) throw ImportError(node_where(n), "pads the batch axis");
        continue;
      }
      a.before[std::size_t(ax - 1)] = lo;
      a.after[std::size_t(ax - 1)] = hi;
    }
    // The value as a code of the activation's quantizer, then as a number of its IR format.
    double code = 0;
    if (has_input(n, 2)) {
      const Constant& c = constant(n, 2, "the constant value");
      if (c.size() != 1) throw ImportError(node_where(n), "the constant value must be a scalar");
      if (q.dequantized) {
        if (!c.is_real()) throw ImportError(node_where(n), "the constant value of a dequantized activation must be a float");
        code = double(c.reals[0]) / q.q.scale_of(0) + double(q.q.zero_of(0));
      } else {
        code = c.is_real() ? double(c.reals[0]) : double(c.ints[0]);
      }
    } else {
      code = q.dequantized ? double(q.q.zero_of(0)) : 0.0;  // real 0, or code 0
    }
    const num::FixedFormat& f = v.type.format;
    if (code != std::round(code) || code < double(f.min_code()) || code > double(f.max_code()))
      throw ImportError(node_where(n), fmt::format("pads with a value that is not a code of {} (it would be code {})",
                                                   q.q.describe(), code));
    a.value = std::ldexp(code, -f.frac());
    QTensor t = add_movement(n, "pad", {*q.value}, a, q.q);
    t.dequantized = q.dequantized;
    set(n, t);
  }

  void transpose(const onnx::NodeProto& n) {
    TensorState& x = input(n, 0);
    std::vector<std::int64_t> perm;
    if (const auto* p = attribute(n, "perm")) perm.assign(p->ints().begin(), p->ints().end());
    if (auto* q = std::get_if<QTensor>(&x); q && q->is_const()) {
      if (q->codes.dims.size() != 2 || (!perm.empty() && perm != std::vector<std::int64_t>{1, 0}))
        throw ImportError(node_where(n), "transposes a constant that is not a matrix (perm [1, 0])");
      QTensor t = *q;
      const std::int64_t rows = t.codes.dims[0], cols = t.codes.dims[1];
      std::vector<std::int64_t> v(t.codes.ints.size());
      for (std::int64_t r = 0; r < rows; ++r)
        for (std::int64_t c = 0; c < cols; ++c)
          v[std::size_t(c * rows + r)] = t.codes.ints[std::size_t(r * cols + c)];
      t.codes.ints = std::move(v);
      t.codes.dims = {cols, rows};
      if (t.q.per_channel()) t.q.axis = 1 - t.q.axis;
      return set(n, t);
    }
    if (is_activation(x)) {
      const auto rank = std::int64_t(out_.graph.value(*std::get<QTensor>(x).value).type.shape.size());
      bool identity = true;
      for (std::int64_t i = 0; i < std::int64_t(perm.size()); ++i) identity = identity && perm[std::size_t(i)] == i;
      if (identity && (perm.empty() ? rank <= 2 : std::int64_t(perm.size()) == rank)) return set(n, x);
      if (perm.empty())  // ONNX's default: the axes reversed, which moves the batch axis
        for (std::int64_t i = rank; i-- > 0;) perm.push_back(i);
      ir::TransposeAttrs a;
      a.perm.assign(perm.begin(), perm.end());
      const QTensor q = std::get<QTensor>(x);
      return set(n, add_movement(n, "transpose", {*q.value}, a, q.q));
    }
    throw ImportError(node_where(n), fmt::format("transposes {}", describe(x)));
  }

  // Concat of quantized activations that share one quantizer: the codes are joined as they are.
  void concat(const onnx::NodeProto& n) {
    ir::ConcatAttrs a;
    std::vector<ir::ValueId> ins;
    const QTensor& first = activation(n, 0);
    a.axis = feature_axis(n, int_attr(n, "axis", 1), std::int64_t(out_.graph.value(*first.value).type.shape.size()));
    bool same = true;
    for (int i = 0; i < n.input_size(); ++i) {
      const QTensor& t = activation(n, i);
      if (t.q.per_channel()) throw ImportError(node_where(n), fmt::format("'{}' has per-channel scales", n.input(i)));
      same = same && t.q.same_numbers(first.q);
      ins.push_back(*t.value);
    }
    if (same) return set(n, add_movement(n, "concat", ins, a, first.q));
    // Parts with different quantizers: the float concatenation must be quantized again before
    // anything reads it; that quantizer then converts each part (an exact requantization).
    Pointwise p;
    for (int i = 0; i < n.input_size(); ++i) p.operands.push_back(activation(n, i));
    p.binary = "Concat";
    p.node = n.name();
    p.nodes = {n.name()};
    set(n, p);
  }

  std::vector<std::int64_t> int_list(const onnx::NodeProto& n, int i, const char* what) {
    const Constant& c = constant(n, i, what);
    if (c.is_float()) throw ImportError(node_where(n), fmt::format("{} must be integers", what));
    return c.ints;
  }

  // Slice of the feature axis with step 1 or more (opset 10+: starts, ends, axes, steps inputs).
  // Slice of an activation: one slice op per axis it narrows (any axis but the batch, steps >= 1).
  void slice(const onnx::NodeProto& n) {
    QTensor x = activation(n, 0);
    const ir::Shape shape = out_.graph.value(*x.value).type.shape;
    const std::int64_t rank = std::int64_t(shape.size());
    auto starts = int_list(n, 1, "the starts"), ends = int_list(n, 2, "the ends");
    std::vector<std::int64_t> axes;
    if (has_input(n, 3)) axes = int_list(n, 3, "the axes");
    else
      for (std::size_t i = 0; i < starts.size(); ++i) axes.push_back(std::int64_t(i));
    std::vector<std::int64_t> steps = has_input(n, 4) ? int_list(n, 4, "the steps") : std::vector<std::int64_t>(starts.size(), 1);
    if (ends.size() != starts.size() || axes.size() != starts.size() || steps.size() != starts.size())
      throw ImportError(node_where(n), "starts, ends, axes and steps differ in length");
    for (std::size_t i = 0; i < axes.size(); ++i) {
      const std::int64_t ax = axes[i] < 0 ? axes[i] + rank : axes[i];
      if (ax < 0 || ax >= rank) throw ImportError(node_where(n), fmt::format("axis {} is outside rank {}", axes[i], rank));
      const std::int64_t d = shape[std::size_t(ax)];
      if (steps[i] < 1) throw ImportError(node_where(n), fmt::format("step {} is not supported (1 or more)", steps[i]));
      auto clampi = [&](std::int64_t v) { return std::clamp<std::int64_t>(v < 0 ? v + d : v, 0, d); };
      ir::SliceAttrs a;
      a.axis = int(ax == rank - 1 ? -1 : ax);
      a.start = clampi(starts[i]);
      a.end = clampi(ends[i]);
      a.step = steps[i];
      if (a.start == 0 && a.end == d && a.step == 1) continue;  // the whole axis
      if (ax == 0) throw ImportError(node_where(n), "slices the batch axis");
      x = add_movement(n, "slice", {*x.value}, a, x.q);
    }
    set(n, x);
  }

  // Split of the feature axis into consecutive slices (sizes from the `split` input or attribute,
  // or equal parts).
  void split(const onnx::NodeProto& n) {
    const QTensor& x = activation(n, 0);
    const std::int64_t d = out_.graph.value(*x.value).type.shape.back();
    const int axis = feature_axis(n, int_attr(n, "axis", 0), std::int64_t(out_.graph.value(*x.value).type.shape.size()));
    std::vector<std::int64_t> sizes;
    if (has_input(n, 1)) sizes = int_list(n, 1, "the split sizes");
    else if (const auto* s = attribute(n, "split")) sizes.assign(s->ints().begin(), s->ints().end());
    else {
      const std::int64_t parts = n.output_size();
      if (parts < 1 || d % parts != 0)
        throw ImportError(node_where(n), fmt::format("splits {} features into {} equal parts", d, parts));
      sizes.assign(std::size_t(parts), d / parts);
    }
    if (int(sizes.size()) != n.output_size())
      throw ImportError(node_where(n), fmt::format("has {} outputs for {} split sizes", n.output_size(), sizes.size()));
    std::int64_t at = 0;
    for (std::size_t i = 0; i < sizes.size(); ++i) {
      ir::SliceAttrs a;
      a.axis = axis;
      a.start = at;
      a.end = at + sizes[i];
      at = a.end;
      tensors_[n.output(int(i))] = add_movement(n, "slice", {*x.value}, a, x.q);
    }
    if (at != d) throw ImportError(node_where(n), fmt::format("split sizes add up to {}, the axis has {}", at, d));
  }

  // Flatten / Reshape that keep the batch axis and only merge the per-sample axes (row-major order
  // is unchanged, so they are no-ops on the data).
  void reshape(const onnx::NodeProto& n) {
    TensorState& x = input(n, 0);
    std::vector<std::int64_t> dims;  // per sample
    const QTensor* q = std::get_if<QTensor>(&x);
    if (auto* r = std::get_if<RawInput>(&x)) dims = r->dims;
    else if (q && !q->is_const()) {
      const auto& shape = out_.graph.value(*q->value).type.shape;
      dims.assign(shape.begin() + 1, shape.end());
    } else throw ImportError(node_where(n), "reshapes something other than a graph input or a layer's result");
    const std::int64_t features = std::accumulate(dims.begin(), dims.end(), std::int64_t{1}, std::multiplies<>());
    std::vector<std::int64_t> target;  // per sample
    if (n.op_type() == "Flatten") {
      if (int_attr(n, "axis", 1) != 1) throw ImportError(node_where(n), "Flatten must keep the batch axis (axis=1)");
      target = {features};
    } else {
      const Constant& shape = constant(n, 1, "the shape");
      const auto& sh = shape.ints;
      const bool batch_kept = !sh.empty() && (sh[0] == -1 || sh[0] == 0 || (batch_ && sh[0] == *batch_));
      std::int64_t known = 1;
      int unknown = -1;
      bool ok = batch_kept && sh.size() >= 2;
      for (std::size_t i = 1; ok && i < sh.size(); ++i) {
        std::int64_t d = sh[i];
        if (d == 0 && i - 1 < dims.size()) d = dims[i - 1];  // 0: the input's size (ONNX allowzero = 0)
        if (d == -1) {
          ok = unknown < 0;
          unknown = int(target.size());
        } else {
          ok = d >= 1;
          known *= std::max<std::int64_t>(d, 1);
        }
        target.push_back(d);
      }
      if (ok && unknown >= 0) {
        ok = known > 0 && features % known == 0;
        if (ok) target[std::size_t(unknown)] = features / known;
      }
      std::int64_t total = 1;
      for (auto d : target) total *= d;
      if (!ok || total != features)
        throw ImportError(node_where(n), fmt::format("inconsistent shapes: reshapes [batch, {}] to [{}]; aiemc supports "
                                                     "reshapes that keep the batch axis and the {} values of each sample",
                                                     fmt::join(dims, ", "), fmt::join(sh, ", "), features));
    }
    if (auto* r = std::get_if<RawInput>(&x)) {
      RawInput reshaped = *r;
      reshaped.dims = target;
      return set(n, reshaped);
    }
    if (target == dims) return set(n, x);
    ir::ReshapeAttrs a;
    a.shape = target;
    const QTensor t = *q;
    set(n, add_movement(n, "reshape", {*t.value}, a, t.q));
  }

  fs::path file_;
  ImportOptions opt_;
  ImportedModel out_;
  std::map<std::string, TensorState> tensors_;
  std::optional<std::int64_t> batch_;
  int layers_ = 0;
  std::map<std::string, int> pointwise_;  // elementwise layers named by op: add1, lookup2, ...
  bool qonnx_ = false;
};

}  // namespace

ImportedModel import_onnx(const fs::path& file, const ImportOptions& options) { return Importer(file, options).run(); }

}  // namespace aiem::onnx_import
