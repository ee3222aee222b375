// The elementwise family on the array: pointwise layers of PN kernels, one per column slice
// (stdlib/aie pointwise.hpp: binary, lookup).
#include <fmt/format.h>

#include <algorithm>

#include "backends/aie/plan/planner.hpp"
#include "ir/ops/elementwise/lookup_functions.hpp"

namespace aiem::aie {
namespace {

// A table of every input code's result: a named function's, a user's, or a relu's on its own.
bool table_layer(Planner& p, const ir::Node& n, std::vector<std::int64_t> table) {
  const ir::Value& x = p.graph().value(n.inputs[0]);
  LayerPlan l = p.pointwise_layer(n);
  l.pw.op = PointwisePlan::Op::lookup;
  if (auto why = ir::table_problem(x.type.format); !why.empty()) {
    p.diags().error(n.loc, fmt::format("'{}' ({}) cannot be a lookup table on the array: {}", n.name, l.pw.label, why));
    return false;
  }
  l.pw.first_code = x.type.format.min_code();
  l.pw.table = std::move(table);
  if (!p.choose_column_split(n, l)) return false;
  return p.add_layer(n, std::move(l), 1);
}

// How b of shape `zb` broadcasts against a of shape `xa` (the result's), in rows of the last axis:
// b's last axis is a's or 1 (one value per row), and its other axes are a's up to some axis and 1
// after it, so that row r of a meets row r / period of b. Empty when it does, else why not.
std::string broadcast_rows(const ir::Shape& xa, const ir::Shape& zb, PointwisePlan& pw) {
  if (xa.size() != zb.size() || xa.empty())
    return "the AIE backend broadcasts operands of the same rank; give the second one the first's axes (sizes 1 "
           "where it broadcasts)";
  const std::size_t r = xa.size();
  if (zb[0] != xa[0]) return "the AIE backend does not broadcast over the batch axis";
  if (zb[r - 1] != xa[r - 1] && zb[r - 1] != 1) return "the last axes neither match nor is the second one 1";
  pw.b_scalar = zb[r - 1] == 1 && xa[r - 1] != 1;
  std::int64_t period = 1;
  bool ones = false;  // from here on inward every axis of b is 1
  for (std::size_t i = 1; i + 1 < r; ++i) {
    if (zb[i] == xa[i] && !ones) continue;
    if (zb[i] != 1) return "the AIE backend broadcasts the innermost axes before the last one only (b's axes equal to a's, then 1)";
    ones = true;
    period *= xa[i];
  }
  pw.b_period = period;
  std::int64_t rows = 1;
  for (std::size_t i = 0; i + 1 < r; ++i) rows *= zb[i];
  pw.b_rows = rows;
  return {};
}

}  // namespace

// A relu on its own: requant(max(x, 0)) for every input code, as a table.
bool lower(Planner& p, const ir::Node& n, const ir::ReluAttrs&) {
  const ir::Graph& g = p.graph();
  return table_layer(p, n, requant_table(g.value(n.inputs[0]).type.format, g.value(n.outputs[0]).type.format, true));
}

bool lower(Planner& p, const ir::Node& n, const ir::LookupAttrs& a) { return table_layer(p, n, a.table); }

// a (op) b in 32-bit lanes, both operands at the common scale, one conversion; b is an activation of
// a's shape, or a constant with one value per feature or one for all.
bool lower(Planner& p, const ir::Node& n, const ir::BinaryAttrs& b) {
  using Op = PointwisePlan::Op;
  const ir::Value& y = p.graph().value(n.outputs[0]);
  // The kernel broadcasts its second operand: an add or mul whose first operand is the smaller
  // one reads them the other way round.
  std::vector<ir::ValueId> operands = {n.inputs[0], n.inputs[1]};
  const ir::Value& first = p.graph().value(n.inputs[0]);
  const ir::Value& second = p.graph().value(n.inputs[1]);
  if (first.type.shape != y.type.shape && !second.is_constant() && second.type.shape == y.type.shape) {
    if (b.fn == ir::BinaryFn::sub) {
      p.diags().error(n.loc, fmt::format("'{}': sub of {} and {}: the AIE backend broadcasts the second operand only",
                                         n.name, ir::to_string(first.type.shape), ir::to_string(y.type.shape)));
      return false;
    }
    std::swap(operands[0], operands[1]);
  }
  const ir::Value& x = p.graph().value(operands[0]);
  const ir::Value& z = p.graph().value(operands[1]);
  LayerPlan l = p.pointwise_layer(n);
  l.a = container_of(x.type.format);
  if (z.is_constant()) {
    // One value per feature ([N]) or one for all ([1]): a table of each kernel's slice.
    const auto& c = *z.data;
    if (z.type.elements() != 1 && z.type.elements() != l.N) {
      p.diags().error(n.loc, fmt::format("'{}': a constant operand of {} values; the AIE backend takes one per feature "
                                         "({}) or one for all",
                                         n.name, z.type.elements(), l.N));
      return false;
    }
    for (std::int64_t i = 0; i < l.N; ++i) l.pw.b_const.push_back(c[c.size() == 1 ? 0 : std::size_t(i)]);
  } else if (x.type.shape != z.type.shape) {
    if (auto why = broadcast_rows(x.type.shape, z.type.shape, l.pw); !why.empty()) {
      p.diags().error(n.loc, fmt::format("'{}': {} {} {}: {}", n.name, ir::to_string(x.type.shape), l.pw.label,
                                         ir::to_string(z.type.shape), why));
      return false;
    }
  }
  l.pw.op = b.fn == ir::BinaryFn::add ? Op::add : b.fn == ir::BinaryFn::sub ? Op::sub : Op::mul;
  l.pw.b = container_of(z.type.format);
  if (l.a.bits > 16 || l.pw.b.bits > 16) {
    p.diags().error(n.loc, fmt::format("'{}': {} of {} and {}: the pointwise kernel takes 8- and 16-bit operands", n.name,
                                       l.pw.label, num::to_string(x.type.format), num::to_string(z.type.format)));
    return false;
  }
  const auto& fa = x.type.format;
  const auto& fb = z.type.format;
  int need = 0;
  if (l.pw.op == Op::mul) {
    need = fa.width + fb.width;
  } else {
    l.pw.shift_a = *b.common_frac - fa.frac();
    l.pw.shift_b = *b.common_frac - fb.frac();
    need = std::max(fa.width + l.pw.shift_a, fb.width + l.pw.shift_b) + 1;
  }
  if (need > 32) {
    p.diags().error(n.loc, fmt::format("'{}': {} of {} and {} needs {}-bit sums; the AIE pointwise kernel works in "
                                       "32-bit lanes",
                                       n.name, l.pw.label, num::to_string(fa), num::to_string(fb), need));
    return false;
  }
  l.requant.shift = *b.common_frac - y.type.format.frac();
  l.requant.relu = b.relu;
  l.requant.acc_bound_bits = 32;
  if (auto why = requant_problem(l); !why.empty()) {
    p.diags().error(n.loc, fmt::format("'{}': its output conversion cannot be done on the AIE datapath: {}", n.name, why));
    return false;
  }
  if (!p.choose_column_split(n, l)) return false;
  if (z.is_constant()) operands.pop_back();
  return p.add_layer_reading(n, std::move(l), operands);
}

}  // namespace aiem::aie
