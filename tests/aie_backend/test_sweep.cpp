// Generated dense chains over the backend's space: odd sizes, every split, both relays, int16
// paths, sub-container widths and every overflow mode, multiplier scales, AIE-MLv2. Each builds,
// passes the resource check and emulates bit-exactly against the reference interpreter.
#include <fmt/format.h>

#include "backend_check.hpp"

namespace {
void run(const std::string& name, const std::string& text, int batches = 1) {
  auto p = backend_test::parse(text);
  aiem::aie::BuildOptions o;
  o.batches = batches;
  o.seed = 7;
  backend_test::build_and_emulate(*p.model, name, o);
}
}  // namespace

TEST_CASE("sweep: K = 160 split over a cascade of 4 (the anchor's wrong padding case)", "[aie_backend][sweep]") {
  run("k160", R"(model k160 { batch 8  type a = fixed<8, 4, RND_CONV, SAT>
    input x : a[160]
    y = dense(x, 64, w: fixed<8, 0> from random(1), b: fixed<16, 8, RND_CONV> from random(2)) -> a |> relu @tiles(cascade: 4)
    output y })", 2);
}

TEST_CASE("sweep: sizes that are no multiple of the microtile, every split", "[aie_backend][sweep]") {
  run("odd", R"(model odd { batch 3  type a = fixed<8, 3, RND_CONV, SAT>
    input x : a[37]
    h = dense(x, 19, w: fixed<8, 1> from random(3), b: fixed<16, 6> from random(4)) -> a |> relu @tiles(cascade: 2, parallel: 3)
    y = dense(h, 11, w: fixed<8, 1> from random(5)) -> a @tiles(cascade: 3, parallel: 2)
    output y })", 2);
}

TEST_CASE("sweep: automatic splits on a three-layer chain, batch 5", "[aie_backend][sweep]") {
  run("auto", R"(model auto_chain { batch 5  type a = fixed<8, 2, RND, SAT>
    input x : a[50]
    h1 = dense(x, 23, w: fixed<8, 2> from random(6), b: fixed<12, 4> from random(7)) -> a |> relu
    h2 = dense(h1, 40, w: fixed<8, 2> from random(8)) -> a |> relu
    y = dense(h2, 11, w: fixed<8, 2> from random(9)) -> fixed<8, 4, TRN, WRAP>
    output y })");
}

TEST_CASE("sweep: batch 1", "[aie_backend][sweep]") {
  run("batch1", R"(model b1 { batch 1  input x : int8[64]
    y = dense(x, 32, w: int8 from random(10), b: fixed<32, 32> from random(11)) -> int8 |> relu @tiles(cascade: 2, parallel: 2)
    output y })", 3);
}

TEST_CASE("sweep: int16 activations with int8 weights", "[aie_backend][sweep]") {
  run("i16x8", R"(model i16x8 { batch 4  type a = fixed<16, 6, RND_CONV, SAT>
    input x : a[24]
    y = dense(x, 12, w: fixed<8, 1> from random(12), b: fixed<16, 6> from random(13)) -> a |> relu @tiles(cascade: 2)
    output y })");
}

TEST_CASE("sweep: int16 activations with int16 weights (64-bit accumulation)", "[aie_backend][sweep]") {
  run("i16x16", R"(model i16x16 { batch 2  type a = fixed<16, 6, RND_CONV, SAT>
    input x : a[20]
    y = dense(x, 10, w: fixed<16, 2> from random(14), b: fixed<24, 10> from random(15)) -> a @tiles(parallel: 2)
    output y })");
}

TEST_CASE("sweep: outputs narrower than their container, every overflow and rounding mode, unsigned", "[aie_backend][sweep]") {
  run("narrow", R"(model narrow { batch 4
    input x : fixed<8, 3, RND_CONV, SAT>[32]
    a = dense(x, 16, w: fixed<8, 1> from random(16)) -> fixed<6, 2, RND, SAT>
    b = dense(a, 16, w: fixed<8, 1> from random(17)) -> fixed<5, 1, TRN_ZERO, SAT_SYM>
    c = dense(b, 16, w: fixed<8, 1> from random(18)) -> fixed<7, 3, RND_INF, WRAP>
    d = dense(c, 16, w: fixed<8, 1> from random(19)) -> fixed<6, 2, RND_MIN_INF, SAT_ZERO>
    e = dense(d, 16, w: fixed<8, 1> from random(34)) -> ufixed<7, 3, RND_ZERO, SAT>
    f = dense(e, 8, w: fixed<8, 1> from random(35)) -> fixed<8, 4, TRN, SAT_SYM>
    output f })");
}

