// Quantization resolution of the data-movement ops: nothing to decide (a concat's conversions are
// requantizations to its result type, fixed by the types alone).
#include <cmath>
#include <fmt/format.h>

#include "ir/diag/diagnostic.hpp"
#include "ir/graph.hpp"
#include "ir/numeric/requantize.hpp"

namespace aiem::ir {

void resolve_quantization(Graph&, Node&, ConcatAttrs&, Diagnostics&) {}
void resolve_quantization(Graph&, Node&, SliceAttrs&, Diagnostics&) {}
void resolve_quantization(Graph&, Node&, TransposeAttrs&, Diagnostics&) {}
void resolve_quantization(Graph&, Node&, ReshapeAttrs&, Diagnostics&) {}

// The pad value as a code of the result type, which must hold it exactly: padding is data
// movement, it rounds nothing.
void resolve_quantization(Graph& g, Node& n, PadAttrs& a, Diagnostics& diags) {
  const num::FixedFormat& f = g.value(n.outputs[0]).type.format;
  const std::int64_t code = num::quantize_real(a.value, f);
  if (std::ldexp(double(code), -f.frac()) != a.value) {
    diags.error(n.loc, fmt::format("pad '{}': the value {} is not a number of its type {} (the nearest is {})", n.name,
                                   a.value, num::to_string(f), std::ldexp(double(code), -f.frac())));
    return;
  }
  a.fill = code;
}

}  // namespace aiem::ir
