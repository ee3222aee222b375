// The elementwise family in the language (docs/language.md, "Elementwise ops"): signatures and the
// rules from a call to a node (dsl/sema/op_call.hpp).
#include <fmt/format.h>

#include <limits>

#include "dsl/sema/op_call.hpp"
#include "ir/ops/elementwise/lookup_functions.hpp"

namespace aiem::sema {
namespace {

std::optional<OpElaboration> relu(OpCall& c) {
  auto x = c.tensor("x");
  if (!x) return std::nullopt;
  return OpElaboration{{*x}, ir::ReluAttrs{}, c.declared().value_or(c.graph().value(*x).type.format)};
}

// add/sub/mul: the second operand is a tensor `b` (numpy broadcasting), or a constant `c: P` of one
// value per feature ([N]) broadcast over the rest.
std::optional<OpElaboration> binary(OpCall& c, ir::BinaryFn fn) {
  auto a = c.tensor("a");
  if (!a) return std::nullopt;
  if (c.has("b") == c.has("c")) {
    c.error(c.loc(), fmt::format("{} takes a second operand: a tensor `b`, or a constant `c: P` (one of them)", c.op()));
    return std::nullopt;
  }
  const ir::TensorType at = c.graph().value(*a).type;
  auto b = c.has("b") ? c.tensor("b") : c.parameter("c", {at.shape.back()}, at.format);
  if (!b) return std::nullopt;
  ir::BinaryAttrs attrs;
  attrs.fn = fn;
  return OpElaboration{{*a, *b}, attrs, c.declared().value_or(at.format)};
}

// The table ops: a named function (with its optional real parameters) or `lookup(x, table: P)`.
std::optional<OpElaboration> lookup(OpCall& c, ir::LookupFn fn) {
  auto x = c.tensor("x");
  if (!x) return std::nullopt;
  const num::FixedFormat in = c.graph().value(*x).type.format;
  OpElaboration e{{*x}, {}, c.declared().value_or(in)};
  auto real = [&](const char* name, double fallback) -> std::optional<double> {
    return c.has(name) ? c.real(name) : std::optional<double>(fallback);
  };
  ir::LookupAttrs attrs;
  attrs.fn = fn;
  auto alpha = real("alpha", fn == ir::LookupFn::hardsigmoid ? 1.0 / 6.0 : 0.01);
  auto beta = real("beta", 0.5);
  auto lo = real("min", -std::numeric_limits<double>::infinity());
  auto hi = real("max", std::numeric_limits<double>::infinity());
  if (!alpha || !beta || !lo || !hi) return std::nullopt;
  attrs.alpha = *alpha;
  attrs.beta = *beta;
  attrs.lo = *lo;
  attrs.hi = *hi;
  if (fn == ir::LookupFn::clip && !(*lo <= *hi)) {
    c.error(c.loc(), fmt::format("clip needs min <= max, got {} and {}", *lo, *hi));
    return std::nullopt;
  }
  if (fn == ir::LookupFn::table) {
    if (auto why = ir::table_problem(in); !why.empty()) {
      c.error(c.loc(), fmt::format("lookup: {}", why));
      return std::nullopt;
    }
    auto t = c.parameter("table", {in.max_code() - in.min_code() + 1}, e.result);
    if (!t) return std::nullopt;
    if (const num::FixedFormat tf = c.graph().value(*t).type.format; tf != e.result) {
      c.error(c.where("table"), fmt::format("the table's entries are {} but the result type is {}; they must be the same",
                                            num::to_string(tf), num::to_string(e.result)));
      return std::nullopt;
    }
    e.inputs.push_back(*t);
  }
  e.attrs = attrs;
  return e;
}

}  // namespace

std::vector<OpLanguage> elementwise_language() {
  const std::vector<ArgSpec> x{{"x", ArgKind::Tensor, true, true}};
  const std::vector<ArgSpec> two{
      {"a", ArgKind::Tensor, true, true}, {"b", ArgKind::Tensor, false, true}, {"c", ArgKind::Parameter, false, false}};
  auto with = [&](std::vector<ArgSpec> extra) {
    std::vector<ArgSpec> args = x;
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  };
  auto bin = [](ir::BinaryFn fn) { return [fn](OpCall& c) { return binary(c, fn); }; };
  auto table = [](ir::LookupFn fn) { return [fn](OpCall& c) { return lookup(c, fn); }; };
  using F = ir::LookupFn;
  return {
      {{"relu", x}, relu},
      {{"add", two}, bin(ir::BinaryFn::add)},
      {{"sub", two}, bin(ir::BinaryFn::sub)},
      {{"mul", two}, bin(ir::BinaryFn::mul)},
      {{"sigmoid", x}, table(F::sigmoid)},
      {{"tanh", x}, table(F::tanh)},
      {{"gelu", x}, table(F::gelu)},
      {{"silu", x}, table(F::silu)},
      {{"exp", x}, table(F::exp)},
      {{"hardswish", x}, table(F::hardswish)},
      {{"relu6", x}, table(F::relu6)},
      {{"hardsigmoid", with({{"alpha", ArgKind::Real, false, false}, {"beta", ArgKind::Real, false, false}})},
       table(F::hardsigmoid)},
      {{"leaky_relu", with({{"alpha", ArgKind::Real, false, false}})}, table(F::leaky_relu)},
      {{"clip", with({{"min", ArgKind::Real, false, false}, {"max", ArgKind::Real, false, false}})}, table(F::clip)},
      {{"lookup", with({{"table", ArgKind::Parameter, true, false}})}, table(F::table)},
  };
}

}  // namespace aiem::sema