TEST_CASE("sweep: a non-power-of-two scale with a zero point", "[aie_backend][sweep]") {
  run("scaled", R"(model scaled { batch 4  input x : int8[48]
    y = dense(x, 24, w: int8 from random(20), b: fixed<32, 32> from random(21), scale: 1234567 >> 31, zero: 3) -> int8 |> relu
    output y })");
}

TEST_CASE("sweep: more cascade stages and chains than a memtile has channels (relays)", "[aie_backend][sweep]") {
  run("relay", R"(model relay { batch 8  input x : int8[128]
    y = dense(x, 128, w: int8 from random(22), b: fixed<32, 32> from random(23)) -> int8 |> relu @tiles(cascade: 8, parallel: 8)
    output y })");
}

TEST_CASE("sweep: AIE-MLv2 (VEK385)", "[aie_backend][sweep]") {
  run("mlv2", R"(model mlv2 { target vek385  batch 8  type a = fixed<8, 3, RND_CONV, SAT>
    input x : a[16]
    h = dense(x, 64, w: fixed<8, 1> from random(24), b: fixed<16, 6> from random(25)) -> a |> relu
    h2 = dense(h, 32, w: fixed<8, 1> from random(26)) -> a |> relu @tiles(cascade: 2, parallel: 2)
    y = dense(h2, 5, w: fixed<8, 1> from random(27)) -> a
    output y })");
}

TEST_CASE("sweep: direct kernel-to-kernel hand-offs (@direct) next to memtile edges (@memtile)", "[aie_backend][sweep]") {
  auto p = backend_test::parse(R"(model direct { batch 8  type a = fixed<8, 3, RND_CONV, SAT>
    input x : a[40]
    h1 = dense(x, 30, w: fixed<8, 1> from random(30), b: fixed<16, 6> from random(31)) -> a |> relu @tiles(cascade: 2, parallel: 2) @direct
    h2 = dense(h1, 24, w: fixed<8, 1> from random(32)) -> a |> relu @tiles(cascade: 2, parallel: 3) @memtile
    y = dense(h2, 10, w: fixed<8, 1> from random(33)) -> a @tiles(cascade: 3)
    output y })");
  aiem::aie::BuildOptions o;
  o.batches = 2;
  auto r = backend_test::build_and_emulate(*p.model, "direct", o);
  CHECK(r.plan.layers[1].direct_input);
  CHECK_FALSE(r.plan.layers[2].direct_input);
  CHECK(r.project.files.at("src/graph.h").find("adf::connect(h1[1][1].out[0], h2[2][1].in[0]);") != std::string::npos);
}

TEST_CASE("sweep: two levels of relays (37 writers and 37 readers on one memory-tile edge)", "[aie_backend][sweep]") {
  auto p = backend_test::parse(R"(model relay2 { batch 4  input x : int8[16]
    a = dense(x, 296, w: int8 from random(40), b: fixed<32, 32> from random(41)) -> int8 |> relu @tiles(cascade: 1, parallel: 37) @memtile
    y = dense(a, 8, w: int8 from random(42)) -> int8 @tiles(cascade: 37)
    output y })");
  auto r = backend_test::build_and_emulate(*p.model, "relay2");
  int gathers2 = 0, copies2 = 0;
  for (const auto& b : r.plan.buffers) {
    gathers2 += b.name.find("_g1_") != std::string::npos;
    copies2 += b.name.find("_r1_") != std::string::npos;
  }
  CHECK(gathers2 > 0);  // 37 writers: groups of 6 feed gather buffers whose groups feed the edge buffer
  CHECK(copies2 > 0);
  CHECK(r.plan.total_tiles() == 74);
}
