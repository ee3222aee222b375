#pragma once
// The dense kernel's layer for any op that is a matrix product with constant weights: dense itself
// and the conv family's im2col + dense lowering (ir/ops/conv/aie_lower.cpp).
#include <optional>

#include "backends/aie/plan/planner.hpp"
#include "ir/ops/dense/dense.hpp"

namespace aiem::aie {

// M rows of K codes of format x times the constant [K][N] weights of format w (and the bias at
// accumulator scale).
struct DenseOperands {
  std::int64_t M = 0, K = 0;
  num::FixedFormat x, w;
  const std::vector<std::int64_t>* w_codes = nullptr;
  const std::vector<std::int64_t>* b_codes = nullptr;
  // A direct convolution: x is the image (LayerPlan::Conv, its tk and tm those of the microtile
  // the layer gets), not M rows of K.
  LayerPlan::Conv conv;
};

// The layer of node n computing `a` on those operands: microtile, output conversion, split (@tiles
// or the automatic search's first choice and its candidates). Not yet added to the plan; nullopt
// after an error at the node.
std::optional<LayerPlan> dense_layer(Planner& p, const ir::Node& n, const ir::DenseAttrs& a, const DenseOperands& o);

}  // namespace aiem::aie
