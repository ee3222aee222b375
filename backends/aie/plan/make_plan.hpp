#pragma once
// From the lowered IR to the physical plan: checks that the graph is something the AIE backend
// implements (a DAG of dense layers with fused ReLU, elementwise ops and lookup tables), picks each
// dense layer's microtile, register blocking and PK x PN split and each pointwise layer's column
// split (from @tiles or automatically), pads, builds the memory-tile plumbing and PLIOs, and checks
// the resources of every tile. Placement is a separate step (place_plan).
#include <functional>
#include <optional>

#include "backends/aie/plan/bank_map.hpp"
#include "backends/aie/plan/physical_plan.hpp"
#include "ir/diag/diagnostic.hpp"

namespace aiem::aie {

// The performance model's predictions (backends/aie/perf), the default timings of the automatic
// splits: one candidate layer alone, PLIO to PLIO; and a whole plan.
double predicted_layer_ns(const LayerPlan& layer, const Device& device);
// The layer's own share of a latency: its input transfer from the memory tile, kernels and output
// transfer, without the PLIOs (a spatially split conv's band, whose image arrives once for all).
double predicted_layer_latency_ns(const LayerPlan& layer, const Device& device);
double predicted_plan_ns(const Plan& plan);

struct PlanOptions {
  int plio_bits = 128;
  bool split_input = true;  // one input PLIO per cascade stage of the first layer
  // Longest automatic cascade chain and most automatic parallel chains; 0: the device's (chains of
  // up to a row, any number that fits the array).
  int max_cascade = 0;
  int max_parallel = 0;
  // Predicted time of one layer (ns) for a candidate split; each layer's first choice is the fewest
  // tiles within 1% of its fastest split.
  std::function<double(const LayerPlan&, const Device&)> layer_time_ns = predicted_layer_ns;
  // Predicted latency of a whole plan (ns). When set, the automatic splits are refined together
  // (coordinate descent over each layer's feasible splits, edges and plumbing rebuilt for every
  // candidate) minimising latency x (1 + tile_weight x tiles): latency first, a tile must buy
  // `tile_weight` of it.
  std::function<double(const Plan&)> plan_time_ns = predicted_plan_ns;
  double tile_weight = 0.002;
  // Whether the conv family's layers may split their output positions over bands by themselves
  // (ir/ops/conv/aie_bands.cpp; @tiles(bands: B) always does). plan_and_place plans without them
  // when a design with them finds no placement at any number of samples per iteration.
  bool auto_bands = true;
  // Samples per graph iteration: 0 chooses the largest divisor of the batch whose design plans
  // (the whole batch when it fits); a divisor of the batch forces it.
  std::int64_t samples_per_iteration = 0;
};

// Errors go to `diags` at the offending node's location; returns no plan when there are any. When
// the whole batch does not plan, smaller divisors of it are tried (PlanOptions::samples_per_iteration;
// the errors reported are the whole batch's when none plans).
std::optional<Plan> make_plan(const ir::Graph& g, const Device& device, Diagnostics& diags,
                              const PlanOptions& options = {});

// The search over samples per graph iteration that make_plan and plan_and_place share: `attempt(S,
// diags)` at the whole batch, then at one sample (when even that fails, the whole batch's errors
// are reported), then at the divisors in between from the largest; the first that succeeds.
template <class F>
auto largest_iteration_that_fits(std::int64_t batch, Diagnostics& diags, F attempt) -> decltype(attempt(batch, diags)) {
  Diagnostics whole;
  if (auto r = attempt(batch, whole)) {
    diags.append(whole);
    return r;
  }
  Diagnostics one;
  decltype(attempt(batch, diags)) single;
  if (batch > 1) single = attempt(1, one);
  if (!single) {
    diags.append(whole);
    return single;
  }
  for (std::int64_t samples = batch / 2; samples >= 2; --samples) {
    if (batch % samples != 0) continue;
    Diagnostics folded;
    if (auto r = attempt(samples, folded)) {
      diags.append(folded);
      return r;
    }
  }
  diags.append(one);
  return single;
}

// Lanes of the pointwise kernels' vectors: each kernel's column slice is a multiple of this.
inline constexpr std::int64_t kPointwiseLanes = 16;

// Elements of one 128-bit vector of type t (16 int8, 8 int16): the vector window kernels' unit.
inline std::int64_t vector_elems(const ElemType& t) { return 16 / t.bytes(); }

// The columns a pointwise kernel's slice is a multiple of: 16 vector lanes, or whole 32-bit words
// for the scalar window kernels (im2col, pool: their rows are often narrower than 16), whole pixels
// (im2col) or 128-bit vectors (maxpool) for their vector forms.
std::int64_t slice_granule(const LayerPlan& l);

// Fills a layer's padded sizes and blocking for a given split (also used by the perf model's tests).
void apply_split(LayerPlan& l, int PK, int PN);
// Whether a product of two activations over several matrices can take this split: the memory
// tile's access pattern slices every matrix by N (B-tiled operand) or by K (transposed) only
// through the whole stack of them, so such a layer has one cascade stage (B-tiled) or one chain
// (transposed). True for every other layer.
bool product_split_allowed(const LayerPlan& l, int PK, int PN);

// The aie::mmul shape for a layer's operand types on an architecture (__AIE_ARCH__ 20 or 22) and
// the accumulator it gives (at least `acc_bits_needed`); nullopt when the pair has none.
struct MicrotileChoice {
  Microtile mt;
  int acc_bits = 32;
};
std::optional<MicrotileChoice> choose_microtile(int aie_arch, const ElemType& a, const ElemType& w, int acc_bits_needed,
                                                std::int64_t M);

// Whether every kernel of the layer fits its tile: its bank map (bank_map.hpp) is complete and
// within the tile's data memory.
bool fits_tiles(const LayerPlan& l, const Device& d);
// Why not (empty when it fits): the stage and the item that does not fit.
std::string tile_memory_problem(const LayerPlan& l, const Device& d);
// Why the kernel library cannot requantize this layer's sums exactly (empty when it can).
std::string requant_problem(const LayerPlan& l);

}  // namespace aiem::aie
