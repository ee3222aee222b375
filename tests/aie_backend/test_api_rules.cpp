// Designs that meet the rules of AMD's tools, not only our emulation: every operand-type and
// accumulator pair on both architectures (the mmul shape and accumulator come from the real API
// table), formats at the edges of the requantizer, odd sizes whose DMA extents must be padded to
// 32-bit words, and layer names that are not C++ identifiers. Each builds, passes the resource
// check, compiles as AMD's graph front end compiles graph.cpp (part of emulate_project) and
// emulates bit-exactly against the reference interpreter.
#include <fmt/format.h>

#include <regex>
#include <set>

#include "backend_check.hpp"
#include "backends/aie/plan/dma_usage.hpp"

namespace {

aiem::aie::BuildResult run(const std::string& name, const std::string& text, int batches = 1) {
  auto p = backend_test::parse(text);
  aiem::aie::BuildOptions o;
  o.batches = batches;
  o.seed = 11;
  return backend_test::build_and_emulate(*p.model, name, o);
}

const aiem::aie::LayerPlan& layer(const aiem::aie::BuildResult& r, const std::string& name) {
  for (const auto& l : r.plan.layers)
    if (l.name == name) return l;
  FAIL("no layer " << name);
  return r.plan.layers.front();
}

// Every operand pair in one chain: int8 x int8, int8 x int16, int16 x int8 (32-bit sums),
// int16 x int16; then int16 x int8 whose sums need 64 bits (K = 2048 of full-range codes).
std::string type_pairs(const std::string& device) {
  return fmt::format(R"(model pairs_{0} {{ target {0}  batch 5
    input x : fixed<8, 3, RND_CONV, SAT>[40]
    a = dense(x, 24, w: fixed<8, 1> from random(1), b: fixed<16, 6> from random(2)) -> fixed<16, 8, RND_CONV, SAT> |> relu
    b = dense(a, 20, w: fixed<8, 1> from random(3), b: fixed<24, 12> from random(4)) -> fixed<8, 3, RND, SAT>
    c = dense(b, 16, w: fixed<16, 4> from random(5)) -> fixed<16, 8, RND_CONV, SAT> |> relu
    d = dense(c, 12, w: fixed<16, 4> from random(6), b: fixed<32, 16> from random(7)) -> fixed<8, 2, RND_CONV, SAT>
    output d }})",
                     device);
}

}  // namespace

TEST_CASE("api rules: every operand pair and its accumulator on AIE-ML (VEK280)", "[aie_backend][api_rules]") {
  auto r = run("pairs280", type_pairs("vek280"), 2);
  // The accumulator is the mmul shape's: AIE-ML int8 x int16 4x4x8 and int16 x int16 4x4x4 give
  // acc64; int16 x int8 is acc32 in 4x4x8 but acc64 in 4x8x4 and 2x8x8 (fewer cycles at batch 5).
  CHECK(layer(r, "a").acc_bits == 32);
  const auto& b = layer(r, "b");
  CHECK(b.acc_bits == (b.mt == aiem::aie::Microtile{4, 4, 8} ? 32 : 64));
  CHECK(layer(r, "c").acc_bits == 64);
  CHECK(layer(r, "d").acc_bits == 64);
}

TEST_CASE("api rules: every operand pair and its accumulator on AIE-MLv2 (VEK385)", "[aie_backend][api_rules]") {
  auto r = run("pairs385", type_pairs("vek385"), 2);
  // AIE-MLv2 int16 x int8 4x4x8 accumulates in acc64, so does int8 x int16 4x4x8.
  CHECK(layer(r, "a").acc_bits == 32);
  CHECK(layer(r, "b").acc_bits == 64);
  CHECK(layer(r, "c").acc_bits == 64);
  // Only west-to-east cascades on AIE-MLv2 (AM027 documents no vertical cascade).
  for (std::size_t li = 0; li < r.plan.layers.size(); ++li)
    for (const auto& chain : r.plan.tiles[li])
      for (std::size_t pk = 1; pk < chain.size(); ++pk) CHECK(chain[pk][1] == chain[pk - 1][1]);
}

TEST_CASE("api rules: int16 x int8 with 64-bit sums (K = 2048) on both architectures", "[aie_backend][api_rules]") {
  for (const std::string dev : {"vek280", "vek385"}) {
    auto r = run("k2048_" + dev, fmt::format(R"(model k2048 {{ target {}  batch 2
      input x : fixed<16, 8, RND_CONV, SAT>[2048]
      y = dense(x, 16, w: fixed<8, 1> from random(8)) -> fixed<16, 4, RND_CONV, SAT>
      output y }})", dev));
    const auto& y = layer(r, "y");
    CHECK(y.acc_bits == 64);
    // AIE-ML has no acc64 int16 x int8 4x4x8: the shapes whose accumulator is acc64 are 4x8x4 and 2x8x8.
    if (dev == "vek280") CHECK((y.mt == aiem::aie::Microtile{4, 8, 4} || y.mt == aiem::aie::Microtile{2, 8, 8}));
  }
}

