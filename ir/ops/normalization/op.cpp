// The normalization IR ops: names, printing and shape rules of the reductions, softmax and the
// normalizers.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "ir/aiem_syntax.hpp"
#include "ir/diag/diagnostic.hpp"
#include "ir/ops/shape_rules.hpp"

namespace aiem::ir {

std::string_view reduce_name(ReduceFn f) {
  switch (f) {
    case ReduceFn::sum: return "reduce_sum";
    case ReduceFn::mean: return "reduce_mean";
    case ReduceFn::max: return "reduce_max";
  }
  throw InternalError("reduce_name: unknown function");
}

std::string_view norm_name(NormFn f) {
  switch (f) {
    case NormFn::layernorm: return "layernorm";
    case NormFn::rmsnorm: return "rmsnorm";
  }
  throw InternalError("norm_name: unknown function");
}

std::string_view op_label(const ReduceAttrs& a) { return reduce_name(a.fn); }
std::string_view op_label(const SoftmaxAttrs&) { return "softmax"; }
std::string_view op_label(const NormAttrs& a) { return norm_name(a.fn); }

std::string attrs_text(const ReduceAttrs& a) {
  return fmt::format(" axes=[{}]{}", fmt::join(a.axes, ","), a.keepdims ? " keepdims" : "");
}
std::string attrs_text(const SoftmaxAttrs& a) {
  return fmt::format(" axis={}{}{}", a.axis, a.reciprocal ? " reciprocal" : "",
                     a.exp_table.empty() ? "" : fmt::format(" exp_table={}", a.exp_table.size()));
}
std::string attrs_text(const NormAttrs& a) {
  std::string s = fmt::format(" eps={}", a.eps);
  if (a.has_gamma) s += " gamma";
  if (a.has_beta) s += " beta";
  if (a.guard_bits >= 0) s += fmt::format(" guard={} eps_term={}", a.guard_bits, a.eps_term);
  return s;
}

Shape infer_shape(const Graph& g, const Node& n, const ReduceAttrs& a) {
  if (n.inputs.size() != 1) throw OpError{fmt::format("{} expects 1 operand, has {}", reduce_name(a.fn), n.inputs.size())};
  const Shape& s = g.value(n.inputs[0]).type.shape;
  if (a.axes.empty()) throw OpError{"axes lists at least one axis", 0};
  std::vector<bool> reduced(s.size(), false);
  for (int axis : a.axes) {
    const int ax = resolve_axis(axis, s.size());
    if (ax < 0) throw OpError{fmt::format("axis {} is outside the {} axes of {}", axis, s.size(), to_string(s)), 0};
    if (ax == 0) throw OpError{"the batch axis (0) cannot be reduced", 0};
    if (reduced[std::size_t(ax)]) throw OpError{fmt::format("axis {} is listed twice", axis), 0};
    reduced[std::size_t(ax)] = true;
  }
  Shape out;
  for (std::size_t i = 0; i < s.size(); ++i)
    if (!reduced[i]) out.push_back(s[i]);
    else if (a.keepdims) out.push_back(1);
  if (out.size() == 1) out.push_back(1);  // a sample keeps one axis: [B] is [B, 1]
  return out;
}

Shape infer_shape(const Graph& g, const Node& n, const SoftmaxAttrs& a) {
  if (n.inputs.size() != 1) throw OpError{fmt::format("softmax expects 1 operand, has {}", n.inputs.size())};
  const Shape& s = g.value(n.inputs[0]).type.shape;
  const int ax = resolve_axis(a.axis, s.size());
  if (ax < 0) throw OpError{fmt::format("axis {} is outside the {} axes of {}", a.axis, s.size(), to_string(s)), 0};
  if (ax == 0) throw OpError{"softmax over the batch axis (0) mixes samples", 0};
  return s;
}

Shape infer_shape(const Graph& g, const Node& n, const NormAttrs& a) {
  const std::size_t want = 1 + a.has_gamma + a.has_beta;
  if (n.inputs.size() != want)
    throw OpError{fmt::format("{} expects {} operands, has {}", norm_name(a.fn), want, n.inputs.size())};
  if (a.fn == NormFn::rmsnorm && a.has_beta) throw OpError{"rmsnorm has no bias"};
  const Shape& s = g.value(n.inputs[0]).type.shape;
  if (s.size() < 2) throw OpError{fmt::format("{} normalizes the last axis of a sample; {} has none", norm_name(a.fn), to_string(s)), 0};
  for (std::size_t i = 1; i < n.inputs.size(); ++i) {
    const Shape& p = g.value(n.inputs[i]).type.shape;
    if (p != Shape{s.back()})
      throw OpError{fmt::format("{} is {}; it needs one value per element of the last axis, [{}]", i == 1 && a.has_gamma ? "gamma" : "beta",
                                to_string(p), s.back()),
                    int(i)};
  }
  if (!(a.eps >= 0) || a.eps > 1e6) throw OpError{fmt::format("eps must be between 0 and 1e6, got {}", a.eps)};
  return s;
}

std::string aiem_statement(const Graph& g, const Node& n, const ReduceAttrs& a) {
  return fmt::format("  {} = {}({}, axes: [{}]{}) -> {}\n", n.name, reduce_name(a.fn), g.value(n.inputs[0]).name,
                     fmt::join(a.axes, ", "), a.keepdims ? ", keepdims: 1" : "", type_text(g.value(n.outputs[0]).type.format));
}

std::string aiem_statement(const Graph& g, const Node& n, const SoftmaxAttrs& a) {
  return fmt::format("  {} = softmax({}, axis: {}{}) -> {}\n", n.name, g.value(n.inputs[0]).name, a.axis,
                     a.reciprocal ? ", reciprocal: 1" : "", type_text(g.value(n.outputs[0]).type.format));
}

std::string aiem_statement(const Graph& g, const Node& n, const NormAttrs& a) {
  std::string params;
  std::size_t i = 1;
  if (a.has_gamma) params += fmt::format(", gamma: {}", type_text(g.value(n.inputs[i++]).type.format));
  if (a.has_beta) params += fmt::format(", beta: {}", type_text(g.value(n.inputs[i++]).type.format));
  return fmt::format("  {} = {}({}{}, eps: {}) -> {}\n", n.name, norm_name(a.fn), g.value(n.inputs[0]).name, params, a.eps,
                     type_text(g.value(n.outputs[0]).type.format));
}

}  // namespace aiem::ir
