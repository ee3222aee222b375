// The elementwise IR ops: names, printing and shape rules of relu, add/sub/mul (numpy broadcasting) and tables.
//: relu, add/sub/mul (numpy broadcasting), tables.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "ir/ops/elementwise/broadcast.hpp"
#include "ir/diag/diagnostic.hpp"
#include "ir/aiem_syntax.hpp"
#include "ir/ops/shape_rules.hpp"

namespace aiem::ir {

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

std::string_view op_label(const ReluAttrs&) { return "relu"; }
std::string_view op_label(const BinaryAttrs& a) { return binary_name(a.fn); }
std::string_view op_label(const LookupAttrs& a) { return lookup_name(a.fn); }

std::string attrs_text(const ReluAttrs&) { return {}; }
std::string attrs_text(const BinaryAttrs& a) {
  std::string s;
  if (a.common_frac) s += fmt::format(" frac={}", *a.common_frac);
  if (a.relu) s += " relu";
  return s;
}
std::string attrs_text(const LookupAttrs& a) {
  std::string s;
  if (a.fn == LookupFn::leaky_relu) s += fmt::format(" alpha={}", a.alpha);
  if (a.fn == LookupFn::hardsigmoid) s += fmt::format(" alpha={} beta={}", a.alpha, a.beta);
  if (a.fn == LookupFn::clip) s += fmt::format(" min={} max={}", a.lo, a.hi);
  if (!a.table.empty()) s += fmt::format(" table={}@{}", a.table.size(), a.first_code);
  return s;
}


Shape infer_shape(const Graph& g, const Node& n, const ReluAttrs&) {
  if (n.inputs.size() != 1) throw OpError{fmt::format("relu expects 1 operand, has {}", n.inputs.size())};
  return g.value(n.inputs[0]).type.shape;
}


Shape infer_shape(const Graph& g, const Node& n, const BinaryAttrs& a) {
  if (n.inputs.size() != 2)
    throw OpError{fmt::format("{} expects 2 operands, has {}", binary_name(a.fn), n.inputs.size())};
  const Shape& x = g.value(n.inputs[0]).type.shape;
  const Shape& y = g.value(n.inputs[1]).type.shape;
  auto s = broadcast_shapes(x, y);
  if (!s)
    throw OpError{fmt::format("operands {} and {} do not broadcast (each axis, from the last, must be equal or 1 in "
                              "one of them)",
                              to_string(x), to_string(y)),
                  1};
  return *s;
}


Shape infer_shape(const Graph& g, const Node& n, const LookupAttrs& a) {
  const std::size_t want = a.fn == LookupFn::table ? 2 : 1;
  if (n.inputs.size() != want)
    throw OpError{fmt::format("{} expects {} operand{}, has {}", lookup_name(a.fn), want, want == 1 ? "" : "s",
                              n.inputs.size())};
  return g.value(n.inputs[0]).type.shape;
}

std::string aiem_statement(const Graph& g, const Node& n, const ReluAttrs&) {
  return fmt::format("  {} = relu({}) -> {}\n", n.name, g.value(n.inputs[0]).name, type_text(g.value(n.outputs[0]).type.format));
}

std::string aiem_statement(const Graph& g, const Node& n, const BinaryAttrs& b) {
  const Value& z = g.value(n.inputs[1]);
  const std::string second = z.is_constant() ? fmt::format("c: {}", type_text(z.type.format)) : z.name;
  return fmt::format("  {} = {}({}, {}) -> {}{}\n", n.name, binary_name(b.fn), g.value(n.inputs[0]).name, second,
                     type_text(g.value(n.outputs[0]).type.format), b.relu ? " |> relu" : "");
}

// A table's entries (one result code per input code) are a parameter; a named function is its
// table too once imported (the importer computes every table as ONNX Runtime does).
std::string aiem_statement(const Graph& g, const Node& n, const LookupAttrs&) {
  return fmt::format("  {} = lookup({}, table: {}) -> {}\n", n.name, g.value(n.inputs[0]).name,
                     type_text(g.value(n.inputs[1]).type.format), type_text(g.value(n.outputs[0]).type.format));
}

}  // namespace aiem::ir
