// Designs as fast as their numbers: a wide output leaves through as many PLIOs as the interval
// needs (each a slice of its columns, with its own data and golden files, joined again by the
// Model-level emulation), and direct edges are costed by how the placement moves them.
#include <fmt/format.h>

#include <algorithm>

#include "aiem/emulate.hpp"
#include "backend_check.hpp"
#include "backends/aie/perf/model.hpp"
#include "backends/aie/plan/dma_usage.hpp"

namespace {

int output_plios(const aiem::aie::Plan& p) {
  return int(std::count_if(p.plios.begin(), p.plios.end(), [](const auto& io) { return !io.is_input; }));
}

}  // namespace

TEST_CASE("a wide output leaves through several PLIOs, each a slice of its columns, and emulates bit-exactly",
          "[aie_backend][bandwidth]") {
  // 8 x 192 int8 results: 384 cycles on one 128-bit PLIO, against under a hundred for the layer.
  auto p = backend_test::parse(R"(model wide { batch 8
    input x : int8[64]
    y = dense(x, 192, w: int8 from random(3)) -> int8 |> relu
    output y })");
  auto r = backend_test::build_and_emulate_parsed(p, "wide_output");
  const auto& plan = r.plan;
  const int slices = output_plios(plan);
  CHECK(slices > 1);
  CHECK(plan.outputs.at(0).plio_slices >= slices);
  // The slices cover the 192 columns once, in order, each in whole words, one memory-tile read
  // channel each (no relays on the output's path).
  std::int64_t next = 0;
  int seen = 0;
  for (const auto& io : plan.plios) {
    if (io.is_input) continue;
    CHECK(io.col0 == next);
    CHECK(io.stream_cols % 4 == 0);
    CHECK(io.name == fmt::format("y_s{}", seen++));
    next += io.cols;
  }
  CHECK(next == 192);
  CHECK(slices <= plan.device.memtile.dma_mm2s);
  // The interval is no longer the output PLIO's: the slowest slice is within the rest of the design.
  const auto t = aiem::aie::perf::predict(plan);
  double inner = t.input_cycles;
  for (const auto& l : t.layers) inner = std::max(inner, l.interval_cycles);
  CHECK(t.output_cycles <= inner);
  CHECK(t.bottleneck != "output PLIO");

  // Emulating the Model joins the slices into the one output tensor, bit-exact.
  const auto work = backend_test::scratch("wide_output_api");
  aiem::BuildOptions bo;
  bo.batches = 1;
  aiem::EmulateOptions eo;
  eo.work_dir = work;
  eo.jobs = 1;
  const auto e = aiem::emulate(*p.model, bo, eo);
  REQUIRE(e.outputs.size() == 1);
  CHECK(e.outputs[0].tensor == "y");
  CHECK(e.outputs[0].matches);
  CHECK(e.outputs[0].shape == std::vector<std::int64_t>{8, 192});
  std::string joined;
  for (int j = 0; j < slices; ++j) joined += fmt::format("{}y_s{}", j ? "+" : "", j);
  CHECK(e.outputs[0].plio == joined);
  std::filesystem::remove_all(work);
}

