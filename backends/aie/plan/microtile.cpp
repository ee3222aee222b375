// Microtile choice: the aie::mmul shape, and so the accumulator, of each layer's kernels. The
// candidates are the dense shapes of the real AIE API for the operand widths and architecture
// (aie_api detail/aie2/mmul_*.hpp for AIE-ML, detail/aie2p/mmul_*.hpp of the 2026.1 headers for
// AIE-MLv2; docs/kernels.md lists them with lines). Each shape's accumulator is fixed by the API:
// the kernel requests the default accumulator and gets the shape's, which may be wider than the
// layer needs (AIE-ML int8 x int16 4x4x8 always accumulates in acc64) but never narrower. Among the
// shapes whose accumulator holds the layer's sums, the one with the fewest MAC-array cycles for the
// layer's rows wins (padding rows up to the shape's M costs cycles), then the narrower accumulator,
// then the first listed.
#include <limits>

#include "backends/aie/plan/make_plan.hpp"

namespace aiem::aie {

namespace {

struct Candidate {
  Microtile mt;
  int acc_bits;          // the accum_type of aie::mmul<M, K, N, A, W> (default accumulator request)
  int cycles_per_issue;  // an mmul of this shape occupies the MAC array this many cycles
};

std::vector<Candidate> candidates(int arch, int a_bits, int w_bits) {
  if (arch == 20) {  // AIE-ML: 256 int8 x int8, 128 int16 x int8, 64 int16 x int16 MACs per cycle
    if (a_bits == 8 && w_bits == 8) return {{{4, 8, 8}, 32, 1}, {{2, 8, 8}, 32, 1}, {{8, 8, 8}, 32, 2}};
    if (a_bits == 16 && w_bits == 8) return {{{4, 4, 8}, 32, 1}, {{4, 8, 4}, 64, 1}, {{2, 8, 8}, 64, 1}};
    if (a_bits == 8 && w_bits == 16) return {{{4, 4, 8}, 64, 1}};
    if (a_bits == 16 && w_bits == 16) return {{{4, 4, 4}, 64, 1}};
  } else if (arch == 22) {  // AIE-MLv2
    if (a_bits == 8 && w_bits == 8) return {{{4, 8, 8}, 32, 1}, {{8, 8, 8}, 32, 1}};
    if (a_bits == 16 && w_bits == 8) return {{{4, 4, 8}, 64, 1}};
    if (a_bits == 8 && w_bits == 16) return {{{4, 4, 8}, 64, 1}};
    if (a_bits == 16 && w_bits == 16) return {{{4, 4, 8}, 64, 1}};
  }
  return {};
}

std::int64_t round_up(std::int64_t v, std::int64_t m) { return (v + m - 1) / m * m; }

}  // namespace

std::optional<MicrotileChoice> choose_microtile(int arch, const ElemType& a, const ElemType& w, int acc_bits_needed,
                                                std::int64_t M) {
  std::optional<MicrotileChoice> best;
  std::int64_t best_cost = std::numeric_limits<std::int64_t>::max();
  for (const auto& c : candidates(arch, a.bits, w.bits)) {
    if (c.acc_bits < acc_bits_needed) continue;
    // Cycles per (k, n) microtile column of the layer: row blocks x cycles per issue.
    std::int64_t cost = round_up(M, c.mt.m) / c.mt.m * c.cycles_per_issue * 64 / (c.mt.k * c.mt.n);
    if (!best || cost < best_cost || (cost == best_cost && c.acc_bits < best->acc_bits)) {
      best_cost = cost;
      best = MicrotileChoice{c.mt, c.acc_bits};
    }
  }
  return best;
}

}  // namespace aiem::aie
