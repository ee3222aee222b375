// Graph shapes beyond chains, built and emulated bit-exactly against the reference interpreter:
// several inputs and outputs (one of them also read by other layers), zero-copy slices and
// concatenations in the memory tiles, a tensor read by more layers than a memory tile has read
// channels, and every pointwise op with padded slices.
#include <fmt/format.h>

#include <array>

#include "backend_check.hpp"

namespace {
aiem::aie::BuildResult graph(const std::string& text, const std::string& name) {
  return backend_test::build_and_emulate_parsed(backend_test::parse(text), name);
}

// The model's name of the node a layer computes: a spatially split conv's bands are "<conv>_b<i>".
std::string node_of(const aiem::aie::LayerPlan& l) {
  const auto at = l.name.rfind("_b");
  if (at == std::string::npos || at + 2 == l.name.size()) return l.name;
  for (std::size_t i = at + 2; i < l.name.size(); ++i)
    if (l.name[i] < '0' || l.name[i] > '9') return l.name;
  return l.name.substr(0, at);
}
}  // namespace

TEST_CASE("two inputs and three outputs, one of them also read by other layers", "[aie_backend][graphs]") {
  auto r = graph(R"(model mio { batch 2
    input x : int8[16]
    input z : int8[8]
    a = dense(x, 8, w: int8 from random(1)) -> int8 |> relu
    s = add(a, z) -> int8
    y = dense(s, 4, w: int8 from random(2)) -> int8
    t = sigmoid(s) -> int8
    output y, t, a })",
                 "mio");
  CHECK(r.plan.inputs.size() == 2);
  CHECK(r.plan.outputs.size() == 3);
  int in = 0, out = 0;
  for (const auto& io : r.plan.plios) (io.is_input ? in : out) += 1;
  CHECK(in == 2);
  CHECK(out == 3);
}

TEST_CASE("slices are read in place and concatenations are memory-tile views", "[aie_backend][graphs]") {
  auto r = graph(R"(model views { batch 3
    input x : int8[24]
    a = dense(x, 8, w: int8 from random(1)) -> int8
    b = dense(x, 12, w: int8 from random(2)) -> int8
    lo = slice(x, start: 4, end: 20)
    c = concat([a, b, lo], axis: -1)
    s = slice(c, start: 8, end: 36)
    y = dense(s, 8, w: int8 from random(3)) -> int8
    c0 = slice(c, start: 0, end: 8)
    z = add(c0, a) -> int8
    output y, z })",
                 "views");
  REQUIRE(r.plan.views.size() == 1);
  CHECK(r.plan.views[0].parts.size() == 3);
  CHECK(r.plan.layers.size() == 4);  // a, b, y, z: no tile moves data
}

TEST_CASE("the last part of a concatenation may end inside a 32-bit word", "[aie_backend][graphs]") {
  auto r = graph(R"(model odd { batch 2
    input x : int8[16]
    a = dense(x, 8, w: int8 from random(1)) -> int8
    b = dense(x, 6, w: int8 from random(2)) -> int8
    c = concat([a, b])
    y = dense(c, 4, w: int8 from random(3)) -> int8
    z = add(c, c) -> int8
    output y, z })",
                 "odd");
  CHECK(r.plan.views.at(0).cols == 14);
}

TEST_CASE("parts that do not meet on a 32-bit word are joined by kernels, one per part after the first",
          "[aie_backend][graphs]") {
  auto r = graph(R"(model join { batch 3
    input x : int8[10]
    a = dense(x, 5, w: int8 from random(1)) -> int8
    b = dense(x, 11, w: int8 from random(2)) -> fixed<8, 3>
    c = concat([a, b, x])
    y = dense(c, 6, w: int8 from random(3)) -> int8
    s = slice(c, start: 4, end: 20)
    z = add(s, s) -> int8
    output y, z, c })",
                 "join");
  CHECK(r.plan.views.empty());
  int joins = 0;
  for (const auto& l : r.plan.layers) joins += l.pw.op == aiem::aie::PointwisePlan::Op::concat && !l.is_dense();
  CHECK(joins == 2);  // [a, b] then [a b, x]; b's conversion is a table of its own
}

