#pragma once
// Once every layer is placed, the I/O assignment picks a memtile column for each memtile edge and
// a shim column for each PLIO: minimum weighted wire + memtile pressure under the per-column DMA
// channel and PLIO channel budgets. A small exact branch and bound; the outer search calls it at
// each complete layer placement that its bound has not pruned.
#include <optional>
#include <vector>

#include "backends/aie/placement/geometry.hpp"

namespace aiem::aie::placement {

struct IoAssignment {
  std::vector<int> memtile_column;  // per problem edge (-1 for direct edges)
  std::vector<int> shim_column;     // per PLIO
  double cost = 0;                  // weighted wire + pressure
};

class IoAssigner {
 public:
  explicit IoAssigner(const PlacementProblem& p);

  // Cheapest wire of one memtile edge / PLIO ignoring budgets: admissible bounds for the search.
  int min_edge_wire(const Box& out, const Box& in) const;
  int min_plio_wire(const Box& b) const;
  // Identical PLIOs (same layer, direction, width and channels: a layer's input slices) are one
  // group, led by its first. Members sharing a column pay pressure for it, and at most as many as
  // its channels hold can. `plio_group_bound` bounds the whole group's weighted wire plus the
  // pressure it pays above min_pressure(), with the leader's box (0 for the other members, which
  // the leader's bound counts); `group_size` is the number of PLIOs it covers (0 for non-leaders).
  double plio_group_bound(int plio, const Box& b) const;
  int group_size(int plio) const;
  // The pressure every assignment pays at least (each item alone in its column), weighted.
  double min_pressure() const { return min_pressure_; }

  // The cheapest assignment costing less than `cutoff`, or nothing. `out`/`in` are each layer's
  // tails box and tiles box. `nodes` counts expansions; the search stops (and sets `aborted`) at
  // `node_cap`.
  std::optional<IoAssignment> solve(const std::vector<Box>& out, const std::vector<Box>& in, double cutoff,
                                    long long& nodes, long long node_cap, bool& aborted) const;

 private:
  const PlacementProblem& p_;
  std::vector<int> columns_;       // region columns
  std::vector<int> plio_columns_;  // region columns with PLIO
  double cap_in_ = 0, cap_out_ = 0;
  double min_pressure_ = 0;
  std::vector<int> leader_;       // per PLIO: the first PLIO of its group
  std::vector<int> size_;         // per leader: its group's size
  std::vector<bool> exclusive_;   // per leader: members need distinct columns (no two fit one)
  std::vector<int> per_column_;   // per leader: members one column's channels hold
  std::vector<double> alone_;     // per leader: a member's weighted pressure alone in a column
  mutable std::vector<double> group_cache_;  // plio_group_bound's column part per (leader, x0, x1); < 0: not yet
};

}  // namespace aiem::aie::placement
