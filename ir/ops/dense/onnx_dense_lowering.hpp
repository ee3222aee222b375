#pragma once
// One dense layer from an Accumulation and its output quantizer: integer weights and bias, the
// exact requantization factor (power of two, or multiplier >> shift), zero points folded into the
// bias, BatchNormalization folded where it is exact. Every decision is exact integer arithmetic.
#include <optional>
#include <string>

#include "dsl/import/onnx/importer_state.hpp"

namespace aiem::onnx_import {

// log2 of a power-of-two scale, or nullopt.
std::optional<int> pow2_exponent(float s);

// The number format that holds the codes of an activation quantizer exactly: a power-of-two scale
// becomes fractional bits; any other scale stays outside the format (frac 0, applied by the
// consumer's rescale factor).
num::FixedFormat activation_format(const Quantizer& q, const std::string& where);

// Adds the layer `name` to g; returns its output value.
ir::ValueId lower_dense(ir::Graph& g, const std::string& name, const Accumulation& acc, const Quantizer& out,
                        const std::string& quantizer_node);

}  // namespace aiem::onnx_import
