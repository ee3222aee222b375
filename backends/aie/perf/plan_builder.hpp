#pragma once
// A Plan for a chain of dense layers straight from sizes, types and per-layer PK x PN, without the
// IR: for validating the model against published configurations, for the benchmarks, and for
// what-if studies. Padding is what dense.hpp requires (M_pad % TM*RM, KS % TK, NS % TN*RN); the
// transport is the backend's: input PLIO(s) -> memtile -> per-layer K slices broadcast to the PN
// chains -> chain tails -> memtile -> ... -> output PLIO(s).
#include <cstdint>
#include <string>
#include <vector>

#include "backends/aie/plan/physical_plan.hpp"

namespace aiem::aie::perf {

struct DenseLayerSpec {
  std::string name;  // empty: "fc<i+1>"
  std::int64_t K = 0, N = 0;
  int PK = 1, PN = 1;
  ElemType a{8, true}, w{8, true}, out{8, true};
};

// How the graph input and output reach the array.
enum class PlioLayout {
  single,       // one PLIO per graph input and output (the backend's current plan)
  per_slice,    // one input PLIO per first-layer K slice and one output PLIO per last-layer chain
                // (aie4ml's layout, used by the published measurements)
};

struct ChainSpec {
  std::string model = "chain";
  std::int64_t batch = 8;
  std::vector<DenseLayerSpec> layers;
  Microtile mt{4, 8, 8};
  int RM = 2, RN = 2;
  PlioLayout plios = PlioLayout::single;
  // The kernel the plan's layers run: dense.hpp (false) or the published runs' aie4ml kernel, one
  // pipelined k loop per output group (LayerPlan::aie4ml_kernel).
  bool aie4ml_kernel = false;
};

// Throws std::invalid_argument for an empty chain, mismatched sizes (K of a layer != N of the one
// before) or a zero size or grid.
Plan build_dense_plan(const ChainSpec& spec, const Device& device);

}  // namespace aiem::aie::perf