TEST_CASE("a direct edge is costed as the placement moves it: in place for neighbours, else one tile DMA with its route",
          "[aie_backend][bandwidth]") {
  auto p = backend_test::parse(R"(model direct { batch 8  type a = fixed<8, 3, RND_CONV, SAT>
    input x : a[40]
    h1 = dense(x, 30, w: fixed<8, 1> from random(30)) -> a |> relu @tiles(cascade: 2, parallel: 2) @direct
    h2 = dense(h1, 24, w: fixed<8, 1> from random(32)) -> a |> relu @tiles(cascade: 2, parallel: 3) @memtile
    y = dense(h2, 10, w: fixed<8, 1> from random(33)) -> a @tiles(cascade: 3)
    output y })");
  aiem::Diagnostics diags;
  auto r = aiem::aie::build_project(aiem::impl_of(*p.model).graph, {}, diags);
  REQUIRE(r);
  const auto& plan = r->plan;
  REQUIRE(plan.layers[1].direct_input);
  const auto usage = aiem::aie::dma_usage(plan);
  REQUIRE(usage.direct.size() == 1);
  const auto& edge = usage.direct[0];
  const auto c = aiem::aie::perf::PerfConstants::for_device(plan.device);
  const auto t = aiem::aie::perf::predict(plan, c);
  const auto& h1 = t.layers[0];
  const auto& h2 = t.layers[1];
  using HandOff = aiem::aie::perf::LayerTiming::HandOff;
  // The consumer charges nothing for its input: the producer's hand-off carries it.
  CHECK(h2.x_dma_cycles == 0);
  if (edge.dma > 0) {
    CHECK(h1.output == HandOff::tile_dma);
    CHECK(h1.y_dma_cycles == Approx(c.dma_transfer_cycles + double(h1.y_bytes) / c.dma_bytes_per_cycle));
    CHECK(h1.route_cycles > 0);
  } else {
    CHECK(h1.output == HandOff::in_place);
    CHECK(h1.y_dma_cycles == 0);
  }
  // The memtile edge after it is staged: both transfers, and a route each way.
  CHECK(h2.output == HandOff::memtile);
  CHECK(t.layers[2].x_dma_cycles > 0);

  // Moving the consumer next to the producer's tails turns the tile DMA into a hand-off in place.
  auto q = backend_test::parse(R"(model direct_near { batch 8  type a = fixed<8, 3, RND_CONV, SAT>
    input x : a[40]
    h1 = dense(x, 16, w: fixed<8, 1> from random(30)) -> a |> relu @tiles(cascade: 2) @direct @at(0, 0)
    y = dense(h1, 10, w: fixed<8, 1> from random(33)) -> a @tiles(cascade: 1, parallel: 1) @at(2, 0)
    output y })");
  auto rn = aiem::aie::build_project(aiem::impl_of(*q.model).graph, {}, diags);
  INFO(aiem::render(diags, *aiem::impl_of(*q.model).sources));
  REQUIRE(rn);
  REQUIRE(rn->plan.layers[1].direct_input);
  const auto tn = aiem::aie::perf::predict(rn->plan, c);
  CHECK(tn.layers[0].output == HandOff::in_place);
  CHECK(tn.layers[0].y_dma_cycles == 0);
  CHECK(tn.layers[1].x_dma_cycles == 0);
}

// The placement's hand-off refinement trades objective for shorter kernel-to-kernel hand-offs;
// place_plan keeps the trade only when its latency model predicts it faster, and place_for_latency
// (what aiemc build and report use) judges with the performance model.
TEST_CASE("the hand-off refinement is kept only when the latency model predicts it faster", "[aie_backend][placement]") {
  auto p = backend_test::parse(R"(model readout { target vek280  batch 8  type act = int8  type acc = fixed<32, 32>
    input x : act[256]
    fc1 = dense(x, 128, w: act from random(10), b: acc from random(11)) -> act |> relu
    fc2 = dense(fc1, 128, w: act from random(20), b: acc from random(21)) -> act |> relu
    fc3 = dense(fc2, 128, w: act from random(30), b: acc from random(31)) -> act |> relu
    fc4 = dense(fc3, 128, w: act from random(40), b: acc from random(41)) -> act |> relu
    fc5 = dense(fc4, 8, w: act from random(50), b: acc from random(51)) -> act
    output fc5 })");
  const auto& g = aiem::impl_of(*p.model).graph;
  aiem::Diagnostics diags;
  auto base = aiem::aie::make_plan(g, aiem::aie::load_device(g.target), diags);
  REQUIRE(base);
  const auto c = aiem::aie::perf::PerfConstants::for_device(base->device);
  auto latency = [&](const aiem::aie::Plan& plan) { return aiem::aie::perf::predict(plan, c).latency_ns; };

  aiem::aie::Plan first = *base;
  aiem::aie::PlaceOptions no_refine;
  no_refine.search.refine_budget = 0;
  const auto f = aiem::aie::place_plan(first, no_refine);
  CHECK(f.placement.stats.proven_optimal);
  CHECK(f.placement.cost.handoff > 0);

  aiem::aie::Plan refined = *base;
  const auto r = aiem::aie::place_plan(refined);  // no latency model: the refinement's placement
  CHECK(r.placement.stats.first_handoff == f.placement.cost.handoff);
  CHECK(r.placement.cost.handoff < f.placement.cost.handoff);
  CHECK(r.placement.cost.total <= f.placement.cost.total + 1.0 + 1e-6);  // within the default slack
  CHECK(r.placement.stats.lower_bound == f.placement.stats.lower_bound);
  CHECK(latency(refined) < latency(first));

  // A model that sees no gain keeps the first pass's placement.
  aiem::aie::Plan judged_flat = *base;
  aiem::aie::PlaceOptions flat;
  flat.latency = [](const aiem::aie::Plan&) { return 1.0; };
  const auto k = aiem::aie::place_plan(judged_flat, flat);
  CHECK_FALSE(k.placement.stats.refine_kept);
  CHECK(k.placement.cost.handoff == f.placement.cost.handoff);
  CHECK(judged_flat.tiles == first.tiles);

  aiem::aie::Plan judged = *base;
  const auto j = aiem::aie::place_for_latency(judged);
  CHECK(j.placement.stats.refine_kept);
  CHECK(judged.tiles == refined.tiles);
  CHECK(latency(judged) == latency(refined));
}
