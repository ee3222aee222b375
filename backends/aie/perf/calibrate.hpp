#pragma once
// The three transport constants marked [fit] in constants.hpp, re-derived: least squares on the
// relative error over published runs (the model is linear in them, so the fit is exact and
// reproducible). The library's values are this fit over the M1-M3 runs of published_runs().
#include <vector>

#include "backends/aie/perf/constants.hpp"
#include "backends/aie/perf/reference_models.hpp"

namespace aiem::aie::perf {

struct TransportFit {
  double io_fixed_cycles = 0;
  double dma_transfer_cycles = 0;
  double row_hop_cycles = 0;
  int runs = 0;
  double max_abs_rel_error = 0;  // over the runs fitted
  PerfConstants apply(PerfConstants c) const {
    c.io_fixed_cycles = io_fixed_cycles;
    c.dma_transfer_cycles = dma_transfer_cycles;
    c.row_hop_cycles = row_hop_cycles;
    return c;
  }
};

// Fits on `runs` (each built with chain_spec on `device`), the other constants taken from `base`.
// Throws std::invalid_argument when fewer than three runs are given or the system is singular.
TransportFit fit_transport(const std::vector<PublishedRun>& runs, const Device& device, const PerfConstants& base);

// The runs the library's constants were fitted on: the M1-M3 rows of published_runs().
std::vector<PublishedRun> fit_runs();
// The held-out runs: M4-M6.
std::vector<PublishedRun> validation_runs();

}  // namespace aiem::aie::perf
