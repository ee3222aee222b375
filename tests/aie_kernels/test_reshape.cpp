// aiem_kernels::reshape in the host emulation: the vector copy (no padding columns on either side,
// with a tail shorter than a vector) and the element-by-element form (padded rows) give the same
// row-major re-reading as the test's own index arithmetic.
#include <aiem_kernels/pointwise.hpp>

#include <catch2/catch.hpp>
#include <cstdint>
#include <vector>

namespace {

template <class T, unsigned InRows, unsigned InCols, unsigned InStride, unsigned OutRows, unsigned OutCols, unsigned OutStride>
void check_reshape() {
  using Cfg = aiem_kernels::reshape_config<T, InRows, InCols, InStride, OutRows, OutCols, OutStride>;
  alignas(16) T x[InRows * InStride];
  alignas(16) T y[OutRows * OutStride];
  for (unsigned i = 0; i < InRows * InStride; ++i) x[i] = T(i % InStride < InCols ? int(i * 7 % 251) - 100 : 99);
  for (auto& v : y) v = T(-1);
  aiem_kernels::reshape<Cfg>::run(x, y);
  for (unsigned r = 0; r < OutRows; ++r)
    for (unsigned c = 0; c < OutStride; ++c) {
      const unsigned f = r * OutCols + c;
      const T want = c < OutCols ? x[(f / InCols) * InStride + f % InCols] : T(0);
      INFO("row " << r << " column " << c);
      REQUIRE(y[r * OutStride + c] == want);
    }
}

}  // namespace

TEST_CASE("aie_kernels: reshape copies 128-bit vectors when no row is padded, element by element otherwise",
          "[aie_kernels][reshape]") {
  STATIC_REQUIRE(aiem_kernels::reshape<aiem_kernels::reshape_config<std::int8_t, 16, 16, 16, 1, 256, 256>>::contiguous);
  STATIC_REQUIRE_FALSE(aiem_kernels::reshape<aiem_kernels::reshape_config<std::int8_t, 4, 10, 16, 1, 40, 48>>::contiguous);
  check_reshape<std::int8_t, 16, 16, 16, 1, 256, 256>();  // a CNN's flatten
  check_reshape<std::int8_t, 7, 12, 12, 3, 28, 28>();     // 84 elements: five vectors and a tail of 4
  check_reshape<std::int16_t, 5, 6, 6, 2, 15, 15>();      // 30 int16 elements: three vectors and a tail of 6
  check_reshape<std::int8_t, 4, 10, 16, 1, 40, 48>();     // padded rows: element by element
  check_reshape<std::int16_t, 3, 20, 24, 2, 30, 32>();
}
