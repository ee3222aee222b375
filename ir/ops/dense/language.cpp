// The dense family in the language (docs/language.md, "dense"): its signature and the rule from a
// call to a node (dsl/sema/op_call.hpp).
#include <fmt/format.h>

#include <algorithm>

#include "dsl/sema/op_call.hpp"
#include "ir/limits.hpp"

namespace aiem::sema {

bool accumulation_arguments(OpCall& c, const num::FixedFormat& x, std::int64_t units, OpElaboration& e, bool& has_bias,
                            std::vector<num::ScaleMultiplier>& scale, std::int64_t& zero) {
  if (c.has("b")) {
    // A bias without a type is a 32-bit word on the accumulator's grid.
    const int acc_frac = x.frac() + c.graph().value(e.inputs.at(1)).type.format.frac();
    auto bias = c.parameter("b", {units}, num::FixedFormat{32, 32 - acc_frac, true});
    if (!bias) return false;
    e.inputs.push_back(*bias);
    has_bias = true;
  }
  e.result = c.declared().value_or(x);
  if (c.has("scale")) {
    auto s = c.scales("scale", units);
    if (!s) return false;
    scale = std::move(*s);
  }
  if (c.has("zero")) {
    auto z = c.integer("zero");
    if (!z) return false;
    if (*z < e.result.min_code() || *z > e.result.max_code()) {
      c.error(c.where("zero"), fmt::format("zero point {} is not a code of the result type {} ({} .. {})", *z,
                                           num::to_string(e.result), e.result.min_code(), e.result.max_code()));
      return false;
    }
    zero = *z;
  }
  return true;
}

namespace {

std::optional<OpElaboration> dense(OpCall& c) {
  auto x = c.tensor("x");
  auto units = c.integer("units");
  if (!x || !units) return std::nullopt;
  if (*units < 1) {
    c.error(c.where("units"), fmt::format("dense needs at least 1 unit, got {}", *units));
    return std::nullopt;
  }
  // A copy: adding the parameters below grows the value table and would invalidate a reference.
  const ir::TensorType x_type = c.graph().value(*x).type;
  const std::int64_t k = std::max<std::int64_t>(x_type.shape.back(), 1);
  const std::int64_t rows = std::max<std::int64_t>(x_type.elements() / k, 1);
  if (*units > limits::kTensorElements / k || *units > limits::kTensorElements / rows) {
    c.error(c.where("units"), fmt::format("{} units make a weight or output tensor of more than {} elements (the limit)",
                                          *units, limits::kTensorElements));
    return std::nullopt;
  }
  OpElaboration e;
  e.inputs = {*x};
  ir::DenseAttrs attrs;
  attrs.units = *units;
  auto w = c.parameter("w", {x_type.shape.back(), *units}, x_type.format);
  if (!w) return std::nullopt;
  e.inputs.push_back(*w);
  if (!accumulation_arguments(c, x_type.format, *units, e, attrs.has_bias, attrs.scale, attrs.zero)) return std::nullopt;
  e.attrs = attrs;
  return e;
}

std::optional<OpElaboration> matmul(OpCall& c) {
  auto a = c.tensor("a");
  auto b = a ? c.tensor("b") : std::nullopt;
  if (!b) return std::nullopt;
  ir::MatMulAttrs attrs;
  if (c.has("transpose_b")) {
    auto t = c.integer("transpose_b");
    if (!t) return std::nullopt;
    if (*t != 0 && *t != 1) {
      c.error(c.where("transpose_b"), fmt::format("transpose_b is 0 or 1, got {}", *t));
      return std::nullopt;
    }
    attrs.transpose_b = *t == 1;
  }
  return OpElaboration{{*a, *b}, attrs, c.declared().value_or(c.graph().value(*a).type.format)};
}

}  // namespace

std::vector<OpLanguage> dense_language() {
  return {{{"dense",
            {{"x", ArgKind::Tensor, true, true},
             {"units", ArgKind::Integer, true, true},
             {"w", ArgKind::Parameter, false, false},
             {"b", ArgKind::Parameter, false, false},
             {"scale", ArgKind::Scale, false, false},
             {"zero", ArgKind::Integer, false, false}}},
           dense},
          {{"matmul",
            {{"a", ArgKind::Tensor, true, true},
             {"b", ArgKind::Tensor, true, true},
             {"transpose_b", ArgKind::Integer, false, false}}},
           matmul}};
}

}  // namespace aiem::sema
