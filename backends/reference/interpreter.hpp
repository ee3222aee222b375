#pragma once
// The reference interpreter: the golden model of every op, bit-exact by construction. It runs
// the lowered IR (after resolve_quantization) on integer codes with exact integer arithmetic and
// the shared requantization of ir/numeric, so every backend can be compared against it.
#include <map>
#include <stdexcept>
#include <string>

#include "ir/graph.hpp"
#include "ir/tensor.hpp"

namespace aiem::reference {

// Inputs that do not match the graph (missing, unknown, wrong shape, codes out of range).
struct InputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Runs the graph; returns every graph output by name.
std::map<std::string, ir::Tensor> run(const ir::Graph& g, const std::map<std::string, ir::Tensor>& inputs);

// Each op's kernel is its family's interpret overload (ir/ops/<family>/interpret.cpp).

}  // namespace aiem::reference
