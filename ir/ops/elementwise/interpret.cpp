// Reference kernels of the elementwise ops.
#include <fmt/format.h>

#include <algorithm>

#include "backends/reference/interpreter.hpp"
#include "ir/diag/diagnostic.hpp"
#include "ir/numeric/requantize.hpp"
#include "ir/ops/elementwise/broadcast.hpp"

namespace aiem::reference {

// y = requant(max(x, 0)) from the input's format to the output's.
ir::Tensor interpret(const ir::Graph& g, const ir::Node& n, const ir::ReluAttrs&, const Operands& in) {
  const ir::Tensor& x = *in[0];
  ir::Tensor y{g.value(n.outputs[0]).type, std::vector<std::int64_t>(x.codes.size())};
  int frac = x.type.format.frac();
  for (std::size_t i = 0; i < x.codes.size(); ++i)
    y.codes[i] = num::requantize(x.codes[i] < 0 ? 0 : x.codes[i], frac, y.type.format);
  return y;
}


// add/sub: both operands shifted left to the common scale (exact), combined, converted once.
// mul: the exact product at fa + fb, converted once. Operands broadcast as in numpy.
ir::Tensor interpret(const ir::Graph& g, const ir::Node& n, const ir::BinaryAttrs& a, const Operands& in) {
  if (!a.common_frac)
    throw InternalError(fmt::format("reference: {} '{}' has no common scale (graph not lowered)", ir::binary_name(a.fn), n.name));
  const ir::Tensor& x = *in[0];
  const ir::Tensor& z = *in[1];
  const ir::TensorType& yt = g.value(n.outputs[0]).type;
  const auto xi = ir::broadcast_index(x.type.shape, yt.shape), zi = ir::broadcast_index(z.type.shape, yt.shape);
  const int f = *a.common_frac;
  const int sx = f - x.type.format.frac(), sz = f - z.type.format.frac();
  ir::Tensor y{yt, std::vector<std::int64_t>(xi.size())};
  for (std::size_t i = 0; i < xi.size(); ++i) {
    const num::int128 p = x.codes[std::size_t(xi[i])], q = z.codes[std::size_t(zi[i])];
    num::int128 s = 0;
    switch (a.fn) {
      case ir::BinaryFn::add: s = p * (num::int128(1) << sx) + q * (num::int128(1) << sz); break;
      case ir::BinaryFn::sub: s = p * (num::int128(1) << sx) - q * (num::int128(1) << sz); break;
      case ir::BinaryFn::mul: s = p * q; break;
    }
    std::int64_t c = num::requantize(s, f, yt.format);
    if (a.relu) c = std::max<std::int64_t>(c, 0);
    y.codes[i] = c;
  }
  return y;
}


// y = table[x - first_code]; the table was built by resolve_quantization.
ir::Tensor interpret(const ir::Graph& g, const ir::Node& n, const ir::LookupAttrs& a, const Operands& in) {
  const ir::Tensor& x = *in[0];
  ir::Tensor y{g.value(n.outputs[0]).type, std::vector<std::int64_t>(x.codes.size())};
  for (std::size_t i = 0; i < x.codes.size(); ++i) {
    const std::int64_t at = x.codes[i] - a.first_code;
    if (at < 0 || at >= std::int64_t(a.table.size()))
      throw InternalError(fmt::format("reference: '{}' looks up code {} outside its table ({} entries from {})", n.name,
                                      x.codes[i], a.table.size(), a.first_code));
    y.codes[i] = a.table[std::size_t(at)];
  }
  return y;
}

}  // namespace aiem::reference
