#pragma once
// The resource check run on every built design: whatever the plan and the placement decided, no
// tile's data memory or bank, no cascade, no memtile's DMA channels or memory, no shim column's
// PLIO budget is exceeded, and no tile is used twice. An empty result means the design fits.
#include <string>
#include <vector>

#include "backends/aie/plan/physical_plan.hpp"

namespace aiem::aie {

std::vector<std::string> check_resources(const Plan& plan);

}  // namespace aiem::aie
