#include "backends/aie/report/report.hpp"

#include <fmt/format.h>

#include "backends/aie/build.hpp"
#include "backends/aie/placement/render.hpp"
#include "backends/aie/plan/resource_check.hpp"

namespace aiem::aie::report {

Report make_report(const Plan& plan, const PlacedPlan& placed) {
  Report r;
  r.model = plan.model;
  r.device = plan.device;
  r.batch = plan.batch;
  // The same constants build_project puts into report.json, so `report` and `build` agree.
  r.timing = perf::predict(plan, perf::PerfConstants::for_device(plan.device));
  const auto& t = r.timing;
  const double ns_per_cycle = t.aie_clock_mhz > 0 ? 1000.0 / t.aie_clock_mhz : 0;
  const auto share = [&](double cycles) { return t.latency_cycles > 0 ? cycles / t.latency_cycles : 0; };
  for (std::size_t i = 0; i < plan.layers.size(); ++i) {
    const auto& l = plan.layers[i];
    const auto& lt = t.layers.at(i);
    r.layers.push_back({l.name, l.pw.label.empty() ? "dense" : l.pw.label, l.K, l.N, l.PK, l.PN, l.tiles(), l.from_hint,
                        lt.kernel.cycles, lt.latency_cycles, lt.latency_cycles * ns_per_cycle,
                        lt.critical ? share(lt.latency_cycles) : 0.0, lt.interval_cycles, lt.mac_utilisation, lt.critical});
  }
  // predict's latency is io_fixed + input PLIO + the critical path's layers and memory-tile views
  // (perf/model.hpp); what is not a layer on it is I/O and views.
  double on_path = 0;
  for (const auto& lt : t.layers)
    if (lt.critical) on_path += lt.latency_cycles;
  r.io_latency_cycles = t.iteration_latency_cycles - on_path;
  r.io_latency_share = share(r.io_latency_cycles);
  // A batch of several graph iterations ends (iterations - 1) intervals after the first one.
  r.later_iterations_cycles = t.latency_cycles - t.iteration_latency_cycles;
  r.later_iterations_share = share(r.later_iterations_cycles);
  r.device_memtiles = plan.device.columns * plan.device.memtile.rows;
  r.device_memtile_fraction = r.device_memtiles > 0 ? double(t.memtiles) / r.device_memtiles : 0;
  r.placement_cost = placed.placement.cost.total;
  r.placement_optimal = placed.placement.optimal();
  r.placement_lower_bound = placed.placement.stats.lower_bound;
  r.placement_nodes = placed.placement.stats.nodes;
  r.placement_handoff_hops = placed.placement.cost.handoff;
  r.placement_search = placement::describe_bound(placed.placement);
  r.placement_map = placement::render_text_map(placed.problem, placed.placement);
  r.placement_svg = placement::render_svg(placed.problem, placed.placement);
  return r;
}

std::optional<Report> plan_and_report(const ir::Graph& g, const ReportOptions& o, Diagnostics& diags) {
  auto design = plan_and_place(g, o.device, o.plan, o.place, diags);
  if (!design) return std::nullopt;
  // A report must describe the design `build` would emit, which is only emitted when it is legal.
  if (auto problems = check_resources(design->plan); !problems.empty()) {
    std::string all;
    for (auto& p : problems) all += "\n  " + p;
    throw InternalError(fmt::format("the planned design of '{}' breaks resource limits:{}", g.name, all));
  }
  return make_report(design->plan, design->placed);
}

}  // namespace aiem::aie::report
