#pragma once
// What the importer knows about each ONNX tensor while it walks the graph in order.
#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "dsl/import/onnx/onnx_file.hpp"
#include "dsl/import/onnx/quantizer.hpp"
#include "ir/graph.hpp"

namespace aiem::onnx_import {

// A graph input not yet quantized: float (QuantizeLinear / Quant follows) or integer (DequantizeLinear follows).
struct RawInput {
  std::string onnx_name;
  std::vector<std::int64_t> dims;  // per sample (batch dropped), after Flatten / Reshape
  int elem_type = 0;
};

// A quantized tensor: integer codes and their quantizer. `dequantized`: the ONNX tensor is the
// float (code - zero) * scale (a DequantizeLinear or Quant output) rather than the codes.
struct QTensor {
  std::optional<ir::ValueId> value;  // an activation: a graph input or a dense layer's result
  Constant codes;                    // a constant (weights, biases): ints hold the codes
  Quantizer q;
  bool dequantized = false;
  bool is_const() const { return !value.has_value(); }
};

struct BatchNorm {
  std::string node;
  Constant gamma, beta, mean, var;
  float epsilon = 1e-5f;
};

// The float result of MatMul / Gemm (+ bias) (+ BatchNormalization) (+ Relu), waiting for the
// quantizer that turns it into the dense layer's output.
struct Accumulation {
  QTensor x;                   // activation, dequantized
  QTensor w;                   // constant [K, N], dequantized
  std::optional<Constant> float_bias;
  std::optional<QTensor> int_bias;  // DequantizeLinear of int32 codes
  std::optional<BatchNorm> bn;
  bool relu = false;
  // A Conv: its geometry (x is then the channels-last input, w [positions · C / groups, N]); and
  // whether the result is channels-last, to be transposed back to ONNX's layout (Importer::channels_first).
  std::optional<ir::ConvAttrs> conv;
  bool channels_last = false;
  std::string node;                // the MatMul / Gemm node
  std::vector<std::string> nodes;  // every ONNX node folded in so far
};

// The float result of elementwise ops on dequantized activations, waiting for the quantizer that
// makes it a layer: a binary op (Add, Sub, Mul of two activations, then optionally Relu) or a
// chain of unary functions of one activation (Sigmoid, Tanh, Clip, ... applied in order).
struct Pointwise {
  std::vector<QTensor> operands;  // 2 for a binary op, else 1; dequantized activations
  std::optional<QTensor> constant;  // a binary op's second operand when it is a quantized constant
  std::string binary;             // "Add", "Sub", "Mul", "Concat", a row op's type, or empty
  int axis = -1;                  // Concat: the axis
  bool relu = false;              // binary: Relu after it
  std::vector<std::function<float(float)>> unary;  // unary: float32 functions, as ONNX Runtime computes them
  std::vector<std::string> labels;                 // their op types ("Sigmoid", ...)
  // A row op of the normalization family (Softmax, LayerNormalization, ReduceMean, ...) on the one
  // operand: its IR attributes, and a LayerNormalization's float gain and bias (ir/ops/normalization).
  std::optional<ir::OpAttrs> row;
  std::optional<Constant> gain, bias;
  // A channels-last row op (the conv family's pools) on a transposed operand: the result goes back
  // to ONNX's layout (Importer::channels_first).
  bool channels_last = false;
  std::string node;                                // the first node
  std::vector<std::string> nodes;                  // every ONNX node folded in so far
};

// The output of a node that could not be imported (its error is already recorded): whatever reads
// it is skipped without a second, consequential error.
struct Blocked {};

using TensorState = std::variant<Constant, RawInput, QTensor, Accumulation, Pointwise, Blocked>;

}  // namespace aiem::onnx_import
