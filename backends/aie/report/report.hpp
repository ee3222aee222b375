#pragma once
// The figures `aiemc report` shows, gathered once from a planned and placed design so that the
// table, JSON and HTML renderers (render.hpp) print the same numbers. Every timing figure is
// perf::predict's (docs/performance.md); nothing here models anything itself.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "backends/aie/build.hpp"
#include "backends/aie/perf/model.hpp"
#include "ir/diag/diagnostic.hpp"
#include "ir/graph.hpp"

namespace aiem::aie::report {

struct ReportOptions {
  std::string device;  // catalog name or .json path; empty: the model's target
  PlanOptions plan;  // automatic splits timed with the performance model
  PlaceOptions place;
};

struct LayerRow {
  std::string name;
  std::string op;  // the IR op: "dense", "conv2d", "matmul", "add", "sigmoid", ...
  std::int64_t K = 0, N = 0;
  int PK = 1, PN = 1, tiles = 1;
  bool from_hint = false;          // split from @tiles rather than chosen automatically
  double kernel_cycles = 0;        // the layer's busiest kernel, one call
  double latency_cycles = 0;       // the layer's part of the first-in -> first-out latency
  double latency_ns = 0;
  double latency_share = 0;        // latency_cycles / model latency, on the critical path (else 0)
  double interval_cycles = 0;      // the slowest of its x DMA, kernels, y DMA
  double mac_utilisation = 0;
  bool critical = true;            // on the latency's critical path
};

struct Report {
  std::string model;
  Device device;
  std::int64_t batch = 1;
  perf::ModelTiming timing;        // the model figures, exactly as perf::predict returned them
  std::vector<LayerRow> layers;
  double io_latency_cycles = 0;    // the latency outside the layers: fixed I/O + input PLIO
  double io_latency_share = 0;
  // A batch run as several graph iterations: the latency after the first iteration's (0 for one).
  double later_iterations_cycles = 0;
  double later_iterations_share = 0;
  int device_memtiles = 0;         // memtiles on the device (columns x memtile rows)
  double device_memtile_fraction = 0;
  double placement_cost = 0;
  bool placement_optimal = false;  // placement::Placement::optimal()
  double placement_lower_bound = 0;  // no placement costs less (placement::SearchStats::lower_bound)
  long long placement_nodes = 0;
  double placement_handoff_hops = 0;  // placement::Cost::handoff
  std::string placement_search;    // placement::describe_bound
  std::string placement_map;       // placement::render_text_map
  std::string placement_svg;       // placement::render_svg
};

// From a plan that place_plan has placed (tiles and memtile columns filled in).
Report make_report(const Plan& placed_plan, const PlacedPlan& placed);

// Plans, places and predicts a lowered graph; nothing is emitted or written. User errors (unknown
// device, unsupported layer, a region that does not exist, a design that does not fit) go to
// `diags` and return nothing.
std::optional<Report> plan_and_report(const ir::Graph& g, const ReportOptions& options, Diagnostics& diags);

}  // namespace aiem::aie::report
