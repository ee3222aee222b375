#include <catch2/catch.hpp>

#include "helpers.hpp"

using namespace aiem::aie;
using namespace aiem::aie::placement;
using namespace aiem::aie::placement::test;

namespace {

PlacementProblem chain_on(const std::string& device) {
  PlacementProblem p = problem_on(device);
  p.layers = {dense("fc1", 1, 2), dense("fc2", 2, 2), dense("fc3", 1, 2)};
  p.edges = {{0, 1}, {1, 2}};
  p.plios = {{"x", IoDir::input, 0}, {"y", IoDir::output, 2}};
  return p;
}

std::string placement_error(const PlacementProblem& p, std::string* layer = nullptr, int* needed = nullptr) {
  try {
    place(p);
  } catch (const PlacementError& e) {
    if (layer) *layer = e.layer;
    if (needed) *needed = e.tiles_needed;
    return e.what();
  }
  FAIL("placement succeeded");
  return {};
}

}  // namespace

TEST_CASE("placement/constraints: parse_columns reads the CLI region syntax", "[constraints]") {
  Region r = parse_columns("7..37");
  CHECK(r.col_first == 7);
  CHECK(r.col_last == 37);
  CHECK(r.row_last == -1);
  CHECK(parse_columns("5").col_last == 5);
  CHECK_THROWS_AS(parse_columns("7-37"), ProblemError);
  CHECK_THROWS_AS(parse_columns("9..3"), ProblemError);
  CHECK_THROWS_AS(parse_columns("..3"), ProblemError);
}

TEST_CASE("placement/constraints: an @at pin puts the layer's first tile there", "[constraints][pin]") {
  PlacementProblem p = chain_on("vek280");
  p.layers[1].pin = Tile{20, 5};
  Placement pl = place(p);
  INFO(violations(p, pl));
  CHECK(verify(p, pl).empty());
  CHECK(pl.layers[1].tiles[0][0] == Tile{20, 5});
  // The unpinned neighbours gather around the pinned block rather than at the array corner.
  for (int l : {0, 2}) CHECK(std::abs(pl.layers[l].tiles[0][0].col - 20) <= 6);
}

TEST_CASE("placement/constraints: two layers pinned onto each other cannot be placed", "[constraints][pin]") {
  PlacementProblem p = chain_on("vek280");
  p.layers[0].pin = Tile{10, 2};
  p.layers[1].pin = Tile{10, 2};
  std::string layer;
  std::string msg = placement_error(p, &layer);
  CHECK(layer == "fc2");
  CHECK_THAT(msg, Catch::Contains("layer 'fc2' does not fit") && Catch::Contains("'fc1'"));
}

TEST_CASE("placement/constraints: a pin outside the region is an error naming the layer", "[constraints][pin]") {
  PlacementProblem p = chain_on("vek280");
  p.region = parse_columns("7..37");
  p.layers[2].pin = Tile{3, 0};
  std::string layer;
  CHECK_THAT(placement_error(p, &layer), Catch::Contains("'fc3' is pinned @at(3,0), outside the region"));
  CHECK(layer == "fc3");
}

TEST_CASE("placement/constraints: region --columns 7..37 keeps tiles, buffers, memtiles and PLIOs inside", "[constraints][region]") {
  PlacementProblem p = chain_on("vek280");
  p.region = parse_columns("7..37");
  Placement pl = place(p);
  INFO(violations(p, pl));
  CHECK(verify(p, pl).empty());
  for (const auto& lp : pl.layers)
    for (const auto& ch : lp.tiles)
      for (const auto& t : ch) CHECK(t.col >= 8);  // a chain head's west input buffer must be inside too
  for (int c : pl.memtile_column) CHECK(c >= 7);
  for (int c : pl.shim_column) CHECK(c >= 7);
}

