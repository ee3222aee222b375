// The data-movement family on the array: slices are column windows read in place, concatenations
// memory-tile buffers written by their parts; transposes and reshapes of int8/int16 elements are
// re-layout kernels (memory-tile DMA moves 32-bit words, so it cannot move single elements).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "backends/aie/plan/planner.hpp"
#include "ir/ops/elementwise/lookup_functions.hpp"
#include "ir/ops/shape_rules.hpp"

namespace aiem::aie {
namespace {

int last_axis(const ir::Value& v) { return int(v.type.shape.size()) - 1; }

// A pointwise layer converting part `x` of concat `n` to the concatenation's format: a table of
// requantize(code, x's format -> to) for every input code.
std::optional<Source> conversion(Planner& p, const ir::Node& n, const ir::Value& x, const num::FixedFormat& to,
                                 const Source& src) {
  if (auto why = ir::table_problem(x.type.format); !why.empty()) {
    p.diags().error(n.loc, fmt::format("'{}': its part '{}' is {} and needs converting to {}, which is a lookup table on the "
                                    "array: {}",
                                    n.name, x.name, num::to_string(x.type.format), num::to_string(to), why));
    return std::nullopt;
  }
  LayerPlan l = p.new_layer(n, Family::pointwise);
  l.name = fmt::format("{}_{}", n.name, x.name);
  l.at.reset();
  l.pw.label = "convert";
  l.pw.op = PointwisePlan::Op::lookup;
  l.N = l.K = x.type.shape.back();
  l.M = x.type.elements() / std::max<std::int64_t>(l.N, 1);
  l.pw.in_rows = l.M;
  l.a = container_of(x.type.format);
  l.out = container_of(to);
  l.requant.out = to;
  l.pw.first_code = x.type.format.min_code();
  l.pw.table = requant_table(x.type.format, to, /*relu=*/false);
  l.sources = {src};
  if (!p.choose_column_split(n, l)) return std::nullopt;
  return p.add_helper_layer(n, std::move(l));
}

}  // namespace

// A slice of the feature axis is a column window of its source: consumers read it in place.
bool lower(Planner& p, const ir::Node& n, const ir::SliceAttrs& a) {
  const ir::Value& x = p.graph().value(n.inputs[0]);
  const ElemType e = container_of(x.type.format);
  if (ir::resolve_axis(a.axis, x.type.shape.size()) != last_axis(x)) {
    p.diags().error(n.loc, fmt::format("'{}': the AIE backend slices the last axis only (a column window); this is "
                                    "axis {} of {}",
                                    n.name, a.axis, ir::to_string(x.type.shape)));
    return false;
  }
  if (a.step != 1) {
    p.diags().error(n.loc, fmt::format("'{}': a slice with step {} is not a window of whole 32-bit words, which is what "
                                    "memory-tile DMA reads; use step 1",
                                    n.name, a.step));
    return false;
  }
  if (a.start % e.per_word() != 0) {
    p.diags().error(n.loc, fmt::format("'{}': the slice starts at column {}, which is not on a 32-bit word ({} {} "
                                    "columns): memory-tile DMA reads whole words",
                                    n.name, a.start, e.per_word(), e.ctype()));
    return false;
  }
  Source s = p.source(n.inputs[0]);
  s.col0 += a.start;
  s.cols = a.end - a.start;
  p.set_source(n.outputs[0], s);
  return true;
}

namespace {

// A join kernel of two parts: each row of `a` (a_cols) followed by the same row of `b` (b_cols).
std::optional<Source> join_kernel(Planner& p, const ir::Node& n, const ir::Value& y, const Source& a, std::int64_t a_cols,
                                  const Source& b, std::int64_t b_cols, bool last, int step) {
  LayerPlan l = p.new_layer(n, Family::pointwise);
  if (!last) {
    l.name = fmt::format("{}_join{}", n.name, step);
    l.at.reset();
  }
  l.pw.label = "concat";
  l.pw.op = PointwisePlan::Op::concat;
  l.a = l.out = l.pw.b = container_of(y.type.format);
  l.requant.out = y.type.format;
  l.K = a_cols;
  l.pw.b_cols = b_cols;
  l.N = a_cols + b_cols;
  l.M = l.pw.in_rows = y.type.elements() / std::max<std::int64_t>(y.type.shape.back(), 1);
  l.sources = {a, b};
  if (!p.choose_column_split(n, l)) return std::nullopt;
  return p.add_helper_layer(n, std::move(l));
}

}  // namespace

// A concatenation of the feature axis: a memory-tile buffer its parts write into, when every part
// but the last is whole 32-bit words; otherwise join kernels, one per part after the first
// (memory-tile DMA writes whole words, so it cannot start a part inside one).
bool lower(Planner& p, const ir::Node& n, const ir::ConcatAttrs& a) {
  const ir::Value& y = p.graph().value(n.outputs[0]);
  const ElemType e = container_of(y.type.format);
  if (ir::resolve_axis(a.axis, y.type.shape.size()) != last_axis(y)) {
    p.diags().error(n.loc, fmt::format("'{}': the AIE backend concatenates along the last axis only; this is axis {} of {}",
                                       n.name, a.axis, ir::to_string(y.type.shape)));
    return false;
  }
  std::vector<std::pair<Source, std::int64_t>> parts;  // each part's source (converted) and columns
  bool words = true;
  for (ir::ValueId in : n.inputs) {
    const ir::Value& x = p.graph().value(in);
    const std::int64_t cols = x.type.shape.back();
    Source part = p.source(in);
    if (x.type.format != y.type.format) {
      // A memory tile moves data but cannot convert it: a part of another type goes through a
      // conversion table first (a pointwise layer of its own).
      auto cvt = conversion(p, n, x, y.type.format, part);
      if (!cvt) return false;
      part = *cvt;
    }
    if (in != n.inputs.back() && cols % e.per_word() != 0) words = false;
    parts.push_back({part, cols});
  }
  if (!words) {
    Source joined = parts[0].first;
    std::int64_t cols = parts[0].second;
    for (std::size_t i = 1; i < parts.size(); ++i) {
      auto j = join_kernel(p, n, y, joined, cols, parts[i].first, parts[i].second, i + 1 == parts.size(), int(i));
      if (!j) return false;
      joined = *j;
      cols += parts[i].second;
    }
    p.set_source(n.outputs[0], joined);
    return true;
  }
  if (int(n.inputs.size()) > p.device().memtile.dma_s2mm) {
    p.diags().error(n.loc, fmt::format("'{}' joins {} tensors; a memory tile takes at most {} writers", n.name,
                                       n.inputs.size(), p.device().memtile.dma_s2mm));
    return false;
  }
  ViewPlan v;
  v.name = n.name;
  v.elem = e;
  v.cols = y.type.shape.back();
  v.rows = y.type.elements() / std::max<std::int64_t>(v.cols, 1);
  std::int64_t at = 0;
  for (const auto& [part, cols] : parts) {
    v.parts.push_back({part, at, cols});
    at += cols;
  }
  p.plan().views.push_back(std::move(v));
  Source s;
  s.view = int(p.plan().views.size() - 1);
  p.set_source(n.outputs[0], s);
  return true;
}

// The same rows of the same columns (only the leading axes change) is nothing to move: the result
// is the input. Another row length: a kernel re-reads the rows (a memory-tile tiling could only if
// no row had padding columns; the kernel works for every size).
bool lower(Planner& p, const ir::Node& n, const ir::ReshapeAttrs&) {
  const ir::Value& x = p.graph().value(n.inputs[0]);
  const ir::Value& y = p.graph().value(n.outputs[0]);
  if (y.type.shape.back() == x.type.shape.back()) {
    p.set_source(n.outputs[0], p.source(n.inputs[0]));
    return true;
  }
  LayerPlan l = p.pointwise_layer(n);
  l.pw.op = PointwisePlan::Op::reshape;
  l.K = x.type.shape.back();
  l.pw.in_rows = x.type.elements() / std::max<std::int64_t>(l.K, 1);
  if (!p.choose_column_split(n, l)) return false;
  return p.add_layer(n, std::move(l), 1);
}

// [..., T, D] -> [..., D, T]: int8 and int16 elements are smaller than the 32-bit words memory-tile
// DMA moves, so no tiling can transpose them; a kernel does, for each of the leading axes' samples.
bool lower(Planner& p, const ir::Node& n, const ir::TransposeAttrs& t) {
  const ir::Value& x = p.graph().value(n.inputs[0]);
  const ir::Value& y = p.graph().value(n.outputs[0]);
  const int r = int(x.type.shape.size());
  std::vector<int> last_two(std::size_t(std::max(r, 0)));
  for (int i = 0; i < r; ++i) last_two[std::size_t(i)] = i;
  if (r >= 2) std::swap(last_two[std::size_t(r - 1)], last_two[std::size_t(r - 2)]);
  if (r < 3 || t.perm != last_two) {
    p.diags().error(n.loc, fmt::format("'{}': the AIE backend transposes the last two axes (perm [{}]); this is perm "
                                       "[{}] of {}",
                                       n.name, fmt::join(last_two, ", "), fmt::join(t.perm, ", "),
                                       ir::to_string(x.type.shape)));
    return false;
  }
  LayerPlan l = p.pointwise_layer(n);
  l.pw.op = PointwisePlan::Op::transpose;
  l.pw.batch = 1;
  for (int i = 0; i + 2 < r; ++i) l.pw.batch *= x.type.shape[std::size_t(i)];
  l.K = x.type.shape[std::size_t(r - 1)];
  l.pw.in_rows = l.pw.batch * x.type.shape[std::size_t(r - 2)];
  l.N = y.type.shape[std::size_t(r - 1)];
  l.M = l.pw.batch * y.type.shape[std::size_t(r - 2)];
  if (!p.choose_column_split(n, l)) return false;
  return p.add_layer(n, std::move(l), 1);
}

// A pad of the last two axes (the rows of a sample and their columns): a re-layout kernel that
// writes the fill around each sample (a DMA could pad whole words only, and only with zeros).
bool lower(Planner& p, const ir::Node& n, const ir::PadAttrs& a) {
  const ir::Value& x = p.graph().value(n.inputs[0]);
  const ir::Value& y = p.graph().value(n.outputs[0]);
  const std::size_t axes = a.before.size();
  for (std::size_t i = 0; i + 2 < axes; ++i)
    if (a.before[i] != 0 || a.after[i] != 0) {
      p.diags().error(n.loc, fmt::format("'{}': the AIE backend pads the last two axes of a sample; this pads axis {} of {}",
                                         n.name, i + 1, ir::to_string(x.type.shape)));
      return false;
    }
  LayerPlan l = p.pointwise_layer(n);
  l.pw.op = PointwisePlan::Op::pad;
  l.K = x.type.shape.back();
  l.pw.in_rows = x.type.elements() / std::max<std::int64_t>(l.K, 1);
  const std::int64_t rows = axes >= 2 ? x.type.shape[x.type.shape.size() - 2] : 1;
  l.pw.batch = l.pw.in_rows / std::max<std::int64_t>(rows, 1);
  l.pw.pad_rows_before = axes >= 2 ? a.before[axes - 2] : 0;
  l.pw.pad_cols_before = axes >= 1 ? a.before[axes - 1] : 0;
  l.pw.fill = a.fill;
  (void)y;
  if (!p.choose_column_split(n, l)) return false;
  return p.add_layer(n, std::move(l), 1);
}

}  // namespace aiem::aie
