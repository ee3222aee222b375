#pragma once
// What every op family's header needs to declare its interface (docs/architecture.md, "Op
// families"): for each op's attribute type A, as overloads on A,
//   ir:        op_label, attrs_text, aiem_statement (names, IR printing, .aiem text),
//              infer_shape (throws OpError), resolve_quantization;
//   reference: interpret (the interpreter kernel on already-computed operands);
//   aie:       lower (plans the op through the Planner: a layer, a view or a window, or an error at
//              the node).
// The stages' types are only declared here: each family's header stays below the IR's graph.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ir/numeric/requantize.hpp"
#include "ir/tensor_type.hpp"

namespace aiem {
class Diagnostics;
}
namespace aiem::ir {
struct Graph;
struct Node;
struct Tensor;
}  // namespace aiem::ir
namespace aiem::reference {
using Operands = std::vector<const ir::Tensor*>;
}
namespace aiem::aie {
class Planner;
}
