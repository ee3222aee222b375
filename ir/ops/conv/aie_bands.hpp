#pragma once
// The spatial split of the conv family's layers on the array (docs/backend.md, "Bands"): a direct
// conv (the dense kernel reading its image in place, LayerPlan::Conv) or a window kernel (im2col,
// pool: PointwisePlan::Window) computes its output positions as `ps` x `pr` band layers, `ps`
// dividing the samples and `pr` the output rows (with one output row, a conv1d's output columns),
// each reading the part of the image its windows reach (its halo) and writing its rows in place
// into one row join (ViewPlan), the layer's result.
#include <optional>

#include "backends/aie/plan/planner.hpp"
#include "ir/ops/conv/conv.hpp"

namespace aiem::aie {

// Adds layer `l` of node `n` (not yet split; geometry `q`) as its bands, chosen by @tiles(bands: B)
// or by the performance model, and returns its result: the one layer's, or the bands' row join.
// nullopt after an error at the node.
std::optional<Source> add_banded(Planner& p, const ir::Node& n, const ir::Geometry2d& q, LayerPlan l);

}  // namespace aiem::aie
