#include "backends/aie/plan/make_plan.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <map>

#include "backends/aie/perf/model.hpp"
#include "backends/aie/plan/identifiers.hpp"
#include "backends/aie/plan/planner.hpp"
#include "backends/aie/plan/plumbing.hpp"
#include "ir/numeric/requantize.hpp"
#include "ir/passes/passes.hpp"

namespace aiem::aie {

ElemType container_of(const num::FixedFormat& f) { return {f.container_bits(), f.is_signed}; }

std::vector<std::int64_t> requant_table(const num::FixedFormat& in, const num::FixedFormat& out, bool relu) {
  std::vector<std::int64_t> t;
  for (std::int64_t c = in.min_code(); c <= in.max_code(); ++c)
    t.push_back(num::requantize(num::int128(relu ? std::max<std::int64_t>(c, 0) : c), in.frac(), out));
  return t;
}

namespace {

int arch_macro(Arch a) { return a == Arch::aie_ml_v2 ? 22 : 20; }

// The producer's output layout is exactly the consumer's input layout: chain j's C-tiled TM x TN
// blocks are stage j's A-tiled TM x TK blocks, so the edge can be direct.
bool direct_layout(const LayerPlan& p, const LayerPlan& c) {
  return p.is_dense() && c.is_dense() && !c.conv.on() && p.PN == c.PK && p.NS == c.KS && p.M_pad == c.M_pad && p.mt.m == c.mt.m && p.mt.n == c.mt.k && p.out == c.a;
}

}  // namespace

// Each live node is planned by its family's lower() (ir/ops/<family>/aie_lower.cpp) in graph order,
// so every operand's source is known when its reader is planned.
std::optional<Plan> Planner::run() {
  plan_ = Plan{};
  plan_.model = g_.name;
  plan_.device = dev_;
  plan_.aie_arch = arch_macro(dev_.arch);
  plan_.batch = model_batch_ > 0 ? model_batch_ : g_.batch;
  plan_.samples_per_iteration = model_batch_ > 0 ? g_.batch : 0;
  if (!check_graph()) return std::nullopt;
  const std::vector<bool> live = live_nodes();
  for (const ir::Node& n : g_.nodes) {
    if (!live[index(n)]) {  // nothing reads it: no tiles for it
      diags_.warning(n.loc, fmt::format("'{}' is computed but no output depends on it; the AIE design leaves it out",
                                        n.name));
      continue;
    }
    if (n.schedule.bands && !std::holds_alternative<ir::ConvAttrs>(n.attrs) &&
        !std::holds_alternative<ir::PoolAttrs>(n.attrs)) {
      diags_.error(n.loc, fmt::format("'{}': @tiles(bands: {}) splits the output positions of a conv1d, conv2d, "
                                      "maxpool or avgpool; this is a {}",
                                      n.name, *n.schedule.bands, ir::op_label(n.attrs)));
      return std::nullopt;
    }
    if (!std::visit([&](const auto& a) { return lower(*this, n, a); }, n.attrs)) return std::nullopt;
  }
  if (!check_outputs() || diags_.has_errors()) return std::nullopt;
  Plan plan = std::move(plan_);
  candidates_.resize(std::max(candidates_.size(), plan.layers.size()));
  if (opt_.plan_time_ns) refine(plan);
  if (!choose_edges(plan)) return std::nullopt;
  try {
    connect(plan);
  } catch (const std::runtime_error& e) {
    diags_.error(g_.nodes.back().loc, fmt::format("memory tiles cannot connect the layers: {}", e.what()));
    return std::nullopt;
  }
  choose_output_slices(plan);
  return plan;
}

// Wide outputs leave through as many PLIOs as the interval needs: while the slowest output PLIO
// takes longer than everything else of an iteration (the input PLIOs, every layer's DMAs and
// kernels), its output gets one more slice of whole words, up to one slice per read channel of a
// memory tile for each buffer holding it (more would put relay copies on the output's path; a wide
// dense output has one buffer per group of chains, plumbing.cpp) or one word per slice. A slicing
// the memory tiles cannot connect is undone.
void Planner::choose_output_slices(Plan& plan) const {
  const int mm2s = std::max(1, plan.device.memtile.dma_mm2s), s2mm = std::max(1, plan.device.memtile.dma_s2mm);
  const auto c = perf::PerfConstants::for_device(plan.device);
  while (true) {
    const perf::ModelTiming t = perf::predict(plan, c);
    double inner = t.input_cycles;
    for (const auto& l : t.layers) inner = std::max(inner, l.interval_cycles);
    const PlioPlan* slowest = nullptr;
    double worst = 0;
    for (const auto& io : plan.plios) {
      if (io.is_input) continue;
      perf::PerfConstants k = c;
      k.plio_width_bits = io.width_bits;
      const double cycles = double(io.stream_bytes()) / k.plio_bytes_per_cycle(plan.device);
      if (cycles > worst) {
        worst = cycles;
        slowest = &io;
      }
    }
    if (!slowest || worst <= inner) return;
    OutputPlan& o = plan.outputs[std::size_t(slowest->io)];
    const std::int64_t words = (plan.cols_of(o.source) + slowest->elem.per_word() - 1) / slowest->elem.per_word();
    int buffers = 1;
    if (o.source.layer >= 0 && o.source.view < 0) {
      const LayerPlan& l = plan.layers[std::size_t(o.source.layer)];
      if (l.is_dense()) buffers = (l.PN + s2mm - 1) / s2mm;
    }
    if (o.plio_slices >= mm2s * buffers || o.plio_slices >= words) return;
    ++o.plio_slices;
    try {
      connect(plan);
    } catch (const std::runtime_error&) {
      --o.plio_slices;
      connect(plan);
      return;
    }
  }
}

// A model with layers, inputs and outputs; its inputs become the plan's.
bool Planner::check_graph() {
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
    InputPlan in;
    in.name = v.name;
    in.elem = container_of(v.type.format);
    in.rows = v.type.elements() / std::max<std::int64_t>(cols, 1);
    in.cols = cols;
    plan_.inputs.push_back(std::move(in));
    source_[g_.inputs[i]] = Source{-1, int(i)};
  }
  for (ir::ValueId o : g_.outputs)
    if (source_.count(o)) {
      diags_.error_in(g_.name, fmt::format("the output '{}' is a graph input; the AIE backend needs a layer to "
                                           "produce every output",
                                           g_.value(o).name));
      return false;
    }
  return true;
}

