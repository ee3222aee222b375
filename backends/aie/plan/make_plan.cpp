#include "backends/aie/plan/make_plan.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <map>

#include <fmt/ranges.h>

#include "ir/numeric/requantize.hpp"
#include "ir/ops/lookup_functions.hpp"
#include "ir/ops/shape_rules.hpp"

#include "backends/aie/perf/model.hpp"
#include "backends/aie/plan/identifiers.hpp"
#include "backends/aie/plan/plumbing.hpp"

namespace aiem::aie {

namespace {

ElemType container_of(const num::FixedFormat& f) { return {f.container_bits(), f.is_signed}; }

int arch_macro(Arch a) { return a == Arch::aie_ml_v2 ? 22 : 20; }

// The producer's output layout is exactly the consumer's input layout: chain j's C-tiled TM x TN
// blocks are stage j's A-tiled TM x TK blocks, so the edge can be direct.
bool direct_layout(const LayerPlan& p, const LayerPlan& c) {
  return p.is_dense() && c.is_dense() && p.PN == c.PK && p.NS == c.KS && p.M_pad == c.M_pad && p.mt.m == c.mt.m && p.mt.n == c.mt.k && p.out == c.a;
}

class Planner {
 public:
  Planner(const ir::Graph& g, const Device& d, Diagnostics& diags, const PlanOptions& o)
      : g_(g), dev_(d), diags_(diags), opt_(o) {}

  std::optional<Plan> run() {
    Plan plan;
    plan.model = g_.name;
    plan.device = dev_;
    plan.aie_arch = arch_macro(dev_.arch);
    plan.batch = g_.batch;
    if (!check_graph(plan)) return std::nullopt;
    candidates_.assign(g_.nodes.size(), {});
    // Every layer takes at least one tile: refuse at once what cannot fit, before any planning.
    std::int64_t computing = 0;
    for (const ir::Node& n : g_.nodes) {
      if (is_movement(n)) continue;
      if (++computing > dev_.tiles()) {
        diags_.error(n.loc, fmt::format("the model has more layers than {}'s {} compute tiles, and every layer needs at "
                                        "least one; this is layer {}",
                                        dev_.name, dev_.tiles(), computing));
        return std::nullopt;
      }
    }
    const std::vector<bool> live = live_nodes();
    for (const ir::Node& n : g_.nodes) {
      if (!live[n_index(n)]) {  // nothing reads it: no tiles for it
        diags_.warning(n.loc, fmt::format("'{}' is computed but no output depends on it; the AIE design leaves it out",
                                          n.name));
        continue;
      }
      if (n.kind() == ir::OpKind::Slice) {
        if (!slice(n)) return std::nullopt;
        continue;
      }
      if (n.kind() == ir::OpKind::Concat) {
        if (!concat(n, plan)) return std::nullopt;
        continue;
      }
      if (n.kind() == ir::OpKind::Reshape &&
          g_.value(n.outputs[0]).type.shape.back() == g_.value(n.inputs[0]).type.shape.back()) {
        source_[n.outputs[0]] = source_.at(n.inputs[0]);  // the same rows of the same columns: nothing moves
        continue;
      }
      planning_layer_ = int(plan.layers.size());
      auto l = n.kind() == ir::OpKind::Dense ? layer(n, plan.aie_arch) : pointwise(n);
      if (!l) return std::nullopt;
      for (std::size_t i = 0; i < activation_operands(n); ++i) l->sources.push_back(source_.at(n.inputs[i]));
      plan.layers.push_back(std::move(*l));
      source_[n.outputs[0]] = Source{int(plan.layers.size() - 1), -1};
    }
    for (ir::ValueId o : g_.outputs) {
      const Source& s = source_.at(o);
      const ir::Value& v = g_.value(o);
      const ElemType e = container_of(v.type.format);
      // A window leaves with whole words: it must end on one, or at its source's end (whose padding
      // columns are the producer's zero point).
      if (s.cols >= 0) {
        Source whole = s;
        whole.cols = -1;
        whole.col0 = 0;
        if (s.cols % e.per_word() != 0 && s.col0 + s.cols != plan.cols_of(whole)) {
          diags_.error_in(g_.name, fmt::format("the output '{}' is a slice of {} columns from column {}: an output PLIO "
                                               "carries whole 32-bit words ({} {} columns), so it must end on one or at "
                                               "the end of what it slices",
                                               v.name, s.cols, s.col0, e.per_word(), e.ctype()));
          return std::nullopt;
        }
      }
      int producer = s.layer;
      for (Source t = s; producer < 0 && t.view >= 0;) {
        t = plan.views[std::size_t(t.view)].parts.back().source;
        producer = t.layer;
      }
      if (producer < 0) {
        diags_.error_in(g_.name, fmt::format("the output '{}' is made of graph inputs only; the AIE backend needs a layer "
                                             "to produce every output",
                                             v.name));
        return std::nullopt;
      }
      plan.outputs.push_back({v.name, producer, s});
    }
    if (diags_.has_errors()) return std::nullopt;
    candidates_.resize(std::max(candidates_.size(), plan.layers.size()));  // conversion layers have none
    if (opt_.plan_time_ns) refine(plan);
    if (!choose_edges(plan)) return std::nullopt;
    try {
      connect(plan);
    } catch (const std::runtime_error& e) {
      diags_.error(g_.nodes.back().loc, fmt::format("memory tiles cannot connect the layers: {}", e.what()));
      return std::nullopt;
    }
    return plan;
  }