TEST_CASE("api rules: sub-container WRAP and SAT_SYM, zero points without a scale, odd sizes", "[aie_backend][api_rules]") {
  auto r = run("edges", R"(model edges { batch 5
    input x : fixed<8, 3, RND_CONV, SAT>[157]
    a = dense(x, 77, w: fixed<8, 1> from random(9), b: fixed<16, 6> from random(10), zero: -3) -> fixed<8, 3, RND_CONV, SAT_SYM>
    b = dense(a, 45, w: fixed<8, 1> from random(11)) -> fixed<6, 2, RND, WRAP>
    c = dense(b, 21, w: fixed<8, 1> from random(12), zero: 5) -> fixed<7, 3, TRN, SAT_SYM>
    d = dense(c, 5, w: fixed<8, 1> from random(13)) -> fixed<5, 2, RND_CONV, WRAP>
    output d })", 2);
  // Whole 32-bit words on every stream: 5 int8 outputs travel as rows of 8, 157 inputs as words too.
  for (const auto& io : r.plan.plios) {
    CHECK(io.stream_cols * io.elem.bytes() % 4 == 0);
    CHECK(io.stream_bytes() % (io.width_bits / 8) == 0);
  }
  const auto& out = r.plan.plios.back();
  CHECK(out.cols == 5);
  CHECK(out.stream_cols == 8);
  CHECK(out.width_bits == 64);  // 5 rows x 8 bytes = 40 bytes: five 64-bit beats, not 2.5 of 128
}

TEST_CASE("api rules: block instance paths, C++ keywords and names that collide after mangling", "[aie_backend][api_rules]") {
  auto r = run("names", R"(
    block pair(x, n) {
      y = dense(x, n, w: fixed<8, 1> from random(14)) -> fixed<8, 3, RND_CONV, SAT> |> relu
      return y
    }
    model names { batch 4
      input x : fixed<8, 3, RND_CONV, SAT>[16]
      t1 = pair(x, 16)
      t1_y = dense(t1, 16, w: fixed<8, 1> from random(15)) -> fixed<8, 3, RND_CONV, SAT>
      class = dense(t1_y, 16, w: fixed<8, 1> from random(16)) -> fixed<8, 3, RND_CONV, SAT>
      main = dense(class, 8, w: fixed<8, 1> from random(17)) -> fixed<8, 3, RND_CONV, SAT>
      output main })");
  std::set<std::string> idents;
  const std::regex ident("[A-Za-z][A-Za-z0-9]*(_[A-Za-z0-9]+)*_?");  // no "__", no leading "_"
  for (const auto& l : r.plan.layers) {
    INFO(l.name << " -> " << l.ident);
    CHECK(std::regex_match(l.ident, ident));
    CHECK(idents.insert(l.ident).second);
  }
  CHECK(layer(r, "t1.y").ident == "t1_y");
  CHECK(layer(r, "t1_y").ident == "t1_y_2");
  CHECK(layer(r, "class").ident == "class_");
  CHECK(layer(r, "main").ident == "main_");
  // Deterministic: the same model gives the same names.
  auto again = run("names2", R"(
    block pair(x, n) { y = dense(x, n, w: fixed<8, 1> from random(14)) -> fixed<8, 3, RND_CONV, SAT> |> relu  return y }
    model names { batch 4  input x : fixed<8, 3, RND_CONV, SAT>[16]
      t1 = pair(x, 16)
      t1_y = dense(t1, 16, w: fixed<8, 1> from random(15)) -> fixed<8, 3, RND_CONV, SAT>
      output t1_y })");
  CHECK(layer(again, "t1_y").ident == "t1_y_2");
}

TEST_CASE("api rules: direct edges between tiles that share no memory are counted as tile DMA", "[aie_backend][api_rules]") {
  auto r = run("direct_dma", R"(model direct_dma { batch 8  type a = fixed<8, 3, RND_CONV, SAT>
    input x : a[64]
    h = dense(x, 64, w: fixed<8, 1> from random(18)) -> a |> relu @tiles(cascade: 2, parallel: 2) @direct
    y = dense(h, 32, w: fixed<8, 1> from random(19)) -> a @tiles(cascade: 2, parallel: 2)
    output y })");
  const auto u = aiem::aie::dma_usage(r.plan);
  REQUIRE(u.direct.size() == 1);
  CHECK(u.direct[0].in_place + u.direct[0].dma == 4);  // 2 producer chains x 2 consumer chains
  for (const auto& [t, d] : u.tiles) {
    CHECK(d.s2mm <= r.plan.device.tile.dma_s2mm);
    CHECK(d.mm2s <= r.plan.device.tile.dma_mm2s);
  }
}

TEST_CASE("api rules: what the kernel library cannot requantize is refused at build time, at the layer", "[aie_backend][api_rules]") {
  // 2^-70 between the accumulator and the output: beyond the SRS limit of 59 bits.
  auto p = backend_test::parse(R"(model far { batch 4
    input x : fixed<16, -20>[8]
    y = dense(x, 8, w: fixed<16, -20> from random(20)) -> fixed<16, 10>
    output y })");
  aiem::Diagnostics d;
  auto r = aiem::aie::build_project(aiem::impl_of(*p.model).graph, {}, d);
  CHECK_FALSE(r);
  const std::string text = aiem::render(d, *aiem::impl_of(*p.model).sources);
  CHECK_THAT(text, Catch::Contains("'y': its output conversion cannot be done on the AIE datapath"));
  CHECK_THAT(text, Catch::Contains("59"));
  CHECK_THAT(text, Catch::Contains("<test>:3:"));
}