// Every graph output leaves from a layer's buffer (or a window or view of one).
bool Planner::check_outputs() {
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
      if (s.cols % e.per_word() != 0 && s.col0 + s.cols != plan_.cols_of(whole)) {
        diags_.error_in(g_.name, fmt::format("the output '{}' is a slice of {} columns from column {}: an output PLIO "
                                             "carries whole 32-bit words ({} {} columns), so it must end on one or at "
                                             "the end of what it slices",
                                             v.name, s.cols, s.col0, e.per_word(), e.ctype()));
        return false;
      }
    }
    int producer = s.layer;
    for (Source t = s; producer < 0 && t.view >= 0;) {
      t = plan_.views[std::size_t(t.view)].parts.back().source;
      producer = t.layer;
    }
    if (producer < 0) {
      diags_.error_in(g_.name, fmt::format("the output '{}' is made of graph inputs only; the AIE backend needs a layer "
                                           "to produce every output",
                                           v.name));
      return false;
    }
    plan_.outputs.push_back({v.name, producer, s});
  }
  return true;
}

LayerPlan Planner::new_layer(const ir::Node& n, Family f) const {
  LayerPlan l;
  l.family = f;
  l.name = n.name;
  l.node = ir::NodeId(index(n));
  if (n.schedule.at) l.at = std::array<int, 2>{n.schedule.at->first, n.schedule.at->second};
  return l;
}

LayerPlan Planner::pointwise_layer(const ir::Node& n) const {
  const ir::Value& x = g_.value(n.inputs[0]);
  const ir::Value& y = g_.value(n.outputs[0]);
  LayerPlan l = new_layer(n, Family::pointwise);
  l.pw.label = std::string(ir::op_label(n.attrs));
  l.N = l.K = y.type.shape.empty() ? 1 : y.type.shape.back();
  l.M = y.type.elements() / std::max<std::int64_t>(l.N, 1);
  l.a = container_of(x.type.format);
  l.out = container_of(y.type.format);
  l.requant.out = y.type.format;
  l.acc_bits = 32;
  l.pw.in_rows = l.M;
  return l;
}

// Every layer takes at least one tile: refuse at once what cannot fit.
bool Planner::within_tiles(const ir::Node& n) {
  if (std::int64_t(plan_.layers.size()) < dev_.tiles()) return true;
  diags_.error(n.loc, fmt::format("the model has more layers than {}'s {} compute tiles, and every layer needs at least "
                                  "one; this is layer {}",
                                  dev_.name, dev_.tiles(), plan_.layers.size() + 1));
  return false;
}

