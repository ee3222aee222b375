// Reference kernels of the convolution family, from the definitions in conv.hpp (docs/language.md,
// "Exact semantics"): integers only, the conversions of ir/numeric.
#include <fmt/format.h>

#include <algorithm>

#include "backends/reference/interpreter.hpp"
#include "ir/diag/diagnostic.hpp"
#include "ir/numeric/overflow.hpp"
#include "ir/numeric/requantize.hpp"
#include "ir/numeric/rounding.hpp"
#include "ir/ops/conv/conv.hpp"

namespace aiem::reference {
namespace {

// f(i, k, h, w) for each window position (i, k) of output (oh, ow) that lies inside the input.
template <class F>
void inside_window(const ir::Geometry2d& q, std::int64_t oh, std::int64_t ow, F&& f) {
  for (std::int64_t i = 0; i < q.kh; ++i) {
    const std::int64_t h = oh * q.sh + i * q.dh - q.ph;
    if (h < 0 || h >= q.h) continue;
    for (std::int64_t k = 0; k < q.kw; ++k) {
      const std::int64_t w = ow * q.sw + k * q.dw - q.pw;
      if (w >= 0 && w < q.w) f(i, k, h, w);
    }
  }
}

}  // namespace

// acc[n] = b_acc[n] + Σ over the window's positions inside the input and the group's channels of
// x · w, then dense's conversion (scale, zero point, fused relu). resolve_quantization proved the
// sums fit 64 bits.
ir::Tensor interpret(const ir::Graph& g, const ir::Node& n, const ir::ConvAttrs& a, const Operands& in) {
  if (!a.acc) throw InternalError(fmt::format("reference: conv '{}' has no accumulator plan (graph not lowered)", n.name));
  const ir::Tensor& x = *in[0];
  const ir::Tensor& w = *in[1];
  const ir::Tensor* b = a.has_bias ? in[2] : nullptr;
  const ir::TensorType& yt = g.value(n.outputs[0]).type;
  const ir::Geometry2d q = ir::geometry(a.window, x.type.shape);
  const std::int64_t C = x.type.shape.back(), N = a.channels, cg = C / a.groups, ng = N / a.groups;
  const std::int64_t batch = x.type.shape[0];
  ir::Tensor y{yt, std::vector<std::int64_t>(std::size_t(yt.elements()))};
  std::vector<num::ScaleMultiplier> factor(static_cast<std::size_t>(N));
  for (std::int64_t j = 0; j < N; ++j) {
    const num::ScaleMultiplier s = a.scale_of(std::size_t(j));
    factor[std::size_t(j)] = {s.multiplier, s.shift + a.acc->frac - yt.format.frac()};
  }
  const bool rescaled = !a.scale.empty() || a.zero != 0;
  std::size_t out = 0;
  for (std::int64_t bi = 0; bi < batch; ++bi)
    for (std::int64_t oh = 0; oh < q.oh; ++oh)
      for (std::int64_t ow = 0; ow < q.ow; ++ow)
        for (std::int64_t j = 0; j < N; ++j) {
          const std::int64_t group = j / ng;
          std::int64_t acc = b ? b->codes[std::size_t(j)] : 0;
          inside_window(q, oh, ow, [&](std::int64_t i, std::int64_t k, std::int64_t h, std::int64_t wi) {
            const std::int64_t* px = &x.codes[std::size_t(((bi * q.h + h) * q.w + wi) * C + group * cg)];
            const std::int64_t* pw = &w.codes[std::size_t(((i * q.kw + k) * cg) * N + j)];
            for (std::int64_t c = 0; c < cg; ++c) acc += px[c] * pw[c * N];
          });
          const std::int64_t v = rescaled ? num::requantize_scaled(acc, factor[std::size_t(j)], yt.format, a.zero)
                                          : num::requantize(acc, a.acc->frac, yt.format);
          y.codes[out++] = a.relu && v < a.zero ? a.zero : v;
        }
  return y;
}

// max: the largest code inside the input, converted; avg: the sum inside the input over the count
// (every position with count_include_pad), the exact rational rounded once.
ir::Tensor interpret(const ir::Graph& g, const ir::Node& n, const ir::PoolAttrs& a, const Operands& in) {
  const ir::Tensor& x = *in[0];
  const ir::TensorType& yt = g.value(n.outputs[0]).type;
  const ir::Geometry2d q = ir::geometry(a.window, x.type.shape);
  const std::int64_t C = x.type.shape.back(), batch = x.type.shape[0];
  const int fx = x.type.format.frac(), fy = yt.format.frac();
  ir::Tensor y{yt, std::vector<std::int64_t>(std::size_t(yt.elements()))};
  std::size_t out = 0;
  for (std::int64_t bi = 0; bi < batch; ++bi)
    for (std::int64_t oh = 0; oh < q.oh; ++oh)
      for (std::int64_t ow = 0; ow < q.ow; ++ow)
        for (std::int64_t c = 0; c < C; ++c) {
          num::int128 v = 0;
          std::int64_t inside = 0;
          inside_window(q, oh, ow, [&](std::int64_t, std::int64_t, std::int64_t h, std::int64_t wi) {
            const std::int64_t e = x.codes[std::size_t(((bi * q.h + h) * q.w + wi) * C + c)];
            v = a.fn == ir::PoolFn::max ? (inside == 0 ? num::int128(e) : std::max<num::int128>(v, e)) : v + e;
            ++inside;
          });
          if (a.fn == ir::PoolFn::max) {
            y.codes[out++] = num::requantize(v, fx, yt.format);
            continue;
          }
          const std::int64_t count = a.count_include_pad ? q.kh * q.kw : inside;
          const num::int128 numerator = fy >= fx ? v << (fy - fx) : v;
          const num::int128 den = fy >= fx ? num::int128(count) : num::int128(count) << (fx - fy);
          y.codes[out++] = num::apply_overflow(num::div_round(numerator, den, yt.format.rounding), yt.format.width,
                                               yt.format.is_signed, yt.format.overflow);
        }
  return y;
}

}  // namespace aiem::reference
