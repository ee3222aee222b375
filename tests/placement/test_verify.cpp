#include <catch2/catch.hpp>

#include "helpers.hpp"

using namespace aiem::aie;
using namespace aiem::aie::placement;
using namespace aiem::aie::placement::test;

namespace {

// A (2x1, dense bank map) -> B (1x1) through a memtile on a 6x3 array with 1 DMA channel each way
// per memtile column; x feeds A, y leaves B.
struct Fixture {
  PlacementProblem p;
  Placement pl;
  Fixture() {
    p.device = tiny_device(6, 3, 1);
    p.layers = {dense("A", 2, 1), dense("B", 1, 1)};
    p.edges = {{0, 1}};
    p.plios = {{"x", IoDir::input, 0}, {"y", IoDir::output, 1}};
    pl.layers = {{{{{1, 0}, {2, 0}}}}, {{{{4, 0}}}}};
    pl.memtile_column = {2};
    pl.shim_column = {0, 4};
  }
};

bool has(const std::vector<Violation>& v, ViolationKind k) {
  return std::any_of(v.begin(), v.end(), [&](const Violation& x) { return x.kind == k; });
}

}  // namespace

TEST_CASE("placement/verify: the hand-made base placement is legal", "[verify]") {
  Fixture f;
  INFO(violations(f.p, f.pl));
  CHECK(verify(f.p, f.pl).empty());
  CHECK_NOTHROW(verify_or_throw(f.p, f.pl));
}

TEST_CASE("placement/verify: catches every kind of illegality", "[verify]") {
  SECTION("bank conflict: a block's west input buffer on its neighbour's output banks") {
    Fixture f;
    f.pl.layers[1].tiles[0][0] = {3, 0};  // B's input (west, banks 0/3) lands on A's tail output
    auto v = verify(f.p, f.pl);
    REQUIRE(has(v, ViolationKind::bank_conflict));
    CHECK_THAT(v[0].message, Catch::Contains("'A'[0][1] output") && Catch::Contains("'B'[0][0] input"));
  }
  SECTION("memory outside the device: a chain head in column 0 with a west input buffer") {
    Fixture f;
    f.pl.layers[0].tiles[0] = {{0, 0}, {1, 0}};
    CHECK(has(verify(f.p, f.pl), ViolationKind::memory_unavailable));
  }
  SECTION("a tile used twice") {
    Fixture f;
    f.pl.layers[1].tiles[0][0] = {2, 0};
    CHECK(has(verify(f.p, f.pl), ViolationKind::tile_reused));
  }
  SECTION("a cascade with a gap") {
    Fixture f;
    f.pl.layers[0].tiles[0] = {{1, 0}, {3, 0}};
    CHECK(has(verify(f.p, f.pl), ViolationKind::cascade));
  }
  SECTION("a cascade going west") {
    Fixture f;
    f.pl.layers[0].tiles[0] = {{2, 1}, {1, 1}};
    CHECK(has(verify(f.p, f.pl), ViolationKind::cascade));
  }
  SECTION("a vertical cascade where the layer allows only west->east") {
    Fixture f;
    f.pl.layers[0].tiles[0] = {{1, 1}, {1, 0}};
    CHECK(verify(f.p, f.pl).empty());
    f.p.layers[0].cascade = {CascadeDir::west_to_east};
    CHECK(has(verify(f.p, f.pl), ViolationKind::cascade));
  }
  SECTION("a direct hand-off between tiles that are not memory neighbours") {
    Fixture f;
    f.p.edges[0] = {0, 1, EdgeKind::direct, chain_handoffs(f.p.layers[0], f.p.layers[1])};
    f.pl.memtile_column[0] = -1;
    CHECK(has(verify(f.p, f.pl), ViolationKind::handoff));
    // Adjacent, the consumer reads the producer's output banks in place: no conflict, no keep-out.
    f.pl.layers[1].tiles[0][0] = {3, 0};
    INFO(violations(f.p, f.pl));
    CHECK(verify(f.p, f.pl).empty());
  }
  SECTION("memtile DMA channels over a column's budget") {
    Fixture f;
    f.p.edges.push_back({0, 1});
    f.pl.memtile_column.push_back(2);
    CHECK(has(verify(f.p, f.pl), ViolationKind::memtile_budget));
    f.pl.memtile_column[1] = 3;
    CHECK(verify(f.p, f.pl).empty());
  }
  SECTION("a memtile column outside the region") {
    Fixture f;
    f.pl.memtile_column[0] = 9;
    CHECK(has(verify(f.p, f.pl), ViolationKind::memtile_budget));
  }
  SECTION("a PLIO in a shim column without PL streams") {
    Fixture f;
    f.pl.shim_column[0] = 1;
    CHECK(has(verify(f.p, f.pl), ViolationKind::plio_column));
  }
  SECTION("PLIO channels over a shim column's budget") {
    Fixture f;
    f.p.plios.push_back({"x2", IoDir::input, 0});  // 128-bit PLIOs take 2 of the column's 2 channels
    f.pl.shim_column.push_back(0);
    CHECK(has(verify(f.p, f.pl), ViolationKind::plio_budget));
  }
  SECTION("a pinned layer moved") {
    Fixture f;
    f.p.layers[0].pin = Tile{1, 1};
    CHECK(has(verify(f.p, f.pl), ViolationKind::pin));
  }
  SECTION("a tile on a keep-out") {
    Fixture f;
    f.p.keep_out = {{4, 0}};
    CHECK(has(verify(f.p, f.pl), ViolationKind::keep_out));
  }
  SECTION("a buffer in a kept-out memory") {
    Fixture f;
    f.p.keep_out = {{3, 0}};  // B's west input buffer lives there
    CHECK(has(verify(f.p, f.pl), ViolationKind::memory_unavailable));
  }
  SECTION("a tile outside the region") {
    Fixture f;
    f.p.region = parse_columns("0..3");
    auto v = verify(f.p, f.pl);
    CHECK(has(v, ViolationKind::outside_region));
    CHECK(has(v, ViolationKind::plio_column));  // y's shim column 4 is outside too
  }
  SECTION("a placement that does not match the problem") {
    Fixture f;
    f.pl.layers[1].tiles.push_back({{5, 0}});
    CHECK(has(verify(f.p, f.pl), ViolationKind::malformed));
    CHECK_THROWS_WITH(verify_or_throw(f.p, f.pl), Catch::Contains("[malformed]"));
  }
}
