#include "backends/reference/interpreter.hpp"
#include "ir/numeric/requantize.hpp"

namespace aiem::reference {

// y = requant(max(x, 0)) from the input's format to the output's.
ir::Tensor run_relu(const ir::Graph& g, const ir::Node& n, const ir::ReluAttrs&, const std::vector<const ir::Tensor*>& in) {
  const ir::Tensor& x = *in[0];
  ir::Tensor y{g.value(n.outputs[0]).type, std::vector<std::int64_t>(x.codes.size())};
  int frac = x.type.format.frac();
  for (std::size_t i = 0; i < x.codes.size(); ++i)
    y.codes[i] = num::requantize(x.codes[i] < 0 ? 0 : x.codes[i], frac, y.type.format);
  return y;
}

}  // namespace aiem::reference
