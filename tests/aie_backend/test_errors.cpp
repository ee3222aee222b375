// What the AIE backend refuses, with the location of the layer concerned.
#include "backend_check.hpp"

namespace {
std::string build_error(const std::string& text, const aiem::aie::BuildOptions& o = {}) {
  auto p = backend_test::parse(text);
  aiem::Diagnostics diags;
  auto r = aiem::aie::build_project(aiem::impl_of(*p.model).graph, o, diags);
  REQUIRE_FALSE(r);
  return aiem::render(diags, *aiem::impl_of(*p.model).sources);
}
}  // namespace

TEST_CASE("the backend names layers it cannot build", "[aie_backend][errors]") {
  CHECK_THAT(build_error(R"(model m { input x : int8[4, 16]
    input v : int8[1, 16]
    y = sub(v, x) -> int8
    output y })"),
             Catch::Contains("<test>:3:") && Catch::Contains("the AIE backend broadcasts the second operand only"));
  CHECK_THAT(build_error(R"(model m { input x : int8[2, 4, 16]
    input v : int8[1, 4, 16]
    y = add(x, v) -> int8
    output y })"),
             Catch::Contains("<test>:3:") && Catch::Contains("broadcasts the innermost axes before the last one only"));
  CHECK_THAT(build_error(R"(model m { input x : int8[16]
    h = dense(x, 8, w: int8 from random(1)) -> int8
    y = add(h, h) -> int8 @tiles(cascade: 2)
    output y })"),
             Catch::Contains("<test>:3:") && Catch::Contains("has no reduction to split over a cascade"));
  CHECK_THAT(build_error(R"(model m { input x : int8[16]
    h = dense(x, 8, w: int8 from random(1)) -> fixed<20, 10>
    y = dense(h, 4, w: int8 from random(2)) -> int8
    output y })"),
             Catch::Contains("<test>:2:") && Catch::Contains("is held in 32 bits; the kernels' requantizer writes 8- and "
                                                            "16-bit results"));
  CHECK_THAT(build_error(R"(model m { input x : int8[16]
    y = dense(x, 8, w: int8 from random(1)) -> int8 @tiles(cascade: 4)
    output y })"),
             Catch::Contains("<test>:2:") && Catch::Contains("@tiles(cascade: 4, parallel: 1) leaves stages without data"));
  CHECK_THAT(build_error(R"(model m { batch 64 input x : int8[1024]
    y = dense(x, 512, w: int8 from random(1)) -> int8 @tiles(cascade: 1, parallel: 1)
    output y })"),
             Catch::Contains("bytes of data memory"));
  CHECK_THAT(build_error(R"(model m { input x : int8[32]
    h = dense(x, 16, w: int8 from random(1)) -> int8 @tiles(parallel: 2) @direct
    y = dense(h, 8, w: int8 from random(2)) -> int8 @tiles(cascade: 1)
    output y })"),
             Catch::Contains("<test>:2:") && Catch::Contains("cannot hand its output directly to 'y'"));
  aiem::aie::BuildOptions o;
  o.device = "nowhere";
  CHECK_THAT(build_error(R"(model m { input x : int8[16]
    y = dense(x, 8, w: int8 from random(1)) -> int8
    output y })", o),
             Catch::Contains("nowhere") && Catch::Contains("vek280"));
}

TEST_CASE("the same model builds to byte-identical projects", "[aie_backend]") {
  auto p = backend_test::parse(R"(model m { batch 4 input x : int8[40]
    y = dense(x, 24, w: int8 from random(1), b: fixed<32, 32> from random(2)) -> int8 |> relu
    output y })");
  aiem::Diagnostics d1, d2;
  auto a = aiem::aie::build_project(aiem::impl_of(*p.model).graph, {}, d1);
  auto b = aiem::aie::build_project(aiem::impl_of(*p.model).graph, {}, d2);
  REQUIRE(a);
  REQUIRE(b);
  CHECK(a->project.files == b->project.files);
  CHECK(a->project.files.count("src/graph.h"));
  CHECK(a->project.files.count("aiem_project.json"));
}

TEST_CASE("the emitted location constraints are the placement's tiles", "[aie_backend][placement]") {
  auto p = backend_test::parse(R"(model m { batch 8 input x : int8[64]
    h = dense(x, 32, w: int8 from random(1)) -> int8 |> relu @tiles(cascade: 2, parallel: 2)
    y = dense(h, 16, w: int8 from random(2)) -> int8 @tiles(cascade: 3)
    output y })");
  aiem::Diagnostics d;
  auto r = aiem::aie::build_project(aiem::impl_of(*p.model).graph, {}, d);
  REQUIRE(r);
  const std::string& graph = r->project.files.at("src/graph.h");
  std::size_t found = 0;
  for (std::size_t li = 0; li < r->plan.layers.size(); ++li) {
    const auto& l = r->plan.layers[li];
    for (int pn = 0; pn < l.PN; ++pn)
      for (int pk = 0; pk < l.PK; ++pk) {
        auto t = r->plan.tiles[li][std::size_t(pn)][std::size_t(pk)];
        auto placed = r->placed.placement.layers[li].tiles[std::size_t(pn)][std::size_t(pk)];
        CHECK(t[0] == placed.col);
        CHECK(t[1] == placed.row);
        std::string line = "adf::location<adf::kernel>(" + l.name + "[" + std::to_string(pn) + "][" + std::to_string(pk) +
                           "]) = adf::tile(" + std::to_string(t[0]) + ", " + std::to_string(t[1]) + ");";
        INFO(line);
        CHECK(graph.find(line) != std::string::npos);
        ++found;
      }
  }
  CHECK(found == 7);
  std::size_t locations = 0;
  for (std::size_t at = 0; (at = graph.find("adf::location<adf::kernel>", at)) != std::string::npos; ++at) ++locations;
  CHECK(locations == found);
  CHECK(aiem::aie::placement::verify(r->placed.problem, r->placed.placement).empty());
}

