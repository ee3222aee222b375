#pragma once
// Shared fixtures for the placement tests: small synthetic devices, layer builders, a brute-force
// reference over the same candidate space as the search.
#include <optional>
#include <string>

#include "backends/aie/device/device.hpp"
#include "backends/aie/placement/placement.hpp"
#include "backends/aie/placement/verify.hpp"

namespace aiem::aie::placement::test {

// A cols x rows AIE-ML-like array: 4 banks per tile, one memtile row with `dma` channels each way,
// PLIO in every even shim column.
Device tiny_device(int cols, int rows, int dma = 6);

Layer dense(std::string name, int pk, int pn);
// A layer whose buffers all live in its own tiles (no neighbour memory: no keep-outs).
Layer self_contained(std::string name, int pk, int pn);

PlacementProblem problem_on(const std::string& device_name);

// The cheapest legal placement over every template and corner of every layer and every memtile /
// shim column choice: exhaustive, for tiny problems only.
std::optional<double> brute_force(const PlacementProblem& p);

// Over the same space: the least objective, and the least objective + weighted hand-off hops of
// the placements within `slack` of it (what the search's refinement must find when it finishes).
struct RefinedOptimum {
  double total = 0;
  double refined = 0;
};
std::optional<RefinedOptimum> brute_force_refined(const PlacementProblem& p, double slack);

// Verifier messages joined (for failure output).
std::string violations(const PlacementProblem& p, const Placement& pl);

}  // namespace aiem::aie::placement::test
