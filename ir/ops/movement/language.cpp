// The data-movement family in the language (docs/language.md, "Data movement"): signatures and the
// rules from a call to a node (dsl/sema/op_call.hpp). These ops keep their input's type, so a
// written result type other than it is an error.
#include <fmt/format.h>

#include "dsl/sema/op_call.hpp"

namespace aiem::sema {
namespace {

// The single input of a moving op, and the check that the call does not ask for a conversion.
std::optional<ir::ValueId> moved(OpCall& c) {
  auto x = c.tensor("x");
  if (!x) return std::nullopt;
  const num::FixedFormat f = c.graph().value(*x).type.format;
  if (c.declared() && *c.declared() != f) {
    c.error(c.loc(), fmt::format("{} moves data and keeps the type {}; it cannot convert to {}", c.op(),
                                 num::to_string(f), num::to_string(*c.declared())));
    return std::nullopt;
  }
  return x;
}

OpElaboration keeping(OpCall& c, ir::ValueId x, ir::OpAttrs attrs) {
  return {{x}, std::move(attrs), c.graph().value(x).type.format};
}

std::optional<OpElaboration> concat(OpCall& c) {
  if (c.chained()) {
    c.error(c.loc(), "concat takes a list of tensors, `concat([a, b], axis: -1)`, not a |> chain");
    return std::nullopt;
  }
  auto xs = c.tensors("xs");
  if (!xs) return std::nullopt;
  ir::ConcatAttrs attrs;
  if (c.has("axis")) {
    auto ax = c.integer("axis");
    if (!ax) return std::nullopt;
    attrs.axis = int(*ax);
  }
  // Concat converts parts of other types to the result type: the first part's unless written.
  return OpElaboration{*xs, attrs, c.declared().value_or(c.graph().value(xs->front()).type.format)};
}

std::optional<OpElaboration> transpose(OpCall& c) {
  auto x = moved(c);
  auto perm = x ? c.integers("perm", "perm is a list of axes: `transpose(x, perm: [0, 2, 1])`") : std::nullopt;
  if (!perm) return std::nullopt;
  ir::TransposeAttrs attrs;
  for (auto k : *perm) attrs.perm.push_back(int(k));
  return keeping(c, *x, attrs);
}

std::optional<OpElaboration> reshape(OpCall& c) {
  auto x = moved(c);
  auto shape = x ? c.integers("shape", "shape is a list of sizes per sample: `reshape(x, shape: [4, 8])`") : std::nullopt;
  if (!shape) return std::nullopt;
  return keeping(c, *x, ir::ReshapeAttrs{*shape});
}

std::optional<OpElaboration> pad(OpCall& c) {
  auto x = moved(c);
  if (!x) return std::nullopt;
  const char* usage = "is a list of sizes, one per axis of a sample: `pad(x, before: [0, 1], after: [0, 2])`";
  auto before = c.integers("before", fmt::format("before {}", usage));
  auto after = c.integers("after", fmt::format("after {}", usage));
  if (!before || !after) return std::nullopt;
  ir::PadAttrs attrs;
  attrs.before = *before;
  attrs.after = *after;
  if (c.has("value")) {
    auto v = c.real("value");
    if (!v) return std::nullopt;
    attrs.value = *v;
  }
  return keeping(c, *x, attrs);
}

std::optional<OpElaboration> slice(OpCall& c) {
  auto x = moved(c);
  if (!x) return std::nullopt;
  ir::SliceAttrs attrs;
  for (auto [name, dst] : {std::pair<const char*, std::int64_t*>{"start", &attrs.start}, {"end", &attrs.end},
                           {"step", &attrs.step}}) {
    if (!c.has(name)) continue;
    auto v = c.integer(name);
    if (!v) return std::nullopt;
    *dst = *v;
  }
  if (c.has("axis")) {
    auto ax = c.integer("axis");
    if (!ax) return std::nullopt;
    attrs.axis = int(*ax);
  }
  return keeping(c, *x, attrs);
}

}  // namespace

std::vector<OpLanguage> movement_language() {
  const ArgSpec x{"x", ArgKind::Tensor, true, true};
  return {
      {{"concat", {{"xs", ArgKind::TensorList, true, true}, {"axis", ArgKind::Integer, false, false}}}, concat},
      {{"transpose", {x, {"perm", ArgKind::IntegerList, true, false}}}, transpose},
      {{"reshape", {x, {"shape", ArgKind::IntegerList, true, false}}}, reshape},
      {{"pad",
        {x,
         {"before", ArgKind::IntegerList, true, false},
         {"after", ArgKind::IntegerList, true, false},
         {"value", ArgKind::Real, false, false}}},
       pad},
      {{"slice",
        {x,
         {"start", ArgKind::Integer, true, false},
         {"end", ArgKind::Integer, true, false},
         {"step", ArgKind::Integer, false, false},
         {"axis", ArgKind::Integer, false, false}}},
       slice},
  };
}

}  // namespace aiem::sema
