#pragma once
// Pictures of a placement: a compact terminal map and an SVG of the device grid. Both are pure
// functions of (problem, placement), so the same placement always draws the same bytes.
#include <string>

#include "backends/aie/placement/placement.hpp"

namespace aiem::aie::placement {

// One character per tile (a letter/digit per layer, '.' free, '#' keep-out, ':' outside the
// region), highest row first, then memtile channel use and PLIO columns, then a legend.
std::string render_text_map(const PlacementProblem& problem, const Placement& placement);

// A standalone SVG document: tiles coloured and labelled per layer, cascade arrows, memtile edges
// (dashed, through their memtile column) and PLIOs (from their shim column), and a legend.
std::string render_svg(const PlacementProblem& problem, const Placement& placement);

// What the search knows of the placement's cost: "optimal"; "optimum 20.00 proven, this one
// +0.50 (2.4%) for 3 fewer hand-off hops" (the refinement's trade); or "best found; lower bound
// 43.67, gap <= 6.8%" (the budget ran out), with the refinement's hops saved when it moved.
std::string describe_bound(const Placement& placement);

// The map character of layer i.
char layer_symbol(std::size_t i);

}  // namespace aiem::aie::placement
