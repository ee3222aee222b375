#pragma once
// The graph-level performance model: first-input -> first-output latency and the steady-state
// interval per batch of a Plan, at the device clock (or PerfConstants' override).
//
// Latency (store and forward, one batch through an idle graph):
//   io_fixed + input PLIO transfer (slowest input PLIO)
//   + sum over layers of [ x DMA (memtile -> every kernel, all K slices in parallel)
//                          + route to and from the farthest chain row
//                          + chain (kernel call + cascade pipeline, dense_chain_cost)
//                          + y DMA (chain tails -> memtile, in parallel) ]
//   (the output PLIO's first word is in io_fixed).
// Interval (ping-pong buffers everywhere, so every stage overlaps the others): the slowest of the
// input PLIOs, each layer's x DMA, its busiest kernel, its y DMA, and the output PLIOs.
#include <cstdint>
#include <string>
#include <vector>

#include "backends/aie/perf/constants.hpp"
#include "backends/aie/perf/kernel_cost.hpp"
#include "backends/aie/plan/physical_plan.hpp"

namespace aiem::aie::perf {

struct LayerTiming {
  std::string name;
  int PK = 1, PN = 1, tiles = 1;
  std::int64_t macs = 0;         // logical M*K*N of the layer (one batch)
  KernelCost kernel;             // the busiest kernel of the layer
  ChainCost chain;
  std::int64_t x_bytes = 0;      // per kernel input buffer
  std::int64_t y_bytes = 0;      // per chain output buffer
  double x_dma_cycles = 0;       // memtile -> kernels (0 for a direct input: the producer's hand-off)
  double route_cycles = 0;       // switch hops: from the memtile to the farthest chain (not for a
                                 // direct input), and the result's way out (below)
  double y_dma_cycles = 0;       // chain tails -> memtile, or -> a direct consumer by tile DMA; 0 in place
  double relay_cycles = 0;       // memtile -> memtile copies on its paths: copy relays before its kernels,
                                 // gathers after them (more readers / writers than a memtile's channels)
  // Where the result goes: a memtile buffer; a direct consumer's kernels that address the chain
  // tails' memory (a lock swap); or a direct consumer fed by tile DMA, over the switches between
  // the tiles (plan/dma_usage.hpp classifies the same way for the resource check).
  enum class HandOff { memtile, in_place, tile_dma } output = HandOff::memtile;
  double latency_cycles = 0;     // this layer's share of the first-in -> first-out latency
  double interval_cycles = 0;    // the slowest of its x DMA, kernels and y DMA
  double mac_utilisation = 0;    // logical MACs / (tiles * peak * busiest kernel's cycles)
  bool critical = false;         // on the latency's critical path (every layer of a chain is)
};

struct ModelTiming {
  std::string model;
  double aie_clock_mhz = 0;
  std::int64_t batch = 1;
  std::vector<LayerTiming> layers;
  double input_cycles = 0;       // slowest input PLIO -> memtile transfer
  double output_cycles = 0;      // slowest memtile -> output PLIO transfer (whole batch)
  double io_fixed_cycles = 0;
  double latency_cycles = 0, latency_ns = 0;    // first input word -> first output word (of the last iteration)
  double interval_cycles = 0, interval_ns = 0;  // steady state, per batch
  // A batch run as several graph iterations (Plan::samples_per_iteration): the layers' figures are
  // one iteration's; latency and interval above are the whole batch's.
  std::int64_t iterations = 1, samples_per_iteration = 1;
  double iteration_latency_cycles = 0, iteration_interval_cycles = 0;
  std::string bottleneck;        // what sets the interval: "input PLIO", "fc1 kernel", ...
  int tiles = 0;
  int memtiles = 0;              // memtiles the shared buffers need (channel- and capacity-bound)
  std::int64_t macs = 0;         // logical MACs per batch (every iteration)
  double inferences_per_s = 0;   // batch / interval
  double gops = 0;               // 2 * MACs / interval (GOP/s)
  double mac_utilisation = 0;    // MACs / (tiles * peak * interval)
  double device_tile_fraction = 0;  // tiles / device tiles
};

// "" for a batch in one graph iteration, else " in N graph iterations of S samples" (the titles of
// the report and the build summary).
std::string iterations_text(std::int64_t iterations, std::int64_t samples_per_iteration);
inline std::string iterations_text(const ModelTiming& t) { return iterations_text(t.iterations, t.samples_per_iteration); }

// Needs plan.device and plan.layers (LayerPlan sizes, types, grid, padding). Uses plan.plios
// for the PLIO widths and per-PLIO sizes, plan.tiles for the chain rows and plan.buffers for the
// memtile count when they are filled; otherwise one input and one output PLIO, chains stacked
// from row 0, and buffers sized from the layers.
ModelTiming predict(const Plan& plan, const PerfConstants& c);
// With PerfConstants::for_device(plan.device).
ModelTiming predict(const Plan& plan);

}  // namespace aiem::aie::perf
