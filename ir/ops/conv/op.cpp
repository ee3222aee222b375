// The convolution family's IR ops (conv, maxpool, avgpool): names, printing and shape rules.
#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "ir/aiem_syntax.hpp"
#include "ir/limits.hpp"
#include "ir/ops/conv/conv.hpp"
#include "ir/ops/shape_rules.hpp"

namespace aiem::ir {
namespace {

// The spatial sizes of x [B, spatial..., C] for a window of `axes` axes, or an OpError.
std::vector<std::int64_t> spatial_of(const Shape& x, std::size_t axes, std::string_view op) {
  if (x.size() != axes + 2)
    throw OpError{fmt::format("{} of {} spatial axis(es) reads [batch, {}channels]; the input is {}", op, axes,
                              axes == 2 ? "height, width, " : "length, ", to_string(x)),
                  0};
  return {x.begin() + 1, x.end() - 1};
}

// The result's shape, within the bounds of ir/limits.hpp: its elements, and its work (`per_result`
// products or reads for each).
Shape window_result(const Shape& x, const Window& w, std::int64_t channels, std::int64_t per_result, std::string_view op) {
  Shape out{x[0]};
  for (std::size_t i = 0; i < w.axes(); ++i) out.push_back(window_output(x[i + 1], w, i));
  out.push_back(channels);
  std::int64_t elements = 1;
  for (auto d : out) {
    d = std::max<std::int64_t>(d, 1);  // an importer's batch is 0 until it is known
    if (d > limits::kTensorElements / elements)
      throw OpError{fmt::format("{}: the result {} holds more than {} elements (the limit)", op, to_string(out),
                                limits::kTensorElements)};
    elements *= d;
  }
  if (per_result > limits::kWindowWork / elements)
    throw OpError{fmt::format("{}: {} results of {} products or reads each exceed the limit of {} (ir/limits.hpp)", op,
                              elements, per_result, limits::kWindowWork)};
  return out;
}

}  // namespace

std::string_view op_label(const ConvAttrs& a) { return a.window.axes() == 2 ? "conv2d" : "conv1d"; }

std::string attrs_text(const ConvAttrs& a) {
  std::string s = fmt::format(" channels={}{}", a.channels, window_text(a.window));
  if (a.groups != 1) s += fmt::format(" groups={}", a.groups);
  if (!a.scale.empty()) s += " scale=" + scale_text(a.scale);
  if (a.zero != 0) s += fmt::format(" zero={}", a.zero);
  if (a.relu) s += " relu";
  if (a.acc) s += fmt::format(" acc=int{}/frac{}", a.acc->bits, a.acc->frac);
  return s;
}

Shape infer_shape(const Graph& g, const Node& n, const ConvAttrs& a) {
  const std::string_view op = op_label(a);
  const std::size_t want = a.has_bias ? 3 : 2;
  if (n.inputs.size() != want) throw OpError{fmt::format("{} expects {} operands, has {}", op, want, n.inputs.size())};
  const Shape& x = g.value(n.inputs[0]).type.shape;
  const auto spatial = spatial_of(x, a.window.axes(), op);
  if (auto why = window_problem(a.window, spatial); !why.empty()) throw OpError{fmt::format("{}: {}", op, why), 0};
  const std::int64_t c = x.back();
  if (a.channels < 1) throw OpError{fmt::format("{} needs at least 1 output channel, got {}", op, a.channels)};
  if (a.groups < 1 || c % a.groups != 0 || a.channels % a.groups != 0)
    throw OpError{fmt::format("{}: groups {} must divide the {} input and the {} output channels", op, a.groups, c, a.channels)};
  Shape w(a.window.kernel.begin(), a.window.kernel.end());
  w.push_back(c / a.groups);
  w.push_back(a.channels);
  if (g.value(n.inputs[1]).type.shape != w)
    throw OpError{fmt::format("{} weights must have shape {} (kernel, input channels per group, output channels), have {}",
                              op, to_string(w), to_string(g.value(n.inputs[1]).type.shape)),
                  1};
  if (a.has_bias && g.value(n.inputs[2]).type.shape != Shape{a.channels})
    throw OpError{fmt::format("{} bias must have shape [{}], has {}", op, a.channels, to_string(g.value(n.inputs[2]).type.shape)),
                  2};
  if (a.scale.size() > 1 && std::int64_t(a.scale.size()) != a.channels)
    throw OpError{fmt::format("{} scale has {} entries; it needs 1 or one per output channel ({})", op, a.scale.size(),
                              a.channels)};
  for (const auto& m : a.scale)
    if (m.multiplier <= 0) throw OpError{fmt::format("{} scale multiplier must be positive, got {}", op, m.multiplier)};
  return window_result(x, a.window, a.channels, a.window.positions() * (c / a.groups), op);
}

std::string aiem_statement(const Graph& g, const Node& n, const ConvAttrs& a) {
  std::string args = fmt::format("{}, {}, {}", g.value(n.inputs[0]).name, a.channels, window_arguments(a.window));
  if (a.groups != 1) args += fmt::format(", groups: {}", a.groups);
  args += fmt::format(", w: {}", type_text(g.value(n.inputs[1]).type.format));
  if (a.has_bias) args += fmt::format(", b: {}", type_text(g.value(n.inputs[2]).type.format));
  if (!a.scale.empty()) args += fmt::format(", scale: {}", scale_text(a.scale));
  if (a.zero != 0) args += fmt::format(", zero: {}", a.zero);
  return fmt::format("  {} = {}({}) -> {}{}\n", n.name, op_label(a), args, type_text(g.value(n.outputs[0]).type.format),
                     a.relu ? " |> relu" : "");
}

std::string_view op_label(const PoolAttrs& a) { return a.fn == PoolFn::max ? "maxpool" : "avgpool"; }

std::string attrs_text(const PoolAttrs& a) {
  return window_text(a.window) + (a.count_include_pad ? " count_include_pad" : "");
}

Shape infer_shape(const Graph& g, const Node& n, const PoolAttrs& a) {
  const std::string_view op = op_label(a);
  if (n.inputs.size() != 1) throw OpError{fmt::format("{} expects 1 operand, has {}", op, n.inputs.size())};
  const Shape& x = g.value(n.inputs[0]).type.shape;
  const auto spatial = spatial_of(x, a.window.axes(), op);
  if (auto why = window_problem(a.window, spatial); !why.empty()) throw OpError{fmt::format("{}: {}", op, why), 0};
  for (std::size_t i = 0; i < a.window.axes(); ++i) {
    const std::int64_t span = a.window.dilation[i] * (a.window.kernel[i] - 1) + 1;
    if (a.window.before[i] >= span || a.window.after[i] >= span)
      throw OpError{fmt::format("{}: padding {} / {} of spatial axis {} is not smaller than its window ({} elements), so "
                                "a window could hold padding only",
                                op, a.window.before[i], a.window.after[i], i + 1, span)};
  }
  return window_result(x, a.window, x.back(), a.window.positions(), op);
}

std::string aiem_statement(const Graph& g, const Node& n, const PoolAttrs& a) {
  return fmt::format("  {} = {}({}, {}{}) -> {}\n", n.name, op_label(a), g.value(n.inputs[0]).name,
                     window_arguments(a.window), a.count_include_pad ? ", count_include_pad: 1" : "",
                     type_text(g.value(n.outputs[0]).type.format));
}

}  // namespace aiem::ir
