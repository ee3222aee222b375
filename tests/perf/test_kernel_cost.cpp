// Kernel-level model: K1/K2 against the ideal, and monotonicity in what the kernel does.
#include <catch2/catch.hpp>

#include "backends/aie/device/device.hpp"
#include "backends/aie/perf/kernel_cost.hpp"
#include "backends/aie/perf/plan_builder.hpp"

using namespace aiem::aie;
using namespace aiem::aie::perf;

namespace {

LayerPlan one_layer(std::int64_t M, std::int64_t K, std::int64_t N, int PK = 1, int PN = 1, const Device& d = load_device("vek280"),
                         ElemType a = {8, true}, ElemType w = {8, true}) {
  ChainSpec s;
  s.batch = M;
  s.layers = {{"fc", K, N, PK, PN, a, w, {8, true}}};
  return build_dense_plan(s, d).layers.front();
}

double single_cycles(std::int64_t M, std::int64_t K, std::int64_t N) {
  const Device d = load_device("vek280");
  return dense_kernel_cost(one_layer(M, K, N), d, PerfConstants::for_device(d)).cycles;
}

}  // namespace

TEST_CASE("perf: K1: 128x128 at batch 8 on one tile pipelines its groups and reaches 90% of the ideal 512 cycles",
          "[perf][kernel]") {
  const Device d = load_device("vek280");
  const auto c = PerfConstants::for_device(d);
  const auto k = dense_kernel_cost(one_layer(8, 128, 128), d, c);
  CHECK(k.ideal_cycles == 512);
  CHECK(k.mmul_issues == 512);  // 2 x 16 x 16 mmul<4,8,8>
  CHECK(k.ii == 4);             // 2x2 blocking: 4 MACs vs 6 loads (A 256 bits, B 512) on 2 ports
  REQUIRE(k.pipelined_groups);  // 16 steps x 8 ops unrolled, 2 x 4 blocks of 1024 accumulator bits
  // Per group the MAC unit is the busiest slot: 16 steps x 4 mmuls; loads (16 x 6 + 2 bias blocks) / 2 ports.
  CHECK(k.slots.mac == 64);
  CHECK(k.slots.load == 49);
  CHECK(k.slots.shift == 6);  // 4 SRS + 2 bias UPS
  CHECK(k.slots.store == 4);
  CHECK(k.group_cycles == 64);
  // Everything else happens once: call, the first loads' latency, the last group's MAC + SRS
  // latency and its stores.
  CHECK(k.cycles == c.kernel_call_cycles + c.load_latency + 8 * 64 + c.mac_latency + c.srs_latency + 4);
  CHECK(k.efficiency() >= 0.90);
}

TEST_CASE("perf: the published runs' kernel fills and drains its k loop per group", "[perf][kernel]") {
  const Device d = load_device("vek280");
  const auto c = PerfConstants::for_device(d);
  ChainSpec s;
  s.batch = 8;
  s.aie4ml_kernel = true;
  s.layers = {{"fc", 128, 128, 1, 1}};
  const auto k = dense_kernel_cost(build_dense_plan(s, d).layers.front(), d, c);
  CHECK_FALSE(k.pipelined_groups);
  CHECK(k.cycles == c.kernel_call_cycles + 8 * (c.load_latency + 16 * 4 + c.mac_latency + c.srs_latency + 4));
  CHECK(k.cycles > dense_kernel_cost(one_layer(8, 128, 128), d, c).cycles);
}

TEST_CASE("perf: long k loops keep the per-group pipeline, whose fill and drain they amortise", "[perf][kernel]") {
  const Device d = load_device("vek280");
  const auto c = PerfConstants::for_device(d);
  // 64 k steps x 8 ops > 256: the unrolled group body would not fit the program-memory budget.
  const auto k = dense_kernel_cost(one_layer(8, 512, 64), d, c);
  CHECK_FALSE(k.pipelined_groups);
  CHECK(k.efficiency() > 0.85);
  // One group only: nothing to overlap.
  CHECK_FALSE(dense_kernel_cost(one_layer(8, 64, 16), d, c).pipelined_groups);
}

TEST_CASE("perf: a cascade chain of pipelined stages waits for each group's partial sums", "[perf][kernel]") {
  const Device d = load_device("vek280");
  const auto c = PerfConstants::for_device(d);
  const auto one = dense_chain_cost(one_layer(8, 128, 128), d, c);
  const auto two = dense_chain_cost(one_layer(8, 256, 128, 2, 1), d, c);
  REQUIRE(two.head.pipelined_groups);
  REQUIRE(two.tail.pipelined_groups);
  // The tail reads 8 words per group and writes the output: its busiest slot is still the MACs.
  CHECK(two.tail.group_cycles == 64);
  CHECK(two.tail.slots.stream == 8);
  CHECK(two.head.slots.stream == 8);
  // The second stage trails the first by one group's k loop plus the hand-off, not a whole call.
  CHECK(two.latency_cycles > one.latency_cycles);
  CHECK(two.latency_cycles < one.latency_cycles + 16 * 4 + c.mac_latency + c.cascade_hop_latency + 8 + 1);
}

