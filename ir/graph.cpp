#include "ir/graph.hpp"

#include "ir/numeric/requantize.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "ir/diag/diagnostic.hpp"

namespace aiem::ir {

std::string_view op_name(OpKind k) {
  switch (k) {
    case OpKind::Dense: return "dense";
    case OpKind::Relu: return "relu";
    case OpKind::Binary: return "binary";
    case OpKind::Lookup: return "lookup";
    case OpKind::Concat: return "concat";
    case OpKind::Slice: return "slice";
    case OpKind::Transpose: return "transpose";
    case OpKind::Reshape: return "reshape";
  }
  throw InternalError("op_name: unknown op kind");
}

std::string_view binary_name(BinaryFn f) {
  switch (f) {
    case BinaryFn::add: return "add";
    case BinaryFn::sub: return "sub";
    case BinaryFn::mul: return "mul";
  }
  throw InternalError("binary_name: unknown function");
}

std::string_view lookup_name(LookupFn f) {
  switch (f) {
    case LookupFn::table: return "lookup";
    case LookupFn::sigmoid: return "sigmoid";
    case LookupFn::tanh: return "tanh";
    case LookupFn::gelu: return "gelu";
    case LookupFn::silu: return "silu";
    case LookupFn::exp: return "exp";
    case LookupFn::hardsigmoid: return "hardsigmoid";
    case LookupFn::hardswish: return "hardswish";
    case LookupFn::relu6: return "relu6";
    case LookupFn::leaky_relu: return "leaky_relu";
    case LookupFn::clip: return "clip";
  }
  throw InternalError("lookup_name: unknown function");
}

std::string_view op_label(const OpAttrs& a) {
  if (const auto* b = std::get_if<BinaryAttrs>(&a)) return binary_name(b->fn);
  if (const auto* l = std::get_if<LookupAttrs>(&a)) return lookup_name(l->fn);
  return op_name(op_kind(a));
}

std::string to_string(const Shape& s) { return fmt::format("[{}]", fmt::join(s, ",")); }

std::string to_string(const TensorType& t) { return num::to_string(t.format) + to_string(t.shape); }

ValueId Graph::add_value(Value v) {
  values.push_back(std::move(v));
  return static_cast<ValueId>(values.size() - 1);
}

NodeId Graph::add_node(Node n) {
  auto id = static_cast<NodeId>(nodes.size());
  for (ValueId out : n.outputs) values.at(out).producer = id;
  nodes.push_back(std::move(n));
  return id;
}

std::vector<NodeId> Graph::consumers(ValueId id) const {
  std::vector<NodeId> result;
  for (NodeId n = 0; n < nodes.size(); ++n)
    if (std::find(nodes[n].inputs.begin(), nodes[n].inputs.end(), id) != nodes[n].inputs.end()) result.push_back(n);
  return result;
}

std::optional<ValueId> Graph::find_value(const std::string& name) const {
  for (ValueId i = 0; i < values.size(); ++i)
    if (values[i].name == name) return i;
  return std::nullopt;
}

bool Graph::is_output(ValueId id) const { return std::find(outputs.begin(), outputs.end(), id) != outputs.end(); }

std::int64_t quantize_input(const Value& v, double x) {
  return v.real ? num::quantize_linear(x, *v.real, v.type.format) : num::quantize_real(x, v.type.format);
}

double dequantize_output(const Value& v, std::int64_t code) {
  return v.real ? num::dequantize_linear(code, *v.real) : num::dequantize(code, v.type.format);
}

}  // namespace aiem::ir
