#pragma once
// ONNX elementwise functions as ONNX Runtime computes them (float32), and the lookup tables that
// make a quantized unary function exact: for every input code c, the code the ONNX graph gives,
//   QuantizeLinear(f(DequantizeLinear(c))) = saturate(round_half_even(f((c - z_in) * s_in) / s_out) + z_out).
// ONNX Runtime's Sigmoid and Tanh use their own approximations; on the 256 codes of int8 inputs
// at the scales of tests/fixtures/onnx these tables agree with it exactly (docs/import.md).
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "dsl/import/onnx/onnx_file.hpp"
#include "dsl/import/onnx/quantizer.hpp"

namespace aiem::onnx_import {

using UnaryFn = std::function<float(float)>;

// The unary functions the importer turns into tables, by ONNX op type.
const std::vector<std::string>& unary_function_types();
bool is_unary_function(const std::string& op_type);

// f for a node of one of those types; `bounds` are Clip's min and max (from its inputs), when given.
UnaryFn unary_function(const onnx::NodeProto& n, std::optional<float> lo, std::optional<float> hi);

// The table of f from codes of `in` to codes of `out`, one entry per input code from its smallest.
std::vector<std::int64_t> unary_table(const std::vector<UnaryFn>& f, const Quantizer& in, const Quantizer& out);

}  // namespace aiem::onnx_import
