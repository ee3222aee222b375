#include <catch2/catch.hpp>

#include "backends/aie/placement/geometry.hpp"
#include "backends/aie/placement/render.hpp"
#include "helpers.hpp"

using namespace aiem::aie;
using namespace aiem::aie::placement;
using namespace aiem::aie::placement::test;

namespace {

// A chain of dense layers with memtile edges, one PLIO in and one out.
PlacementProblem mlp(const std::string& device, std::vector<std::tuple<std::string, int, int>> shape) {
  PlacementProblem p = problem_on(device);
  for (auto& [name, pk, pn] : shape) p.layers.push_back(dense(name, pk, pn));
  for (int i = 0; i + 1 < static_cast<int>(p.layers.size()); ++i) p.edges.push_back({i, i + 1});
  p.plios = {{"x", IoDir::input, 0}, {"y", IoDir::output, static_cast<int>(p.layers.size()) - 1}};
  return p;
}

Box all_tiles(const Placement& pl) {
  Box b;
  for (const auto& lp : pl.layers) b.add(tiles_box(lp));
  return b;
}

int area(const Box& b) { return (b.x1 - b.x0 + 1) * (b.y1 - b.y0 + 1); }

}  // namespace

TEST_CASE("placement/models: jet tagger 16-64-32-32-5 places compactly", "[models]") {
  PlacementProblem p = mlp("vek280", {{"fc1", 1, 2}, {"fc2", 2, 2}, {"fc3", 1, 2}, {"fc4", 1, 1}});
  Placement pl = place(p);
  INFO(render_text_map(p, pl));
  CHECK(violations(p, pl).empty());
  const Box b = all_tiles(pl);
  CHECK(b.y0 == 0);              // on the memtile row
  CHECK(area(b) <= 2 * 9 + 4);   // 9 tiles plus the keep-out gaps between blocks
  CHECK(pl.stats.nodes > 0);
}

TEST_CASE("placement/models: jet tagger with direct hand-offs forms a zero-copy band", "[models]") {
  PlacementProblem p = mlp("vek280", {{"fc1", 1, 2}, {"fc2", 2, 2}, {"fc3", 1, 2}, {"fc4", 1, 1}});
  // fc1 -> fc2 -> fc3 chain by chain: each consumer head reads its producer's tail in place.
  for (int i : {0, 1}) {
    p.edges[i].kind = EdgeKind::direct;
    p.edges[i].handoffs = chain_handoffs(p.layers[i], p.layers[i + 1]);
  }
  Placement pl = place(p);
  INFO(render_text_map(p, pl));
  CHECK(violations(p, pl).empty());
  CHECK(pl.memtile_column[0] == -1);
  Box band;
  for (int l : {0, 1, 2}) band.add(tiles_box(pl.layers[l]));
  CHECK(band.y1 - band.y0 + 1 == 2);  // fc1..fc3 share the same two rows...
  CHECK(band.x1 - band.x0 + 1 == 4);  // ...without gap columns: each head reads its producer in place
  CHECK(area(all_tiles(pl)) <= 2 * 9);
}

TEST_CASE("placement/models: tau selection 160-64-64-64-8 (38 tiles) and qubit readout (164 tiles)", "[models]") {
  PlacementProblem tau = mlp("vek280", {{"fc1", 5, 4}, {"fc2", 2, 4}, {"fc3", 2, 4}, {"fc4", 2, 1}});
  SearchOptions o;
  o.node_budget = 20000;
  Placement pl = place(tau, o);
  INFO(render_text_map(tau, pl));
  CHECK(violations(tau, pl).empty());
  CHECK(area(all_tiles(pl)) <= 2 * 38 + 8);

  PlacementProblem qubit = mlp("vek280", {{"fc1", 8, 8}, {"fc2", 4, 8}, {"fc3", 4, 8}, {"fc4", 4, 8}, {"fc5", 4, 1}});
  o.candidate_limit = 64;
  Placement q = place(qubit, o);
  INFO(render_text_map(qubit, q));
  CHECK(violations(qubit, q).empty());
}