 private:
  // The nodes some graph output depends on (walking back from the outputs).
  std::vector<bool> live_nodes() const {
    std::vector<bool> live(g_.nodes.size(), false);
    std::vector<ir::ValueId> work(g_.outputs.begin(), g_.outputs.end());
    while (!work.empty()) {
      const ir::ValueId v = work.back();
      work.pop_back();
      const auto p = g_.value(v).producer;
      if (!p || live[*p]) continue;
      live[*p] = true;
      for (ir::ValueId in : g_.nodes[*p].inputs) work.push_back(in);
    }
    return live;
  }

  // Operands that are activations (the rest are parameters): dense x; binary a and b; lookup x;
  // every operand of a concat.
  std::size_t activation_operands(const ir::Node& n) const {
    if (n.kind() == ir::OpKind::Concat) return n.inputs.size();
    if (n.kind() == ir::OpKind::Binary) return g_.value(n.inputs[1]).is_constant() ? 1 : 2;  // x op constant
    return 1;
  }
  static bool is_movement(const ir::Node& n) { return n.kind() == ir::OpKind::Slice || n.kind() == ir::OpKind::Concat; }

  static int last_axis(const ir::Value& v) { return int(v.type.shape.size()) - 1; }

  // A slice of the feature axis is a column window of its source: consumers read it in place.
  bool slice(const ir::Node& n) {
    const auto& a = std::get<ir::SliceAttrs>(n.attrs);
    const ir::Value& x = g_.value(n.inputs[0]);
    const ElemType e = container_of(x.type.format);
    if (ir::resolve_axis(a.axis, x.type.shape.size()) != last_axis(x)) {
      diags_.error(n.loc, fmt::format("'{}': the AIE backend slices the last axis only (a column window); this is "
                                      "axis {} of {}",
                                      n.name, a.axis, ir::to_string(x.type.shape)));
      return false;
    }
    if (a.step != 1) {
      diags_.error(n.loc, fmt::format("'{}': a slice with step {} is not a window of whole 32-bit words, which is what "
                                      "memory-tile DMA reads; use step 1",
                                      n.name, a.step));
      return false;
    }
    if (a.start % e.per_word() != 0) {
      diags_.error(n.loc, fmt::format("'{}': the slice starts at column {}, which is not on a 32-bit word ({} {} "
                                      "columns): memory-tile DMA reads whole words",
                                      n.name, a.start, e.per_word(), e.ctype()));
      return false;
    }
    Source s = source_.at(n.inputs[0]);
    s.col0 += a.start;
    s.cols = a.end - a.start;
    source_[n.outputs[0]] = s;
    return true;
  }

  // A concatenation of the feature axis: a memory-tile buffer its parts write into.
  bool concat(const ir::Node& n, Plan& plan) {
    const auto& a = std::get<ir::ConcatAttrs>(n.attrs);
    const ir::Value& y = g_.value(n.outputs[0]);
    const ElemType e = container_of(y.type.format);
    if (ir::resolve_axis(a.axis, y.type.shape.size()) != last_axis(y)) {
      diags_.error(n.loc, fmt::format("'{}': the AIE backend concatenates along the last axis only; this is axis {} of {}",
                                      n.name, a.axis, ir::to_string(y.type.shape)));
      return false;
    }
    if (int(n.inputs.size()) > dev_.memtile.dma_s2mm) {
      diags_.error(n.loc, fmt::format("'{}' joins {} tensors; a memory tile takes at most {} writers", n.name,
                                      n.inputs.size(), dev_.memtile.dma_s2mm));
      return false;
    }
    ViewPlan v;
    v.name = n.name;
    v.elem = e;
    v.cols = y.type.shape.back();
    v.rows = y.type.elements() / std::max<std::int64_t>(v.cols, 1);
    std::int64_t at = 0;
    for (ir::ValueId in : n.inputs) {
      const ir::Value& x = g_.value(in);
      const std::int64_t cols = x.type.shape.back();
      Source part = source_.at(in);
      if (x.type.format != y.type.format) {
        // A memory tile moves data but cannot convert it: a part of another type goes through a
        // conversion table first (a pointwise layer of its own).
        auto cvt = conversion(n, x, y.type.format, part, plan);
        if (!cvt) return false;
        part = *cvt;
      }
      const bool last = in == n.inputs.back();
      if (at % e.per_word() != 0 || (!last && cols % e.per_word() != 0)) {
        diags_.error(n.loc, fmt::format("'{}': '{}' ({} columns) would start at column {}; memory-tile DMA writes whole "
                                        "32-bit words ({} {} columns), so every part but the last needs a multiple of {} "
                                        "columns",
                                        n.name, x.name, cols, at, e.per_word(), e.ctype(), e.per_word()));
        return false;
      }
      v.parts.push_back({part, at, cols});
      at += cols;
    }
    plan.views.push_back(std::move(v));
    Source s;
    s.view = int(plan.views.size() - 1);
    source_[n.outputs[0]] = s;
    return true;
  }