TEST_CASE("an op no output depends on takes no tiles, with a warning at it", "[aie_backend][graphs]") {
  auto p = backend_test::parse(R"(model dead { batch 2
    input x : int8[16]
    h = dense(x, 8, w: int8 from random(1)) -> int8
    unused = sigmoid(h) -> int8
    y = dense(h, 4, w: int8 from random(2)) -> int8
    output y })");
  aiem::Diagnostics d;
  auto r = aiem::aie::build_project(aiem::impl_of(*p.model).graph, {}, d);
  REQUIRE(r);
  CHECK(r->plan.layers.size() == 2);
  REQUIRE(d.all().size() == 1);
  CHECK(d.all()[0].severity == aiem::Severity::Warning);
  CHECK_THAT(aiem::render(d, *aiem::impl_of(*p.model).sources),
             Catch::Contains("<test>:4:14: warning: 'unused' is computed but no output depends on it"));
}

TEST_CASE("reshapes: one that keeps the rows moves nothing, a flatten is a kernel", "[aie_backend][graphs]") {
  auto r = graph(R"(model rs { batch 3
    input x : int8[2, 3, 8]
    same = reshape(x, shape: [6, 8])
    h = dense(same, 12, w: int8 from random(1)) -> int8
    flat = reshape(h, shape: [72])
    y = dense(flat, 5, w: int8 from random(2)) -> int8
    output y, flat })",
                 "rs");
  CHECK(r.plan.layers.size() == 3);  // h, the flatten, y
}

TEST_CASE("graph outputs that are a concatenation and slices leave from the memory tiles", "[aie_backend][graphs]") {
  auto r = graph(R"(model outs { batch 2
    input x : int8[16]
    a = dense(x, 8, w: int8 from random(1)) -> int8
    b = dense(x, 6, w: int8 from random(2)) -> int8
    heads = concat([a, b])
    first = slice(a, start: 0, end: 4)
    tail = slice(b, start: 4, end: 6)
    output heads, first, tail })",
                 "outs");
  REQUIRE(r.plan.outputs.size() == 3);
  CHECK(r.plan.outputs[0].source.view == 0);
  CHECK(r.plan.outputs[1].source.cols == 4);
}

TEST_CASE("a concatenation that converts a part goes through a conversion table for that part only",
          "[aie_backend][graphs]") {
  auto r = graph(R"(model cvt { batch 2
    input x : fixed<8, 3, RND_CONV, SAT>[16]
    a = dense(x, 8, w: int8 from random(1)) -> fixed<8, 3, RND_CONV, SAT>
    b = dense(x, 8, w: int8 from random(2)) -> fixed<8, 1, RND_CONV, SAT>
    c = concat([a, b]) -> fixed<8, 2, RND_CONV, SAT>
    y = dense(c, 4, w: int8 from random(3)) -> int8
    output y })",
                 "cvt");
  int tables = 0;
  for (const auto& l : r.plan.layers) tables += !l.is_dense();
  CHECK(tables == 2);  // both parts differ from the result's format
}

TEST_CASE("a result read by more layers than a memory tile has read channels goes through copy relays",
          "[aie_backend][graphs]") {
  std::string text = "model fan { batch 2\n input x : int8[16]\n h = dense(x, 16, w: int8 from random(1)) -> int8\n";
  std::string outs;
  for (int i = 0; i < 8; ++i) {
    text += fmt::format(" y{} = dense(h, 4, w: int8 from random({})) -> int8\n", i, i + 2);
    outs += (i ? ", " : "") + fmt::format("y{}", i);
  }
  text += " output " + outs + " }";
  auto r = graph(text, "fan");
  CHECK(r.plan.consumers(0).size() == 8);
}

TEST_CASE("every pointwise op on padded slices: sub, mul, tables, a standalone relu, 16-bit operands, constants of one "
          "value per feature",
          "[aie_backend][graphs]") {
  graph(R"(model pw { batch 3
    type a16 = fixed<16, 6, RND_CONV, SAT>
    input x : fixed<8, 3, RND_CONV, SAT>[20]
    h = dense(x, 20, w: int8 from random(1)) -> fixed<8, 3, RND_CONV, SAT>
    d = sub(h, x) -> fixed<8, 2, RND, SAT>
    m = mul(h, x) -> a16
    r = relu(d) -> fixed<8, 3>
    t = tanh(d) -> fixed<8, 1, RND, SAT>
    e = exp(r) -> ufixed<8, 4, RND, SAT>
    k = leaky_relu(h, alpha: 0.125)
    q = clip(h, min: -1.5, max: 2) -> fixed<8, 2>
    w = add(m, t) -> a16 @tiles(parallel: 2)
    g = mul(h, c: fixed<8, 2> from random(4)) -> fixed<8, 3, RND_CONV, SAT>
    o = sub(g, c: int8 from random(5)) -> a16
    output w, e, k, q, o })",
        "pw");
}

