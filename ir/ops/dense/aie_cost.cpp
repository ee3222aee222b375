// The dense family's cycle model: the dense kernel's loop nest (docs/performance.md, "Dense kernel").
#include "backends/aie/perf/kernel_cost.hpp"

#include <algorithm>
#include <stdexcept>
#include <vector>

namespace aiem::aie::perf {
namespace {

std::int64_t ceil_div(std::int64_t a, std::int64_t b) { return (a + b - 1) / b; }

void check(const LayerPlan& l) {
  if (l.mt.m <= 0 || l.mt.k <= 0 || l.mt.n <= 0 || l.RM <= 0 || l.RN <= 0 || l.PK <= 0 || l.PN <= 0)
    throw std::invalid_argument("perf: layer '" + l.name + "' has a zero microtile, blocking or grid size");
  if (l.M_pad % (l.mt.m * l.RM) || l.KS % l.mt.k || l.NS % (l.mt.n * l.RN) || l.M_pad <= 0 || l.KS <= 0 || l.NS <= 0)
    throw std::invalid_argument("perf: layer '" + l.name + "' is not padded as the kernel requires "
                                "(M_pad % TM*RM, KS % TK, NS % TN*RN)");
}

}  // namespace

KernelCost dense_kernel_cost(const LayerPlan& l, const Device& d, const PerfConstants& c, KernelRole role) {
  (void)d;  // the architecture enters through the constants (PerfConstants::for_device)
  check(l);
  KernelCost k;
  k.role = role;
  const std::int64_t MB = l.M_pad / l.mt.m, KB = l.KS / l.mt.k, NB = l.NS / l.mt.n;
  k.groups = (MB / l.RM) * (NB / l.RN);
  k.k_steps = KB;
  k.mmul_issues = MB * KB * NB;

  const int macs = c.macs_per_cycle(l.a.bits, l.w.bits);
  const std::int64_t mmul_macs = std::int64_t(l.mt.m) * l.mt.k * l.mt.n;
  k.mmul_cycles = int(std::max<std::int64_t>(1, ceil_div(mmul_macs, macs)));
  // One A block (TM x TK) and one B block (TK x TN) per load of load_bits, RM A and RN B per step.
  // A direct convolution's A blocks are TK-element aligned, not vector aligned: load_unaligned_v
  // is one more aligned load per block, and the shift that joins the two (the permute path, beside
  // the MACs and not counted).
  const std::int64_t a_loads = ceil_div(std::int64_t(l.mt.m) * l.mt.k * l.a.bits, c.load_bits) + (l.conv.on() ? 1 : 0);
  const std::int64_t b_loads = ceil_div(std::int64_t(l.mt.k) * l.mt.n * l.w.bits, c.load_bits);
  const std::int64_t step_loads = l.RM * a_loads + l.RN * b_loads;
  k.load_cycles = int(ceil_div(step_loads, c.load_ports));
  k.ii = std::max(l.RM * l.RN * k.mmul_cycles, k.load_cycles);
  // A product's transposed operand: one shuffle per B block (aie::transpose, aie2/transpose.hpp),
  // on the vector unit's permute path beside the MACs, so it binds only if it outnumbers them.
  if (l.product.transposed) k.ii = std::max(k.ii, l.RN * c.transpose_cycles);

  const int blocks = l.RM * l.RN;
  // Partial sums of one group: RM*RN blocks of TM*TN accumulator lanes, in 512-bit words.
  const int cascade_words = int(ceil_div(std::int64_t(blocks) * l.mt.m * l.mt.n * l.acc_bits, c.cascade_bits));
  const bool reads_cascade = role == KernelRole::middle || role == KernelRole::last;
  const bool writes_output = role == KernelRole::single || role == KernelRole::last;
  const bool adds_bias = l.has_bias && (role == KernelRole::single || role == KernelRole::first);
  const bool scaled = l.requant.multiplier.has_value() || !l.requant.column_multipliers.empty();
  const int store_cycles =
      int(std::max<std::int64_t>(1, ceil_div(std::int64_t(blocks) * l.mt.m * l.mt.n * l.out.bits, c.store_bits)));
  const int srs_issues = blocks * (1 + (scaled ? c.requant_scaled_extra : 0));

  // Loads of a stage waiting for its cascade input are issued while it waits: no fill on the path.
  k.fill_cycles = reads_cascade ? 0 : c.load_latency;
  k.drain_cycles = writes_output ? c.mac_latency + c.srs_latency + std::max(srs_issues, store_cycles)
                                 : c.mac_latency + cascade_words;
  k.init_cycles = reads_cascade ? cascade_words : 0;
  k.ideal_cycles = double(l.M_pad) * l.KS * l.NS / macs;

  k.pipelined_groups = l.pipelines_groups();
  if (!k.pipelined_groups) {
    // Each group's k loop is the pipelined loop: it fills and drains once per group.
    k.group_cycles = k.fill_cycles + double(k.k_steps) * k.ii + k.drain_cycles;
    k.cycles = c.kernel_call_cycles + double(k.groups) * (k.init_cycles + k.group_cycles);
    return k;
  }
  // The group loop is the pipelined loop (dense_schedule.hpp): a group issues in the cycles of its
  // busiest slot of the VLIW bundle, the fill and drain happen once per call.
  KernelCost::Slots& u = k.slots;
  u.mac = double(KB) * blocks * k.mmul_cycles;
  std::int64_t loads = KB * step_loads;
  // The bias blocks (TN accumulator-scale values each) and per-column multipliers (TN int32 each).
  if (adds_bias) loads += l.RN * ceil_div(std::int64_t(l.mt.n) * l.acc_bits, c.load_bits);
  if (writes_output && !l.requant.column_multipliers.empty()) loads += l.RN * ceil_div(std::int64_t(l.mt.n) * 32, c.load_bits);
  u.load = double(ceil_div(loads, c.load_ports));
  // The shift-round unit: the SRS of each result block, and the UPS of each acc32 bias block
  // (acc64 biases are a register cast).
  u.shift = (writes_output ? srs_issues : 0) + (adds_bias && l.acc_bits == 32 ? l.RN : 0);
  u.store = writes_output ? store_cycles : 0;
  // Cascade reads and writes share the move slot, one 512-bit word per cycle.
  u.stream = (reads_cascade ? cascade_words : 0) + (writes_output ? 0 : cascade_words);
  if (l.product.transposed) u.mac = std::max(u.mac, double(KB) * l.RN * c.transpose_cycles);
  k.group_cycles = std::max({u.mac, u.load, u.shift, u.store, u.stream});
  k.cycles = c.kernel_call_cycles + k.fill_cycles + k.init_cycles + double(k.groups) * k.group_cycles + k.drain_cycles;
  return k;
}

namespace {
KernelRole role_of(int stage, int PK) {
  if (PK == 1) return KernelRole::single;
  if (stage == 0) return KernelRole::first;
  return stage == PK - 1 ? KernelRole::last : KernelRole::middle;
}
}  // namespace

KernelCost dense_kernel_cost(const LayerPlan& l, const Device& d, const PerfConstants& c) {
  KernelCost worst;
  for (int s = 0; s < std::min(l.PK, 3); ++s) {  // first, middle, last cover every role
    const int stage = s == 2 ? l.PK - 1 : s;
    KernelCost k = dense_kernel_cost(l, d, c, role_of(stage, l.PK));
    if (k.cycles > worst.cycles) worst = k;
  }
  return worst;
}

ChainCost dense_chain_cost(const LayerPlan& l, const Device& d, const PerfConstants& c) {
  ChainCost out;
  std::vector<double> prev;  // F(s-1, g)
  double tail_drain = 0;
  for (int s = 0; s < l.PK; ++s) {
    const KernelCost k = dense_kernel_cost(l, d, c, role_of(s, l.PK));
    std::vector<double> cur(std::size_t(k.groups));
    double t = 0;
    for (std::size_t g = 0; g < cur.size(); ++g) {
      if (!k.pipelined_groups) {
        // F(s, g): group g done (drain included) when its partial sums arrived and group g-1 is done.
        const double ready = s == 0 ? 0.0 : prev[g] + c.cascade_hop_latency;
        t = std::max(t, ready) + k.group_cycles;
      } else if (s == 0) {
        // F(0, g): the last MAC of group g issued; fill and init once, then a group per slot bound.
        t = (g == 0 ? k.fill_cycles + k.init_cycles : t) + k.group_cycles;
      } else {
        // Group g's first partial sums leave the west stage a MAC latency after its last MAC and
        // arrive a hop later; the group cannot end before its words are read and its k loop ran.
        const double arrive = prev[g] + c.mac_latency + c.cascade_hop_latency;
        t = std::max(t + k.group_cycles, arrive + k.init_cycles + double(k.k_steps) * k.ii);
      }
      cur[g] = t;
    }
    prev = std::move(cur);
    tail_drain = k.pipelined_groups ? k.drain_cycles : 0;
    out.busy_cycles = std::max(out.busy_cycles, k.cycles);
    if (s == 0) out.head = k;
    if (s == l.PK - 1) out.tail = k;
  }
  out.latency_cycles = c.kernel_call_cycles + (prev.empty() ? 0.0 : prev.back()) + tail_drain;
  return out;
}

}  // namespace aiem::aie::perf
