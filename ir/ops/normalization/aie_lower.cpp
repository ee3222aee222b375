// The normalization family on the array: one row kernel per op (stdlib/aie aiem_kernels/rows.hpp)
// holding the whole input and output, with the constants of the op's exact definition.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "backends/aie/plan/planner.hpp"
#include "ir/ops/normalization/row_arithmetic.hpp"
#include "ir/ops/shape_rules.hpp"

namespace aiem::aie {
namespace {

// Operands and results of 8 or 16 bits (the row kernels' containers).
bool narrow_enough(Planner& p, const ir::Node& n, const LayerPlan& l) {
  if (l.a.bits <= 16 && l.out.bits <= 16) return true;
  p.diags().error(n.loc, fmt::format("'{}' ({}): the row kernels take 8- and 16-bit operands and results, not {} -> {}",
                                     n.name, l.pw.label, num::to_string(p.graph().value(n.inputs[0]).type.format),
                                     num::to_string(p.graph().value(n.outputs[0]).type.format)));
  return false;
}

bool add_row_layer(Planner& p, const ir::Node& n, LayerPlan l) {
  if (!narrow_enough(p, n, l) || !p.choose_column_split(n, l)) return false;
  return p.add_layer(n, std::move(l), 1);
}

}  // namespace

// The reduced axes must be one block of neighbours: the input is then [outer][red][mid] rows of
// its last axis (or, when the block ends with the last axis, [outer][red] rows all reduced).
bool lower(Planner& p, const ir::Node& n, const ir::ReduceAttrs& a) {
  const ir::Value& x = p.graph().value(n.inputs[0]);
  const ir::Value& y = p.graph().value(n.outputs[0]);
  const ir::Shape& s = x.type.shape;
  std::vector<int> axes;
  for (int axis : a.axes) axes.push_back(ir::resolve_axis(axis, s.size()));
  std::sort(axes.begin(), axes.end());
  if (axes.back() - axes.front() + 1 != int(axes.size())) {
    p.diags().error(n.loc, fmt::format("'{}': {} over axes [{}] of {}: the AIE row kernel reduces neighbouring axes only; "
                                       "transpose them next to each other first",
                                       n.name, ir::reduce_name(a.fn), fmt::join(a.axes, ", "), ir::to_string(s)));
    return false;
  }
  LayerPlan l = p.pointwise_layer(n);
  l.pw.op = PointwisePlan::Op::reduce;
  auto& r = l.pw.rows;
  const std::size_t rank = s.size();
  const bool last = axes.back() == int(rank) - 1;
  l.K = s.back();
  r.last = last;
  r.max = a.fn == ir::ReduceFn::max;
  for (int i = 0; i < axes.front(); ++i) r.outer *= s[std::size_t(i)];
  for (int i : axes) r.red *= i == int(rank) - 1 ? 1 : s[std::size_t(i)];
  for (std::size_t i = std::size_t(axes.back()) + 1; i + 1 < rank; ++i) r.mid *= s[i];
  l.pw.in_rows = x.type.elements() / l.K;
  // The result as rows: one value per block, or the kept rows of the last axis.
  l.N = last ? 1 : l.K;
  l.M = y.type.elements() / l.N;
  std::int64_t count = 1;
  for (int i : axes) count *= s[std::size_t(i)];
  const int fx = x.type.format.frac(), ft = y.type.format.frac();
  r.up = std::max(0, ft - fx);
  r.den = (std::int64_t(1) << std::max(0, fx - ft)) * (a.fn == ir::ReduceFn::mean ? count : 1);
  if (r.up > 24 || std::max(0, fx - ft) > 24) {
    p.diags().error(n.loc, fmt::format("'{}': a result scale of 2^{} against the input's is beyond the row kernel's "
                                       "24-bit shifts",
                                       n.name, ft - fx));
    return false;
  }
  return add_row_layer(p, n, std::move(l));
}

// Along any axis but the batch: the last (each row), or an earlier one (the input as
// [outer][len][mid] rows, each line along the axis); the exp table is the interpreter's.
bool lower(Planner& p, const ir::Node& n, const ir::SoftmaxAttrs& a) {
  const ir::Value& x = p.graph().value(n.inputs[0]);
  const ir::Value& y = p.graph().value(n.outputs[0]);
  const ir::Shape& s = x.type.shape;
  const int axis = ir::resolve_axis(a.axis, s.size());
  LayerPlan l = p.pointwise_layer(n);
  l.pw.op = PointwisePlan::Op::softmax;
  l.pw.table = a.exp_table;
  auto& r = l.pw.rows;
  r.last = axis == int(s.size()) - 1;
  for (int i = 0; i < axis; ++i) r.outer *= s[std::size_t(i)];
  r.red = s[std::size_t(axis)];
  for (std::size_t i = std::size_t(axis) + 1; i + 1 < s.size(); ++i) r.mid *= s[i];
  if (r.last) r.outer = l.M;
  const int ft = y.type.format.frac();
  r.up = std::max(0, ft);
  r.den_shift = std::max(0, -ft);
  r.reciprocal = a.reciprocal;
  if (r.up > 24 || r.den_shift > 24) {
    p.diags().error(n.loc, fmt::format("'{}': a softmax result of {} fractional bits is beyond the row kernel", n.name, ft));
    return false;
  }
  return add_row_layer(p, n, std::move(l));
}

// The constants of the definition (guard bits, eps term, the output rational's shifts) and one
// int32 table of the gain then the bias codes.
bool lower(Planner& p, const ir::Node& n, const ir::NormAttrs& a) {
  const ir::Graph& g = p.graph();
  const ir::Value& y = g.value(n.outputs[0]);
  LayerPlan l = p.pointwise_layer(n);
  l.pw.op = PointwisePlan::Op::norm;
  auto& r = l.pw.rows;
  r.centered = a.fn == ir::NormFn::layernorm;
  r.has_gamma = a.has_gamma;
  r.has_beta = a.has_beta;
  r.guard = a.guard_bits;
  r.eps_term = a.eps_term;
  std::size_t i = 1;
  int fg = 0, fb = 0;
  for (bool has : {a.has_gamma, a.has_beta}) {
    if (!has) continue;
    const ir::Value& v = g.value(n.inputs[i]);
    if (v.type.format.width > 32 || !v.is_constant()) {
      p.diags().error(n.loc, fmt::format("'{}': its {} must be a constant of at most 32 bits", n.name, i == 1 && a.has_gamma ? "gain" : "bias"));
      return false;
    }
    (i == 1 && a.has_gamma ? fg : fb) = v.type.format.frac();
    l.pw.table.insert(l.pw.table.end(), v.data->begin(), v.data->end());
    ++i;
  }
  const int ft = y.type.format.frac();
  const int q = a.guard_bits + ft - fg, rb = a.has_beta ? ft - fb : 0;
  const int sh = std::max({0, -q, a.has_beta ? -rb : 0});
  r.shift_d = q + sh;
  r.shift_b = a.has_beta ? rb + sh : 0;
  r.shift_s = sh;
  r.beta_up = std::max(0, rb);
  r.beta_down = std::max(0, -rb);
  if (std::max({r.shift_d, r.shift_b, r.shift_s, r.beta_up, r.beta_down}) > 60) {
    p.diags().error(n.loc, fmt::format("'{}': its scales are more than 2^60 apart", n.name));
    return false;
  }
  return add_row_layer(p, n, std::move(l));
}

}  // namespace aiem::aie
