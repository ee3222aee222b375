#pragma once
// Semantic analysis: the parsed program's model, with its blocks inlined, becomes an IR graph.
// Every name, type, shape, argument and parameter is checked here, with errors located in the source.
#include <optional>

#include "dsl/sema/program.hpp"
#include "ir/graph.hpp"

namespace aiem::sema {

// The graph of the main file's model (before the IR passes), or nullopt when errors were reported.
std::optional<ir::Graph> elaborate(const Program& program, Diagnostics& diags);

}  // namespace aiem::sema
