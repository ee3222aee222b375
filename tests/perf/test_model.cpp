// Graph-level model: the builder's padding and transport, latency / interval structure, clocks,
// placement rows, and monotonicity.
#include <catch2/catch.hpp>

#include "backends/aie/device/device.hpp"
#include "backends/aie/perf/model.hpp"
#include "backends/aie/perf/plan_builder.hpp"

using namespace aiem::aie;
using namespace aiem::aie::perf;

namespace {

ChainSpec chain(std::vector<DenseLayerSpec> layers, PlioLayout io = PlioLayout::single, std::int64_t batch = 8) {
  ChainSpec s;
  s.batch = batch;
  s.layers = std::move(layers);
  s.plios = io;
  return s;
}

ModelTiming run(const ChainSpec& s, const char* device = "vek280") { return predict(build_dense_plan(s, load_device(device))); }

}  // namespace

TEST_CASE("perf: the builder pads as dense.hpp requires and lays out the transport", "[perf][builder]") {
  const Device d = load_device("vek280");
  const Plan p = build_dense_plan(chain({{"", 160, 64, 3, 3}, {"", 64, 5, 2, 1}}, PlioLayout::per_slice, 6), d);
  REQUIRE(p.layers.size() == 2);
  const auto& l = p.layers[0];
  CHECK(l.name == "fc1");
  CHECK(l.M_pad == 8);   // 6 rows -> TM * RM = 8
  CHECK(l.KS == 56);     // ceil(160 / 3) = 54 -> multiple of TK = 8
  CHECK(l.NS == 32);     // ceil(64 / 3) = 22 -> multiple of TN * RN = 16
  CHECK(l.K_pad() >= l.K);
  CHECK(p.layers[1].NS == 16);
  // Input PLIO per K slice (56 + 56 + 48 = 160 columns), one output PLIO per last-layer chain.
  int in = 0, out = 0;
  std::int64_t in_cols = 0;
  for (const auto& io : p.plios) {
    in += io.is_input;
    out += !io.is_input;
    if (io.is_input) in_cols += io.cols;
  }
  CHECK(in == 3);
  CHECK(out == 1);
  CHECK(in_cols == 160);
  // Buffers: input, fc1 -> fc2, output. Reader ports: one per K slice, broadcast to every chain.
  REQUIRE(p.buffers.size() == 3);
  CHECK(p.buffers[0].out.size() == 3);
  CHECK(p.buffers[0].out[1].peers.size() == 3);
  CHECK(p.buffers[1].in.size() == 3);
  CHECK(p.buffers[1].out.size() == 2);

  CHECK_THROWS_AS(build_dense_plan(chain({{"", 16, 64}, {"", 32, 8}}), d), std::invalid_argument);
  CHECK_THROWS_AS(build_dense_plan(chain({}), d), std::invalid_argument);
  CHECK_THROWS_AS(build_dense_plan(chain({{"", 16, 0}}), d), std::invalid_argument);
}

TEST_CASE("perf: latency is the sum of the stages, the interval the slowest of them", "[perf][model]") {
  const auto t = run(chain({{"", 128, 128, 2, 2}, {"", 128, 64, 2, 1}}));
  double sum = t.io_fixed_cycles + t.input_cycles;
  double worst = std::max(t.input_cycles, t.output_cycles);
  for (const auto& l : t.layers) {
    sum += l.x_dma_cycles + l.route_cycles + l.chain.latency_cycles + l.y_dma_cycles;
    worst = std::max(worst, l.interval_cycles);
  }
  CHECK(t.latency_cycles == Approx(sum));
  CHECK(t.interval_cycles == Approx(worst));
  CHECK(t.interval_cycles < t.latency_cycles);
  CHECK(t.latency_ns == Approx(t.latency_cycles / 1.25));  // 1.25 GHz from the catalog
  CHECK(t.tiles == 6);
  CHECK(t.memtiles >= 3);
  CHECK(t.macs == 8 * (128 * 128 + 128 * 64));
  CHECK(t.gops == Approx(2.0 * t.macs / t.interval_ns));
  CHECK(t.inferences_per_s == Approx(8 / (t.interval_ns * 1e-9)));
  CHECK(t.mac_utilisation > 0);
  CHECK(t.mac_utilisation < 1);
  CHECK_FALSE(t.bottleneck.empty());
}

TEST_CASE("perf: the model is monotone in the obvious directions", "[perf][model]") {
  const auto base = run(chain({{"", 128, 64}, {"", 64, 32}}));
  CHECK(run(chain({{"", 256, 64}, {"", 64, 32}})).latency_cycles > base.latency_cycles);  // more K
  CHECK(run(chain({{"", 128, 128}, {"", 128, 32}})).latency_cycles > base.latency_cycles);  // more N
  CHECK(run(chain({{"", 128, 64}, {"", 64, 32}}, PlioLayout::single, 16)).latency_cycles > base.latency_cycles);  // batch
  CHECK(run(chain({{"", 128, 64}, {"", 64, 32}, {"", 32, 32}})).latency_cycles > base.latency_cycles);  // a layer more
  // Splitting a big layer over a cascade shortens it.
  const auto big = run(chain({{"", 512, 128}}));
  const auto split = run(chain({{"", 512, 128, 4, 1}}));
  CHECK(split.latency_cycles < big.latency_cycles);
  CHECK(split.interval_cycles < big.interval_cycles);
  // One PLIO per K slice brings a wide input in faster than one PLIO.
  CHECK(run(chain({{"", 256, 64, 4, 1}}, PlioLayout::per_slice)).input_cycles <
        run(chain({{"", 256, 64, 4, 1}}, PlioLayout::single)).input_cycles);
}

TEST_CASE("perf: clocks are overridable", "[perf][model]") {
  const Plan p = build_dense_plan(chain({{"", 128, 64}, {"", 64, 32}}), load_device("vek280"));
  auto c = PerfConstants::for_device(p.device);
  const auto at_1250 = predict(p, c);
  c.aie_clock_mhz = 1000;
  c.pl_clock_mhz = 250;  // keep the PLIO at 4 bytes per AIE cycle
  const auto at_1000 = predict(p, c);
  CHECK(at_1000.latency_cycles == Approx(at_1250.latency_cycles));
  CHECK(at_1000.latency_ns == Approx(at_1250.latency_ns * 1.25));
  // A slower PL clock makes the PLIO the slower side.
  c = PerfConstants::for_device(p.device);
  c.pl_clock_mhz = 156.25;
  CHECK(predict(p, c).input_cycles == Approx(2 * at_1250.input_cycles));
  // AIE-MLv2 runs at 1.05 GHz by default.
  CHECK(predict(build_dense_plan(chain({{"", 128, 64}}), load_device("vek385"))).aie_clock_mhz == 1050);
}

TEST_CASE("perf: placement rows enter the route: chains far from the memtiles are slower", "[perf][model]") {
  Plan p = build_dense_plan(chain({{"", 128, 64, 2, 2}}), load_device("vek280"));
  const auto stacked = predict(p);  // no placement: chains in rows 0 and 1
  p.tiles = {{{std::array<int, 2>{10, 0}, std::array<int, 2>{11, 0}}, {std::array<int, 2>{10, 1}, std::array<int, 2>{11, 1}}}};
  CHECK(predict(p).latency_cycles == Approx(stacked.latency_cycles));
  p.tiles = {{{std::array<int, 2>{10, 6}, std::array<int, 2>{11, 6}}, {std::array<int, 2>{10, 7}, std::array<int, 2>{11, 7}}}};
  CHECK(predict(p).latency_cycles > stacked.latency_cycles);
}