  // The backend implements DAGs of dense layers (ReLU fused), elementwise ops, lookup tables (and
  // standalone ReLUs, as tables), transposes, reshapes and views, with any number of graph inputs
  // and outputs; a tensor may feed any number of layers.
  bool check_graph(Plan& plan) {
    if (g_.nodes.empty()) {
      diags_.error_in(g_.name, "the model has no layers to put on the array");
      return false;
    }
    if (g_.inputs.empty() || g_.outputs.empty()) {
      diags_.error(g_.nodes.front().loc, fmt::format("'{}' needs at least one input and one output; it has {} and {}",
                                                     g_.name, g_.inputs.size(), g_.outputs.size()));
      return false;
    }
    for (std::size_t i = 0; i < g_.inputs.size(); ++i) {
      const ir::Value& v = g_.value(g_.inputs[i]);
      const std::int64_t cols = v.type.shape.empty() ? 1 : v.type.shape.back();
      plan.inputs.push_back({v.name, container_of(v.type.format), v.type.elements() / std::max<std::int64_t>(cols, 1), cols});
      source_[g_.inputs[i]] = Source{-1, int(i)};
    }
    for (const ir::Node& n : g_.nodes) {
      const auto k = n.kind();
      if (k != ir::OpKind::Dense && k != ir::OpKind::Binary && k != ir::OpKind::Lookup && k != ir::OpKind::Relu &&
          k != ir::OpKind::Transpose && k != ir::OpKind::Reshape && !is_movement(n)) {
        diags_.error(n.loc, fmt::format("the AIE backend does not implement '{}' ({}) yet", n.name, ir::op_label(n.attrs)));
        return false;
      }
      for (std::size_t i = 0; i < activation_operands(n); ++i)
        if (!source_.count(n.inputs[i])) {
          const ir::Value& v = g_.value(n.inputs[i]);
          diags_.error(n.loc, fmt::format("'{}': its operand '{}' is a constant; the AIE backend takes activations "
                                          "from graph inputs or other layers only",
                                          n.name, v.name));
          return false;
        }
      source_[n.outputs[0]] = Source{0, -1};  // provisional: a layer result (renumbered when planned)
    }
    for (ir::ValueId o : g_.outputs)
      if (source_.at(o).input >= 0) {
        diags_.error_in(g_.name, fmt::format("the output '{}' is a graph input; the AIE backend needs a layer to "
                                             "produce every output",
                                             g_.value(o).name));
        return false;
      }
    return true;
  }

  // requantize(c, in -> out) (of max(c, 0) with `relu`) for every code c of `in`: the table of a
  // conversion or of a relu on its own.
  static std::vector<std::int64_t> requant_table(const num::FixedFormat& in, const num::FixedFormat& out, bool relu) {
    std::vector<std::int64_t> t;
    for (std::int64_t c = in.min_code(); c <= in.max_code(); ++c)
      t.push_back(num::requantize(num::int128(relu ? std::max<std::int64_t>(c, 0) : c), in.frac(), out));
    return t;
  }

  // A pointwise layer converting part `x` of concat `n` to the concatenation's format: a table of
  // requantize(code, x's format -> to) for every input code.
  std::optional<Source> conversion(const ir::Node& n, const ir::Value& x, const num::FixedFormat& to, const Source& src,
                                   Plan& plan) {
    if (auto why = ir::table_problem(x.type.format); !why.empty()) {
      diags_.error(n.loc, fmt::format("'{}': its part '{}' is {} and needs converting to {}, which is a lookup table on the "
                                      "array: {}",
                                      n.name, x.name, num::to_string(x.type.format), num::to_string(to), why));
      return std::nullopt;
    }
    LayerPlan l;
    l.family = Family::pointwise;
    l.name = fmt::format("{}_{}", n.name, x.name);
    l.node = ir::NodeId(n_index(n));
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
    if (!choose_pointwise_split(n, l)) return std::nullopt;
    plan.layers.push_back(std::move(l));
    return Source{int(plan.layers.size() - 1), -1};
  }