TEST_CASE("perf: K2 shapes: the ideal is MACs / 256 and the prediction stays above it", "[perf][kernel]") {
  const Device d = load_device("vek280");
  const auto c = PerfConstants::for_device(d);
  struct Case { std::int64_t K, N; double ideal; };
  for (Case s : {Case{64, 256, 512}, Case{256, 64, 512}, Case{64, 64, 128}, Case{32, 32, 32}}) {
    const auto k = dense_kernel_cost(one_layer(8, s.K, s.N), d, c);
    INFO(s.K << "x" << s.N << ": " << k.cycles << " cycles");
    CHECK(k.ideal_cycles == s.ideal);
    CHECK(k.cycles > s.ideal);
  }
  // Small kernels are dominated by the call; with the groups pipelined, 16 groups of 8 steps
  // (64x256) and 4 groups of 32 (256x64) cost the same 512 MAC cycles plus one fill and drain.
  const double e32 = dense_kernel_cost(one_layer(8, 32, 32), d, c).efficiency();
  const double e64x256 = dense_kernel_cost(one_layer(8, 64, 256), d, c).efficiency();
  const double e256x64 = dense_kernel_cost(one_layer(8, 256, 64), d, c).efficiency();
  CHECK(e32 < e64x256);
  CHECK(e64x256 == Approx(e256x64));
  CHECK(e256x64 < 1);
  // The published runs' kernel fills and drains per group: there the long k loop amortises better.
  ChainSpec s;
  s.aie4ml_kernel = true;
  s.layers = {{"fc", 64, 256, 1, 1}};
  const double old64x256 = dense_kernel_cost(build_dense_plan(s, d).layers.front(), d, c).efficiency();
  s.layers = {{"fc", 256, 64, 1, 1}};
  const double old256x64 = dense_kernel_cost(build_dense_plan(s, d).layers.front(), d, c).efficiency();
  CHECK(old64x256 < old256x64);
  CHECK(old256x64 < e256x64);
}

TEST_CASE("perf: kernel cycles grow with K, N and the batch", "[perf][kernel]") {
  CHECK(single_cycles(8, 64, 64) < single_cycles(8, 128, 64));
  CHECK(single_cycles(8, 64, 64) < single_cycles(8, 64, 128));
  CHECK(single_cycles(8, 64, 64) < single_cycles(16, 64, 64));
  // Padding: 33 inputs cost as much as 40 (KS rounds up to TK = 8), more than 32.
  CHECK(single_cycles(8, 33, 64) == single_cycles(8, 40, 64));
  CHECK(single_cycles(8, 33, 64) > single_cycles(8, 32, 64));
}

TEST_CASE("perf: wider operands and a cascade cost what the hardware says", "[perf][kernel]") {
  const Device d = load_device("vek280");
  const auto c = PerfConstants::for_device(d);
  const auto i8 = dense_kernel_cost(one_layer(8, 128, 128), d, c);
  ChainSpec s16;
  s16.batch = 8;
  s16.mt = {4, 4, 8};  // the int16 x int8 mmul
  s16.layers = {{"fc", 128, 128, 1, 1, {16, true}, {8, true}, {8, true}}};
  const auto i16 = dense_kernel_cost(build_dense_plan(s16, d).layers.front(), d, c);
  CHECK(i16.ideal_cycles == 2 * i8.ideal_cycles);  // 128 vs 256 MACs per cycle
  CHECK(i16.cycles > i8.cycles);

  // A K split: each stage has a quarter of the k loop; the chain is slower than one stage, faster
  // than the whole layer on one tile.
  const auto one = dense_chain_cost(one_layer(8, 512, 64), d, c);
  const auto four = dense_chain_cost(one_layer(8, 512, 64, 4, 1), d, c);
  CHECK(four.busy_cycles < one.busy_cycles);
  CHECK(four.latency_cycles < one.latency_cycles);
  CHECK(four.latency_cycles > four.tail.group_cycles * four.tail.groups);
  // More stages, more hops: the same per-stage work on 2 vs 4 stages.
  const auto two_stages = dense_chain_cost(one_layer(8, 256, 64, 2, 1), d, c);
  CHECK(four.latency_cycles > two_stages.latency_cycles);
  CHECK(four.head.role == KernelRole::first);
  CHECK(four.tail.role == KernelRole::last);
}

TEST_CASE("perf: AIE-MLv2 doubles the int8 MAC rate", "[perf][kernel]") {
  const Device v1 = load_device("vek280"), v2 = load_device("vek385");
  const auto k1 = dense_kernel_cost(one_layer(8, 128, 128, 1, 1, v1), v1, PerfConstants::for_device(v1));
  ChainSpec s;
  s.batch = 8;
  s.mt = {8, 8, 8};  // the native AIE-MLv2 int8 shape
  s.RM = 1;
  s.layers = {{"fc", 128, 128, 1, 1}};
  const auto k2 = dense_kernel_cost(build_dense_plan(s, v2).layers.front(), v2, PerfConstants::for_device(v2));
  CHECK(k2.ideal_cycles == k1.ideal_cycles / 2);
  CHECK(k2.cycles < k1.cycles);
}