TEST_CASE("a transpose of the last two axes of a rank-4 tensor is one kernel over every leading sample",
          "[aie_backend][graphs]") {
  auto r = graph(R"(model t4 { batch 2
    input x : int8[3, 4, 8]
    h = dense(x, 12, w: int8 from random(1)) -> int8
    u = reshape(h, shape: [3, 4, 3, 4])
    t = transpose(u, perm: [0, 1, 2, 4, 3])
    y = reshape(t, shape: [3, 4, 12])
    z = dense(y, 8, w: int8 from random(2)) -> int8
    output z })",
                 "t4");
  REQUIRE(r.plan.layers.size() == 5);  // h, the reshapes to rows of 4 and back to rows of 12, the transpose, z
  CHECK(r.plan.layers[2].pw.op == aiem::aie::PointwisePlan::Op::transpose);
  // [2, 3, 4, 3, 4] perm [0, 1, 2, 4, 3]: the first three axes stay together
  CHECK(r.plan.layers[2].pw.perm_dims == std::array<std::int64_t, 4>{1, 2 * 3 * 4, 3, 4});
  CHECK(r.plan.layers[2].pw.perm == std::array<int, 4>{0, 1, 3, 2});
}

TEST_CASE("a pad of the rows and columns of each sample is one kernel, its fill the value's code",
          "[aie_backend][graphs]") {
  auto r = graph(R"(model pd { batch 2
    input x : fixed<8, 4>[3, 6]
    h = dense(x, 6, w: int8 from random(1)) -> fixed<8, 4>
    p = pad(h, before: [1, 3], after: [2, 0], value: -0.5)
    q = pad(x, before: [0, 0], after: [0, 5])
    y = dense(p, 4, w: int8 from random(2)) -> int8
    output y, q })",
                 "pd");
  REQUIRE(r.plan.layers.size() == 4);
  CHECK(r.plan.layers[1].pw.op == aiem::aie::PointwisePlan::Op::pad);
  CHECK(r.plan.layers[1].pw.fill == -8);  // -0.5 in fixed<8, 4>
  CHECK(r.plan.layers[1].M == 2 * 6);
  CHECK(r.plan.layers[1].N == 9);
}

TEST_CASE("broadcast operands of add, sub and mul: a value per row, a row per sample, a value per sample",
          "[aie_backend][graphs]") {
  auto r = graph(R"(model bc { batch 3
    input x : int8[4, 20]
    input v : fixed<8, 2>[1, 20]
    h = dense(x, 20, w: int8 from random(1)) -> int8
    s = dense(x, 1, w: int8 from random(2)) -> fixed<8, 5>
    g = dense(v, 1, w: int8 from random(3)) -> int8
    a = add(h, s) -> int8 @tiles(parallel: 2)
    m = mul(v, h) -> fixed<16, 6>
    q = sub(h, v) -> int8
    k = add(h, g) -> int8
    output a, m, q, k })",
                 "bc");
  int broadcasts = 0;
  for (const auto& l : r.plan.layers) broadcasts += !l.is_dense() && l.pw.broadcast();
  CHECK(broadcasts == 4);
}

TEST_CASE("transposes of any axes but the batch: attention's head split [B, T, H, D] -> [B, H, T, D] and back, and a "
          "rotation of three axes",
          "[aie_backend][graphs]") {
  auto r = graph(R"(model perm { batch 2
    input x : int8[4, 3, 8]
    h = dense(x, 8, w: int8 from random(1)) -> int8
    heads = transpose(h, perm: [0, 2, 1, 3])
    g = dense(heads, 8, w: int8 from random(2)) -> int8
    back = transpose(g, perm: [0, 2, 1, 3])
    rot = transpose(h, perm: [0, 3, 1, 2])
    y = dense(back, 5, w: int8 from random(3)) -> int8
    z = dense(rot, 6, w: int8 from random(4)) -> int8
    output y, z })",
                 "perm");
  int transposes = 0;
  for (const auto& l : r.plan.layers) transposes += !l.is_dense() && l.pw.op == aiem::aie::PointwisePlan::Op::transpose;
  CHECK(transposes == 3);
}

