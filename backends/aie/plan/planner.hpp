#pragma once
// The planner behind make_plan: walks the lowered graph in order and lets each node's op family
// plan it (the `lower` overloads of ir/ops/<family>/aie_lower.cpp), then searches the splits of the
// whole DAG, chooses the direct edges and builds the plumbing. What the families use is public:
// where each activation comes from, adding a layer, the column split of pointwise kernels and the
// candidates of the split search.
#include <cstdint>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "backends/aie/plan/make_plan.hpp"
#include "ir/diag/diagnostic.hpp"
#include "ir/graph.hpp"

namespace aiem::aie {

// The container type of a fixed-point format.
ElemType container_of(const num::FixedFormat& f);

// requantize(c, in -> out) (of max(c, 0) with `relu`) for every code c of `in`: the table of a
// conversion or of a relu on its own.
std::vector<std::int64_t> requant_table(const num::FixedFormat& in, const num::FixedFormat& out, bool relu);

class Planner {
 public:
  // `model_batch`: the model's batch when `g` is it at fewer samples per graph iteration
  // (ir::with_batch), 0 when `g` computes a whole batch.
  Planner(const ir::Graph& g, const Device& d, Diagnostics& diags, const PlanOptions& o, std::int64_t model_batch = 0)
      : g_(g), dev_(d), diags_(diags), opt_(o), model_batch_(model_batch) {}

  std::optional<Plan> run();

  const ir::Graph& graph() const { return g_; }
  const Device& device() const { return dev_; }
  const PlanOptions& options() const { return opt_; }
  Diagnostics& diags() { return diags_; }
  Plan& plan() { return plan_; }
  std::size_t index(const ir::Node& n) const { return std::size_t(&n - g_.nodes.data()); }

  // Where an activation comes from (a graph input, a layer's result, a view, a window of one).
  const Source& source(ir::ValueId v) const { return source_.at(v); }
  // The node's result is `s` (a window of its input, a view, or its input unchanged).
  void set_source(ir::ValueId v, Source s) { source_[v] = s; }

  // A layer of node `n` with its name, node, and @at filled in.
  LayerPlan new_layer(const ir::Node& n, Family f) const;
  // A pointwise layer of `n`: M rows of N = K columns of its result, operand and result containers
  // from the first input and the result, the result's format for its conversion.
  LayerPlan pointwise_layer(const ir::Node& n) const;

  // Appends `l`, reading the node's first `activations` operands, as the node's result. Errors (at
  // the node) when one of them is a constant, or when the layers outnumber the compute tiles.
  bool add_layer(const ir::Node& n, LayerPlan l, std::size_t activations);
  // The same, reading `operands` (values the node reads) in this order.
  bool add_layer_reading(const ir::Node& n, LayerPlan l, const std::vector<ir::ValueId>& operands);
  // Appends a layer of the planner's own making (e.g. a conversion before a concat), reading
  // `l.sources`; returns its result.
  std::optional<Source> add_helper_layer(const ir::Node& n, LayerPlan l);

  // The column split of a pointwise layer: @tiles(parallel: P), or the fewest slices that fit (at
  // most `max_parallel`, 0: any).
  bool choose_column_split(const ir::Node& n, LayerPlan& l, int max_parallel = 0);
  // The splits the whole-DAG search may try for the layer being planned (the next one added).
  void add_candidates(const std::vector<std::pair<int, int>>& splits);
  bool fits(const LayerPlan& l) const { return fits_tiles(l, dev_); }

 private:
  bool check_graph();
  bool check_outputs();
  std::vector<bool> live_nodes() const;
  bool within_tiles(const ir::Node& n);
  // The memory-tile plumbing of `plan`; `name_kernels` also gives its kernels their identifiers.
  void connect(Plan& plan, bool name_kernels = true) const;
  void choose_output_slices(Plan& plan) const;
  static std::optional<int> sole_dense_consumer(const Plan& p, int producer);
  double score(Plan p);
  double score_uncached(Plan p);
  void refine(Plan& plan);
  double descend(Plan& plan);
  bool choose_edges(Plan& plan);

  Plan plan_;
  std::vector<std::vector<std::pair<int, int>>> candidates_;  // feasible splits per layer
  std::map<ir::ValueId, Source> source_;                     // where each activation comes from
  std::map<std::vector<std::pair<int, int>>, double> scores_;  // score() by each layer's (PK, PN)
  const ir::Graph& g_;
  const Device& dev_;
  Diagnostics& diags_;
  const PlanOptions& opt_;
  std::int64_t model_batch_ = 0;
};

}  // namespace aiem::aie
