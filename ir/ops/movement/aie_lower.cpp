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

// A pointwise layer the planner adds for node `n` (a conversion or a join step) under its own
// name, placed freely (an @at of n is for n's own layer).
LayerPlan helper_layer(const Planner& p, const ir::Node& n, std::string name) {
  LayerPlan l = p.new_layer(n, Family::pointwise);
  l.name = std::move(name);
  l.at.reset();
  return l;
}

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
  LayerPlan l = helper_layer(p, n, fmt::format("{}_{}", n.name, x.name));
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
  const int ax = ir::resolve_axis(a.axis, x.type.shape.size());
  if (ax == last_axis(x) && a.step == 1 && a.start % e.per_word() == 0) {  // a window of whole words: in place
    Source s = p.source(n.inputs[0]);
    s.col0 += a.start;
    s.cols = a.end - a.start;
    p.set_source(n.outputs[0], s);
    return true;
  }
  // Otherwise a re-layout kernel: a step, a start inside a word, or an axis before the last.
  LayerPlan l = p.pointwise_layer(n);
  l.pw.op = PointwisePlan::Op::slice;
  l.K = x.type.shape.back();
  l.pw.in_rows = x.type.elements() / std::max<std::int64_t>(l.K, 1);
  auto& s = l.pw.slice;
  if (ax == last_axis(x)) {
    s.outer = l.pw.in_rows;
    s.col_start = a.start;
    s.col_step = a.step;
  } else {
    for (int i = 0; i < ax; ++i) s.outer *= x.type.shape[std::size_t(i)];
    s.in_a = x.type.shape[std::size_t(ax)];
    for (int i = ax + 1; i < last_axis(x); ++i) s.inner *= x.type.shape[std::size_t(i)];
    s.out_a = p.graph().value(n.outputs[0]).type.shape[std::size_t(ax)];
    s.start = a.start;
    s.step = a.step;
  }
  if (!p.choose_column_split(n, l)) return false;
  return p.add_layer(n, std::move(l), 1);
}

