#include <fmt/format.h>

#include "backends/reference/interpreter.hpp"
#include "ir/diag/diagnostic.hpp"

namespace aiem::reference {

// y = table[x - first_code]; the table was built by resolve_quantization.
ir::Tensor run_lookup(const ir::Graph& g, const ir::Node& n, const ir::LookupAttrs& a, const std::vector<const ir::Tensor*>& in) {
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
