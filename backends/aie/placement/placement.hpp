#pragma once
// Placement search: place(problem) finds where every layer's tiles, memtile edges and PLIOs go.
// Deterministic (single-threaded, every tie broken by index order), exact branch and bound while the
// node budget lasts, best-so-far once it runs out. docs/placement.md explains the model.
#include <vector>

#include "backends/aie/placement/problem.hpp"

namespace aiem::aie::placement {

struct LayerPlacement {
  std::vector<std::vector<Tile>> tiles;  // [pn][pk]
  Tile at(Stage s) const { return tiles.at(s.pn).at(s.pk); }
};

// The cost terms, unweighted. `total` is the weighted sum of the first four, the objective the
// search bounds; `handoff` (switch hops of tile-DMA hand-offs) is what its refinement pass trades
// among placements of equal total (docs/placement.md), and `refined` = total + weight x handoff.
struct Cost {
  double wire = 0;
  double bbox = 0;
  double rows = 0;
  double pressure = 0;
  double handoff = 0;
  double total = 0;
  double refined = 0;
};

struct SearchStats {
  long long nodes = 0;          // candidate placements expanded (layers and I/O assignments)
  long long leaves = 0;         // complete layer placements, each given an I/O assignment search
  long long io_nodes = 0;       // of `nodes`, those of the I/O assignment searches
  long long evaluated = 0;      // candidate positions whose bound was computed
  // The first pass finished: no placement in its candidate space has a lower objective than
  // `lower_bound`. (The result is that optimum unless the refinement traded objective for hand-offs.)
  bool proven_optimal = false;
  bool budget_exhausted = false;
  // No placement in the candidate space costs less: the smallest admissible bound of what the
  // search left unexplored (budget, candidate limit, an aborted I/O assignment), or the cost itself
  // when it finished. The gap to optimal is at most cost - lower_bound.
  double lower_bound = 0;
  double gap(double cost) const { return cost > 0 ? (cost - lower_bound) / cost : 0; }
  // The hand-off refinement (stream edges only): its nodes, whether its budget stopped it, and the
  // first pass's placement it started from (objective and hand-off hops).
  long long refine_nodes = 0;
  bool refine_exhausted = false;
  bool refine_kept = true;  // false: a latency model rejected its trade (place_plan), first pass kept
  double first_total = 0;
  double first_handoff = 0;
};

struct Placement {
  std::vector<LayerPlacement> layers;  // per problem layer
  std::vector<int> memtile_column;     // per edge: the memtile column of a memtile edge, -1 if direct
  std::vector<int> shim_column;        // per PLIO
  Cost cost;
  SearchStats stats;
  // When the hand-off refinement replaced the first pass's placement: that placement (one entry),
  // for a caller that judges the trade with a finer model (place_plan with a latency model).
  std::vector<Placement> first_pass;
  // The result is the objective's proven optimum (not a refinement trade above it).
  bool optimal() const { return stats.proven_optimal && cost.total <= stats.lower_bound + 1e-9; }
};

struct SearchOptions {
  // Candidates expanded before the search settles for its best placement so far. It only stops
  // the search once a legal placement is known (a hard cap of 50x stops a search finding none).
  long long node_budget = 50'000;  // at most 0.13 s of search on M1-M6 as built (docs/placement.md)
  // Candidate positions kept per layer and search node, best lower bound first; 0 keeps all
  // (exact). Large models trade optimality proofs for speed with e.g. 64.
  int candidate_limit = 0;
  // The hand-off refinement that follows (stream edges only, docs/placement.md): its node budget
  // (0 skips it), and how far above the first pass's objective its placements may go. It keeps a
  // placement only when it saves more weighted hand-off hops than it adds to the objective.
  long long refine_budget = 20'000;
  double refine_slack = 1.0;
};

// Throws PlacementError (naming the layer) if no legal placement exists in the candidate space,
// ProblemError if the problem is malformed.
Placement place(const PlacementProblem& problem, const SearchOptions& options = {});

// The cost of a complete placement (legal or not) under the problem's weights.
Cost evaluate(const PlacementProblem& problem, const Placement& placement);

}  // namespace aiem::aie::placement