TEST_CASE("slices no window can read are kernels: a start inside a word, a step, an axis before the last",
          "[aie_backend][graphs]") {
  auto r = graph(R"(model sl { batch 2
    input x : int8[6, 20]
    h = dense(x, 20, w: int8 from random(1)) -> int8
    a = slice(h, start: 2, end: 10)
    b = slice(h, start: 1, end: 20, step: 3)
    c = slice(h, start: 1, end: 6, step: 2, axis: 1)
    w = slice(h, start: 4, end: 12)
    ya = dense(a, 4, w: int8 from random(2)) -> int8
    yb = dense(b, 4, w: int8 from random(3)) -> int8
    yc = dense(c, 4, w: int8 from random(4)) -> int8
    yw = dense(w, 4, w: int8 from random(5)) -> int8
    output ya, yb, yc, yw, c })",
                 "sl");
  int kernels = 0;
  for (const auto& l : r.plan.layers) kernels += !l.is_dense() && l.pw.op == aiem::aie::PointwisePlan::Op::slice;
  CHECK(kernels == 3);  // w is a window of whole words, read in place
}

TEST_CASE("a concatenation along an axis before the last joins rows per block: three parts of tokens", "[aie_backend][graphs]") {
  auto r = graph(R"(model rows { batch 2
    input x : int8[3, 2, 12]
    a = dense(x, 12, w: int8 from random(1)) -> int8
    b = slice(a, start: 0, end: 1, axis: 1)
    c = concat([a, x, b], axis: 1)
    y = dense(c, 5, w: int8 from random(2)) -> int8
    output y, c })",
                 "rows");
  int joins = 0;
  for (const auto& l : r.plan.layers) joins += !l.is_dense() && l.pw.op == aiem::aie::PointwisePlan::Op::concat && l.pw.join.rows;
  CHECK(joins == 2);
}

TEST_CASE("window kernels in both forms: vector im2col from 3 channels and for 16-bit codes, scalar for one channel, "
          "vector maxpool where it keeps its format, scalar where it converts",
          "[aie_backend][graphs][conv]") {
  // Every conv here has a W stride above 1 or output rows that are not whole row blocks of 4
  // pixels, so it has no direct form and takes an im2col kernel.
  auto r = graph(R"(model windows { batch 2
    input x : fixed<8, 3, RND_CONV, SAT>[7, 6, 3]
    input g : fixed<8, 3, RND_CONV, SAT>[6, 6, 1]
    input s : fixed<16, 8, RND_CONV, SAT>[13, 5]
    a = conv2d(x, 8, kernel: [3, 3], padding: [1, 1, 1, 1], w: int8 from random(1)) -> fixed<8, 2, RND_CONV, SAT>
    d = conv2d(a, 4, kernel: [3, 2], stride: [1, 2], dilation: [1, 2], w: int8 from random(2)) -> fixed<8, 2, RND_CONV, SAT>
    v = maxpool(a, kernel: [3, 3], stride: [2, 2], padding: [1, 1, 1, 1])
    m = maxpool(a, kernel: [2, 2]) -> fixed<8, 1, RND_CONV, SAT>
    e = conv2d(g, 8, kernel: [2, 2], w: int8 from random(3)) -> fixed<8, 2, RND_CONV, SAT>
    c = conv1d(s, 4, kernel: [3], padding: [1, 1], w: int8 from random(4)) -> fixed<16, 6, RND_CONV, SAT>
    output d, v, m, e, c })",
                 "windows");
  std::map<std::string, bool> vector;
  for (const auto& l : r.plan.layers)
    if (!l.is_dense() && (l.pw.op == aiem::aie::PointwisePlan::Op::im2col || l.pw.op == aiem::aie::PointwisePlan::Op::pool))
      vector[node_of(l)] = l.pw.window.vector;  // (every band of a layer takes the same form)
  CHECK(vector == std::map<std::string, bool>{{"a_im2col", true}, {"d_im2col", true}, {"v", true}, {"m", false},
                                              {"e_im2col", false}, {"c_im2col", true}});
}

