#pragma once
// Block templates: the shapes a layer's PN cascade chains of PK tiles can take, relative to the
// block's lower-left corner. Every chain is contiguous along legal cascade hops (east or south);
// chains are packed into a w x h box by a first-fit packer that respects the layer's own bank
// claims, so a template is legal in isolation and the search only checks it against other blocks.
#include <string>
#include <vector>

#include "backends/aie/placement/placement.hpp"

namespace aiem::aie::placement {

struct Offset {
  int dx = 0;
  int dy = 0;
};

// Data-memory banks a block claims in the tile at (dx, dy) relative to its corner (may lie just
// outside the box, e.g. the west neighbour of a chain head).
struct MemClaim {
  int dx = 0;
  int dy = 0;
  BankMask banks = 0;
};

struct BlockTemplate {
  std::vector<std::vector<Offset>> cells;  // [pn][pk]
  int width = 0;
  int height = 0;
  std::vector<MemClaim> claims;  // one per memory, sorted by (dy, dx)
  std::string shape;             // e.g. "rows 3x2" — for reports and debugging
};

// Stages of layer `layer` fed by a direct hand-off (they allocate no input buffer): [pn][pk].
std::vector<std::vector<bool>> handoff_fed(const PlacementProblem& p, int layer);

// Every distinct template of `layer` that fits the problem's region, deterministic order: for
// each packing order the device allows, for each height, the narrowest box that holds the chains.
std::vector<BlockTemplate> make_templates(const PlacementProblem& p, int layer);

// The layer's tiles when the template's corner sits at (col, row).
LayerPlacement instantiate(const BlockTemplate& t, int col, int row);

}  // namespace aiem::aie::placement
