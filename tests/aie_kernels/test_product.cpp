// The dense kernel as a product of two activations (dense_config's Product): several matrices one
// after the other, the second operand B-tiled or arriving as transposed blocks (aie::transpose in
// registers). Against the exact scalar product of each matrix. (Cascade stages run the same k loop
// on their K slices: the projects' emulation covers them end to end.) Compiled for AIE-ML (20) and
// AIE-MLv2 (22).
#include <catch2/catch.hpp>

#include <string>

#include "dense_runner.hpp"

namespace {

using aiem_kernels::Overflow;
using aiem_kernels::Product;
using aiem_kernels::Requant;
using aiem_kernels::Rounding;
using aiem_kernels::Tiling;
using kref::i64;

// `mats` matrices of Mm x K rows (x) against their own K x N (b, or stored N x K when transposed),
// padded to the tiling (per matrix: Mm a multiple of TM * RM; K, N padded by zeros).
template <class TA, class TW, class Acc, unsigned TM, unsigned TK, unsigned TN, unsigned RM, unsigned RN, unsigned Mats,
          bool Transposed>
void product_case(std::uint64_t seed, unsigned Kl, unsigned Nl) {
  constexpr unsigned Mm = 2 * TM * RM;                 // rows per matrix
  constexpr unsigned KS = 2 * TK, NS = 2 * TN * RN;    // one kernel's K slice and N slice
  constexpr Tiling t{Mm * Mats, KS, NS, TM, TK, TN, RM, RN};
  constexpr int shift = 9;
  constexpr Requant q{.width = 8, .rounding = Rounding::RND_CONV, .overflow = Overflow::SAT, .shift = shift};
  using cfg = aiem_kernels::dense_config<TA, TW, int8, Acc, t, q, false, Product{Mats, Transposed}>;
  using D = aiem_kernels::dense<cfg>;
  REQUIRE(Kl <= KS);
  REQUIRE(Nl <= NS);
  std::mt19937_64 g(seed);
  const i64 xlo = i64(std::numeric_limits<TA>::min()), xhi = i64(std::numeric_limits<TA>::max());
  const i64 wlo = i64(std::numeric_limits<TW>::min()), whi = i64(std::numeric_limits<TW>::max());
  std::vector<i64> x = kref::random_codes(g, std::size_t(Mm) * Mats * Kl, xlo, xhi);
  std::vector<std::vector<i64>> b(Mats);  // each K x N, row-major
  for (auto& m : b) m = kref::random_codes(g, std::size_t(Kl) * Nl, wlo, whi);
  const auto spec = kref::spec_of<int8>(q);
  std::vector<i64> want;
  for (unsigned p = 0; p < Mats; ++p) {
    std::vector<i64> xp(x.begin() + std::ptrdiff_t(p * Mm * Kl), x.begin() + std::ptrdiff_t((p + 1) * Mm * Kl));
    const auto y = kref::dense(xp, b[p], {}, Mm, Kl, Nl, spec);
    want.insert(want.end(), y.begin(), y.end());
  }
  // Stage s's K slice of x (A-tiled) and of every matrix of b (as the memory tile delivers it).
  auto x_slice = [&](unsigned s) {
    std::vector<i64> v(std::size_t(Mm) * Mats * KS, 0);
    for (unsigned r = 0; r < Mm * Mats; ++r)
      for (unsigned k = 0; k < KS && s * KS + k < Kl; ++k) v[r * KS + k] = x[std::size_t(r) * Kl + s * KS + k];
    return kref::tile<TA>(v, Mm * Mats, KS, t.M, KS, TM, TK);
  };
  auto w_slice = [&](unsigned s) {
    kref::Aligned<TW> w(std::size_t{Mats} * KS * NS);
    for (unsigned p = 0; p < Mats; ++p) {
      std::vector<i64> m(std::size_t(KS) * NS, 0);  // the slice's K x N, padded
      for (unsigned k = 0; k < KS && s * KS + k < Kl; ++k)
        for (unsigned n = 0; n < Nl; ++n) m[k * NS + n] = b[p][std::size_t(s * KS + k) * Nl + n];
      std::vector<i64> stored = m;
      if (Transposed)  // N x K rows, cut into TN x TK blocks
        for (unsigned k = 0; k < KS; ++k)
          for (unsigned n = 0; n < NS; ++n) stored[n * KS + k] = m[k * NS + n];
      auto tiled = Transposed ? kref::tile<TW>(stored, NS, KS, NS, KS, TN, TK) : kref::tile<TW>(stored, KS, NS, KS, NS, TK, TN);
      for (unsigned i = 0; i < KS * NS; ++i) w[std::size_t(p) * KS * NS + i] = tiled[i];
    }
    return w;
  };
  kref::Aligned<int8> y(std::size_t(t.M) * NS);
  auto xs = x_slice(0);
  auto ws = w_slice(0);
  D::single(xs.data(), ws.data(), nullptr, y.data());
  const std::string what = std::to_string(TM) + "x" + std::to_string(TK) + "x" + std::to_string(TN) + " RM=" +
                           std::to_string(RM) + " RN=" + std::to_string(RN) + " matrices=" + std::to_string(Mats) +
                           (Transposed ? " transposed" : "");
  kref::require_same(kref::untile(y.data(), Mm * Mats, Nl, NS, TM, TN), want, Nl, what);
}

template <class TA, class TW, class Acc, unsigned TM, unsigned TK, unsigned TN>
void product_shape(std::uint64_t seed) {
  constexpr unsigned K = 2 * TK, N = 2 * TN;
  product_case<TA, TW, Acc, TM, TK, TN, 1, 1, 1, false>(seed, K - 1, N - 3);
  product_case<TA, TW, Acc, TM, TK, TN, 1, 1, 1, true>(seed + 1, K - 1, N - 3);
  product_case<TA, TW, Acc, TM, TK, TN, 2, 2, 3, false>(seed + 2, K, 4 * TN - 1);
  product_case<TA, TW, Acc, TM, TK, TN, 2, 2, 3, true>(seed + 3, K, 4 * TN);
  product_case<TA, TW, Acc, TM, TK, TN, 1, 2, 2, true>(seed + 4, K - 2, 4 * TN);
}

}  // namespace

#if __AIE_ARCH__ == 20
TEST_CASE("aie_kernels: a product of two activations, B-tiled or transposed in registers, per matrix (AIE-ML)",
          "[aie_kernels]") {
  product_shape<int8, int8, acc32, 4, 8, 8>(10);
  product_shape<int8, int8, acc32, 2, 8, 8>(20);
  product_shape<uint8, int8, acc32, 4, 8, 8>(30);
  product_shape<int16, int8, acc32, 4, 4, 8>(40);
  product_shape<int16, int8, acc64, 4, 8, 4>(50);
  product_shape<int16, int16, acc64, 4, 4, 4>(60);
}
#else
TEST_CASE("aie_kernels: a product of two activations, B-tiled or transposed in registers, per matrix (AIE-MLv2)",
          "[aie_kernels]") {
  product_shape<int8, int8, acc32, 4, 8, 8>(10);
  product_shape<int8, int8, acc32, 8, 8, 8>(20);
  product_shape<int16, int8, acc64, 4, 4, 8>(40);
  product_shape<int16, int16, acc64, 4, 4, 8>(60);
}
#endif
