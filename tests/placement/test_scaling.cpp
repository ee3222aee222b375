#include <catch2/catch.hpp>
#include <set>

#include "backends/aie/placement/render.hpp"
#include "helpers.hpp"

using namespace aiem::aie;
using namespace aiem::aie::placement;
using namespace aiem::aie::placement::test;

namespace {

// Places one layer alone and checks it is legal (verify covers contiguous cascades) and whole.
void check_single(const std::string& device, Layer l) {
  PlacementProblem p = problem_on(device);
  const int tiles = l.tiles();
  p.layers = {std::move(l)};
  p.plios = {{"x", IoDir::input, 0}, {"y", IoDir::output, 0}};
  INFO(device << " " << p.layers[0].name << " " << p.layers[0].pk << "x" << p.layers[0].pn);
  Placement pl = place(p);
  INFO(render_text_map(p, pl));
  CHECK(violations(p, pl).empty());
  std::set<Tile> used;
  for (const auto& ch : pl.layers[0].tiles)
    for (const auto& t : ch) used.insert(t);
  CHECK(static_cast<int>(used.size()) == tiles);
}

}  // namespace

TEST_CASE("placement/scaling: one dense layer from 1 to 296 tiles on VEK280 with the dense bank map", "[scaling]") {
  // Chain heads keep their input buffer in the west neighbour, so column 0 cannot hold a head and
  // chains side by side in a row need a gap: 37x8 = 296 is this bank map's ceiling.
  const std::pair<int, int> series[] = {{1, 1},   {2, 1},   {2, 2},   {4, 2},   {4, 4},   {8, 4},
                                        {8, 8},   {8, 12},  {16, 8},  {10, 16}, {12, 16}, {16, 16},
                                        {18, 16}, {36, 8},  {37, 8}};
  for (auto [pk, pn] : series) check_single("vek280", dense("dense", pk, pn));
}

TEST_CASE("placement/scaling: one layer up to the full 304 tiles of VEK280 with tile-local buffers", "[scaling]") {
  const std::pair<int, int> series[] = {{4, 75}, {10, 30}, {38, 8}, {8, 38}, {19, 16}, {2, 152}, {1, 304}, {4, 76}};
  for (auto [pk, pn] : series) check_single("vek280", self_contained("dense", pk, pn));
}

TEST_CASE("placement/scaling: the full VE2302 and VEK385 arrays", "[scaling]") {
  for (auto [pk, pn] : {std::pair{17, 2}, {2, 17}, {1, 34}, {6, 5}})
    check_single("ve2302", self_contained("dense", pk, pn));
  check_single("ve2302", dense("dense", 16, 2));
  for (auto [pk, pn] : {std::pair{36, 4}, {4, 36}, {9, 16}, {12, 12}, {1, 144}})
    check_single("vek385", self_contained("dense", pk, pn));
  check_single("vek385", dense("dense", 35, 4));
}