bool Planner::add_layer(const ir::Node& n, LayerPlan l, std::size_t activations) {
  return add_layer_reading(n, std::move(l), std::vector<ir::ValueId>(n.inputs.begin(), n.inputs.begin() + std::ptrdiff_t(activations)));
}

bool Planner::add_layer_reading(const ir::Node& n, LayerPlan l, const std::vector<ir::ValueId>& operands) {
  for (ir::ValueId v : operands) {
    if (!source_.count(v)) {
      diags_.error(n.loc, fmt::format("'{}': its operand '{}' is a constant; the AIE backend takes activations from "
                                      "graph inputs or other layers only",
                                      n.name, g_.value(v).name));
      return false;
    }
    l.sources.push_back(source_.at(v));
  }
  if (!within_tiles(n)) return false;
  plan_.layers.push_back(std::move(l));
  source_[n.outputs[0]] = Source{int(plan_.layers.size() - 1), -1};
  return true;
}

std::optional<Source> Planner::add_helper_layer(const ir::Node& n, LayerPlan l) {
  if (!within_tiles(n)) return std::nullopt;
  plan_.layers.push_back(std::move(l));
  return Source{int(plan_.layers.size() - 1), -1};
}

void Planner::add_candidates(const std::vector<std::pair<int, int>>& splits) {
  const std::size_t at = plan_.layers.size();
  if (candidates_.size() <= at) candidates_.resize(at + 1);
  candidates_[at] = splits;
}

// The column split of a pointwise layer.
bool Planner::choose_column_split(const ir::Node& n, LayerPlan& l, int max_parallel) {
  // A re-layout or row kernel holds whole rows of its input and output: one kernel.
  const bool whole = l.pw.whole_rows();
  const std::int64_t lanes = slice_granule(l);
  const int max_n = whole ? 1 : int((l.N + lanes - 1) / lanes);
  const int auto_n = max_parallel > 0 ? std::min(max_n, max_parallel) : max_n;
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
                                      n.name, *n.schedule.parallel, l.N, max_n, lanes));
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
  for (int pn = 1; pn <= auto_n; ++pn) {
    apply_split(l, 1, pn);
    if (l.NS * (pn - 1) < l.N && fits(l)) {
      // The scalar window kernels dominate a CNN's latency: the whole-DAG search may also give them
      // more slices (up to 8, or the automatic parallel limit when one is set), each a share of the
      // rows' columns.
      if (l.pw.op == PointwisePlan::Op::im2col || l.pw.op == PointwisePlan::Op::pool) {
        std::vector<std::pair<int, int>> splits;
        for (int q = pn; q <= std::min(auto_n, opt_.max_parallel > 0 ? opt_.max_parallel : 8); ++q) {
          LayerPlan c = l;
          apply_split(c, 1, q);
          if (c.NS * (q - 1) < c.N && fits(c)) splits.push_back({1, q});
        }
        add_candidates(splits);
        apply_split(l, 1, pn);
      }
      return true;
    }
  }
  diags_.error(n.loc, fmt::format("'{}' ({}, {} rows of {} columns) does not fit the tiles' data memory even split "
                                  "into {} slices: {}",
                                  n.name, l.pw.label, l.M, l.N, auto_n, tile_memory_problem(l, dev_)));
  return false;
}

 // The nodes some graph output depends on (walking back from the outputs).
 std::vector<bool> Planner::live_nodes() const {
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

void Planner::connect(Plan& plan, bool name_kernels) const {
  if (name_kernels) assign_identifiers(plan);  // kernel names depend on the split
  plan.buffers.clear();
  plan.plios.clear();
  build_plumbing(plan, opt_.plio_bits, opt_.split_input);
}

// The dense layer fed by this dense producer alone, whose result is no graph output: the only
// edges that can be direct.
std::optional<int> Planner::sole_dense_consumer(const Plan& p, int producer) {
  if (!p.layers[std::size_t(producer)].is_dense() || p.is_output(producer)) return std::nullopt;
  for (const ViewPlan& v : p.views)
    for (const auto& part : v.parts)
      if (part.source.layer == producer) return std::nullopt;
  const auto c = p.consumers(producer);
  if (c.size() != 1 || !p.layers[std::size_t(c[0])].is_dense()) return std::nullopt;
  // A product's kernels already receive their second operand through their tile's DMA.
  if (p.layers[std::size_t(c[0])].streams_weights()) return std::nullopt;
  if (p.layers[std::size_t(c[0])].sources.at(0).cols >= 0) return std::nullopt;  // a slice: read by a tiling
  return c[0];
}

// Score of a whole plan with these splits, or +inf when it cannot be connected. The search
// revisits splits (each pass and start tries every candidate again), so scores are kept by split.
double Planner::score(Plan p) {
  std::vector<std::pair<int, int>> key;
  key.reserve(p.layers.size());
  for (const LayerPlan& l : p.layers) key.emplace_back(l.PK, l.PN);
  if (auto it = scores_.find(key); it != scores_.end()) return it->second;
  const double s = score_uncached(std::move(p));
  scores_.emplace(std::move(key), s);
  return s;
}

double Planner::score_uncached(Plan p) {
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
    connect(p, false);  // the timing reads no kernel names
  } catch (const std::runtime_error&) {
    return std::numeric_limits<double>::infinity();
  }
  return opt_.plan_time_ns(p) * (1.0 + opt_.tile_weight * p.total_tiles());
}