  // A pointwise layer: an elementwise binary op, a lookup table, or a standalone relu (a table).
  std::optional<LayerPlan> pointwise(const ir::Node& n) {
    using Op = PointwisePlan::Op;
    const ir::Value& x = g_.value(n.inputs[0]);
    const ir::Value& y = g_.value(n.outputs[0]);
    LayerPlan l;
    l.family = Family::pointwise;
    l.name = n.name;
    l.node = ir::NodeId(n_index(n));
    l.pw.label = std::string(ir::op_label(n.attrs));
    l.N = l.K = y.type.shape.empty() ? 1 : y.type.shape.back();
    l.M = y.type.elements() / std::max<std::int64_t>(l.N, 1);
    l.a = container_of(x.type.format);
    l.out = container_of(y.type.format);
    l.requant.out = y.type.format;
    l.acc_bits = 32;
    if (n.schedule.at) l.at = std::array<int, 2>{n.schedule.at->first, n.schedule.at->second};
    l.pw.in_rows = l.M;
    if (n.kind() == ir::OpKind::Reshape) {
      // Another row length: a kernel re-reads the rows (a memory-tile tiling could only if no row
      // had padding columns; the kernel works for every size).
      l.pw.op = Op::reshape;
      l.K = x.type.shape.back();
      l.pw.in_rows = x.type.elements() / std::max<std::int64_t>(l.K, 1);
      if (!choose_pointwise_split(n, l)) return std::nullopt;
      return l;
    }
    if (const auto* t = std::get_if<ir::TransposeAttrs>(&n.attrs)) {
      // [batch, T, D] -> [batch, D, T]: int8 and int16 elements are smaller than the 32-bit words
      // memory-tile DMA moves, so no tiling can transpose them; a kernel does.
      if (t->perm != std::vector<int>{0, 2, 1}) {
        diags_.error(n.loc, fmt::format("'{}': the AIE backend transposes the last two axes of [batch, T, D] (perm [0, 2, "
                                        "1]); this is perm [{}] of {}",
                                        n.name, fmt::join(t->perm, ", "), ir::to_string(x.type.shape)));
        return std::nullopt;
      }
      l.pw.op = Op::transpose;
      l.pw.batch = x.type.shape[0];
      l.K = x.type.shape[2];
      l.pw.in_rows = l.pw.batch * x.type.shape[1];
      l.N = y.type.shape[2];
      l.M = l.pw.batch * y.type.shape[1];
      if (!choose_pointwise_split(n, l)) return std::nullopt;
      return l;
    }
    if (const auto* b = std::get_if<ir::BinaryAttrs>(&n.attrs)) {
      const ir::Value& z = g_.value(n.inputs[1]);
      if (z.is_constant()) {
        // One value per feature ([N]) or one for all ([1]): a table of each kernel's slice.
        const auto& c = *z.data;
        if (z.type.elements() != 1 && z.type.elements() != l.N) {
          diags_.error(n.loc, fmt::format("'{}': a constant operand of {} values; the AIE backend takes one per feature "
                                          "({}) or one for all",
                                          n.name, z.type.elements(), l.N));
          return std::nullopt;
        }
        for (std::int64_t i = 0; i < l.N; ++i) l.pw.b_const.push_back(c[c.size() == 1 ? 0 : std::size_t(i)]);
      } else if (x.type.shape != z.type.shape) {
        diags_.error(n.loc, fmt::format("'{}': the AIE backend does not broadcast yet ({} {} {}); give both operands "
                                        "the same shape",
                                        n.name, ir::to_string(x.type.shape), l.pw.label, ir::to_string(z.type.shape)));
        return std::nullopt;
      }
      l.pw.op = b->fn == ir::BinaryFn::add ? Op::add : b->fn == ir::BinaryFn::sub ? Op::sub : Op::mul;
      l.pw.b = container_of(z.type.format);
      const auto& fa = x.type.format;
      const auto& fb = z.type.format;
      int need = 0;
      if (l.pw.op == Op::mul) {
        need = fa.width + fb.width;
      } else {
        l.pw.shift_a = *b->common_frac - fa.frac();
        l.pw.shift_b = *b->common_frac - fb.frac();
        need = std::max(fa.width + l.pw.shift_a, fb.width + l.pw.shift_b) + 1;
      }
      if (need > 32) {
        diags_.error(n.loc, fmt::format("'{}': {} of {} and {} needs {}-bit sums; the AIE pointwise kernel works in "
                                        "32-bit lanes",
                                        n.name, l.pw.label, num::to_string(fa), num::to_string(fb), need));
        return std::nullopt;
      }
      l.requant.shift = *b->common_frac - y.type.format.frac();
      l.requant.relu = b->relu;
      l.requant.acc_bound_bits = 32;
      if (auto why = requant_problem(l); !why.empty()) {
        diags_.error(n.loc, fmt::format("'{}': its output conversion cannot be done on the AIE datapath: {}", n.name, why));
        return std::nullopt;
      }
    } else {
      l.pw.op = Op::lookup;
      if (auto why = ir::table_problem(x.type.format); !why.empty()) {
        diags_.error(n.loc, fmt::format("'{}' ({}) cannot be a lookup table on the array: {}", n.name, l.pw.label, why));
        return std::nullopt;
      }
      l.pw.first_code = x.type.format.min_code();
      if (const auto* t = std::get_if<ir::LookupAttrs>(&n.attrs)) {
        l.pw.table = t->table;
      } else {  // relu on its own: requant(max(x, 0)) for every input code
        l.pw.table = requant_table(x.type.format, y.type.format, /*relu=*/true);
      }
    }
    if (!choose_pointwise_split(n, l)) return std::nullopt;
    return l;
  }

