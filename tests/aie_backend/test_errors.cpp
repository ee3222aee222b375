// What the AIE backend refuses, with the location of the layer concerned.
#include "backend_check.hpp"

namespace {
std::string build_error(const std::string& text, const aiem::aie::BuildOptions& o = {}) {
  auto p = backend_test::parse(text);
  aiem::Diagnostics diags;
  auto r = aiem::aie::build_project(p.model->impl().graph, o, diags);
  REQUIRE_FALSE(r);
  return aiem::render(diags, *p.model->impl().sources);
}
}  // namespace

TEST_CASE("the backend names layers it cannot build", "[aie_backend][errors]") {
  CHECK_THAT(build_error(R"(model m { input x : int8[16]
    h = dense(x, 8, w: int8 from random(1)) -> int8
    y = add(h, h) -> int8
    output y })"),
             Catch::Contains("<test>:3:") && Catch::Contains("does not implement 'y' (add)"));
  CHECK_THAT(build_error(R"(model m { input x : int8[16]
    y = dense(x, 8, w: int8 from random(1)) -> int8 @tiles(cascade: 4)
    output y })"),
             Catch::Contains("<test>:2:") && Catch::Contains("@tiles(cascade: 4, parallel: 1) leaves stages without data"));
  CHECK_THAT(build_error(R"(model m { batch 64 input x : int8[1024]
    y = dense(x, 512, w: int8 from random(1)) -> int8 @tiles(cascade: 1, parallel: 1)
    output y })"),
             Catch::Contains("bytes of data memory"));
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
  auto a = aiem::aie::build_project(p.model->impl().graph, {}, d1);
  auto b = aiem::aie::build_project(p.model->impl().graph, {}, d2);
  REQUIRE(a);
  REQUIRE(b);
  CHECK(a->project.files == b->project.files);
  CHECK(a->project.files.count("src/graph.h"));
  CHECK(a->project.files.count("aiem_project.json"));
}
