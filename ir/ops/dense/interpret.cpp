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

}  // namespace aiem::reference
