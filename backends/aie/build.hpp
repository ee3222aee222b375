#pragma once
// aiemc build: lowered IR -> physical plan -> placement -> a complete project in memory, with PLIO
// input data and golden outputs from the reference interpreter. Writing it to disk is
// write_project (atomic).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "backends/aie/emit/project.hpp"
#include "backends/aie/perf/model.hpp"
#include "backends/aie/plan/make_plan.hpp"
#include "backends/aie/plan/place_plan.hpp"
#include "ir/diag/diagnostic.hpp"
#include "ir/graph.hpp"

namespace aiem::aie {

struct BuildOptions {
  std::string device;  // catalog name or .json path; empty: the model's target
  PlanOptions plan;
  PlaceOptions place;
  int batches = 1;          // input batches in the PLIO data (graph iterations)
  std::uint64_t seed = 1;   // random input codes when no input is given
  // Codes of the graph inputs by name (batches x the input's shape, row-major); an input not given
  // gets random codes.
  std::map<std::string, std::vector<std::int64_t>> input_codes;
};

struct BuildResult {
  Plan plan;
  PlacedPlan placed;
  perf::ModelTiming timing;  // of the placed plan, as report.json and the summary state it
  Project project;
};

// The checks `build` makes before it emits anything, shared with `check`: the device loads, the
// graph lowers to a plan (supported ops, resources), and the plan places. User errors go to
// `diags` at the offending node; returns nothing then.
struct PlacedDesign {
  Plan plan;
  PlacedPlan placed;
};
// place_plan judged by the performance model (PlaceOptions::latency, unless the caller set one):
// how `aiemc build` and `aiemc report` place a plan. Throws what place_plan throws.
PlacedPlan place_for_latency(Plan& plan, const PlaceOptions& options = {});

std::optional<PlacedDesign> plan_and_place(const ir::Graph& g, const std::string& device, const PlanOptions& plan,
                                           const PlaceOptions& place, Diagnostics& diags);

// User errors (unsupported graph, does not fit, bad device) go to `diags`; returns nothing then.
std::optional<BuildResult> build_project(const ir::Graph& g, const BuildOptions& options, Diagnostics& diags);

// The one-screen summary aiemc build prints: layers with PK x PN, tiles, memtiles, the map.
std::string build_summary(const BuildResult& r);

}  // namespace aiem::aie