  bool choose_pointwise_split(const ir::Node& n, LayerPlan& l) {
    // A transpose kernel holds whole rows of its input and output: one kernel.
    const bool whole = l.pw.op == PointwisePlan::Op::transpose || l.pw.op == PointwisePlan::Op::reshape;
    const int max_n = whole ? 1 : int((l.N + kPointwiseLanes - 1) / kPointwiseLanes);
    if (n.schedule.cascade && *n.schedule.cascade != 1) {
      diags_.error(n.loc, fmt::format("'{}' ({}) has no reduction to split over a cascade; use @tiles(parallel: P)",
                                      n.name, l.pw.label));
      return false;
    }
    if (n.schedule.parallel) {
      l.from_hint = true;
      if (*n.schedule.parallel > max_n) {
        diags_.error(n.loc, fmt::format("'{}': @tiles(parallel: {}) leaves kernels without data: {} columns allow at most "
                                        "{} slices of {}",
                                        n.name, *n.schedule.parallel, l.N, max_n, kPointwiseLanes));
        return false;
      }
      apply_split(l, 1, *n.schedule.parallel);
      if (!fits(l)) {
        diags_.error(n.loc, fmt::format("'{}': with @tiles(parallel: {}) a kernel does not fit its tile: {}", n.name,
                                        *n.schedule.parallel, tile_memory_problem(l, dev_)));
        return false;
      }
      return true;
    }
    for (int pn = 1; pn <= max_n; ++pn) {
      apply_split(l, 1, pn);
      if (l.NS * (pn - 1) < l.N && fits(l)) return true;
    }
    diags_.error(n.loc, fmt::format("'{}' ({}, {} rows of {} columns) does not fit the tiles' data memory even split "
                                    "into {} slices: {}",
                                    n.name, l.pw.label, l.M, l.N, max_n, tile_memory_problem(l, dev_)));
    return false;
  }

  std::optional<LayerPlan> layer(const ir::Node& n, int arch) {
    const auto& a = std::get<ir::DenseAttrs>(n.attrs);
    const ir::Value& x = g_.value(n.inputs[0]);
    const ir::Value& w = g_.value(n.inputs[1]);
    const ir::Value& y = g_.value(n.outputs[0]);
    LayerPlan l;
    l.name = n.name;
    l.node = ir::NodeId(n_index(n));
    l.K = x.type.shape.back();
    l.M = x.type.elements() / l.K;
    l.N = a.units;
    l.a = container_of(x.type.format);
    l.w = container_of(w.type.format);
    l.out = container_of(y.type.format);
    l.acc_bits = a.acc->bits;  // what the sums need (resolve_quantization's proof); the kernel's may be wider
    l.requant.acc_bound_bits = a.acc->bits <= 32 ? 32 : 0;
    if (n.schedule.at) l.at = std::array<int, 2>{n.schedule.at->first, n.schedule.at->second};
    l.has_bias = a.has_bias;
    l.w_codes = w.data.get();
    l.b_codes = a.has_bias ? g_.value(n.inputs[2]).data.get() : nullptr;
    if (!w.is_constant() || (a.has_bias && !l.b_codes)) {
      diags_.error(n.loc, fmt::format("'{}': the AIE backend needs constant weights and bias", n.name));
      return std::nullopt;
    }
    l.requant.out = y.type.format;
    l.requant.relu = a.relu;
    l.requant.zero = a.zero;
    if (a.scale.size() > 1) {
      if (!column_scales(n, a, y.type.format, l)) return std::nullopt;
    } else if (a.scale.empty()) {
      l.requant.shift = a.acc->frac - y.type.format.frac();
    } else {
      l.requant.multiplier = num::ScaleMultiplier{a.scale[0].multiplier, 0};
      l.requant.shift = a.scale[0].shift + a.acc->frac - y.type.format.frac();
    }
    auto mt = choose_microtile(arch, l.a, l.w, l.acc_bits, l.M);
    if (!mt) {
      diags_.error(n.loc, l.acc_bits > 32 && l.a.bits == 8 && l.w.bits == 8
                              ? fmt::format("'{}' needs a 64-bit accumulator, which int8 x int8 aie::mmul does not "
                                            "have; use fewer input features or narrower types",
                                            n.name)
                              : fmt::format("'{}': no aie::mmul shape multiplies {} by {} into a {}-bit accumulator on "
                                            "this architecture",
                                            n.name, l.a.ctype(), l.w.ctype(), l.acc_bits));
      return std::nullopt;
    }
    l.mt = mt->mt;
    l.acc_bits = mt->acc_bits;  // the kernel's accumulator: the shape's, at least what the sums need
    if (auto why = requant_problem(l); !why.empty()) {
      diags_.error(n.loc, fmt::format("'{}': its output conversion cannot be done on the AIE datapath: {}", n.name, why));
      return std::nullopt;
    }
    if (!choose_split(n, l)) return std::nullopt;
    return l;
  }

