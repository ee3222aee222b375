// Splits and layers at the scale of the whole array: the automatic split search covers every PK x PN
// the device holds (chains of up to a row, bank capacity respected), and the 296-tile L1 layer of
// the paper, as aiemc builds it, runs at the single kernel's per-tile throughput.
#include <fmt/format.h>

#include "backend_check.hpp"
#include "backends/aie/perf/kernel_cost.hpp"
#include "backends/aie/perf/model.hpp"
#include "backends/aie/perf/plan_builder.hpp"

namespace {

std::string square(int n, const std::string& hints = "") {
  return fmt::format("model sq{} {{ batch 8\n  input x : int8[{}]\n  y = dense(x, {}, w: int8 from random(1)) -> int8 {}\n"
                     "  output y }}\n",
                     n, n, n, hints);
}

}  // namespace

TEST_CASE("square layers up to 2048 get a legal automatic design beyond 8 x 8 tiles, without hints",
          "[aie_backend][full_device]") {
  for (int n : {1024, 1536, 2048}) {
    INFO(n << " x " << n);
    auto p = backend_test::parse(square(n));
    aiem::Diagnostics diags;
    auto d = aiem::aie::plan_and_place(aiem::impl_of(*p.model).graph, "vek280", {}, {}, diags);
    INFO(aiem::render(diags, *aiem::impl_of(*p.model).sources));
    REQUIRE(d);
    const auto& l = d->plan.layers.at(0);
    CHECK_FALSE(l.from_hint);
    CHECK(aiem::aie::check_resources(d->plan).empty());
    // Every tile's weights fit one 16 KiB bank: n^2 bytes need at least n^2 / 16 KiB tiles.
    CHECK(l.tiles() >= n * n / 16384);
    CHECK(l.KS * l.NS <= 16384);
    if (n == 2048) CHECK(l.tiles() > 64);  // beyond the old 8 x 8 limit of the search
  }
}

TEST_CASE("a square layer whose weights exceed the array's banks is refused at the layer", "[aie_backend][full_device]") {
  auto p = backend_test::parse(square(2304));
  aiem::Diagnostics diags;
  auto d = aiem::aie::plan_and_place(aiem::impl_of(*p.model).graph, "vek280", {}, {}, diags);
  CHECK_FALSE(d);
  const std::string text = aiem::render(diags, *aiem::impl_of(*p.model).sources);
  CHECK(text.find("<test>:3:7: error:") != std::string::npos);
  CHECK(text.find("does not fit the tiles' data memory in any split of the 304 tiles") != std::string::npos);
}

TEST_CASE("L1 as aiemc builds it: 37 x 8 tiles of 128 x 128 at the single kernel's per-tile throughput",
          "[aie_backend][full_device]") {
  auto p = backend_test::parse(fmt::format(
      "model l1 {{ batch 8\n  input x : int8[{}]\n  y = dense(x, 1024, w: int8 from random(1)) -> int8 "
      "@tiles(cascade: 37, parallel: 8)\n  output y }}\n",
      128 * 37));
  aiem::Diagnostics diags;
  auto d = aiem::aie::plan_and_place(aiem::impl_of(*p.model).graph, "vek280", {}, {}, diags);
  INFO(aiem::render(diags, *aiem::impl_of(*p.model).sources));
  REQUIRE(d);
  CHECK(aiem::aie::check_resources(d->plan).empty());
  // A tail stage's 16 KiB of weights take a whole bank: its output ping and pong share one.
  const auto& l = d->plan.layers.at(0);
  CHECK(l.KS == 128);
  CHECK(l.NS == 128);
  int inputs = 0, outputs = 0;
  for (const auto& io : d->plan.plios) (io.is_input ? inputs : outputs) += 1;
  CHECK(inputs == 37);   // one per K slice
  CHECK(outputs > 1);    // 8 KiB of results per batch: one PLIO would take 2048 cycles
  const auto vek280 = d->plan.device;
  const auto c = aiem::aie::perf::PerfConstants::for_device(vek280);
  aiem::aie::perf::ChainSpec k1;
  k1.layers = {{"k1", 128, 128, 1, 1}};
  const double k1_cycles = aiem::aie::perf::dense_kernel_cost(build_dense_plan(k1, vek280).layers.front(), vek280, c).cycles;
  const auto t = aiem::aie::perf::predict(d->plan, c);
  INFO("interval " << t.interval_cycles << " cycles, K1 " << k1_cycles << ", bottleneck " << t.bottleneck);
  CHECK(k1_cycles / t.interval_cycles >= 0.95);
}
