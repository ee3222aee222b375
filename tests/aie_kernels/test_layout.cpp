// tiled_layout.hpp (used by the kernels and by the backend to pack weights) against the test's own
// block-by-block enumeration (kref::tile / untile).
#include <aiem_kernels/tiled_layout.hpp>

#include <catch2/catch.hpp>
#include <array>
#include <random>
#include <vector>

#include "kernel_reference.hpp"

namespace layout = aiem_kernels::layout;

TEST_CASE("aie_kernels: tiled layout offsets, inverse and packing", "[aie_kernels][layout]") {
  static_assert(layout::pad_to(29, 8) == 32 && layout::pad_to(32, 8) == 32 && layout::pad_to(1, 4) == 4);
  // Block (1, 2) of a 8 x 24 matrix in 4 x 8 blocks: 3 blocks per block row, so block number 5.
  static_assert(layout::Tiled{8, 24, 4, 8}.block_offset(1, 2) == 5 * 32);
  static_assert(layout::Tiled{8, 24, 4, 8}.offset(5, 17) == 5 * 32 + 1 * 8 + 1);
  static_assert(!layout::Tiled{8, 20, 4, 8}.valid() && layout::Tiled{8, 24, 4, 8}.valid());

  std::mt19937_64 g(7);
  for (auto [rows, cols, br, bc] : std::vector<std::array<unsigned, 4>>{
           {5, 29, 4, 8}, {8, 32, 4, 8}, {1, 7, 1, 16}, {13, 9, 8, 4}, {3, 3, 2, 8}, {16, 160, 4, 16}}) {
    const layout::Tiled t{layout::pad_to(rows, br), layout::pad_to(cols, bc), br, bc};
    REQUIRE(t.valid());
    const auto m = kref::random_codes(g, std::size_t(rows) * cols, -128, 127);
    const auto want = kref::tile<int>(m, rows, cols, t.rows, t.cols, br, bc);
    std::vector<int> got(t.size(), -999);
    layout::pack(m.data(), rows, cols, cols, t, got.data());
    for (unsigned i = 0; i < t.size(); ++i) REQUIRE(got[i] == want[i]);
    // offset() and coord() are inverse bijections of [0, size).
    for (unsigned off = 0; off < t.size(); ++off) {
      const layout::Coord c = t.coord(off);
      REQUIRE(t.offset(c.row, c.col) == off);
    }
    std::vector<long> back(std::size_t(rows) * cols);
    layout::unpack(got.data(), t, rows, cols, cols, back.data());
    for (std::size_t i = 0; i < back.size(); ++i) REQUIRE(back[i] == m[i]);
  }
}
