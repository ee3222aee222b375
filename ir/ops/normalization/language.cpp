// The normalization family in the language (docs/language.md, "Normalization"): signatures and the
// rules from a call to a node (dsl/sema/op_call.hpp).
#include <fmt/format.h>

#include "dsl/sema/op_call.hpp"

namespace aiem::sema {
namespace {

std::optional<OpElaboration> reduce(OpCall& c, ir::ReduceFn fn) {
  auto x = c.tensor("x");
  if (!x) return std::nullopt;
  ir::ReduceAttrs attrs;
  attrs.fn = fn;
  attrs.axes = {-1};
  if (c.has("axes")) {
    auto axes = c.integers("axes", "axes is a list of axes: `reduce_mean(x, axes: [1])`");
    if (!axes) return std::nullopt;
    attrs.axes.assign(axes->begin(), axes->end());
  }
  if (c.has("keepdims")) {
    auto k = c.integer("keepdims");
    if (!k) return std::nullopt;
    if (*k != 0 && *k != 1) {
      c.error(c.where("keepdims"), fmt::format("keepdims is 0 or 1, got {}", *k));
      return std::nullopt;
    }
    attrs.keepdims = *k == 1;
  }
  return OpElaboration{{*x}, attrs, c.declared().value_or(c.graph().value(*x).type.format)};
}

std::optional<OpElaboration> softmax(OpCall& c) {
  auto x = c.tensor("x");
  if (!x) return std::nullopt;
  ir::SoftmaxAttrs attrs;
  if (c.has("axis")) {
    auto ax = c.integer("axis");
    if (!ax) return std::nullopt;
    attrs.axis = int(*ax);
  }
  if (c.has("reciprocal")) {
    auto r = c.integer("reciprocal");
    if (!r) return std::nullopt;
    if (*r != 0 && *r != 1) {
      c.error(c.where("reciprocal"), fmt::format("reciprocal is 0 (a division per element) or 1 (one reciprocal per line), got {}", *r));
      return std::nullopt;
    }
    attrs.reciprocal = *r == 1;
  }
  // Without a written type the result is a probability in the input's width: ufixed<W, 0>.
  const num::FixedFormat in = c.graph().value(*x).type.format;
  const num::FixedFormat fallback{in.width, 0, false, num::Rounding::RND_CONV, num::Overflow::SAT};
  return OpElaboration{{*x}, attrs, c.declared().value_or(fallback)};
}

std::optional<OpElaboration> norm(OpCall& c, ir::NormFn fn) {
  auto x = c.tensor("x");
  if (!x) return std::nullopt;
  const ir::TensorType xt = c.graph().value(*x).type;
  OpElaboration e{{*x}, {}, c.declared().value_or(xt.format)};
  ir::NormAttrs attrs;
  attrs.fn = fn;
  // The gain and bias default to int16 codes with 12 fractional bits (|gamma| < 8).
  const num::FixedFormat param{16, 4, true, num::Rounding::RND_CONV, num::Overflow::SAT};
  for (const char* name : {"gamma", "beta"}) {
    if (!c.has(name)) continue;
    auto p = c.parameter(name, {xt.shape.back()}, param);
    if (!p) return std::nullopt;
    e.inputs.push_back(*p);
    (std::string_view(name) == "gamma" ? attrs.has_gamma : attrs.has_beta) = true;
  }
  if (c.has("eps")) {
    auto eps = c.real("eps");
    if (!eps) return std::nullopt;
    attrs.eps = *eps;
  }
  e.attrs = attrs;
  return e;
}

}  // namespace

std::vector<OpLanguage> normalization_language() {
  const ArgSpec x{"x", ArgKind::Tensor, true, true};
  const std::vector<ArgSpec> reduce_args{x, {"axes", ArgKind::IntegerList, false, false}, {"keepdims", ArgKind::Integer, false, false}};
  auto red = [](ir::ReduceFn fn) { return [fn](OpCall& c) { return reduce(c, fn); }; };
  auto nrm = [](ir::NormFn fn) { return [fn](OpCall& c) { return norm(c, fn); }; };
  return {
      {{"reduce_sum", reduce_args}, red(ir::ReduceFn::sum)},
      {{"reduce_mean", reduce_args}, red(ir::ReduceFn::mean)},
      {{"reduce_max", reduce_args}, red(ir::ReduceFn::max)},
      {{"softmax", {x, {"axis", ArgKind::Integer, false, false}, {"reciprocal", ArgKind::Integer, false, false}}}, softmax},
      {{"layernorm",
        {x, {"gamma", ArgKind::Parameter, false, false}, {"beta", ArgKind::Parameter, false, false},
         {"eps", ArgKind::Real, false, false}}},
       nrm(ir::NormFn::layernorm)},
      {{"rmsnorm", {x, {"gamma", ArgKind::Parameter, false, false}, {"eps", ArgKind::Real, false, false}}},
       nrm(ir::NormFn::rmsnorm)},
  };
}

}  // namespace aiem::sema
