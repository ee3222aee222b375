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
  bool split = true;  // choose the split (else the caller does, with choose_split)
};

// The layer of node n computing `a` on those operands: microtile, output conversion, split (@tiles
// or the automatic search's first choice and its candidates). Not yet added to the plan; nullopt
// after an error at the node.
std::optional<LayerPlan> dense_layer(Planner& p, const ir::Node& n, const ir::DenseAttrs& a, const DenseOperands& o);

// The split of dense layer l of node n: @tiles, or the fastest within 1% with the fewest tiles
// (pick_split) of at most `max_parallel` chains (0: any), whose others become the whole-DAG
// search's candidates for the layer added next. false after an error at the node.
bool choose_split(Planner& p, const ir::Node& n, LayerPlan& l, int max_parallel = 0);

// (predicted time in ns, (PK, PN)) of every split of l that fits the device and its tiles, with at
// most `max_parallel` chains (0: any); and the one the automatic choice takes of them (nullopt:
// none).
std::vector<std::pair<double, std::pair<int, int>>> feasible_splits(const Planner& p, const LayerPlan& l,
                                                                    int max_parallel = 0);
std::optional<std::pair<double, std::pair<int, int>>> pick_split(
    const std::vector<std::pair<double, std::pair<int, int>>>& feasible);

}  // namespace aiem::aie
