// The ADF emulation on scalar kernels: buffers, streams, RTPs, memory tiles, errors.
#include <adf.h>

#include <catch2/catch.hpp>
#include <numeric>

#include "emu_test_support.hpp"

using namespace adf;

namespace {

void add_one(input_buffer<int32, extents<8>>& in, output_buffer<int32, extents<8>>& out) {
  for (unsigned i = 0; i < 8; ++i) out.data()[i] = in.data()[i] + 1;
}

struct AddOneGraph : graph {
  input_plio pin = input_plio::create("in", plio_64_bits, "in.txt");
  output_plio pout = output_plio::create("out", plio_64_bits, "out.txt");
  kernel k;
  AddOneGraph() {
    k = kernel::create(add_one);
    source(k) = "kernels/add_one.cc";
    runtime<ratio>(k) = 0.5;
    connect(pin.out[0], k.in[0]);
    connect(k.out[0], pout.in[0]);
    location<kernel>(k) = tile(3, 0);
  }
};

}  // namespace

TEST_CASE("a PLIO-fed buffer kernel runs per iteration and writes its output file", "[host_adf]") {
  auto dir = emu_test::scratch_dir("add_one");
  std::vector<int> in(24);
  std::iota(in.begin(), in.end(), -5);
  emu_test::write_plio(dir / "in.txt", in, 2);
  AddOneGraph g;
  g.init();
  g.run(3);
  g.end();
  auto out = emu_test::read_values(dir / "out" / "out.txt");
  REQUIRE(out.size() == 24);
  for (std::size_t i = 0; i < 24; ++i) CHECK(out[i] == in[i] + 1);
  REQUIRE(g.constraints() == std::vector<std::string>{"add_one: tile = tile(3,0)"});
}

namespace {

// Stream in, buffer out with a margin of 2 on a second input: exercises stream reads, margins
// and an RTP scale factor (synchronous: one update per invocation).
void scale_stream(input_stream<int16>* in, input_buffer<int16, extents<4>, margin<2>>& hist,
                  int32 factor, output_buffer<int32, extents<10>>& out) {
  int32* o = out.data();
  for (int i = 0; i < 4; ++i) o[i] = readincr(in) * factor;
  for (int i = 0; i < 6; ++i) o[4 + i] = hist.data()[i];  // margin (2 old) + 4 new samples
}

struct StreamGraph : graph {
  input_plio a = input_plio::create("a", plio_32_bits, "a.txt");
  input_plio b = input_plio::create("b", plio_64_bits, "b.txt");
  output_plio o = output_plio::create("o", plio_128_bits, "sub/o.txt");
  port<input> factor;
  kernel k;
  StreamGraph() {
    k = kernel::create(scale_stream);
    connect<stream>(a.out[0], k.in[0]);
    connect(b.out[0], k.in[1]);
    connect<parameter>(factor, k.in[2]);
    connect(k.out[0], o.in[0]);
  }
};

}  // namespace

TEST_CASE("streams, margins and synchronous RTPs", "[host_adf]") {
  auto dir = emu_test::scratch_dir("stream");
  emu_test::write_plio<int>(dir / "a.txt", {1, 2, 3, 4, 5, 6, 7, 8}, 2);
  emu_test::write_plio<int>(dir / "b.txt", {10, 11, 12, 13, 14, 15, 16, 17}, 4);
  StreamGraph g;
  g.init();
  g.update(g.factor, int32(3));
  g.update(g.factor, int32(-2));
  g.run(2);
  g.end();
  auto out = emu_test::read_values(dir / "out" / "sub" / "o.txt");
  std::vector<std::int64_t> want{3, 6, 9, 12, 0, 0, 10, 11, 12, 13,  //
                                 -10, -12, -14, -16, 12, 13, 14, 15, 16, 17};
  REQUIRE(out == want);
}

