// The data-movement IR ops: names, printing and shape rules of concat, slice, transpose, reshape.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cmath>

#include "ir/limits.hpp"
#include "ir/aiem_syntax.hpp"
#include "ir/ops/shape_rules.hpp"

namespace aiem::ir {

std::string_view op_label(const ConcatAttrs&) { return "concat"; }
std::string_view op_label(const SliceAttrs&) { return "slice"; }
std::string_view op_label(const TransposeAttrs&) { return "transpose"; }
std::string_view op_label(const ReshapeAttrs&) { return "reshape"; }
std::string_view op_label(const PadAttrs&) { return "pad"; }

std::string attrs_text(const ConcatAttrs& a) { return fmt::format(" axis={}", a.axis); }
std::string attrs_text(const SliceAttrs& a) {
  return fmt::format(" axis={} start={} end={} step={}", a.axis, a.start, a.end, a.step);
}
std::string attrs_text(const TransposeAttrs& a) { return fmt::format(" perm=[{}]", fmt::join(a.perm, ",")); }
std::string attrs_text(const ReshapeAttrs& a) { return fmt::format(" shape=[{}]", fmt::join(a.shape, ",")); }
std::string attrs_text(const PadAttrs& a) {
  return fmt::format(" before=[{}] after=[{}] value={} fill={}", fmt::join(a.before, ","), fmt::join(a.after, ","), a.value,
                     a.fill);
}

int resolve_axis(int axis, std::size_t rank) {
  const int r = int(rank);
  const int a = axis < 0 ? axis + r : axis;
  return a >= 0 && a < r ? a : -1;
}

Shape infer_shape(const Graph& g, const Node& n, const ConcatAttrs& a) {
  if (n.inputs.empty()) throw OpError{"concat needs at least one operand"};
  Shape out = g.value(n.inputs[0]).type.shape;
  const int ax = resolve_axis(a.axis, out.size());
  if (ax < 0) throw OpError{fmt::format("axis {} is outside a tensor of rank {}", a.axis, out.size())};
  if (ax == 0) throw OpError{"concat along the batch axis is not supported (axis 0)"};
  for (std::size_t i = 1; i < n.inputs.size(); ++i) {
    const Shape& s = g.value(n.inputs[i]).type.shape;
    bool same = s.size() == out.size();
    for (std::size_t k = 0; same && k < s.size(); ++k) same = int(k) == ax || s[k] == out[k];
    if (!same)
      throw OpError{fmt::format("operand {} has shape {}; concat along axis {} needs {} on every other axis", i,
                                to_string(s), a.axis, to_string(out)),
                    int(i)};
    out[std::size_t(ax)] += s[std::size_t(ax)];
  }
  return out;
}

Shape infer_shape(const Graph& g, const Node& n, const SliceAttrs& a) {
  if (n.inputs.size() != 1) throw OpError{fmt::format("slice expects 1 operand, has {}", n.inputs.size())};
  Shape s = g.value(n.inputs[0]).type.shape;
  const int ax = resolve_axis(a.axis, s.size());
  if (ax < 0) throw OpError{fmt::format("axis {} is outside a tensor of rank {}", a.axis, s.size())};
  if (ax == 0) throw OpError{"slicing the batch axis is not supported (axis 0)"};
  const std::int64_t d = s[std::size_t(ax)];
  if (a.step < 1) throw OpError{fmt::format("slice step {} must be at least 1", a.step)};
  if (a.start < 0 || a.start >= a.end || a.end > d)
    throw OpError{fmt::format("slice [{}:{}] is not a non-empty range of the {} elements of axis {}", a.start, a.end, d,
                              a.axis),
                  0};
  s[std::size_t(ax)] = (a.end - a.start - 1) / a.step + 1;  // ceil without overflow for any step
  return s;
}

Shape infer_shape(const Graph& g, const Node& n, const TransposeAttrs& a) {
  if (n.inputs.size() != 1) throw OpError{fmt::format("transpose expects 1 operand, has {}", n.inputs.size())};
  const Shape& s = g.value(n.inputs[0]).type.shape;
  std::vector<bool> seen(s.size(), false);
  bool ok = a.perm.size() == s.size();
  for (int p : a.perm) {
    ok = ok && p >= 0 && p < int(s.size()) && !seen[std::size_t(p)];
    if (ok) seen[std::size_t(p)] = true;
  }
  if (!ok)
    throw OpError{fmt::format("perm [{}] is not a permutation of the {} axes of {}", fmt::join(a.perm, ", "), s.size(),
                              to_string(s)),
                  0};
  if (a.perm[0] != 0) throw OpError{"transpose keeps the batch axis first (perm[0] = 0)"};
  Shape out;
  for (int p : a.perm) out.push_back(s[std::size_t(p)]);
  return out;
}

Shape infer_shape(const Graph& g, const Node& n, const ReshapeAttrs& a) {
  if (n.inputs.size() != 1) throw OpError{fmt::format("reshape expects 1 operand, has {}", n.inputs.size())};
  const Shape& s = g.value(n.inputs[0]).type.shape;
  std::int64_t per_sample = 1, want = 1;
  for (std::size_t k = 1; k < s.size(); ++k) per_sample *= s[k];
  for (auto d : a.shape) {
    if (d < 1) throw OpError{fmt::format("shape [{}] has a dimension below 1", fmt::join(a.shape, ", "))};
    want *= d;
  }
  if (a.shape.empty() || want != per_sample)
    throw OpError{fmt::format("shape [{}] holds {} elements per sample, {} has {}", fmt::join(a.shape, ", "), want,
                              to_string(s), per_sample),
                  0};
  Shape out{s.empty() ? 1 : s[0]};
  out.insert(out.end(), a.shape.begin(), a.shape.end());
  return out;
}

Shape infer_shape(const Graph& g, const Node& n, const PadAttrs& a) {
  if (n.inputs.size() != 1) throw OpError{fmt::format("pad expects 1 operand, has {}", n.inputs.size())};
  const Shape& s = g.value(n.inputs[0]).type.shape;
  const std::size_t axes = s.empty() ? 0 : s.size() - 1;
  if (a.before.size() != axes || a.after.size() != axes)
    throw OpError{fmt::format("pad needs before and after for each of the {} axes of a sample of {}, has {} and {}", axes,
                              to_string(s), a.before.size(), a.after.size()),
                  0};
  if (!std::isfinite(a.value)) throw OpError{"pad's value must be a finite number"};
  Shape out = s;
  for (std::size_t i = 0; i < axes; ++i) {
    if (a.before[i] < 0 || a.after[i] < 0 || a.before[i] > limits::kTensorElements || a.after[i] > limits::kTensorElements)
      throw OpError{fmt::format("pad sizes must be between 0 and {}, axis {} has {} and {}", limits::kTensorElements, i + 1,
                                a.before[i], a.after[i])};
    out[i + 1] += a.before[i] + a.after[i];
  }
  std::int64_t elements = 1;
  for (auto d : out) {
    if (d > limits::kTensorElements / std::max<std::int64_t>(elements, 1))
      throw OpError{fmt::format("the padded tensor {} has more than {} elements (the limit)", to_string(out),
                                limits::kTensorElements)};
    elements *= d;
  }
  return out;
}

std::string aiem_statement(const Graph& g, const Node& n, const ConcatAttrs& c) {
  std::vector<std::string> parts;
  bool converts = false;
  for (ValueId i : n.inputs) {
    parts.push_back(g.value(i).name);
    converts = converts || g.value(i).type.format != g.value(n.outputs[0]).type.format;
  }
  return fmt::format("  {} = concat([{}], axis: {}){}\n", n.name, fmt::join(parts, ", "), c.axis,
                     converts ? " -> " + type_text(g.value(n.outputs[0]).type.format) : "");
}

std::string aiem_statement(const Graph& g, const Node& n, const SliceAttrs& s) {
  return fmt::format("  {} = slice({}, start: {}, end: {}{}, axis: {})\n", n.name, g.value(n.inputs[0]).name, s.start,
                     s.end, s.step != 1 ? fmt::format(", step: {}", s.step) : "", s.axis);
}

std::string aiem_statement(const Graph& g, const Node& n, const TransposeAttrs& t) {
  return fmt::format("  {} = transpose({}, perm: [{}])\n", n.name, g.value(n.inputs[0]).name, fmt::join(t.perm, ", "));
}

std::string aiem_statement(const Graph& g, const Node& n, const ReshapeAttrs& r) {
  return fmt::format("  {} = reshape({}, shape: [{}])\n", n.name, g.value(n.inputs[0]).name, fmt::join(r.shape, ", "));
}

std::string aiem_statement(const Graph& g, const Node& n, const PadAttrs& p) {
  return fmt::format("  {} = pad({}, before: [{}], after: [{}], value: {})\n", n.name, g.value(n.inputs[0]).name,
                     fmt::join(p.before, ", "), fmt::join(p.after, ", "), p.value);
}

}  // namespace aiem::ir
