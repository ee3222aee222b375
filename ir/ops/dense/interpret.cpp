#include <fmt/format.h>

#include "backends/reference/interpreter.hpp"
#include "ir/diag/diagnostic.hpp"
#include "ir/numeric/requantize.hpp"

namespace aiem::reference {

// y[m,n] = requant(sum_k x[m,k] * w[k,n] + b_acc[n]) (then max(., 0) when relu is fused).
// With a scale and zero point: y = overflow(round(acc * multiplier / 2^(shift + fa - fy)) + zero),
// and a fused relu clamps at the zero point.
// resolve_quantization proved every partial sum fits the 64-bit accumulator, so int64 is exact.
ir::Tensor interpret(const ir::Graph& g, const ir::Node& n, const ir::DenseAttrs& a,
                     const Operands& in) {
  if (!a.acc) throw InternalError(fmt::format("reference: dense '{}' has no accumulator plan (graph not lowered)", n.name));
  const ir::Tensor& x = *in[0];
  const ir::Tensor& w = *in[1];
  const ir::Tensor* b = a.has_bias ? in[2] : nullptr;
  const ir::TensorType& out_type = g.value(n.outputs[0]).type;
  const auto K = static_cast<std::size_t>(x.type.shape.back());
  const auto N = static_cast<std::size_t>(a.units);
  const std::size_t M = x.codes.size() / K;
  ir::Tensor y{out_type, std::vector<std::int64_t>(M * N)};
  std::vector<std::int64_t> acc(N);
  const bool rescaled = !a.scale.empty() || a.zero != 0;
  // The code-space factor of each unit: the real-valued scale, moved from frac fa to the result's frac.
  std::vector<num::ScaleMultiplier> factor(N);
  for (std::size_t j = 0; j < N; ++j) {
    num::ScaleMultiplier s = a.scale_of(j);
    factor[j] = {s.multiplier, s.shift + a.acc->frac - out_type.format.frac()};
  }
  for (std::size_t m = 0; m < M; ++m) {
    for (std::size_t j = 0; j < N; ++j) acc[j] = b ? b->codes[j] : 0;
    for (std::size_t k = 0; k < K; ++k) {
      std::int64_t xv = x.codes[m * K + k];
      const std::int64_t* wrow = &w.codes[k * N];
      for (std::size_t j = 0; j < N; ++j) acc[j] += xv * wrow[j];
    }
    for (std::size_t j = 0; j < N; ++j) {
      std::int64_t v = rescaled ? num::requantize_scaled(acc[j], factor[j], out_type.format, a.zero)
                                : num::requantize(acc[j], a.acc->frac, out_type.format);
      y.codes[m * N + j] = a.relu && v < a.zero ? a.zero : v;
    }
  }
  return y;
}

// matmul: the exact sum over k of each batch's row of a and column of b, converted once.
ir::Tensor interpret(const ir::Graph& g, const ir::Node& n, const ir::MatMulAttrs& a, const Operands& in) {
  const ir::Tensor& x = *in[0];
  const ir::Tensor& z = *in[1];
  const ir::TensorType& yt = g.value(n.outputs[0]).type;
  const std::int64_t k = x.type.shape.back(), m = x.type.shape[x.type.shape.size() - 2], nn = yt.shape.back();
  const std::int64_t batches = x.type.elements() / (m * k);
  const int frac = x.type.format.frac() + z.type.format.frac();
  ir::Tensor y{yt, std::vector<std::int64_t>(std::size_t(yt.elements()))};
  for (std::int64_t b = 0; b < batches; ++b)
    for (std::int64_t i = 0; i < m; ++i)
      for (std::int64_t j = 0; j < nn; ++j) {
        num::int128 acc = 0;
        for (std::int64_t t = 0; t < k; ++t) {
          const std::int64_t zb = a.transpose_b ? (b * nn + j) * k + t : (b * k + t) * nn + j;
          acc += num::int128(x.codes[std::size_t((b * m + i) * k + t)]) * z.codes[std::size_t(zb)];
        }
        y.codes[std::size_t((b * m + i) * nn + j)] = num::requantize(acc, frac, yt.format);
      }
  return y;
}

}  // namespace aiem::reference
