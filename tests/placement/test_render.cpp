#include <catch2/catch.hpp>

#include "backends/aie/placement/render.hpp"
#include "helpers.hpp"

using namespace aiem::aie;
using namespace aiem::aie::placement;
using namespace aiem::aie::placement::test;

namespace {

struct Small {
  PlacementProblem p;
  Placement pl;
  Small() {
    p.device = tiny_device(6, 3, 2);
    p.layers = {dense("fc<1>", 2, 1), dense("fc2", 1, 2)};
    p.edges = {{0, 1}};
    p.plios = {{"x", IoDir::input, 0}, {"y", IoDir::output, 1}};
    p.keep_out = {{5, 2}};
    pl.layers = {{{{{1, 0}, {2, 0}}}}, {{{{4, 0}}, {{4, 1}}}}};
    pl.memtile_column = {3};
    pl.shim_column = {0, 4};
    pl.cost = evaluate(p, pl);
  }
};

}  // namespace

TEST_CASE("placement/render: the text map shows each layer's letter where its tiles are", "[render]") {
  Small s;
  REQUIRE(verify(s.p, s.pl).empty());
  std::string m = render_text_map(s.p, s.pl);
  CHECK_THAT(m, Catch::Contains("r2    .....#\n"));
  CHECK_THAT(m, Catch::Contains("r1    ....B.\n"));
  CHECK_THAT(m, Catch::Contains("r0    .AA.B.\n"));
  CHECK_THAT(m, Catch::Contains("mem   ...2..   memtile DMA channels in use"));
  CHECK_THAT(m, Catch::Contains("shim  i-.-o-"));
  CHECK_THAT(m, Catch::Contains("A fc<1>        2x1 =   2 tiles at (1,0)"));
  CHECK_THAT(m, Catch::Contains("B fc2          1x2 =   2 tiles at (4,0)"));
}

TEST_CASE("placement/render: the SVG draws blocks, cascades, memtile edges, PLIOs and a legend", "[render]") {
  Small s;
  std::string svg = render_svg(s.p, s.pl);
  CHECK(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0) == 0);
  CHECK_THAT(svg, Catch::EndsWith("</svg>\n"));
  CHECK_THAT(svg, Catch::Contains("<g id=\"layer-fc&lt;1&gt;\">"));  // names are escaped
  CHECK_THAT(svg, Catch::Contains("<g id=\"layer-fc2\">"));
  auto count = [&](const std::string& needle) {
    std::size_t n = 0;
    for (auto at = svg.find(needle); at != std::string::npos; at = svg.find(needle, at + 1)) ++n;
    return n;
  };
  CHECK(count("marker-end=\"url(#arrow)\"") == 1 + 1 + 2);  // 1 cascade hop, 1 memtile edge, 2 PLIOs
  CHECK(count("<polyline") == 1);
  CHECK(count("<title>") == 2);
  CHECK(render_svg(s.p, s.pl) == svg);
}
