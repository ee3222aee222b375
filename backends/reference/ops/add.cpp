#include <fmt/format.h>

#include "backends/reference/interpreter.hpp"
#include "ir/diag/diagnostic.hpp"
#include "ir/numeric/requantize.hpp"

namespace aiem::reference {

// Both operands are shifted left to the finer scale (exact), added, then converted once.
ir::Tensor run_add(const ir::Graph& g, const ir::Node& n, const ir::AddAttrs& a, const std::vector<const ir::Tensor*>& in) {
  if (!a.common_frac) throw InternalError(fmt::format("reference: add '{}' has no common scale (graph not lowered)", n.name));
  const ir::Tensor& x = *in[0];
  const ir::Tensor& z = *in[1];
  int f = *a.common_frac;
  int sx = f - x.type.format.frac(), sz = f - z.type.format.frac();
  ir::Tensor y{g.value(n.outputs[0]).type, std::vector<std::int64_t>(x.codes.size())};
  for (std::size_t i = 0; i < x.codes.size(); ++i) {
    num::int128 s = static_cast<num::int128>(x.codes[i]) * (static_cast<num::int128>(1) << sx) +
                 static_cast<num::int128>(z.codes[i]) * (static_cast<num::int128>(1) << sz);
    y.codes[i] = num::requantize(s, f, y.type.format);
  }
  return y;
}

}  // namespace aiem::reference