TEST_CASE("placement/constraints: keep-out tiles are avoided", "[constraints][keepout]") {
  PlacementProblem p = chain_on("ve2302");
  // Keep out column 3..8 on both rows: the design must go around them.
  for (int c = 3; c <= 8; ++c) p.keep_out.push_back({c, 0}), p.keep_out.push_back({c, 1});
  Placement pl = place(p);
  INFO(violations(p, pl));
  CHECK(verify(p, pl).empty());
  for (const auto& lp : pl.layers)
    for (const auto& ch : lp.tiles)
      for (const auto& t : ch) CHECK((t.col < 3 || t.col > 8));
}

TEST_CASE("placement/constraints: a layer too big for the array is named with its tile budget", "[constraints][errors]") {
  PlacementProblem p = problem_on("vek280");
  p.layers = {dense("fc1", 4, 2), self_contained("huge", 40, 8)};
  p.edges = {{0, 1}};
  std::string layer;
  int needed = 0;
  std::string msg = placement_error(p, &layer, &needed);
  CHECK(layer == "huge");
  CHECK(needed == 320);
  CHECK_THAT(msg, Catch::Contains("layer 'huge' does not fit: it needs 320 tiles"));
}

TEST_CASE("placement/constraints: layers that fit alone but not together name the one that overflows", "[constraints][errors]") {
  PlacementProblem p = problem_on("ve2302");
  p.layers = {self_contained("a", 8, 2), self_contained("b", 8, 2), self_contained("c", 2, 2)};
  p.edges = {{0, 1}, {1, 2}};
  std::string layer;
  int needed = 0;
  std::string msg = placement_error(p, &layer, &needed);
  CHECK(layer == "c");
  CHECK(needed == 4);
  CHECK_THAT(msg, Catch::Contains("36 tiles") && Catch::Contains("34 usable tiles"));
}

TEST_CASE("placement/constraints: a cascade chain longer than any monotone path fails clearly", "[constraints][errors]") {
  PlacementProblem p = problem_on("ve2302");  // 17x2: the longest east/south path has 18 tiles
  p.layers = {self_contained("long", 19, 1)};
  std::string layer;
  CHECK_THAT(placement_error(p, &layer), Catch::Contains("1 cascade chain(s) of 19 contiguous tiles"));
  CHECK(layer == "long");
  p.layers = {self_contained("long", 18, 1)};
  Placement pl = place(p);  // 17 east then 1 south
  CHECK(verify(p, pl).empty());
}

TEST_CASE("placement/constraints: memtile and PLIO budgets", "[constraints][errors]") {
  PlacementProblem p = chain_on("vek280");
  p.edges[0].s2mm = 13;  // a VEK280 column has 2 memtiles x 6 S2MM
  CHECK_THROWS_WITH(place(p), Catch::Contains("needs 13 S2MM / 1 MM2S memtile channels; one vek280 column offers 12 / 12"));

  // 9 inputs of 2 channels each on a 2-column region with 8 PL->AIE channels per PLIO column.
  p = chain_on("vek280");
  p.region = parse_columns("0..1");
  p.layers = {dense("a", 1, 1)};
  p.edges.clear();
  p.plios.clear();
  for (int i = 0; i < 9; ++i) p.plios.push_back({"x" + std::to_string(i), IoDir::input, 0});
  CHECK_THROWS_WITH(place(p), Catch::Contains("need 18 PL->AIE"));
  p.plios.resize(8);  // 16 channels: exactly the two columns' budget
  Placement pl = place(p);
  CHECK(verify(p, pl).empty());
}

TEST_CASE("placement/constraints: memtile channel budgets spread edges over columns", "[constraints]") {
  // 1 DMA channel each way per memtile column: three edges out of one layer need three columns.
  PlacementProblem p;
  p.device = tiny_device(6, 2, 1);
  p.layers = {dense("a", 1, 1), dense("b", 1, 1), dense("c", 1, 1), dense("d", 1, 1)};
  p.edges = {{0, 1}, {0, 2}, {0, 3}};
  Placement pl = place(p);
  INFO(violations(p, pl));
  CHECK(verify(p, pl).empty());
  std::vector<int> cols = pl.memtile_column;
  std::sort(cols.begin(), cols.end());
  CHECK(std::adjacent_find(cols.begin(), cols.end()) == cols.end());
}
