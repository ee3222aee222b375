// Microtile choice: the aie::mmul shape each layer's kernels use. The candidates are the shapes the
// kernel library supports per architecture (stdlib/aie, docs/kernels.md); among them the one with
// the fewest MAC-array cycles for the layer's row count wins (padding rows up to the shape's M
// costs cycles), ties going to the first listed.
#include <limits>

#include "backends/aie/plan/make_plan.hpp"

namespace aiem::aie {

namespace {

struct Candidate {
  Microtile mt;
  int cycles_per_issue;  // an mmul of this shape occupies the MAC array this many cycles
};

std::vector<Candidate> candidates(int arch, int a_bits, int w_bits) {
  if (arch == 20) {  // AIE-ML: 256 int8 MACs, 128 int16 x int8, 64 int16 x int16 per cycle
    if (a_bits == 8 && w_bits == 8) return {{{4, 8, 8}, 1}, {{2, 8, 8}, 1}, {{8, 8, 8}, 2}};
    if (a_bits == 16 && w_bits == 8) return {{{4, 4, 8}, 1}};
    if (a_bits == 8 && w_bits == 16) return {{{4, 4, 8}, 1}};
    if (a_bits == 16 && w_bits == 16) return {{{4, 4, 4}, 1}};
  } else if (arch == 22) {  // AIE-MLv2: shapes from the AIE API table (stdlib/host mmul_shapes.hpp)
    if (a_bits == 8 && w_bits == 8) return {{{4, 8, 8}, 1}, {{8, 8, 8}, 1}};
    if (a_bits == 16 && w_bits == 8) return {{{4, 4, 8}, 1}};
    if (a_bits == 8 && w_bits == 16) return {{{4, 4, 8}, 1}};
    if (a_bits == 16 && w_bits == 16) return {{{4, 4, 8}, 1}};
  }
  return {};
}

std::int64_t round_up(std::int64_t v, std::int64_t m) { return (v + m - 1) / m * m; }

}  // namespace

std::optional<Microtile> choose_microtile(int arch, const ElemType& a, const ElemType& w, std::int64_t M) {
  std::optional<Microtile> best;
  std::int64_t best_cost = std::numeric_limits<std::int64_t>::max();
  for (const auto& c : candidates(arch, a.bits, w.bits)) {
    // Cycles per (k, n) microtile column of the layer: row blocks x cycles per issue.
    std::int64_t cost = round_up(M, c.mt.m) / c.mt.m * c.cycles_per_issue * 64 / (c.mt.k * c.mt.n);
    if (cost < best_cost) {
      best_cost = cost;
      best = c.mt;
    }
  }
  return best;
}

}  // namespace aiem::aie
