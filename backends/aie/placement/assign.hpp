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
};

}  // namespace aiem::aie::placement
