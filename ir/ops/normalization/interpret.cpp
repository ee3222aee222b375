// Reference kernels of the normalization ops, from the exact definitions in normalization.hpp
// (docs/language.md, "Exact semantics"): integers only, int128 where a product could grow.
#include <fmt/format.h>

#include <algorithm>

#include "backends/reference/interpreter.hpp"
#include "ir/diag/diagnostic.hpp"
#include "ir/numeric/overflow.hpp"
#include "ir/numeric/requantize.hpp"
#include "ir/numeric/rounding.hpp"
#include "ir/ops/normalization/row_arithmetic.hpp"
#include "ir/ops/shape_rules.hpp"

namespace aiem::reference {
namespace {

using num::int128;

int128 pow2(int e) { return int128(1) << e; }

// round_T(num / den) then T's overflow mode: one exact rational converted once.
std::int64_t convert(int128 num, int128 den, const num::FixedFormat& t) {
  return num::apply_overflow(num::div_round(num, den, t.rounding), t.width, t.is_signed, t.overflow);
}

// The elements of x along `axis` as rows: for each (outer, inner) pair, `len` elements `inner` apart.
struct Lines {
  std::int64_t outer = 1, len = 1, inner = 1;
  Lines(const ir::Shape& s, int axis) {
    for (int i = 0; i < int(s.size()); ++i) (i < axis ? outer : i == axis ? len : inner) *= s[std::size_t(i)];
  }
  std::size_t at(std::int64_t o, std::int64_t k, std::int64_t i) const { return std::size_t((o * len + k) * inner + i); }
};

}  // namespace

// Sum, mean or max over the reduced axes; every other axis kept (as 1 with keepdims).
ir::Tensor interpret(const ir::Graph& g, const ir::Node& n, const ir::ReduceAttrs& a, const Operands& in) {
  const ir::Tensor& x = *in[0];
  const ir::TensorType& yt = g.value(n.outputs[0]).type;
  const ir::Shape& s = x.type.shape;
  std::vector<bool> reduced(s.size(), false);
  for (int axis : a.axes) reduced[std::size_t(ir::resolve_axis(axis, s.size()))] = true;
  // Each input element's output index: its index over the kept axes.
  std::int64_t count = 1, kept = 1;
  for (std::size_t i = 0; i < s.size(); ++i) (reduced[i] ? count : kept) *= s[i];
  std::vector<int128> acc(std::size_t(kept), 0);
  std::vector<bool> seen(std::size_t(kept), false);
  std::vector<std::int64_t> idx(s.size(), 0);
  for (std::size_t e = 0; e < x.codes.size(); ++e) {
    std::int64_t out = 0;
    for (std::size_t i = 0; i < s.size(); ++i)
      if (!reduced[i]) out = out * s[i] + idx[i];
    int128& v = acc[std::size_t(out)];
    const std::int64_t c = x.codes[e];
    if (a.fn == ir::ReduceFn::max) v = seen[std::size_t(out)] ? std::max<int128>(v, c) : int128(c);
    else v += c;
    seen[std::size_t(out)] = true;
    for (std::size_t i = s.size(); i-- > 0;)
      if (++idx[i] < s[i]) break;
      else idx[i] = 0;
  }
  ir::Tensor y{yt, std::vector<std::int64_t>(acc.size())};
  const int fx = x.type.format.frac(), ft = yt.format.frac();
  for (std::size_t i = 0; i < acc.size(); ++i) {
    if (a.fn == ir::ReduceFn::mean)
      y.codes[i] = convert(acc[i] * pow2(std::max(0, ft - fx)), int128(count) * pow2(std::max(0, fx - ft)), yt.format);
    else
      y.codes[i] = num::requantize(acc[i], fx, yt.format);
  }
  return y;
}

// E[max - x] / Σ E, rounded into the result type, along the axis.
ir::Tensor interpret(const ir::Graph& g, const ir::Node& n, const ir::SoftmaxAttrs& a, const Operands& in) {
  const ir::Tensor& x = *in[0];
  const ir::TensorType& yt = g.value(n.outputs[0]).type;
  if (a.exp_table.empty())
    throw InternalError(fmt::format("reference: softmax '{}' has no exp table (graph not lowered)", n.name));
  const Lines l(x.type.shape, ir::resolve_axis(a.axis, x.type.shape.size()));
  const int ft = yt.format.frac();
  ir::Tensor y{yt, std::vector<std::int64_t>(x.codes.size())};
  for (std::int64_t o = 0; o < l.outer; ++o)
    for (std::int64_t i = 0; i < l.inner; ++i) {
      std::int64_t top = x.codes[l.at(o, 0, i)];
      for (std::int64_t k = 1; k < l.len; ++k) top = std::max(top, x.codes[l.at(o, k, i)]);
      int128 z = 0;
      for (std::int64_t k = 0; k < l.len; ++k) z += a.exp_table[std::size_t(top - x.codes[l.at(o, k, i)])];
      // reciprocal: R = floor(2^(32 + up) / (Z · 2^down)), then E · R / 2^32 rounded once.
      const int128 r = a.reciprocal ? pow2(32 + std::max(0, ft)) / (z * pow2(std::max(0, -ft))) : 0;
      for (std::int64_t k = 0; k < l.len; ++k) {
        const int128 e = a.exp_table[std::size_t(top - x.codes[l.at(o, k, i)])];
        y.codes[l.at(o, k, i)] = a.reciprocal ? convert(e * r, pow2(32), yt.format)
                                              : convert(e * pow2(std::max(0, ft)), z * pow2(std::max(0, -ft)), yt.format);
      }
    }
  return y;
}

// d = N·x - Σx (or N·x), s = floor(sqrt((Σd²·2^2G + K) / N)), y = d·γ·2^G / s + β, rounded once.
ir::Tensor interpret(const ir::Graph& g, const ir::Node& n, const ir::NormAttrs& a, const Operands& in) {
  const ir::Tensor& x = *in[0];
  const ir::TensorType& yt = g.value(n.outputs[0]).type;
  if (a.guard_bits < 0)
    throw InternalError(fmt::format("reference: {} '{}' has no guard bits (graph not lowered)", ir::norm_name(a.fn), n.name));
  const std::int64_t len = x.type.shape.back(), rows = x.type.elements() / len;
  const ir::Tensor* gamma = a.has_gamma ? in[1] : nullptr;
  const ir::Tensor* beta = a.has_beta ? in[a.has_gamma ? 2 : 1] : nullptr;
  const int G = a.guard_bits, ft = yt.format.frac();
  const int fg = gamma ? gamma->type.format.frac() : 0;
  const int q = G + ft - fg, r = beta ? ft - beta->type.format.frac() : 0;
  const int sh = std::max({0, -q, beta ? -r : 0});
  ir::Tensor y{yt, std::vector<std::int64_t>(x.codes.size())};
  std::vector<int128> d(static_cast<std::size_t>(len));
  for (std::int64_t row = 0; row < rows; ++row) {
    const std::int64_t* xr = x.codes.data() + row * len;
    int128 sum = 0;
    if (a.fn == ir::NormFn::layernorm)
      for (std::int64_t k = 0; k < len; ++k) sum += xr[k];
    int128 v = 0;
    for (std::int64_t k = 0; k < len; ++k) {
      d[std::size_t(k)] = int128(len) * xr[k] - sum;
      v += d[std::size_t(k)] * d[std::size_t(k)];
    }
    const int128 s = int128(ir::isqrt(num::uint128((v * pow2(2 * G) + a.eps_term) / len)));
    for (std::int64_t k = 0; k < len; ++k) {
      const int128 b = beta ? int128(beta->codes[std::size_t(k)]) : 0;
      if (s == 0) {
        y.codes[std::size_t(row * len + k)] = convert(b * pow2(std::max(0, r)), pow2(std::max(0, -r)), yt.format);
        continue;
      }
      const int128 gk = gamma ? int128(gamma->codes[std::size_t(k)]) : 1;
      const int128 num = d[std::size_t(k)] * gk * pow2(q + sh) + b * s * pow2(r + sh);
      y.codes[std::size_t(row * len + k)] = convert(num, s * pow2(sh), yt.format);
    }
  }
  return y;
}

}  // namespace aiem::reference
