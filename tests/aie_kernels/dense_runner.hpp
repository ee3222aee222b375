// Runs aiem_kernels::dense<Cfg>::single on logical (unpadded, row-major) data and compares it with
// the scalar oracle. Shared by the shape, mode and extreme-value tests.
#pragma once

#include <aiem_kernels/dense.hpp>

#include <algorithm>
#include <catch2/catch.hpp>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "kernel_reference.hpp"

namespace kref {

struct Data {
  unsigned M = 0, K = 0, N = 0;  // logical sizes (the kernel's Tiling holds the padded ones)
  std::vector<i64> x, w, bias;   // bias empty: the kernel has none
  std::vector<std::int32_t> col_mult;
};

template <class T>
constexpr i64 lo_of() { return i64(std::numeric_limits<T>::min()); }
template <class T>
constexpr i64 hi_of() { return i64(std::numeric_limits<T>::max()); }

// Random operands over the full ranges of the element types (or within +-x_mag / +-w_mag when those
// are nonzero, for acc32 shapes of 16-bit operands); bias within +-bias_mag.
template <class Cfg>
Data random_data(std::uint64_t seed, unsigned M, unsigned K, unsigned N, i64 bias_mag, i64 x_mag = 0, i64 w_mag = 0) {
  using TA = typename Cfg::a_type;
  using TW = typename Cfg::w_type;
  std::mt19937_64 g(seed);
  Data d{M, K, N};
  d.x = random_codes(g, std::size_t(M) * K, x_mag ? std::max(-x_mag, lo_of<TA>()) : lo_of<TA>(),
                     x_mag ? std::min(x_mag, hi_of<TA>()) : hi_of<TA>());
  d.w = random_codes(g, std::size_t(K) * N, w_mag ? std::max(-w_mag, lo_of<TW>()) : lo_of<TW>(),
                     w_mag ? std::min(w_mag, hi_of<TW>()) : hi_of<TW>());
  if (Cfg::has_bias) d.bias = random_codes(g, N, -bias_mag, bias_mag);
  if (Cfg::requant.scale == aiem_kernels::Scale::per_column) {
    std::uniform_int_distribution<std::int32_t> m(1, std::numeric_limits<std::int32_t>::max());
    for (unsigned n = 0; n < N; ++n) d.col_mult.push_back(m(g));
  }
  return d;
}

template <class Cfg>
std::vector<i64> run_single(const Data& d) {
  using D = aiem_kernels::dense<Cfg>;
  constexpr auto t = Cfg::tiling;
  REQUIRE(d.M <= t.M);
  REQUIRE(d.K <= t.K);
  REQUIRE(d.N <= t.N);
  auto x = tile<typename Cfg::a_type>(d.x, d.M, d.K, t.M, t.K, t.TM, t.TK);
  auto w = tile<typename Cfg::w_type>(d.w, d.K, d.N, t.K, t.N, t.TK, t.TN);
  Aligned<typename D::bias_type> bias(t.N);
  for (unsigned n = 0; n < d.bias.size(); ++n) bias[n] = typename D::bias_type(d.bias[n]);
  Aligned<std::int32_t> col(t.N);
  for (unsigned n = 0; n < d.col_mult.size(); ++n) col[n] = d.col_mult[n];
  Aligned<typename Cfg::out_type> y(std::size_t(t.M) * t.N);
  D::single(x.data(), w.data(), Cfg::has_bias ? bias.data() : nullptr, y.data(), col.data());
  return untile(y.data(), d.M, d.N, t.N, t.TM, t.TN);
}

template <class Cfg>
std::vector<i64> reference(const Data& d) {
  return dense(d.x, d.w, d.bias, d.M, d.K, d.N, spec_of<typename Cfg::out_type>(Cfg::requant, d.col_mult));
}

// Equal, or a message naming the first differing element.
inline void require_same(const std::vector<i64>& got, const std::vector<i64>& want, unsigned N, const std::string& what) {
  REQUIRE(got.size() == want.size());
  for (std::size_t i = 0; i < got.size(); ++i)
    if (got[i] != want[i]) {
      FAIL(what << ": y[" << i / N << "][" << i % N << "] = " << got[i] << ", expected " << want[i]);
    }
  SUCCEED();
}

template <class Cfg>
void check_single(std::uint64_t seed, unsigned M, unsigned K, unsigned N, i64 bias_mag, const std::string& what,
                  i64 x_mag = 0, i64 w_mag = 0) {
  const Data d = random_data<Cfg>(seed, M, K, N, bias_mag, x_mag, w_mag);
  require_same(run_single<Cfg>(d), reference<Cfg>(d), N, what);
}

}  // namespace kref
