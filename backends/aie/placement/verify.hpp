#pragma once
// The legality checker run on every placed design, independent of the search's own bookkeeping:
// it recomputes every tile, bank claim, hand-off and channel count from the Placement alone.
#include <string>
#include <vector>

#include "backends/aie/placement/placement.hpp"

namespace aiem::aie::placement {

enum class ViolationKind {
  malformed,           // placement does not match the problem (counts, chain sizes)
  outside_region,      // a tile outside the device or the region
  keep_out,            // a tile on a keep-out tile
  tile_reused,         // two stages on one core
  cascade,             // consecutive stages not one legal cascade hop apart
  bank_conflict,       // two buffers in the same bank of one tile's memory
  memory_unavailable,  // a buffer in a memory outside the region/device or on a keep-out tile
  handoff,             // a direct hand-off whose consumer cannot address the producer's memory
  memtile_budget,      // memtile column missing, outside the region, or over its DMA channels
  plio_column,         // PLIO in a shim column without PLIO or outside the region
  plio_budget,         // shim column over its PL channels
  pin,                 // a pinned layer not at its pin
};

struct Violation {
  ViolationKind kind;
  std::string message;
};

std::vector<Violation> verify(const PlacementProblem& problem, const Placement& placement);

// Throws PlacementError listing every violation when there is any.
void verify_or_throw(const PlacementProblem& problem, const Placement& placement);

std::string_view to_string(ViolationKind k);

}  // namespace aiem::aie::placement