namespace {

// A join kernel of two parts: each row of `a` (a_cols) followed by the same row of `b` (b_cols).
std::optional<Source> join_kernel(Planner& p, const ir::Node& n, const ir::Value& y, const Source& a, std::int64_t a_cols,
                                  const Source& b, std::int64_t b_cols, bool last, int step,
                                  const PointwisePlan::Join& rows = {}) {
  LayerPlan l = last ? p.new_layer(n, Family::pointwise) : helper_layer(p, n, fmt::format("{}_join{}", n.name, step));
  l.pw.label = "concat";
  l.pw.op = PointwisePlan::Op::concat;
  l.a = l.out = l.pw.b = container_of(y.type.format);
  l.requant.out = y.type.format;
  l.K = a_cols;
  l.pw.b_cols = b_cols;
  l.N = a_cols + b_cols;
  l.M = l.pw.in_rows = y.type.elements() / std::max<std::int64_t>(y.type.shape.back(), 1);
  if (rows.rows) {  // the same columns, rows joined per block
    l.pw.join = rows;
    l.N = a_cols;
    l.pw.in_rows = rows.outer * rows.a_rows;
    l.M = rows.outer * (rows.a_rows + rows.b_rows);
  }
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
  const int ax = ir::resolve_axis(a.axis, y.type.shape.size());
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
  if (ax != last_axis(y)) {  // rows interleave per block of the axes before `ax`: join kernels
    PointwisePlan::Join j;
    j.rows = true;
    for (int i = 0; i < ax; ++i) j.outer *= y.type.shape[std::size_t(i)];
    std::int64_t inner = 1;  // rows per step along the axis
    for (int i = ax + 1; i < last_axis(y); ++i) inner *= y.type.shape[std::size_t(i)];
    Source joined = parts[0].first;
    j.a_rows = p.graph().value(n.inputs[0]).type.shape[std::size_t(ax)] * inner;
    for (std::size_t i = 1; i < parts.size(); ++i) {
      j.b_rows = p.graph().value(n.inputs[i]).type.shape[std::size_t(ax)] * inner;
      const std::int64_t cols = y.type.shape.back();
      auto r = join_kernel(p, n, y, joined, cols, parts[i].first, cols, i + 1 == parts.size(), int(i), j);
      if (!r) return false;
      joined = *r;
      j.a_rows += j.b_rows;
    }
    p.set_source(n.outputs[0], joined);
    return true;
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

// Any permutation of the axes (the batch axis stays first): a re-layout kernel, since int8 and
// int16 elements are smaller than the 32-bit words memory-tile DMA moves. Neighbouring axes that
// stay neighbours merge (not into the last axis of the input or of the result, whose rows are
// padded), so the kernel sees at most four axes.
bool lower(Planner& p, const ir::Node& n, const ir::TransposeAttrs& t) {
  const ir::Graph& g = p.graph();
  const ir::Value& x = g.value(n.inputs[0]);
  const std::size_t r = x.type.shape.size();
  // A graph input read by this transpose alone is transposed at the graph edge: its data arrives
  // in the transposed layout (the PLIO files and the host program permute each sample).
  if (const Source src = p.source(n.inputs[0]);
      src.input >= 0 && src.cols < 0 && g.consumers(n.inputs[0]).size() == 1 && !g.is_output(n.inputs[0]) &&
      !g.is_output(n.outputs[0])) {
    InputPlan& in = p.plan().inputs.at(std::size_t(src.input));
    const ir::Value& y = g.value(n.outputs[0]);
    in.sample_shape.assign(x.type.shape.begin() + 1, x.type.shape.end());
    in.sample_perm.clear();
    for (std::size_t i = 1; i < r; ++i) in.sample_perm.push_back(t.perm[i] - 1);
    in.cols = y.type.shape.back();
    in.rows = y.type.elements() / std::max<std::int64_t>(in.cols, 1);
    p.set_source(n.outputs[0], src);
    return true;
  }
  // Groups of input axes, in input order; each output position names a group.
  std::vector<std::vector<int>> groups;
  std::vector<int> position(r);  // where each input axis lands in the result
  for (std::size_t i = 0; i < r; ++i) position[std::size_t(t.perm[i])] = int(i);
  for (std::size_t a = 0; a < r; ++a) {
    const bool joins = a > 0 && a + 1 < r && position[a] == position[a - 1] + 1 && position[a] + 1 < int(r) &&
                       !groups.empty() && groups.back().back() == int(a) - 1;
    if (joins) groups.back().push_back(int(a));
    else groups.push_back({int(a)});
  }
  if (groups.size() > 4) {
    p.diags().error(n.loc, fmt::format("'{}': perm [{}] of {} moves {} groups of axes; the AIE transpose kernel permutes "
                                       "at most 4",
                                       n.name, fmt::join(t.perm, ", "), ir::to_string(x.type.shape), groups.size()));
    return false;
  }
  LayerPlan l = p.pointwise_layer(n);
  l.pw.op = PointwisePlan::Op::transpose;
  const std::size_t pad = 4 - groups.size();  // leading axes of size 1
  std::vector<int> group_at_output;  // the group of each output group position
  for (std::size_t i = 0; i < r; ++i) {
    const int a = t.perm[i];
    for (std::size_t g = 0; g < groups.size(); ++g)
      if (groups[g].front() == a) group_at_output.push_back(int(g));
  }
  for (std::size_t g = 0; g < groups.size(); ++g) {
    std::int64_t d = 1;
    for (int a : groups[g]) d *= x.type.shape[std::size_t(a)];
    l.pw.perm_dims[pad + g] = d;
  }
  for (std::size_t i = 0; i < 4; ++i) l.pw.perm[i] = i < pad ? int(i) : int(pad) + group_at_output[i - pad];
  l.K = x.type.shape.back();
  l.pw.in_rows = x.type.elements() / std::max<std::int64_t>(l.K, 1);
  if (!p.choose_column_split(n, l)) return false;
  return p.add_layer(n, std::move(l), 1);
}

// A pad of the last two axes (the rows of a sample and their columns): a re-layout kernel that
// writes the fill around each sample (a DMA could pad whole words only, and only with zeros).
bool lower(Planner& p, const ir::Node& n, const ir::PadAttrs& a) {
  const ir::Value& x = p.graph().value(n.inputs[0]);
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
  if (!p.choose_column_split(n, l)) return false;
  return p.add_layer(n, std::move(l), 1);
}

}  // namespace aiem::aie
