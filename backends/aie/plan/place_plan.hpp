#pragma once
// Placement of a plan on its device: builds the placement problem from the plan (each layer a
// PK x PN block, memtile edges with their DMA-channel demand, PLIOs through shim columns), runs the
// placement search, verifies the result, and writes tiles and columns back into the plan.
#include <functional>

#include "backends/aie/placement/placement.hpp"
#include "backends/aie/plan/physical_plan.hpp"

namespace aiem::aie {

struct PlaceOptions {
  placement::Region region;               // --columns
  std::vector<placement::Tile> keep_out;
  placement::SearchOptions search;
  // A placed plan's predicted latency (the performance model, which this library does not link):
  // when the search's hand-off refinement changed the placement, place_plan keeps the change only
  // if this predicts it faster. Unset: the refinement's placement is kept.
  std::function<double(const Plan&)> latency;
};

struct PlacedPlan {
  placement::PlacementProblem problem;
  placement::Placement placement;
};

// The placement problem of a plan, and which problem edge gives each buffer its memtile column:
// edge_of[layer] (the first edge of that layer's result), view_edge[view] (the first edge of a
// view's parts), view_reader[view] (a layer reading the view, the fallback); -1 for none.
struct PlanProblem {
  placement::PlacementProblem problem;
  std::vector<int> edge_of, view_edge, view_reader;
};
PlanProblem placement_problem(const Plan& plan, const PlaceOptions& options = {});

// Throws placement::PlacementError (naming the layer) when the design does not fit.
PlacedPlan place_plan(Plan& plan, const PlaceOptions& options = {});

}  // namespace aiem::aie