  // Per-unit factors M_n * 2^-T_n as one shift S and int32 multipliers m_n = M_n * 2^(S - T_n), which
  // is exact when the factors' significant bits fit 31 bits together (trailing zeros of M_n are
  // dropped first: scales from float32 carry at most 24 significant bits).
  bool column_scales(const ir::Node& n, const ir::DenseAttrs& a, const num::FixedFormat& out, LayerPlan& l) {
    std::vector<std::int64_t> m(a.scale.size());
    std::vector<int> t(a.scale.size());
    int S = std::numeric_limits<int>::min();
    for (std::size_t i = 0; i < a.scale.size(); ++i) {
      std::int64_t M = a.scale[i].multiplier;
      int T = a.scale[i].shift + a.acc->frac - out.frac();
      while (M != 0 && M % 2 == 0) {
        M /= 2;
        --T;
      }
      m[i] = M;
      t[i] = T;
      if (M != 0) S = std::max(S, T);
    }
    if (S == std::numeric_limits<int>::min()) S = 0;
    for (std::size_t i = 0; i < m.size(); ++i) {
      if (m[i] == 0) continue;
      if (S - t[i] > 31 || (m[i] << (S - t[i])) > std::numeric_limits<std::int32_t>::max()) {
        diags_.error(n.loc, fmt::format("'{}': its per-unit scales span more than 31 bits, which one shift cannot "
                                        "express exactly on the AIE datapath",
                                        n.name));
        return false;
      }
      m[i] <<= (S - t[i]);
    }
    l.requant.shift = S;
    l.requant.column_multipliers.assign(m.begin(), m.end());
    return true;
  }

  void connect(Plan& plan) const {
    assign_identifiers(plan);  // kernel names depend on the split
    plan.buffers.clear();
    plan.plios.clear();
    build_plumbing(plan, opt_.plio_bits, opt_.split_input);
  }

  // The dense layer fed by this dense producer alone, whose result is no graph output: the only
  // edges that can be direct.
  static std::optional<int> sole_dense_consumer(const Plan& p, int producer) {
    if (!p.layers[std::size_t(producer)].is_dense() || p.is_output(producer)) return std::nullopt;
    for (const ViewPlan& v : p.views)
      for (const auto& part : v.parts)
        if (part.source.layer == producer) return std::nullopt;
    const auto c = p.consumers(producer);
    if (c.size() != 1 || !p.layers[std::size_t(c[0])].is_dense()) return std::nullopt;
    if (p.layers[std::size_t(c[0])].sources.at(0).cols >= 0) return std::nullopt;  // a slice: read by a tiling
    return c[0];
  }

  // Score of a whole plan with these splits, or +inf when it cannot be connected.
  double score(Plan p) {
    for (std::size_t i = 0; i < p.layers.size(); ++i) {
      const auto edge = g_.nodes[p.layers[i].node].schedule.output_edge;
      const auto ci = sole_dense_consumer(p, int(i));
      if (!ci) {
        if (edge == ir::Schedule::Edge::Direct) return std::numeric_limits<double>::infinity();
        continue;
      }
      LayerPlan& c = p.layers[std::size_t(*ci)];
      const bool fits = direct_layout(p.layers[i], c);
      if (edge == ir::Schedule::Edge::Direct && !fits) return std::numeric_limits<double>::infinity();
      c.direct_input = edge != ir::Schedule::Edge::MemTile && fits;
    }
    try {
      connect(p);
    } catch (const std::runtime_error&) {
      return std::numeric_limits<double>::infinity();
    }
    return opt_.plan_time_ns(p) * (1.0 + opt_.tile_weight * p.total_tiles());
  }

  // Coordinate descent from two starts (the per-layer choices, and the fewest tiles per layer);
  // the better end point wins. Two starts because single-layer moves get stuck: a layer giving up
  // tiles only pays off once its neighbours' splits change too.
  void refine(Plan& plan) {
    Plan lean = plan;
    for (std::size_t i = 0; i < lean.layers.size(); ++i) {
      if (lean.layers[i].from_hint || candidates_[i].empty()) continue;
      auto fewest = *std::min_element(candidates_[i].begin(), candidates_[i].end(), [](auto a, auto b) {
        return std::pair{a.first * a.second, a.first} < std::pair{b.first * b.second, b.first};
      });
      apply_split(lean.layers[i], fewest.first, fewest.second);
    }
    double a = descend(plan), b = descend(lean);
    if (b < a) plan = std::move(lean);
  }

