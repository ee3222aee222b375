// Valid programs: every construct of the language parses and means what docs/language.md says.
#include <catch2/catch.hpp>

#include "aiem/aiem.hpp"

TEST_CASE("every construct of the language", "[parser]") {
  auto r = aiem::parse(R"(// comment
    /* block
       comment */
    type top = fixed<16, 6>
    block twice(x, n, t) { a = dense(x, n, w: t from random(5)) -> t; b = relu(a); return a, b }
    model all {
      target vek385; batch 4
      type act = ufixed<8, 4, RND_MIN_INF, SAT_SYM>
      type q = fixed<6, -2, TRN_ZERO>
      input x : fixed<8, 3, RND_CONV, SAT>[2, 8]
      h = dense(x, units: 4, w: fixed<8,1> from [[0.5, 0, 0, 0], [0, 0.5, 0, 0], [0, 0, 0.5, 0], [0, 0, 0, 0.5],
                                                 [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]],
                b: top from random(3)) -> int16 |> relu  @tiles(cascade: 2, parallel: 1) @at(3, 0) @memtile
      p, r = twice(h, 4, int16)
      s = add(p, r) -> act |> relu @direct
      output s, h
    })");
  INFO(r.rendered);
  REQUIRE(r.ok());
  CHECK(r.model->name() == "all");
  CHECK(r.model->target() == "vek385");
  CHECK(r.model->batch() == 4);
  REQUIRE(r.model->inputs().size() == 1);
  CHECK(r.model->inputs()[0].shape == std::vector<std::int64_t>{4, 2, 8});
  CHECK(r.model->inputs()[0].type == "fixed<8,3,RND_CONV,SAT>");
  auto outs = r.model->outputs();
  REQUIRE(outs.size() == 2);
  CHECK(outs[0].type == "ufixed<8,4,RND_MIN_INF,SAT_SYM>");
  CHECK(outs[1].shape == std::vector<std::int64_t>{4, 2, 4});
  auto ir = r.model->ir_text();
  CHECK(ir.find("node   h = dense(x, h.w, h.b) units=4 relu acc=int32/frac12 @tiles(cascade: 2, parallel: 1) @at(3, 0) "
                "@memtile -> h : int16[4,2,4]") != std::string::npos);
  CHECK(ir.find("node   p.a = dense(h, p.a.w) units=4") != std::string::npos);
  CHECK(ir.find("@direct") != std::string::npos);
}

TEST_CASE("the example models check", "[parser]") {
  for (const char* ex : {"jet_tagger/jet_tagger.aiem", "tau_selection/tau_selection.aiem",
                         "qubit_readout/qubit_readout.aiem", "residual_mlp/residual_mlp.aiem",
                         "two_branch/two_branch.aiem"}) {
    auto r = aiem::parse_file(std::string(AIEM_SOURCE_DIR) + "/examples/" + ex);
    INFO(r.rendered);
    CHECK(r.ok());
  }
}