TEST_CASE("a conv of W stride 1 over output rows of whole row blocks reads its zero-padded image in place: one "
          "channel in its word, dilation, a vertical stride, groups, 16-bit codes, cascade and parallel splits, conv1d",
          "[aie_backend][graphs][conv]") {
  auto r = graph(R"(model direct { batch 2
    input x : fixed<8, 3, RND_CONV, SAT>[6, 8, 1]
    input s : fixed<16, 8, RND_CONV, SAT>[12, 5]
    a = conv2d(x, 8, kernel: [3, 3], padding: [1, 1, 1, 1], w: int8 from random(1)) -> fixed<8, 2, RND_CONV, SAT> |> relu
    b = conv2d(a, 12, kernel: [2, 3], stride: [2, 1], dilation: [2, 1], padding: [0, 1, 1, 1], w: int8 from random(2)) -> fixed<8, 2, RND_CONV, SAT> @tiles(cascade: 3, parallel: 2)
    d = conv2d(a, 8, kernel: [3, 3], padding: [1, 1, 1, 1], groups: 8, w: int8 from random(3)) -> fixed<8, 2, RND_CONV, SAT>
    m = maxpool(a, kernel: [2, 2], stride: [2, 2])
    c = conv1d(s, 4, kernel: [3], dilation: [2], padding: [2, 2], w: int8 from random(4)) -> fixed<16, 6, RND_CONV, SAT>
    output b, d, m, c })",
                 "direct");
  std::map<std::string, bool> in_place;
  for (const auto& l : r.plan.layers) {
    CHECK(l.pw.op != aiem::aie::PointwisePlan::Op::im2col);
    if (l.is_dense()) in_place[node_of(l)] = l.conv.on();
  }
  CHECK(in_place == std::map<std::string, bool>{{"a", true}, {"b", true}, {"c", true}, {"d", true}});
  for (const auto& l : r.plan.layers)
    if (node_of(l) == "b") {
      CHECK(l.PK == 3);
      CHECK(l.PN == 2);
      CHECK(l.conv.image.cb == 1);  // 8 channels: one plane
    } else if (node_of(l) == "a") {
      CHECK(l.conv.c == 4);  // the channel's 32-bit word, 4 int8 codes (3 of them met by zero weight rows)
    } else if (node_of(l) == "c") {
      CHECK(l.conv.image.tk == 4);  // int16 x int8: 4x4x8, planes of 4 channels
      CHECK(l.conv.image.cb == 2);
    } else if (l.name == "m") {
      CHECK(l.pw.window.pairs);  // 8-byte pixels, a 2x2 window of stride 2: pixel pairs, no padding channels
      CHECK(l.KS == 8);
    }
}

