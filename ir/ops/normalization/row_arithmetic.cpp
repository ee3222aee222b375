#include "ir/ops/normalization/row_arithmetic.hpp"

#include <algorithm>
#include <cmath>

#include "ir/diag/diagnostic.hpp"

namespace aiem::ir {
namespace {

num::int128 pow2(int e) { return num::int128(1) << e; }
num::int128 max_magnitude(const num::FixedFormat& f) {
  return std::max<num::int128>(num::int128(f.max_code()), -num::int128(f.min_code()));
}
constexpr num::int128 kLimit = num::int128(1) << 62;

}  // namespace

std::vector<std::int64_t> softmax_exp_table(const num::FixedFormat& in) {
  const std::int64_t entries = in.max_code() - in.min_code() + 1;
  std::vector<std::int64_t> t(static_cast<std::size_t>(entries));
  for (std::int64_t d = 0; d < entries; ++d)
    t[std::size_t(d)] = std::int64_t(std::floor(std::ldexp(std::exp(-std::ldexp(double(d), -in.frac())), kSoftmaxExpBits) + 0.5));
  return t;
}

std::int64_t norm_eps_term(const NormShape& s, int guard_bits) {
  const double n3 = double(s.n) * double(s.n) * double(s.n);
  const double v = std::ldexp(s.eps * n3, 2 * s.x.frac() + 2 * guard_bits);
  if (!(v >= 0) || v > std::ldexp(1.0, 62)) return -1;
  return std::int64_t(std::floor(v + 0.5));
}

std::optional<int> norm_guard_bits(const NormShape& s) {
  const num::int128 n = s.n;
  const num::int128 range = s.centered ? num::int128(s.x.max_code()) - num::int128(s.x.min_code()) : max_magnitude(s.x);
  const num::int128 d_max = s.centered ? (n - 1) * range : n * range;
  if (d_max > (num::int128(1) << 40)) return std::nullopt;
  const num::int128 v_max = n * d_max * d_max;
  const num::int128 g_max = s.gamma ? max_magnitude(*s.gamma) : 1;
  const int fg = s.gamma ? s.gamma->frac() : 0;
  for (int g = 16; g >= 0; --g) {
    if (v_max >= (kLimit >> (2 * g))) continue;
    const std::int64_t k = norm_eps_term(s, g);
    if (k < 0 || v_max * pow2(2 * g) + k >= kLimit) continue;
    const num::int128 s_max = num::int128(isqrt(num::uint128((v_max * pow2(2 * g) + k) / n)));
    // The output's rational: (d·γ·2^(q+a) + β·s·2^(r+a)) / (s·2^a).
    const int q = g + s.y.frac() - fg;
    const int r = s.beta ? s.y.frac() - s.beta->frac() : 0;
    const int a = std::max({0, -q, s.beta ? -r : 0});
    if (q + a > 60 || r + a > 60 || a > 60) continue;
    const num::int128 term_d = d_max * g_max * pow2(q + a);
    const num::int128 term_b = s.beta ? max_magnitude(*s.beta) * s_max * pow2(r + a) : 0;
    if (term_d + term_b >= kLimit || s_max * pow2(a) >= kLimit) continue;
    return g;
  }
  return std::nullopt;
}

std::uint64_t isqrt(num::uint128 v) {
  // Bit by bit from the top: exact floor for any 128-bit value.
  num::uint128 r = 0, bit = num::uint128(1) << 126;
  while (bit > v) bit >>= 2;
  while (bit != 0) {
    if (v >= r + bit) {
      v -= r + bit;
      r = (r >> 1) + bit;
    } else {
      r >>= 1;
    }
    bit >>= 2;
  }
  return std::uint64_t(r);
}

}  // namespace aiem::ir