  double descend(Plan& plan) {
    double best = score(plan);
    for (int pass = 0; pass < 8; ++pass) {
      bool improved = false;
      for (std::size_t i = 0; i < plan.layers.size(); ++i) {
        if (plan.layers[i].from_hint) continue;
        for (auto [pk, pn] : candidates_[i]) {
          Plan trial = plan;
          apply_split(trial.layers[i], pk, pn);
          double s = score(trial);
          if (s < best * (1 - 1e-9)) {
            best = s;
            apply_split(plan.layers[i], pk, pn);
            improved = true;
          }
        }
      }
      // Pair moves: two neighbouring layers change together (a producer's chains and its consumer's
      // stages are what make an edge direct), over power-of-two splits to keep this cheap.
      for (std::size_t i = 0; !improved && i + 1 < plan.layers.size(); ++i) {
        if (plan.layers[i].from_hint || plan.layers[i + 1].from_hint) continue;
        for (auto [pk, pn] : candidates_[i]) {
          if ((pk & (pk - 1)) || (pn & (pn - 1))) continue;
          for (auto [qk, qn] : candidates_[i + 1]) {
            if ((qk & (qk - 1)) || (qn & (qn - 1))) continue;
            Plan trial = plan;
            apply_split(trial.layers[i], pk, pn);
            apply_split(trial.layers[i + 1], qk, qn);
            double s = score(trial);
            if (s < best * (1 - 1e-9)) {
              best = s;
              apply_split(plan.layers[i], pk, pn);
              apply_split(plan.layers[i + 1], qk, qn);
              improved = true;
            }
          }
        }
      }
      if (!improved) break;
    }
    return best;
  }

  // An edge is direct when the producer's output layout is exactly the consumer's input layout:
  // chain j's C-tiled TM x TN blocks are stage j's A-tiled TM x TK blocks, and the producer's result
  // goes nowhere else. @direct demands it, @memtile forbids it, otherwise it is taken whenever it is
  // possible (it saves a store and forward).
  bool choose_edges(Plan& plan) {
    for (std::size_t i = 0; i < plan.layers.size(); ++i) {
      const LayerPlan& p = plan.layers[i];
      const ir::Node& n = g_.nodes[p.node];
      const auto ci = sole_dense_consumer(plan, int(i));
      if (!ci) {
        if (n.schedule.output_edge == ir::Schedule::Edge::Direct) {
          diags_.error(n.loc, fmt::format("'{}' cannot hand its output directly to another kernel: that needs a dense "
                                          "layer read by exactly one dense layer and by no graph output",
                                          p.name));
          return false;
        }
        continue;
      }
      LayerPlan& c = plan.layers[std::size_t(*ci)];
      const bool fits_layout = direct_layout(p, c);
      switch (n.schedule.output_edge) {
        case ir::Schedule::Edge::MemTile: break;
        case ir::Schedule::Edge::Auto: c.direct_input = fits_layout; break;
        case ir::Schedule::Edge::Direct:
          if (!fits_layout) {
            diags_.error(n.loc, fmt::format("'{}' cannot hand its output directly to '{}': that needs {} parallel chains "
                                            "for {} cascade stages ({} vs {}), equal slices (N slice {} vs K slice {}) and "
                                            "equal row blocks; use @memtile or matching @tiles",
                                            p.name, c.name, p.PN, c.PK, p.PN, c.PK, p.NS, c.KS));
            return false;
          }
          c.direct_input = true;
          break;
      }
    }
    return true;
  }

  bool fits(const LayerPlan& l) const { return fits_tiles(l, dev_); }

  bool choose_split(const ir::Node& n, LayerPlan& l) {
    const int max_k = int((l.K + l.mt.k - 1) / l.mt.k), max_n = int((l.N + l.mt.n - 1) / l.mt.n);
    if (n.schedule.cascade || n.schedule.parallel) {
      l.from_hint = true;
      int pk = n.schedule.cascade.value_or(1), pn = n.schedule.parallel.value_or(1);
      if (pk > max_k || pn > max_n) {
        diags_.error(n.loc, fmt::format("'{}': @tiles(cascade: {}, parallel: {}) leaves stages without data: K = {} "
                                        "allows at most {} stages of {} and N = {} at most {} chains of {}",
                                        n.name, pk, pn, l.K, max_k, l.mt.k, l.N, max_n, l.mt.n));
        return false;
      }
      apply_split(l, pk, pn);
      if (!fits(l)) {
        diags_.error(n.loc, fmt::format("'{}': with @tiles(cascade: {}, parallel: {}) a kernel does not fit its tile: {}",
                                        n.name, pk, pn, tile_memory_problem(l, dev_)));
        return false;
      }
      return true;
    }
    auto time = opt_.layer_time_ns ? opt_.layer_time_ns : predicted_layer_ns;
    double best = std::numeric_limits<double>::infinity();
    std::vector<std::pair<double, std::pair<int, int>>> feasible;
    for (int pk = 1; pk <= std::min(max_k, opt_.max_cascade); ++pk)
      for (int pn = 1; pn <= std::min(max_n, opt_.max_parallel); ++pn) {
        LayerPlan c = l;
        apply_split(c, pk, pn);
        if (c.KS * (pk - 1) >= c.K || c.NS * (pn - 1) >= c.N || !fits(c)) continue;  // no empty stages
        double t = time(c, dev_);
        feasible.push_back({t, {pk, pn}});
        best = std::min(best, t);
      }
    // Layers outnumber nodes when a concatenation adds conversion layers.
    if (candidates_.size() <= std::size_t(planning_layer_)) candidates_.resize(std::size_t(planning_layer_) + 1);
    for (auto& f : feasible) candidates_[std::size_t(planning_layer_)].push_back(f.second);
    if (feasible.empty()) {
      // Name what overflows at the widest split tried: the weights, or (at a large batch) the
      // activation buffers, which no split makes smaller.
      LayerPlan widest = l;
      const int wk = std::min(max_k, opt_.max_cascade), wn = std::min(max_n, opt_.max_parallel);
      apply_split(widest, wk, wn);
      diags_.error(n.loc, fmt::format("'{}' ({}x{} weights, batch {}) does not fit the tiles' data memory with up to {} "
                                      "cascade stages and {} parallel chains; at cascade {} x parallel {}: {}",
                                      n.name, l.K, l.N, g_.batch, opt_.max_cascade, opt_.max_parallel, wk, wn,
                                      tile_memory_problem(widest, dev_)));
      return false;
    }
    // Fewest tiles within 1% of the fastest; then the faster; then the shorter cascade.
    std::pair<int, int> pick{0, 0};
    double pick_t = 0;
    for (auto& [t, s] : feasible) {
      if (t > best * 1.01) continue;
      int tiles = s.first * s.second, pick_tiles = pick.first * pick.second;
      if (pick.first == 0 || tiles < pick_tiles || (tiles == pick_tiles && t < pick_t)) {
        pick = s;
        pick_t = t;
      }
    }
    apply_split(l, pick.first, pick.second);
    return true;
  }

