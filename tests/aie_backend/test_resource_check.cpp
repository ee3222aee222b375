// The resource check on what Vitis would refuse: memory-tile reads whose zero padding exceeds the
// buffer descriptor's fields (resource_check.cpp).
#include "backend_check.hpp"

namespace {
// The read of a direct conv's image (a 4-D tiling) in a built design.
aiem::aie::Tiling* conv_image_read(aiem::aie::Plan& plan) {
  for (auto& b : plan.buffers)
    for (auto& port : b.out)
      if (port.tiling.buffer_dimension.size() == 4) return &port.tiling;
  return nullptr;
}
}  // namespace

TEST_CASE("a memory-tile read padding more rows or columns than its buffer descriptor holds is a resource problem",
          "[aie_backend][resources]") {
  auto r = backend_test::build_and_emulate_parsed(backend_test::parse(R"(model pad { batch 2
    input x : fixed<8, 3, RND_CONV, SAT>[6, 8, 8]
    y = conv2d(x, 8, kernel: [3, 3], padding: [1, 1, 1, 1], w: int8 from random(1)) -> fixed<8, 2, RND_CONV, SAT> @tiles(cascade: 1)
    output y })"),
                                                  "pad");
  CHECK(aiem::aie::check_resources(r.plan).empty());
  auto* t = conv_image_read(r.plan);
  REQUIRE(t != nullptr);
  CHECK(t->offset[2] == -1);  // one padding row above
  t->offset[2] = -16;         // D2_Zero_Before has 4 bits
  t->tiling_dimension[2] += 15;
  const auto rows = aiem::aie::check_resources(r.plan);
  REQUIRE(rows.size() == 1);
  CHECK_THAT(rows[0], Catch::Contains("pads dimension 2 with 16 planes before") && Catch::Contains("at most 15"));
  t->offset[2] = -1;
  t->tiling_dimension[2] -= 15;
  t->offset[1] = -32;  // D1_Zero_Before has 5 bits
  t->tiling_dimension[1] += 31;
  const auto cols = aiem::aie::check_resources(r.plan);
  REQUIRE(cols.size() == 1);
  CHECK_THAT(cols[0], Catch::Contains("pads dimension 1 with 32 rows before") && Catch::Contains("at most 31"));
}

TEST_CASE("a conv padding more rows than a memory tile can insert runs as im2col, bit-exactly",
          "[aie_backend][resources][conv]") {
  auto r = backend_test::build_and_emulate_parsed(backend_test::parse(R"(model wide_pad { batch 1
    input x : fixed<8, 3, RND_CONV, SAT>[4, 8, 8]
    y = conv2d(x, 8, kernel: [3, 3], padding: [16, 1, 16, 1], w: int8 from random(1)) -> fixed<8, 2, RND_CONV, SAT>
    output y })"),
                                                  "wide_pad");
  bool direct = false;
  for (const auto& l : r.plan.layers) direct = direct || l.conv.on();
  CHECK_FALSE(direct);
  CHECK(aiem::aie::check_resources(r.plan).empty());
}