TEST_CASE("a direct conv, an im2col kernel or a pool splits its output positions over bands of samples, output rows "
          "with their halo rows, or a conv1d's output columns with their halo columns, each band its own layer writing "
          "its rows into one buffer",
          "[aie_backend][graphs][conv][bands]") {
  auto r = graph(R"(model bands { batch 2
    input x : fixed<8, 3, RND_CONV, SAT>[6, 8, 4]
    input s : fixed<8, 3, RND_CONV, SAT>[16, 8]
    a = conv2d(x, 8, kernel: [3, 3], padding: [1, 1, 1, 1], w: int8 from random(1)) -> fixed<8, 2, RND_CONV, SAT> |> relu @tiles(bands: 4)
    b = conv2d(a, 16, kernel: [3, 3], stride: [2, 1], dilation: [2, 1], padding: [2, 1, 2, 1], w: int8 from random(2)) -> fixed<8, 2, RND_CONV, SAT> @tiles(bands: 3, parallel: 2)
    d = conv2d(a, 16, kernel: [3, 3], padding: [1, 1, 1, 1], groups: 8, w: int8 from random(3)) -> fixed<8, 2, RND_CONV, SAT> @tiles(bands: 2)
    m = maxpool(a, kernel: [2, 2], stride: [2, 2])
    c = conv1d(s, 8, kernel: [3], padding: [1, 1], w: int8 from random(4)) -> fixed<8, 2, RND_CONV, SAT> @tiles(bands: 4)
    e = dense(d, 4, w: int8 from random(5)) -> fixed<8, 2, RND_CONV, SAT>
    v = avgpool(a, kernel: [3, 3], stride: [1, 1], padding: [1, 1, 1, 1]) -> fixed<8, 2, RND_CONV, SAT> @tiles(bands: 3)
    u = avgpool(a, kernel: [3, 3], stride: [2, 2], padding: [1, 1, 1, 1], count_include_pad: 1) -> fixed<8, 2, RND_CONV, SAT> @tiles(bands: 6)
    k = conv1d(s, 8, kernel: [3], stride: [2], padding: [1, 1], w: int8 from random(6)) -> fixed<8, 2, RND_CONV, SAT> @tiles(bands: 4)
    output b, e, m, c, v, u, k })",
                 "bands");
  // band layers per conv, and what each band covers
  std::map<std::string, int> bands;
  for (const auto& l : r.plan.layers)
    if (l.is_dense()) {
      ++bands[node_of(l)];
      CHECK(l.conv.on() == (node_of(l) != "e" && node_of(l) != "k"));
      if (node_of(l) == "a") {  // 2 samples x 2 bands of 3 output rows: 5 image rows each (one halo row each side)
        CHECK(l.conv.image.batch == 1);
        CHECK(l.conv.image.oh == 3);
        CHECK(l.conv.image.hp == 5);
        CHECK(l.M == 3 * 8);
      } else if (node_of(l) == "b") {  // 3 bands of 1 output row (of 3, stride 2), dilation 2: 5 image rows
        CHECK(l.conv.image.batch == 2);
        CHECK(l.conv.image.oh == 1);
        CHECK(l.conv.image.hp == 5);
        CHECK(l.conv.r0 * 2 - 2 == (l.name == "b_b0" ? -2 : l.name == "b_b1" ? 0 : 2));  // first image row
        CHECK(l.PN == 2);
      } else if (node_of(l) == "c") {  // 2 samples x 2 bands of 8 output columns: 10 image columns
        CHECK(l.conv.image.ow == 8);
        CHECK(l.conv.image.wp == 10);
      }
    }
  CHECK(bands == std::map<std::string, int>{{"a", 4}, {"b", 3}, {"c", 4}, {"d", 2}, {"e", 1}, {"k", 1}});
  // Window kernels: bands of their own image, padded only where it meets the image's edge.
  std::map<std::string, int> windows;
  for (const auto& l : r.plan.layers) {
    if (l.is_dense()) continue;
    const auto& w = l.pw.window;
    ++windows[node_of(l)];
    if (l.name == "v_b0") {  // output rows 0-1 of a 3x3 window of stride 1: image rows 0-2, one padding row above
      CHECK(w.y0 == 0);
      CHECK(w.h == 3);
      CHECK(w.ph == 1);
    } else if (l.name == "v_b1") {  // rows 2-3: image rows 1-4, no padding
      CHECK(w.y0 == 1);
      CHECK(w.h == 4);
      CHECK(w.ph == 0);
    } else if (l.name == "v_b2") {  // rows 4-5: image rows 3-5 and the padding row below
      CHECK(w.y0 == 3);
      CHECK(w.h == 3);
      CHECK(w.ph == 0);
    } else if (l.name == "k_im2col_b3") {  // sample 1, output columns 4-7 of stride 2: columns 7-15
      CHECK(w.s0 == 1);
      CHECK(w.x0 == 7);
      CHECK(w.w == 9);
    }
  }
  CHECK(windows["v"] == 3);
  CHECK(windows["u"] == 6);
  CHECK(windows["k_im2col"] == 4);
  int joins = 0;
  for (const auto& v : r.plan.views) joins += v.row_join;
  CHECK(joins >= 7);
}

TEST_CASE("the performance model splits a large direct conv into bands by itself", "[aie_backend][graphs][conv][bands]") {
  auto r = graph(R"(model auto_bands { batch 4
    input x : fixed<8, 3, RND_CONV, SAT>[16, 16, 8]
    a = conv2d(x, 16, kernel: [3, 3], padding: [1, 1, 1, 1], w: int8 from random(1)) -> fixed<8, 2, RND_CONV, SAT> |> relu
    output a })",
                 "auto_bands");
  int bands = 0;
  for (const auto& l : r.plan.layers) bands += l.is_dense() && l.conv.on();
  CHECK(bands > 1);
  REQUIRE(r.plan.views.size() == 1);
  CHECK(r.plan.views[0].row_join);
}

