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
  const ir::Value& x = p.graph().value(n.inputs[0]);
  const ir::Value& z = p.graph().value(n.inputs[1]);
  const ir::Value& y = p.graph().value(n.outputs[0]);
  LayerPlan l = p.pointwise_layer(n);
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
    p.diags().error(n.loc, fmt::format("'{}': the AIE backend does not broadcast yet ({} {} {}); give both operands "
                                       "the same shape",
                                       n.name, ir::to_string(x.type.shape), l.pw.label, ir::to_string(z.type.shape)));
    return false;
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
  return p.add_layer(n, std::move(l), z.is_constant() ? 1 : 2);
}

}  // namespace aiem::aie
