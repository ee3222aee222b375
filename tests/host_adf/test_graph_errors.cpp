// What the ADF emulation rejects, and how: malformed PLIO files name file:line, graph mistakes
// name the port, a failing kernel is named, data nobody reads is reported at end().
#include <adf.h>
#include <aie_api/aie.hpp>

#include <catch2/catch.hpp>

#include "emu_test_support.hpp"

using namespace adf;
using Catch::Contains;

namespace {

void pass8(input_buffer<int8, extents<16>>& in, output_buffer<int8, extents<16>>& out) {
  for (int i = 0; i < 16; ++i) out.data()[i] = in.data()[i];
}

struct PassGraph : graph {
  input_plio pin = input_plio::create("in", plio_32_bits, "in.txt");
  output_plio pout = output_plio::create("out", plio_32_bits, "out.txt");
  kernel k;
  PassGraph() {
    k = kernel::create(pass8);
    source(k) = "pass8.cc";
    connect(pin.out[0], k.in[0]);
    connect(k.out[0], pout.in[0]);
  }
};

std::string init_error(const std::string& file_text) {
  auto dir = emu_test::scratch_dir("plio_error");
  emu_test::write_text(dir / "in.txt", file_text);
  PassGraph g;
  try {
    g.init();
  } catch (const aiem_emu::PlioFileError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("malformed PLIO input files are rejected at init with file:line", "[host_adf][errors]") {
  CHECK_THAT(init_error("1 2 3 4\n5 x 7 8\n"), Contains("in.txt:2: expected an integer, found 'x'"));
  CHECK_THAT(init_error("1 2 3 4\n5 6 200 8\n"), Contains("in.txt:2: value 200 does not fit int8"));
  CHECK_THAT(init_error("1 2 3 4 5\n"), Contains("in.txt:1: 5 values on a line; a 32-bit PLIO of int8 carries 4"));
  CHECK_THAT(init_error("1 2\n3 4 5 6\n"), Contains("in.txt:1: line has fewer than 4 values but is not the last line"));
  CHECK_THAT(init_error("1 2 3 4\n5 6 7 8e0\n"), Contains("in.txt:2: expected an integer, found '8e0'"));
  // Simulator timestamps and TLAST markers are accepted.
  CHECK(init_error("T 100 ns\n1 2 3 4\nTLAST\n5 6 7 8\n") == "no error");

  auto dir = emu_test::scratch_dir("plio_missing");
  PassGraph g;
  CHECK_THROWS_WITH(g.init(), Contains("in.txt: cannot open PLIO input file"));
}

TEST_CASE("too little input data is a deadlock that names the waiting port", "[host_adf][errors]") {
  auto dir = emu_test::scratch_dir("short_input");
  emu_test::write_text(dir / "in.txt", "1 2 3 4\n5 6 7 8\n");  // 8 of the 16 values one run needs
  PassGraph g;
  g.init();
  g.run(1);
  CHECK_THROWS_WITH(g.end(), Contains("deadlock") && Contains("kernel 'pass8' (pass8.in[0]) waits for 16 bytes") &&
                                 Contains("has 8"));
}

namespace {

void misaligned(input_buffer<int8, extents<64>>& in, output_buffer<int8, extents<32>>& out) {
  aie::store_v(out.data(), aie::load_v<32>(in.data() + 1));  // a 256-bit load must be 32-byte aligned
}

struct MisalignedGraph : graph {
  input_plio pin = input_plio::create("in", plio_128_bits, "in.txt");
  output_plio pout = output_plio::create("out", plio_128_bits, "out.txt");
  kernel k;
  MisalignedGraph() {
    k = kernel::create(misaligned);
    source(k) = "src/misaligned.cc";
    connect(pin.out[0], k.in[0]);
    connect(k.out[0], pout.in[0]);
  }
};

void no_size(input_buffer<int32>& in, output_buffer<int32, extents<4>>& out) { out.data()[0] = in.data()[0]; }

struct NoSizeGraph : graph {
  input_plio pin = input_plio::create("in", plio_32_bits, "in.txt");
  output_plio pout = output_plio::create("out", plio_32_bits, "out.txt");
  kernel k;
  NoSizeGraph() {
    k = kernel::create(no_size);
    connect(pin.out[0], k.in[0]);
    connect(k.out[0], pout.in[0]);
  }
};

struct DanglingGraph : graph {
  input_plio pin = input_plio::create("in", plio_32_bits, "in.txt");
  kernel k;
  DanglingGraph() {
    k = kernel::create(pass8);
    connect(pin.out[0], k.in[0]);
  }
};

void produce32(input_buffer<int8, extents<16>>& in, output_buffer<int8, extents<32>>& out) {
  for (int i = 0; i < 32; ++i) out.data()[i] = in.data()[i % 16];
}

struct RateMismatchGraph : graph {
  input_plio pin = input_plio::create("in", plio_32_bits, "in.txt");
  output_plio pout = output_plio::create("out", plio_32_bits, "out.txt");
  kernel a, b;
  RateMismatchGraph() {
    a = kernel::create(produce32);
    b = kernel::create(pass8);  // consumes only 16 of the 32 values per iteration
    connect(pin.out[0], a.in[0]);
    connect(a.out[0], b.in[0]);
    connect(b.out[0], pout.in[0]);
  }
};

}  // namespace

TEST_CASE("a kernel that fails is named with its iteration", "[host_adf][errors]") {
  auto dir = emu_test::scratch_dir("misaligned");
  std::vector<int> v(64, 1);
  emu_test::write_plio(dir / "in.txt", v, 16);
  MisalignedGraph g;
  g.init();
  g.run(1);
  CHECK_THROWS_WITH(g.wait(), Contains("kernel 'misaligned' (iteration 0)") && Contains("align"));
}

TEST_CASE("graph mistakes are reported at init naming the port", "[host_adf][errors]") {
  auto dir = emu_test::scratch_dir("graph_errors");
  emu_test::write_text(dir / "in.txt", "1\n");
  {
    NoSizeGraph g;
    CHECK_THROWS_WITH(g.init(), Contains(".in[0] has no size") && Contains("adf::dimensions"));
  }
  {
    DanglingGraph g;
    CHECK_THROWS_WITH(g.init(), Contains("kernel output") && Contains(".out[0] is not connected"));
  }
  {
    PassGraph g;
    CHECK_THROWS_WITH(g.run(1), Contains("before init()"));
  }
}

TEST_CASE("data that no consumer reads is reported at end()", "[host_adf][errors]") {
  auto dir = emu_test::scratch_dir("rate");
  std::vector<int> v(16, 3);
  emu_test::write_plio(dir / "in.txt", v, 4);
  RateMismatchGraph g;
  g.init();
  g.run(1);
  CHECK_THROWS_WITH(g.end(), Contains("16 bytes sent on") && Contains("were never read"));
}
