// The elementwise family's ONNX import: Add, Sub, Mul, Div of activations and constants, Relu and the unary functions (tables,
// onnx_functions.hpp), closed by the quantizer that follows.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <numeric>

#include "dsl/import/onnx/importer.hpp"
#include "ir/ops/elementwise/onnx_functions.hpp"
#include "ir/ops/dense/onnx_dense_lowering.hpp"
#include "ir/limits.hpp"

namespace aiem::onnx_import {

std::vector<OnnxOp> Importer::elementwise_onnx_ops() {
  std::vector<OnnxOp> ops = {{"Add", &Importer::binary}, {"Sub", &Importer::binary}, {"Mul", &Importer::binary},
                             {"Div", &Importer::binary}, {"Relu", &Importer::relu}};
  for (const std::string& f : unary_function_types())
    if (f != "Relu") ops.push_back({f, &Importer::unary});
  return ops;
}

void Importer::binary(const onnx::NodeProto& n) {
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

bool Importer::scalar_operand(const onnx::NodeProto& n) {
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

bool Importer::function_of_itself(const onnx::NodeProto& n) {
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

void Importer::unary(const onnx::NodeProto& n) {
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

QTensor Importer::close_pointwise(const Pointwise& p, const Quantizer& q, const onnx::NodeProto& n) {
  if (q.per_channel()) throw ImportError(node_where(n), "per-channel activation quantizers are not supported");
  if (q.narrow) throw ImportError(node_where(n), "narrow-range activation quantizers are not supported");
  std::string op = p.binary.empty() ? std::string("lookup") : p.binary;
  for (auto& c : op) c = char(std::tolower(static_cast<unsigned char>(c)));
  const std::string name = fmt::format("{}{}", op, ++pointwise_[op]);
  // A copy: adding the constant operand or the table below grows the value table.
  const ir::TensorType a = out_.graph.value(*p.operands[0].value).type;
  const num::FixedFormat yf = activation_format(q, node_where(n));
  ir::Node node;
  node.name = name;
  for (const auto& o : p.operands) node.inputs.push_back(*o.value);
  if (p.constant) {  // one code per feature, in the constant's own format
    const Quantizer& cq = p.constant->q;
    ir::Value c;
    c.name = name + ".c";
    const std::int64_t features = a.shape.back();
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
  if (p.row) {
    close_row_op(p, q, n, node);
  } else if (p.binary == "Concat") {
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
    ca.axis = p.axis;
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
    const auto& fa = a.format;
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
  if (p.channels_last) r = channels_first(n, r);  // a pool's result: back to ONNX's channels-first layout
  return r;
}

void Importer::relu(const onnx::NodeProto& n) {
  if (auto* p = std::get_if<Pointwise>(&input(n, 0)); p && !p->binary.empty() && p->binary != "Concat" && !p->relu && !p->row) {
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

}  // namespace aiem::onnx_import
