#pragma once
// The published end-to-end measurements the model is validated against (../shared/docs/benchmarks.md
// M1-M6), with the per-layer PK x PN each was measured with. Source of every row:
// github.com/KastnerRG/aie4ml experiments/runs/models/models.csv (commit f8f0511): aiesim, Vitis
// 2025.2, VEK280 at 1.25 GHz, int8 x int8, microtile 4x8x8, batch 8, one iteration. Its
// "latency_ns" is read by experiments/physics_models.py from read_aie_report()["fifo_latency"]: the
// ADF event API's io_stream_start_difference_cycles between the first stream event on PLIO_ifm_0
// and on PLIO_ofm_0, i.e. first input -> first output of one batch (not a TLAST-to-TLAST interval:
// with one iteration there is only one TLAST).
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "backends/aie/perf/plan_builder.hpp"

namespace aiem::aie::perf {

struct ReferenceModel {
  std::string id;    // "M1"
  std::string name;  // "jet tagger"
  std::vector<std::pair<std::int64_t, std::int64_t>> layers;  // (K, N) per dense layer
};

struct PublishedRun {
  std::string model;                     // ReferenceModel::id
  std::vector<std::pair<int, int>> grid;  // (PK, PN) per layer
  double latency_ns = 0;                 // first input -> first output, published
  bool best = false;                     // the model's best published latency (benchmarks.md)
  bool fewest_tiles = false;             // benchmarks.md's "fewest tiles published" row
  bool fit_set() const { return model == "M1" || model == "M2" || model == "M3"; }  // the rest is held out
  int tiles() const;
};

const std::vector<ReferenceModel>& reference_models();
const ReferenceModel& reference_model(const std::string& id);
// Every successful (bit-exact) row of the source, in its order.
const std::vector<PublishedRun>& published_runs();

// The chain spec of a published run: the source's layout (one input PLIO per first-layer K slice,
// int8, 4x8x8 with 2 x 2 blocking, batch 8).
ChainSpec chain_spec(const PublishedRun& run);

}  // namespace aiem::aie::perf
