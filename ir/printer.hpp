#pragma once
// Text form of the IR (`aiemc check --emit ir`): stable, line-per-value, used by tests to state
// exactly what semantic analysis and the passes produced.
#include <string>

#include "ir/graph.hpp"

namespace aiem::ir {

std::string print(const Graph& g);

}  // namespace aiem::ir