TEST_CASE("@at pins a layer's first kernel and --columns-style regions are honoured", "[aie_backend][placement]") {
  auto p = backend_test::parse(R"(model m { batch 8 input x : int8[64]
    h = dense(x, 32, w: int8 from random(1)) -> int8 |> relu @tiles(cascade: 2, parallel: 2) @at(20, 3)
    y = dense(h, 16, w: int8 from random(2)) -> int8
    output y })");
  aiem::Diagnostics d;
  aiem::aie::BuildOptions o;
  o.place.region = aiem::aie::placement::parse_columns("12..30");
  auto r = aiem::aie::build_project(aiem::impl_of(*p.model).graph, o, d);
  INFO(aiem::render(d, *aiem::impl_of(*p.model).sources));
  REQUIRE(r);
  CHECK(r->plan.tiles[0][0][0] == std::array<int, 2>{20, 3});
  for (const auto& layer : r->plan.tiles)
    for (const auto& chain : layer)
      for (const auto& t : chain) {
        CHECK(t[0] >= 12);
        CHECK(t[0] <= 30);
      }
  CHECK(r->project.files.at("src/graph.h").find("adf::location<adf::kernel>(h[0][0]) = adf::tile(20, 3);") != std::string::npos);
}

TEST_CASE("a product of several matrices refuses the split its memory-tile access cannot slice", "[aie_backend][errors]") {
  CHECK_THAT(build_error(R"(model m { batch 2
    input q : int8[2, 8, 16]
    input k : int8[2, 16, 16]
    y = matmul(q, k, transpose_b: 1) -> int8 @tiles(parallel: 2)
    output y })"),
             Catch::Contains("<test>:4:") && Catch::Contains("a product of 4 matrices by a transposed operand has one "
                                                            "chain") && Catch::Contains("@tiles(cascade: 1)"));
  CHECK_THAT(build_error(R"(model m { batch 2
    input q : int8[2, 8, 16]
    input v : int8[2, 16, 16]
    y = matmul(q, v) -> int8 @tiles(cascade: 2)
    output y })"),
             Catch::Contains("<test>:4:") && Catch::Contains("has one cascade stage") &&
                 Catch::Contains("@tiles(parallel: 1)"));
}

TEST_CASE("@tiles(bands) is refused where a conv's output positions cannot split that way", "[aie_backend][errors][bands]") {
  CHECK_THAT(build_error(R"(model m { input x : int8[16]
    y = dense(x, 8, w: int8 from random(1)) -> int8 @tiles(bands: 2)
    output y })"),
             Catch::Contains("<test>:2:") && Catch::Contains("splits the output positions of a conv1d, conv2d, maxpool or avgpool; this is a dense"));
  CHECK_THAT(build_error(R"(model m { input x : fixed<8, 3, RND_CONV, SAT>[6, 8, 4]
    y = conv2d(x, 8, kernel: [3, 3], padding: [1, 1, 1, 1], w: int8 from random(1)) -> fixed<8, 2, RND_CONV, SAT> @tiles(bands: 4)
    output y })"),
             Catch::Contains("<test>:2:") && Catch::Contains("the 6 output rows must divide evenly"));
  CHECK_THAT(build_error(R"(model m { batch 2 input x : fixed<8, 3, RND_CONV, SAT>[6, 8, 4]
    y = conv2d(x, 16, kernel: [3, 3], padding: [1, 1, 1, 1], w: int8 from random(1)) -> fixed<8, 2, RND_CONV, SAT> @tiles(bands: 2, parallel: 2)
    z = conv2d(x, 16, kernel: [3, 3], padding: [1, 1, 1, 1], w: int8 from random(2)) -> fixed<8, 2, RND_CONV, SAT> @tiles(bands: 6, parallel: 2)
    output y, z })"),
             Catch::Contains("<test>:3:") && Catch::Contains("the bands' chains (6 x 2) must be at most the 6 write channels"));
  CHECK_THAT(build_error(R"(model m { input x : fixed<8, 3, RND_CONV, SAT>[6, 6, 8]
    y = maxpool(x, kernel: [2, 2], stride: [2, 2]) @tiles(bands: 2)
    output y })"),
             Catch::Contains("<test>:2:") && Catch::Contains("the 3 output rows must divide evenly"));
}
