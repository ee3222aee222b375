#include "backends/aie/build.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <random>

#include "backends/aie/emit/emit.hpp"
#include "backends/aie/perf/model.hpp"
#include "backends/aie/placement/render.hpp"
#include "backends/aie/plan/dma_usage.hpp"
#include "backends/aie/plan/resource_check.hpp"
#include "backends/reference/interpreter.hpp"

namespace aiem::aie {

namespace {

std::vector<std::int64_t> random_codes(const num::FixedFormat& f, std::size_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<std::int64_t> d(f.min_code(), f.max_code());
  std::vector<std::int64_t> v(n);
  for (auto& x : v) x = d(rng);
  return v;
}

}  // namespace

namespace {

// The plan at the options' samples per iteration, placed; errors at the layer that does not fit.
std::optional<PlacedDesign> place_at(const ir::Graph& g, const Device& device, const PlanOptions& po,
                                     const PlaceOptions& place, Diagnostics& diags) {
  auto plan = make_plan(g, device, diags, po);
  if (!plan) return std::nullopt;
  PlacedDesign d{std::move(*plan), {}};
  try {
    d.placed = place_for_latency(d.plan, place);
  } catch (const placement::PlacementError& e) {
    SourceRange loc;
    for (const auto& l : d.plan.layers)
      if (l.name == e.layer) loc = g.nodes[l.node].loc;
    if (loc.valid()) diags.error(loc, fmt::format("placement on {}: {}", device.name, e.what()));
    else diags.error_in(device.name, fmt::format("placement: {}", e.what()));
    return std::nullopt;
  } catch (const placement::ProblemError& e) {
    // Only the user's region can make the problem malformed here (e.g. columns beyond the array).
    diags.error_in(device.name, fmt::format("placement: {}", e.what()));
    return std::nullopt;
  }
  return d;
}

}  // namespace

PlacedPlan place_for_latency(Plan& plan, const PlaceOptions& options) {
  PlaceOptions judged = options;
  const perf::PerfConstants constants = perf::PerfConstants::for_device(plan.device);
  if (!judged.latency) judged.latency = [&](const Plan& p) { return perf::predict(p, constants).latency_ns; };
  return place_plan(plan, judged);
}

// A design that plans but does not place (memory tiles, DMA channels, the region) is also tried
// at fewer samples per graph iteration, as make_plan does for one that does not plan.
std::optional<PlacedDesign> plan_and_place(const ir::Graph& g, const std::string& device_name, const PlanOptions& po,
                                           const PlaceOptions& place, Diagnostics& diags) {
  const std::string name = device_name.empty() ? g.target : device_name;
  Device device;
  try {
    device = load_device(name);
  } catch (const DeviceError& e) {
    diags.error_in(name, e.what());
    return std::nullopt;
  }
  auto search = [&](const PlanOptions& o, Diagnostics& d) -> std::optional<PlacedDesign> {
    if (o.samples_per_iteration > 0) return place_at(g, device, o, place, d);
    return largest_iteration_that_fits(g.batch, d, [&](std::int64_t samples, Diagnostics& ds) {
      PlanOptions at = o;
      at.samples_per_iteration = samples;
      return place_at(g, device, at, place, ds);
    });
  };
  Diagnostics banded;
  if (auto r = search(po, banded)) {
    diags.append(banded);
    return r;
  }
  // The bands the model chose take memory-tile channels and memory a design without them may not
  // need: without them before giving up (the errors reported are the first attempt's).
  if (po.auto_bands) {
    PlanOptions plain = po;
    plain.auto_bands = false;
    Diagnostics d;
    if (auto r = search(plain, d)) {
      diags.append(d);
      return r;
    }
  }
  diags.append(banded);
  return std::nullopt;
}

std::optional<BuildResult> build_project(const ir::Graph& g, const BuildOptions& o, Diagnostics& diags) {
  auto design = plan_and_place(g, o.device, o.plan, o.place, diags);
  if (!design) return std::nullopt;
  BuildResult r;
  r.plan = std::move(design->plan);
  r.placed = std::move(design->placed);

  if (auto problems = check_resources(r.plan); !problems.empty()) {
    std::string all;
    for (auto& pr : problems) all += "\n  " + pr;
    throw InternalError(fmt::format("the built design of '{}' breaks resource limits:{}", g.name, all));
  }

  // Inputs and golden outputs, batch by batch through the reference interpreter.
  std::map<std::string, std::vector<std::int64_t>> codes, golden;
  for (const auto& [name, v] : o.input_codes)
    if (!g.find_value(name) || std::find(g.inputs.begin(), g.inputs.end(), *g.find_value(name)) == g.inputs.end()) {
      diags.error_in(name, fmt::format("the model '{}' has no input '{}'", g.name, name));
      return std::nullopt;
    }
  for (std::size_t i = 0; i < g.inputs.size(); ++i) {
    const ir::Value& in = g.value(g.inputs[i]);
    const std::size_t per_batch = std::size_t(in.type.elements());
    auto given = o.input_codes.find(in.name);
    codes[in.name] = given != o.input_codes.end()
                         ? given->second
                         : random_codes(in.type.format, per_batch * std::size_t(o.batches), o.seed + i);
    if (codes[in.name].size() != per_batch * std::size_t(o.batches)) {
      diags.error_in(in.name, fmt::format("{} input codes given, {} batches of {} expected", codes[in.name].size(),
                                          o.batches, per_batch));
      return std::nullopt;
    }
  }
  for (int b = 0; b < o.batches; ++b) {
    std::map<std::string, ir::Tensor> batch;
    for (ir::ValueId id : g.inputs) {
      const ir::Value& in = g.value(id);
      const std::size_t per_batch = std::size_t(in.type.elements());
      const auto& c = codes[in.name];
      batch[in.name] = ir::Tensor{in.type, std::vector<std::int64_t>(c.begin() + std::ptrdiff_t(b * per_batch),
                                                                     c.begin() + std::ptrdiff_t((b + 1) * per_batch))};
    }
    try {
      auto out = reference::run(g, batch);
      for (ir::ValueId id : g.outputs) {
        const auto& y = out.at(g.value(id).name).codes;
        auto& dst = golden[g.value(id).name];
        dst.insert(dst.end(), y.begin(), y.end());
      }
    } catch (const reference::InputError& e) {
      diags.error_in(g.name, e.what());
      return std::nullopt;
    }
  }

  emit_kernels(r.plan, r.project);
  emit_params(r.plan, r.project);
  emit_graph(r.plan, int(o.batches * r.plan.iterations()), r.project);
  emit_data(r.plan, codes, golden, r.project);
  emit_host(r.plan, codes, golden, r.project);
  emit_build_files(r.plan, r.project);
  emit_kernel_library(r.project);
  nlohmann::ordered_json extra;
  r.timing = perf::predict(r.plan, perf::PerfConstants::for_device(r.plan.device));
  const auto& timing = r.timing;
  extra["timing"] = {{"latency_ns", timing.latency_ns}, {"interval_ns", timing.interval_ns},
                     {"latency_cycles", timing.latency_cycles}, {"bottleneck", timing.bottleneck},
                     {"inferences_per_s", timing.inferences_per_s}, {"gops", timing.gops},
                     {"mac_utilisation", timing.mac_utilisation}, {"clock_mhz", timing.aie_clock_mhz},
                     {"model", "docs/performance.md"}};
  // Direct layer edges after placement: in-place neighbour hand-offs vs tile-DMA transfers.
  extra["direct_edges"] = nlohmann::ordered_json::array();
  for (const auto& e : dma_usage(r.plan).direct)
    extra["direct_edges"].push_back({{"producer", r.plan.layers[std::size_t(e.producer)].name},
                                     {"consumer", r.plan.layers[std::size_t(e.consumer)].name},
                                     {"in_place", e.in_place},
                                     {"tile_dma", e.dma}});
  extra["placement"] = {{"cost", r.placed.placement.cost.total},
                        {"proven_optimal", r.placed.placement.optimal()},
                        {"lower_bound", r.placed.placement.stats.lower_bound},
                        {"handoff_hops", r.placed.placement.cost.handoff},
                        {"search", placement::describe_bound(r.placed.placement)},
                        {"map", placement::render_text_map(r.placed.problem, r.placed.placement)}};
  emit_report(r.plan, extra, r.project);
  r.project.add("placement.svg", placement::render_svg(r.placed.problem, r.placed.placement));
  return r;
}

std::string build_summary(const BuildResult& r) {
  const Plan& p = r.plan;
  std::string s = fmt::format("{} on {} ({}), batch {}{}\n", p.model, p.device.board.empty() ? p.device.name : p.device.board,
                              p.device.part, p.batch, perf::iterations_text(r.timing));
  std::size_t nw = 12;  // the longest layer name (a band is "<layer>_b<i>")
  for (const auto& l : p.layers) nw = std::max(nw, l.name.size());
  s += fmt::format("  {:<{}} {:>13} {:>9} {:>6}  {:<10} {}\n", "layer", nw, "K x N", "PK x PN", "tiles", "microtile",
                   "kernel slice");
  for (const auto& l : p.layers)
    s += fmt::format("  {:<{}} {:>13} {:>9} {:>6}  {:<10} {}x{}x{}{}\n", l.name, nw, fmt::format("{} x {}", l.K, l.N),
                     fmt::format("{} x {}", l.PK, l.PN), l.tiles(), fmt::format("{}x{}x{}", l.mt.m, l.mt.k, l.mt.n), l.M_pad,
                     l.KS, l.NS, l.from_hint ? "  (@tiles)" : "");
  s += fmt::format("  total: {} tiles of {} ({:.1f}%), {} memory-tile buffers in {} memtiles, {} PLIOs\n", p.total_tiles(),
                   p.device.tiles(), 100.0 * p.total_tiles() / p.device.tiles(), p.buffers.size(), p.memtile_columns().size(), p.plios.size());
  const auto& t = r.timing;
  s += fmt::format("  predicted: latency {:.0f} ns (first input to first output of a batch{}), interval {:.0f} ns, "
                   "{:.3g} inferences/s (performance model, docs/performance.md)\n",
                   t.latency_ns, t.iterations > 1 ? "'s last iteration" : "", t.interval_ns, t.inferences_per_s);
  s += placement::render_text_map(r.placed.problem, r.placed.placement);
  return s;
}

}  // namespace aiem::aie