  std::size_t n_index(const ir::Node& n) const { return std::size_t(&n - g_.nodes.data()); }

  std::vector<std::vector<std::pair<int, int>>> candidates_;  // feasible splits per layer
  std::map<ir::ValueId, Source> source_;                     // where each activation comes from
  int planning_layer_ = 0;                                   // the index the layer being planned will have
  const ir::Graph& g_;
  const Device& dev_;
  Diagnostics& diags_;
  const PlanOptions& opt_;
};

}  // namespace

bool fits_tiles(const LayerPlan& l, const Device& d) { return tile_memory_problem(l, d).empty(); }

// The requantizer's limits (stdlib/aie requantize.hpp static_asserts), checked here so that build
// refuses with a located message what the kernel would refuse to compile.
std::string requant_problem(const LayerPlan& l) {
  const auto& q = l.requant;
  const bool scaled = q.multiplier.has_value() || !q.column_multipliers.empty();
  if (q.shift > 59)
    return fmt::format("a right shift of {} bits from the accumulator exceeds the SRS limit of 59 (aie::max_shift, "
                       "UG1583); the output has far fewer fractional bits than the products",
                       q.shift);
  if (!scaled && q.shift < -30)
    return fmt::format("a left shift of {} bits from the accumulator exceeds the 30 the kernel can apply exactly",
                       -q.shift);
  if (scaled && q.shift < 0)
    return fmt::format("a scale multiplier with a left shift of {} bits is not supported", -q.shift);
  const bool direct = !scaled && q.shift >= 0 && q.shift <= (l.acc_bits == 32 ? 31 : 59);
  if (!direct && l.acc_bits == 64 && !(q.acc_bound_bits >= 1 && q.acc_bound_bits <= 32))
    return "a multiplier (or left shift) on 64-bit sums is exact only when the sums fit 32 bits, and these may not";
  return {};
}

std::string tile_memory_problem(const LayerPlan& l, const Device& d) {
  for (int pk = 0; pk < l.PK; ++pk) {
    const BankMap m = bank_map(l, pk, d.tile.data_banks, d.bank_bytes());
    if (m.total > d.tile.data_memory_bytes)
      return fmt::format("stage {} needs {} bytes of data memory (buffers, tables, stack, heap and sync buffer), a tile "
                         "has {}",
                         pk, m.total, d.tile.data_memory_bytes);
    for (const auto& it : m.items)
      if (it.bank < 0)
        return fmt::format("stage {}: its {} ({} bytes) fits no {}-byte bank next to the rest (bank map: "
                           "docs/backend.md)",
                           pk, to_string(it.what), it.bytes, d.bank_bytes());
  }
  return {};
}

double predicted_layer_ns(const LayerPlan& l, const Device& d) {
  Plan p;
  p.model = l.name;
  p.device = d;
  p.aie_arch = arch_macro(d.arch);
  p.batch = l.M;
  p.layers = {l};
  return predicted_plan_ns(p);
}

double predicted_plan_ns(const Plan& p) { return perf::predict(p, perf::PerfConstants::for_device(p.device)).latency_ns; }

std::optional<Plan> make_plan(const ir::Graph& g, const Device& device, Diagnostics& diags, const PlanOptions& options) {
  return Planner(g, device, diags, options).run();
}

}  // namespace aiem::aie