// Coordinate descent from two starts (the per-layer choices, and the fewest tiles per layer);
// the better end point wins. Two starts because single-layer moves get stuck: a layer giving up
// tiles only pays off once its neighbours' splits change too.
void Planner::refine(Plan& plan) {
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

double Planner::descend(Plan& plan) {
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
bool Planner::choose_edges(Plan& plan) {
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

bool fits_tiles(const LayerPlan& l, const Device& d) { return tile_memory_problem(l, d).empty(); }

// The requantizer's limits (stdlib/aie requantize.hpp static_asserts), checked here so that build
// refuses with a located message what the kernel would refuse to compile.
std::string requant_problem(const LayerPlan& l) {
  const auto& q = l.requant;
  if (l.out.bits > 16)
    return fmt::format("the result type {} is held in 32 bits; the kernels' requantizer writes 8- and 16-bit results "
                       "(the AIE API converts acc32 to int32 by a register cast, without the shift)",
                       num::to_string(q.out));
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

namespace {
Plan one_layer_plan(const LayerPlan& l, const Device& d) {
  Plan p;
  p.model = l.name;
  p.device = d;
  p.aie_arch = arch_macro(d.arch);
  p.batch = l.M;
  p.layers = {l};
  p.layers[0].sources.clear();  // alone: its operands arrive with the plan's input
  return p;
}
}  // namespace

double predicted_layer_ns(const LayerPlan& l, const Device& d) { return predicted_plan_ns(one_layer_plan(l, d)); }

double predicted_layer_latency_ns(const LayerPlan& l, const Device& d) {
  const auto t = perf::predict(one_layer_plan(l, d), perf::PerfConstants::for_device(d));
  return t.layers.at(0).latency_cycles * 1e3 / t.aie_clock_mhz;
}

double predicted_plan_ns(const Plan& p) { return perf::predict(p, perf::PerfConstants::for_device(p.device)).latency_ns; }

namespace {

// The plan of `g` at `samples` per graph iteration, or nothing with the reason in `diags`.
std::optional<Plan> plan_at(const ir::Graph& g, std::int64_t samples, const Device& device, Diagnostics& diags,
                            const PlanOptions& options) {
  if (samples == g.batch) return Planner(g, device, diags, options).run();
  std::string why;
  const auto folded = ir::with_batch(g, samples, why);
  if (!folded) {
    diags.error_in(g.name, fmt::format("the batch of {} cannot run as graph iterations of {} sample(s): {}", g.batch,
                                       samples, why));
    return std::nullopt;
  }
  return Planner(*folded, device, diags, options, g.batch).run();
}

}  // namespace

// A batch that does not fit the array is tried as iterations of fewer samples, since every
// layer's buffers scale with the rows of an iteration.
std::optional<Plan> make_plan(const ir::Graph& g, const Device& device, Diagnostics& diags, const PlanOptions& options) {
  if (options.samples_per_iteration > 0) return plan_at(g, options.samples_per_iteration, device, diags, options);
  return largest_iteration_that_fits(g.batch, diags, [&](std::int64_t samples, Diagnostics& d) {
    return plan_at(g, samples, device, d, options);
  });
}

}  // namespace aiem::aie
