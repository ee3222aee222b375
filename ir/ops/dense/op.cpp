// The dense family's IR ops (dense, matmul): names, printing and shape rules.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "ir/aiem_syntax.hpp"
#include "ir/ops/shape_rules.hpp"

namespace aiem::ir {

std::string_view op_label(const DenseAttrs&) { return "dense"; }

std::string attrs_text(const DenseAttrs& a) {
  std::string s = fmt::format(" units={}", a.units);
  if (!a.scale.empty()) {
    std::vector<std::string> parts;
    for (const auto& m : a.scale) parts.push_back(fmt::format("{}>>{}", m.multiplier, m.shift));
    s += a.scale.size() == 1 ? fmt::format(" scale={}", parts[0]) : fmt::format(" scale=[{}]", fmt::join(parts, ","));
  }
  if (a.zero != 0) s += fmt::format(" zero={}", a.zero);
  if (a.relu) s += " relu";
  if (a.acc) s += fmt::format(" acc=int{}/frac{}", a.acc->bits, a.acc->frac);
  return s;
}

Shape infer_shape(const Graph& g, const Node& n, const DenseAttrs& a) {
  std::size_t want = a.has_bias ? 3 : 2;
  if (n.inputs.size() != want)
    throw OpError{fmt::format("dense expects {} operands, has {}", want, n.inputs.size())};
  const Shape& x = g.value(n.inputs[0]).type.shape;
  if (x.size() < 2)
    throw OpError{fmt::format("dense input must have a feature axis after the batch axis, has shape {}", to_string(x)), 0};
  if (a.units < 1) throw OpError{fmt::format("dense needs at least 1 output unit, got {}", a.units)};
  const Shape& w = g.value(n.inputs[1]).type.shape;
  if (w != Shape{x.back(), a.units})
    throw OpError{fmt::format("dense weights must have shape [{},{}] (input features x units), have {}", x.back(),
                              a.units, to_string(w)),
                  1};
  if (a.has_bias && g.value(n.inputs[2]).type.shape != Shape{a.units})
    throw OpError{fmt::format("dense bias must have shape [{}], has {}", a.units,
                              to_string(g.value(n.inputs[2]).type.shape)),
                  2};
  if (a.scale.size() > 1 && static_cast<std::int64_t>(a.scale.size()) != a.units)
    throw OpError{fmt::format("dense scale has {} entries; it needs 1 or one per unit ({})", a.scale.size(), a.units)};
  for (const auto& m : a.scale)
    if (m.multiplier <= 0)
      throw OpError{fmt::format("dense scale multiplier must be positive, got {}", m.multiplier)};
  Shape out = x;
  out.back() = a.units;
  return out;
}

std::string aiem_statement(const Graph& g, const Node& n, const DenseAttrs& a) {
  const Value& w = g.value(n.inputs[1]);
  std::string args = fmt::format("{}, {}, w: {}", g.value(n.inputs[0]).name, a.units, type_text(w.type.format));
  if (a.has_bias) args += fmt::format(", b: {}", type_text(g.value(n.inputs[2]).type.format));
  if (!a.scale.empty()) args += fmt::format(", scale: {}", scale_text(a.scale));
  if (a.zero != 0) args += fmt::format(", zero: {}", a.zero);
  return fmt::format("  {} = dense({}) -> {}{}\n", n.name, args, type_text(g.value(n.outputs[0]).type.format),
                     a.relu ? " |> relu" : "");
}

// matmul: the product of two activations.
std::string_view op_label(const MatMulAttrs&) { return "matmul"; }
std::string attrs_text(const MatMulAttrs& a) { return a.transpose_b ? " transpose_b" : ""; }

std::string aiem_statement(const Graph& g, const Node& n, const MatMulAttrs& a) {
  return fmt::format("  {} = matmul({}, {}{}) -> {}\n", n.name, g.value(n.inputs[0]).name, g.value(n.inputs[1]).name,
                     a.transpose_b ? ", transpose_b: 1" : "", type_text(g.value(n.outputs[0]).type.format));
}

Shape infer_shape(const Graph& g, const Node& n, const MatMulAttrs& a) {
  if (n.inputs.size() != 2) throw OpError{fmt::format("matmul expects 2 operands, has {}", n.inputs.size())};
  const Shape& x = g.value(n.inputs[0]).type.shape;
  const Shape& y = g.value(n.inputs[1]).type.shape;
  if (x.size() < 3) throw OpError{fmt::format("matmul multiplies matrices of each sample; {} has no [M, K] per sample", to_string(x)), 0};
  if (y.size() != x.size())
    throw OpError{fmt::format("matmul of {} and {}: the operands need the same rank", to_string(x), to_string(y)), 1};
  for (std::size_t i = 0; i + 2 < x.size(); ++i)
    if (x[i] != y[i])
      throw OpError{fmt::format("matmul of {} and {}: the leading axes must be equal (axis {})", to_string(x), to_string(y), i), 1};
  const std::int64_t k = x.back();
  const std::int64_t kb = a.transpose_b ? y.back() : y[y.size() - 2];
  const std::int64_t nb = a.transpose_b ? y[y.size() - 2] : y.back();
  if (kb != k)
    throw OpError{fmt::format("matmul of {} and {}{}: {} columns of the first against {} rows of the second", to_string(x),
                              to_string(y), a.transpose_b ? " (transposed)" : "", k, kb),
                  1};
  Shape out = x;
  out.back() = nb;
  return out;
}

}  // namespace aiem::ir
