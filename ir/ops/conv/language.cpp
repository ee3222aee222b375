// The convolution family in the language (docs/language.md, "Convolution and pooling"): conv1d,
// conv2d, maxpool, avgpool and global_avgpool (a reduce_mean over the spatial axes).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "dsl/sema/op_call.hpp"
#include "ir/limits.hpp"
#include "ir/ops/conv/conv.hpp"
#include "ir/ops/normalization/normalization.hpp"

namespace aiem::sema {
namespace {

// One entry per spatial axis: `arg: 3` or `arg: [3, 3]` (one value for every axis, or one each).
std::optional<std::vector<std::int64_t>> per_axis(OpCall& c, std::string_view arg, std::size_t axes,
                                                  std::vector<std::int64_t> fallback) {
  if (!c.has(arg)) return fallback;
  auto v = c.integer_or_list(arg, fmt::format("{} is an integer or a list of one per spatial axis: `{}: [2, 2]`", arg, arg));
  if (!v) return std::nullopt;
  if (v->size() == 1) return std::vector<std::int64_t>(axes, v->front());
  if (v->size() != axes) {
    c.error(c.where(arg), fmt::format("{} has {} entries; it needs 1 or {} (one per spatial axis)", arg, v->size(), axes));
    return std::nullopt;
  }
  return v;
}

// The window of a conv or pool over the input's spatial axes: kernel, stride (default `stride`),
// dilation, and padding (`padding: P` on both sides, `[P_h, P_w]`, `[before..., after...]`, or
// `same: 1`: the output length ceil(in / stride), the odd element of padding after).
std::optional<ir::Window> window(OpCall& c, const ir::Shape& x, std::size_t axes, bool stride_is_kernel) {
  if (x.size() != axes + 2) {
    c.error(c.where("x"), fmt::format("{} reads [batch, {}channels]; '{}' is {}", c.op(), axes == 2 ? "height, width, " : "length, ",
                                      "x", ir::to_string(x)));
    return std::nullopt;
  }
  ir::Window w;
  auto kernel = per_axis(c, "kernel", axes, {});
  if (!kernel) return std::nullopt;
  w.kernel = *kernel;
  auto stride = per_axis(c, "stride", axes, stride_is_kernel ? w.kernel : std::vector<std::int64_t>(axes, 1));
  auto dilation = stride ? per_axis(c, "dilation", axes, std::vector<std::int64_t>(axes, 1)) : std::nullopt;
  if (!dilation) return std::nullopt;
  w.stride = *stride;
  w.dilation = *dilation;
  w.before.assign(axes, 0);
  w.after.assign(axes, 0);
  if (c.has("padding") && c.has("same")) {
    c.error(c.where("same"), "give padding or same, not both");
    return std::nullopt;
  }
  if (c.has("padding")) {
    auto p = c.integer_or_list("padding", "padding is an integer or a list: `padding: [1, 1]` (per axis) or `[1, 1, 0, 0]` "
                                          "(before each axis, then after each)");
    if (!p) return std::nullopt;
    if (p->size() == 1 || p->size() == axes) {
      for (std::size_t i = 0; i < axes; ++i) w.before[i] = w.after[i] = (*p)[p->size() == 1 ? 0 : i];
    } else if (p->size() == 2 * axes) {
      for (std::size_t i = 0; i < axes; ++i) w.before[i] = (*p)[i], w.after[i] = (*p)[axes + i];
    } else {
      c.error(c.where("padding"), fmt::format("padding has {} entries; it needs 1, {} or {}", p->size(), axes, 2 * axes));
      return std::nullopt;
    }
  }
  if (c.has("same")) {
    auto s = c.integer("same");
    if (!s) return std::nullopt;
    if (*s != 0 && *s != 1) {
      c.error(c.where("same"), fmt::format("same is 0 or 1, got {}", *s));
      return std::nullopt;
    }
    if (*s == 1) ir::same_padding(w, {x.begin() + 1, x.end() - 1}, true);
  }
  if (auto why = ir::window_problem(w, {x.begin() + 1, x.end() - 1}); !why.empty()) {
    c.error(c.loc(), fmt::format("{}: {}", c.op(), why));
    return std::nullopt;
  }
  return w;
}

std::optional<OpElaboration> conv(OpCall& c, std::size_t axes) {
  auto x = c.tensor("x");
  auto channels = x ? c.integer("channels") : std::nullopt;
  if (!channels) return std::nullopt;
  // A copy: adding the parameters below grows the value table and would invalidate a reference.
  const ir::TensorType xt = c.graph().value(*x).type;
  auto w = window(c, xt.shape, axes, false);
  if (!w) return std::nullopt;
  ir::ConvAttrs attrs;
  attrs.window = *w;
  attrs.channels = *channels;
  if (c.has("groups")) {
    auto g = c.integer("groups");
    if (!g) return std::nullopt;
    attrs.groups = *g;
  }
  const std::int64_t cin = xt.shape.back();
  if (attrs.channels < 1 || attrs.channels > limits::kTensorElements / std::max<std::int64_t>(xt.elements() / cin, 1)) {
    c.error(c.where("channels"), fmt::format("{} needs 1 .. {} output channels here, got {}", c.op(),
                                             limits::kTensorElements / std::max<std::int64_t>(xt.elements() / cin, 1),
                                             attrs.channels));
    return std::nullopt;
  }
  if (attrs.groups < 1 || cin % attrs.groups != 0 || attrs.channels % attrs.groups != 0) {
    c.error(c.has("groups") ? c.where("groups") : c.loc(),
            fmt::format("groups {} must divide the {} input and the {} output channels", attrs.groups, cin, attrs.channels));
    return std::nullopt;
  }
  ir::Shape wshape(w->kernel.begin(), w->kernel.end());
  wshape.push_back(cin / attrs.groups);
  wshape.push_back(attrs.channels);
  if (w->positions() * (cin / attrs.groups) > limits::kTensorElements / attrs.channels) {
    c.error(c.loc(), fmt::format("{}'s weights {} hold more than {} elements (the limit)", c.op(), ir::to_string(wshape),
                                 limits::kTensorElements));
    return std::nullopt;
  }
  OpElaboration e;
  e.inputs = {*x};
  auto wv = c.parameter("w", wshape, xt.format);
  if (!wv) return std::nullopt;
  e.inputs.push_back(*wv);
  if (!accumulation_arguments(c, xt.format, attrs.channels, e, attrs.has_bias, attrs.scale, attrs.zero))
    return std::nullopt;
  e.attrs = attrs;
  return e;
}

std::optional<OpElaboration> pool(OpCall& c, ir::PoolFn fn) {
  auto x = c.tensor("x");
  if (!x) return std::nullopt;
  const ir::TensorType xt = c.graph().value(*x).type;
  if (xt.shape.size() != 3 && xt.shape.size() != 4) {
    c.error(c.where("x"), fmt::format("{} reads [batch, length, channels] or [batch, height, width, channels]; '{}' is {}",
                                      c.op(), "x", ir::to_string(xt.shape)));
    return std::nullopt;
  }
  auto w = window(c, xt.shape, xt.shape.size() - 2, true);
  if (!w) return std::nullopt;
  ir::PoolAttrs attrs;
  attrs.fn = fn;
  attrs.window = *w;
  if (c.has("count_include_pad")) {
    auto k = c.integer("count_include_pad");
    if (!k) return std::nullopt;
    if (*k != 0 && *k != 1) {
      c.error(c.where("count_include_pad"), fmt::format("count_include_pad is 0 or 1, got {}", *k));
      return std::nullopt;
    }
    attrs.count_include_pad = *k == 1;
  }
  return OpElaboration{{*x}, attrs, c.declared().value_or(xt.format)};
}

// The mean over every spatial axis: [B, (H,) W, C] -> [B, C].
std::optional<OpElaboration> global_avgpool(OpCall& c) {
  auto x = c.tensor("x");
  if (!x) return std::nullopt;
  const ir::TensorType& xt = c.graph().value(*x).type;
  if (xt.shape.size() != 3 && xt.shape.size() != 4) {
    c.error(c.where("x"), fmt::format("global_avgpool reads [batch, length, channels] or [batch, height, width, channels]; "
                                      "'{}' is {}",
                                      "x", ir::to_string(xt.shape)));
    return std::nullopt;
  }
  ir::ReduceAttrs attrs;
  attrs.fn = ir::ReduceFn::mean;
  for (int a = 1; a + 1 < int(xt.shape.size()); ++a) attrs.axes.push_back(a);
  return OpElaboration{{*x}, attrs, c.declared().value_or(xt.format)};
}

std::vector<ArgSpec> window_args() {
  return {{"kernel", ArgKind::IntegerList, true, false},
          {"stride", ArgKind::IntegerList, false, false},
          {"dilation", ArgKind::IntegerList, false, false},
          {"padding", ArgKind::IntegerList, false, false},
          {"same", ArgKind::Integer, false, false}};
}

Signature conv_signature(std::string name) {
  Signature s{std::move(name), {{"x", ArgKind::Tensor, true, true}, {"channels", ArgKind::Integer, true, true}}};
  for (auto& a : window_args()) s.args.push_back(a);
  for (ArgSpec a : std::vector<ArgSpec>{{"groups", ArgKind::Integer, false, false},
                                        {"w", ArgKind::Parameter, false, false},
                                        {"b", ArgKind::Parameter, false, false},
                                        {"scale", ArgKind::Scale, false, false},
                                        {"zero", ArgKind::Integer, false, false}})
    s.args.push_back(a);
  return s;
}

Signature pool_signature(std::string name) {
  Signature s{std::move(name), {{"x", ArgKind::Tensor, true, true}}};
  for (auto& a : window_args()) s.args.push_back(a);
  s.args.push_back({"count_include_pad", ArgKind::Integer, false, false});
  return s;
}

}  // namespace

std::vector<OpLanguage> conv_language() {
  return {{conv_signature("conv1d"), [](OpCall& c) { return conv(c, 1); }},
          {conv_signature("conv2d"), [](OpCall& c) { return conv(c, 2); }},
          {pool_signature("maxpool"), [](OpCall& c) { return pool(c, ir::PoolFn::max); }},
          {pool_signature("avgpool"), [](OpCall& c) { return pool(c, ir::PoolFn::avg); }},
          {{"global_avgpool", {{"x", ArgKind::Tensor, true, true}}}, global_avgpool}};
}

}  // namespace aiem::sema