TEST_CASE("a synchronous RTP without enough updates is a deadlock naming the port", "[host_adf]") {
  auto dir = emu_test::scratch_dir("rtp_deadlock");
  emu_test::write_plio<int>(dir / "a.txt", {1, 2, 3, 4, 5, 6, 7, 8}, 2);
  emu_test::write_plio<int>(dir / "b.txt", {10, 11, 12, 13, 14, 15, 16, 17}, 4);
  StreamGraph g;
  g.init();
  g.update(g.factor, int32(3));
  g.run(2);
  REQUIRE_THROWS_WITH(g.wait(), Catch::Contains("deadlock") && Catch::Contains("synchronous RTP") &&
                                    Catch::Contains(".in[2]"));
}

namespace {

// The memory tile receives a 4x6 matrix row by row and sends it transposed, as 2 tiles of 3 rows
// of the transpose, with the last tile zero-padded to 4 rows: 6x4 -> 2 x (4x4).
void copy24(input_buffer<int8, extents<32>>& in, output_buffer<int8, extents<32>>& out) {
  for (int i = 0; i < 32; ++i) out.data()[i] = in.data()[i];
}

struct TransposeGraph : graph {
  input_plio pin = input_plio::create("x", plio_128_bits, "x.txt");
  output_plio pout = output_plio::create("y", plio_128_bits, "y.txt");
  shared_buffer<int8> mt;
  kernel k;
  TransposeGraph() {
    mt = shared_buffer<int8>::create({6, 4}, 1, 1);  // dimension 0 (contiguous) is the column
    k = kernel::create(copy24);
    connect(pin.out[0], mt.in[0]);
    // Write: 24 values, linear.
    write_access(mt.in[0]) = tiling({.buffer_dimension = {6, 4}, .tiling_dimension = {6, 4}, .offset = {0, 0}});
    // Read: column-major (transpose) in 2 tiles of 3 columns x 4 rows each... visiting each column
    // as a 1x4 tile, columns 0..7 (6 and 7 are outside: zero padding).
    read_access(mt.out[0]) = tiling({.buffer_dimension = {6, 4},
                                     .tiling_dimension = {1, 4},
                                     .offset = {0, 0},
                                     .tile_traversal = {{.dimension = 0, .stride = 1, .wrap = 8}}});
    connect(mt.out[0], k.in[0]);
    connect(k.out[0], pout.in[0]);
    location<buffer>(mt) = address(5, 0, 0x1000);
  }
};

}  // namespace

TEST_CASE("a memory tile transposes and zero-pads through its read tiling", "[host_adf]") {
  auto dir = emu_test::scratch_dir("transpose");
  std::vector<int> x(24);
  std::iota(x.begin(), x.end(), 1);  // row r, column c holds 1 + 6r + c
  emu_test::write_plio(dir / "x.txt", x, 16);
  TransposeGraph g;
  g.init();
  g.run(1);
  g.end();
  auto y = emu_test::read_values(dir / "out" / "y.txt");
  REQUIRE(y.size() == 32);
  for (int c = 0; c < 8; ++c)
    for (int r = 0; r < 4; ++r) CHECK(y[c * 4 + r] == (c < 6 ? 1 + 6 * r + c : 0));
  REQUIRE(g.constraints() == std::vector<std::string>{"shared_buffer0: buffer = address(5,0,4096)"});
}

namespace {

struct InnerGraph : graph {
  port<input> in;
  port<output> out;
  kernel k;
  InnerGraph() {
    k = kernel::create(add_one);
    connect(in, k.in[0]);
    connect(k.out[0], out);
  }
};

struct OuterGraph : graph {
  input_plio pin = input_plio::create("in", plio_32_bits, "in.txt");
  output_plio pout = output_plio::create("out", plio_32_bits, "out.txt");
  InnerGraph a, b;  // two subgraphs in series through their graph ports
  OuterGraph() {
    connect(pin.out[0], a.in);
    connect(a.out, b.in);
    connect(b.out, pout.in[0]);
  }
};

}  // namespace

TEST_CASE("data flows through subgraph ports", "[host_adf]") {
  auto dir = emu_test::scratch_dir("subgraph");
  emu_test::write_plio<int>(dir / "in.txt", {1, 2, 3, 4, 5, 6, 7, 8}, 1);
  OuterGraph g;
  g.init();
  g.run(1);
  g.end();
  REQUIRE(emu_test::read_values(dir / "out" / "out.txt") == std::vector<std::int64_t>{3, 4, 5, 6, 7, 8, 9, 10});
}
