// Quantization resolution of the data-movement ops: nothing to decide (a concat's conversions are
// requantizations to its result type, fixed by the types alone).
#include "ir/graph.hpp"

namespace aiem::ir {

void resolve_quantization(Graph&, Node&, ConcatAttrs&, Diagnostics&) {}
void resolve_quantization(Graph&, Node&, SliceAttrs&, Diagnostics&) {}
void resolve_quantization(Graph&, Node&, TransposeAttrs&, Diagnostics&) {}
void resolve_quantization(Graph&, Node&, ReshapeAttrs&, Diagnostics&) {}

}  // namespace aiem::ir
