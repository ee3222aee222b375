#pragma once
// The input codes a build puts in its PLIO data: each given input checked against the model (k
// batches of its shape, codes in its type's range, or real values quantized as run() does).
// Shared by aiem::build and `aiemc build --input`.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "aiem/model.hpp"
#include "ir/graph.hpp"

namespace aiem {

struct DesignInputs {
  std::map<std::string, std::vector<std::int64_t>> codes;
  std::int64_t batches = 0;  // k, the same for every input given (0 when none is)
};

// What is wrong with one of the inputs given, and which (`aiemc build` names its --input file).
struct DesignInputError : Error {
  std::string input;
  DesignInputError(std::string name, const std::string& message) : Error(message), input(std::move(name)) {}
};

// DesignInputError for a name the model lacks, a shape that is not k batches of the input's, a
// value out of range or not finite, or inputs with different k.
DesignInputs design_inputs(const ir::Graph& g, const std::map<std::string, Tensor>& inputs);

}  // namespace aiem
