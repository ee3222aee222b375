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

// One op on already-computed operands (ops/<op>.cpp).
ir::Tensor run_dense(const ir::Graph& g, const ir::Node& n, const ir::DenseAttrs& a, const std::vector<const ir::Tensor*>& in);
ir::Tensor run_relu(const ir::Graph& g, const ir::Node& n, const ir::ReluAttrs& a, const std::vector<const ir::Tensor*>& in);
ir::Tensor run_binary(const ir::Graph& g, const ir::Node& n, const ir::BinaryAttrs& a, const std::vector<const ir::Tensor*>& in);
ir::Tensor run_concat(const ir::Graph& g, const ir::Node& n, const ir::ConcatAttrs& a, const std::vector<const ir::Tensor*>& in);
ir::Tensor run_slice(const ir::Graph& g, const ir::Node& n, const ir::SliceAttrs& a, const std::vector<const ir::Tensor*>& in);
ir::Tensor run_transpose(const ir::Graph& g, const ir::Node& n, const ir::TransposeAttrs& a, const std::vector<const ir::Tensor*>& in);
ir::Tensor run_reshape(const ir::Graph& g, const ir::Node& n, const ir::ReshapeAttrs& a, const std::vector<const ir::Tensor*>& in);
ir::Tensor run_lookup(const ir::Graph& g, const ir::Node& n, const ir::LookupAttrs& a, const std::vector<const ir::Tensor*>& in);

}  // namespace aiem::reference