TEST_CASE("a graph input read only by a transpose arrives transposed: no kernel, the PLIO data permuted per sample",
          "[aie_backend][graphs]") {
  auto r = graph(R"(model edge { batch 3
    input x : int8[2, 5, 4]
    t = transpose(x, perm: [0, 3, 1, 2])
    y = dense(t, 6, w: int8 from random(1)) -> int8
    output y })",
                 "edge");
  for (const auto& l : r.plan.layers) CHECK((l.is_dense() || l.pw.op != aiem::aie::PointwisePlan::Op::transpose));
  REQUIRE(r.plan.inputs.size() == 1);
  CHECK(r.plan.inputs[0].sample_perm == std::vector<int>{2, 0, 1});
  CHECK(r.plan.inputs[0].cols == 5);
  CHECK(r.plan.inputs[0].rows == 3 * 4 * 2);
  // One sample [2][5][4] of codes 0..39 arrives as [4][2][5]: element (c, a, b) is x[a][b][c].
  std::vector<std::int64_t> codes(40);
  for (std::size_t i = 0; i < codes.size(); ++i) codes[i] = std::int64_t(i);
  const auto arriving = r.plan.inputs[0].arriving(codes);
  CHECK(arriving[0] == 0);
  CHECK(arriving[1] == 4);   // (0, 0, 1): x[0][1][0]
  CHECK(arriving[5] == 20);  // (0, 1, 0): x[1][0][0]
  CHECK(arriving[10] == 1);  // (1, 0, 0): x[0][0][1]
}

TEST_CASE("a matmul of two activations runs on the mmul path: split over a cascade and chains, B-tiled or transposed, "
          "int8 and int16, several matrices one after the other",
          "[aie_backend][graphs][product]") {
  // One matrix per sample: any split. K = 40 over 3 stages, N = 20 over 2 and 3 chains.
  auto r = graph(R"(model prod1 { batch 1
    type act = fixed<8, 3, RND_CONV, SAT>
    type s = fixed<12, 5, RND, SAT>
    input a : act[12, 40]
    input b : act[40, 20]
    input bt : act[20, 40]
    y = matmul(a, b) -> s @tiles(cascade: 3, parallel: 2)
    z = matmul(a, bt, transpose_b: 1) -> act @tiles(cascade: 2, parallel: 3)
    output y, z })",
                 "prod1");
  REQUIRE(r.plan.layers.size() == 2);
  for (const auto& l : r.plan.layers) CHECK(l.streams_weights());
  CHECK(r.plan.layers[0].PK == 3);
  CHECK(r.plan.layers[0].PN == 2);
  CHECK(r.plan.layers[1].product.transposed);
  // Several matrices (batch x heads), automatic splits; 16-bit operands take another microtile.
  auto h = graph(R"(model prod2 { batch 2
    type act = fixed<8, 3, RND_CONV, SAT>
    type wide = fixed<16, 6, RND_CONV, SAT>
    input q : act[3, 8, 16]
    input k : act[3, 24, 16]
    input v : wide[3, 24, 16]
    scores = matmul(q, k, transpose_b: 1) -> act
    mixed = matmul(scores, v) -> wide
    output scores, mixed })",
                 "prod2");
  REQUIRE(h.plan.layers.size() == 2);
  CHECK(h.plan.layers[0].streams_weights());
  CHECK(h.plan.layers[0].product.matrices == 2 * 3);
  CHECK(h.plan.layers[0].PN == 1);
  CHECK(h.plan.layers[1].streams_weights());
  CHECK(h.plan.layers[1].PK == 1);
  CHECK(h.plan.layers[1].w.bits == 16);
  // Six rows per matrix fill no whole 4-row block: the scalar row kernel.
  auto s = graph(R"(model prod3 { batch 2
    type act = fixed<8, 3, RND_CONV, SAT>
    input q : act[2, 6, 8]
    input k : act[2, 6, 8]
    y = matmul(q, k, transpose_b: 1) -> act
    output y })",
                 "prod3");
  REQUIRE(s.plan.layers.size() == 1);
  CHECK_FALSE(s.plan.layers[0].streams_weights());
  CHECK(s.plan.layers[0].pw.op == aiem::aie::PointwisePlan::Op::matmul);
}
