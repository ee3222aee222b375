#pragma once
// The ONNX graph walk (importer.cpp): ONNX nodes in their (topological) order, each turning the
// states of its inputs (importer_state.hpp) into the state of its output, until a quantizer closes
// a layer. The op families' node handlers are members of the Importer defined in their folders
// (ir/ops/<family>/onnx_import.cpp); each family's <family>_onnx_ops() lists the ONNX op types it
// handles, which is the node dispatch's registration.
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "dsl/import/onnx/import_error.hpp"
#include "dsl/import/onnx/importer_state.hpp"
#include "dsl/import/onnx/onnx_file.hpp"
#include "dsl/import/onnx/onnx_import.hpp"
#include "dsl/import/onnx/quantizer.hpp"

namespace aiem::onnx_import {

std::string node_where(const onnx::NodeProto& n);  // "node 'name' (OpType)", for messages
const onnx::AttributeProto* attribute(const onnx::NodeProto& n, const std::string& name);
std::int64_t int_attr(const onnx::NodeProto& n, const std::string& name, std::int64_t def);
float float_attr(const onnx::NodeProto& n, const std::string& name, float def);

// Thrown when a node reads the output of a node that could not be imported: that node is skipped
// without an error of its own (the first error explains it).
struct SkipNode {};

class Importer;
using OnnxHandler = void (Importer::*)(const onnx::NodeProto&);
struct OnnxOp {
  std::string op_type;
  OnnxHandler handler;
};

class Importer {
 public:
  Importer(const std::filesystem::path& file, const ImportOptions& o) : file_(file), opt_(o) {}

  ImportedModel run();

 // The ONNX op types each op family imports, with their handlers (ir/ops/<family>/onnx_import.cpp).
  static std::vector<OnnxOp> dense_onnx_ops();
  static std::vector<OnnxOp> elementwise_onnx_ops();
  static std::vector<OnnxOp> movement_onnx_ops();
  static std::vector<OnnxOp> normalization_onnx_ops();
  static std::vector<OnnxOp> conv_onnx_ops();

 private:
  // Every op type of the default domain the walk dispatches, the families' and its own.
  static const std::vector<OnnxOp>& onnx_ops();
  void identity(const onnx::NodeProto& n);
  void shape(const onnx::NodeProto& n);
  // ---- graph inputs and outputs ----
  void graph_input(const onnx::ValueInfoProto& in);

  void graph_output(const onnx::ValueInfoProto& o);

  // ---- nodes ----
  TensorState& input(const onnx::NodeProto& n, int i);
  bool has_input(const onnx::NodeProto& n, int i) const { return i < n.input_size() && !n.input(i).empty(); }

  const Constant& constant(const onnx::NodeProto& n, int i, const char* what);

  void set(const onnx::NodeProto& n, TensorState s);

  void node(const onnx::NodeProto& n);

  // Shape arithmetic of constants only (constant_folding.hpp), computed here.
  std::optional<Constant> folded_constant(const onnx::NodeProto& n);

  void constant_node(const onnx::NodeProto& n);

  // Cast of a constant, folded as ONNX defines it: exporters that do not fold constants write a
  // quantizer's scale as a double Constant cast to float, its zero point as an int cast to int8.
  // A value the target type cannot hold exactly as an integer is refused rather than guessed.
  void cast(const onnx::NodeProto& n);

  // ---- quantizers ----
  // The scale and zero point of QuantizeLinear / DequantizeLinear; `codes_type` is the integer type.
  Quantizer qdq_quantizer(const onnx::NodeProto& n, int codes_type, std::int64_t rank);

  // QONNX Quant(x, scale, zeropt, bitwidth; signed, narrow, rounding_mode).
  Quantizer quant_quantizer(const onnx::NodeProto& n, const std::vector<std::int64_t>& x_dims);

  // A float constant quantized with q (channel index along q.axis).
  Constant quantize_constant(const Constant& c, const Quantizer& q, const onnx::NodeProto& n);

  QTensor activation_input(const RawInput& r, const Quantizer& q, const onnx::NodeProto& n);

  // fc1, fc2, ... for dense layers, conv1, conv2, ... for convolutions.
  std::string next_layer_name(const std::string& stem) { return fmt::format("{}{}", stem, ++layers_[stem]); }

  QTensor close_layer(const Accumulation& a, const Quantizer& q, const onnx::NodeProto& n);

  // The same quantizer again on an already quantized activation: nothing to do. Anything else
  // would be a second rounding that no layer performs.
  QTensor requantize(const QTensor& in, const Quantizer& q, const onnx::NodeProto& n);

  void quantize_linear(const onnx::NodeProto& n);

  void dequantize_linear(const onnx::NodeProto& n);

  void quant(const onnx::NodeProto& n);

  // ---- layers ----
  const QTensor& activation(const onnx::NodeProto& n, int i);

  QTensor weights(const onnx::NodeProto& n, int i, bool transpose);

  void gemm(const onnx::NodeProto& n);

  void matmul(const onnx::NodeProto& n);

  void bias(const onnx::NodeProto& n, int i, Accumulation& a);

  // Add / Sub / Mul: of two quantized activations, an elementwise layer (closed by its quantizer);
  // an Add of a MatMul result and a constant, that MatMul's bias.
  void binary(const onnx::NodeProto& n);

  // x op c (or c op x) with a float scalar c, on an activation or a chain of functions of one: one
  // more function of x, so the quantizer that follows makes it a table (exact at any scale).
  bool scalar_operand(const onnx::NodeProto& n);

  // x op F(x), with F a chain of functions of the same activation x (SiLU exported as
  // x * Sigmoid(x), GELU as x * (1 + Erf(x / sqrt 2)) / 2, hardswish as x * HardSigmoid(x)): still
  // one function of x, so a table.
  bool function_of_itself(const onnx::NodeProto& n);

  // A layer's unquantized result (MatMul / Gemm, bias, Relu), or an add/sub/mul of activations not
  // yet quantized, read as an activation by another op (a residual added into a layer's sum, a + b
  // + c, an add fed to a layer): ONNX Runtime computes it in float32, which is exact when every
  // scale is a power of two, every zero point 0 and every partial sum within 24 significant bits;
  // it then becomes a layer of its own at that exact fixed-point format.
  static bool exact_materializable(const TensorState& s);

  // Bits (with the sign) of a signed integer of magnitude up to `m`.
  static int signed_bits(double m);

  // The quantizer that holds `s` exactly: scale 2^-f, zero point 0, as many bits as its largest
  // magnitude needs; refused (at node n) when float32 would not be exact.
  Quantizer exact_quantizer(const onnx::NodeProto& n, const TensorState& s);

  // The exact layer of an unquantized result (exact_materializable), read through input i of n.
  QTensor materialize(const onnx::NodeProto& n, int i);

  static bool is_activation(const TensorState& s);

  static std::string describe(const TensorState& s);

  // Sigmoid, Tanh, Clip, ...: a function of one quantized activation, or of the float result of
  // such functions; the quantizer that follows makes it a lookup table.
  void unary(const onnx::NodeProto& n);

  // An elementwise layer, closed by its output quantizer `q`.
  QTensor close_pointwise(const Pointwise& p, const Quantizer& q, const onnx::NodeProto& n);

  // Adds `node` (named, with its inputs and attributes) and its result of `format` to the graph,
  // its shape from the op's rule (a rule's error is the ONNX node's); records its ONNX origin.
  ir::ValueId add_op(const onnx::NodeProto& n, ir::Node node, const num::FixedFormat& format, const std::string& origin);

  void add_bias(const onnx::NodeProto& n);

  void batchnorm(const onnx::NodeProto& n);
  Accumulation identity_layer(const onnx::NodeProto& n, const QTensor& x);

  void relu(const onnx::NodeProto& n);

  // ---- data movement: on the features of [batch, features] activations ----
  // Gather of an activation along one axis (not the batch) by constant indices: evenly spaced
  // ascending ones are a slice; a scalar index also drops the axis (PyTorch's x[:, 0]).
  void gather(const onnx::NodeProto& n);

  // The last axis of an activation of `rank` axes (its features), as -1; anything else is refused.
  int feature_axis(const onnx::NodeProto& n, std::int64_t axis, std::int64_t rank);
  // An ONNX axis of an activation of `rank` axes, counted from 0, that is neither the batch axis
  // nor outside (else an error saying what the node `verb`s along it).
  std::int64_t sample_axis(const onnx::NodeProto& n, std::int64_t axis, std::int64_t rank, const char* verb);
  // A non-negative axis as the IR writes it: -1 for the last.
  static int ir_axis(std::int64_t axis, std::int64_t rank);

  QTensor add_movement(const onnx::NodeProto& n, const std::string& op, std::vector<ir::ValueId> inputs, ir::OpAttrs attrs,
                       const Quantizer& q);

  // Transpose of a quantized weight matrix (PyTorch exports nn.Linear on a rank-3 input as
  // MatMul(x, Transpose(W))): the codes are transposed at import. Of an activation: a transpose op
  // (its identity permutation is a no-op).
  // Pad of mode "constant" of an activation (before or after its DequantizeLinear): the value must
  // be a code of the activation's quantizer exactly (padding rounds nothing); the batch axis stays.
  void pad(const onnx::NodeProto& n);

  void transpose(const onnx::NodeProto& n);

  // Concat of quantized activations that share one quantizer: the codes are joined as they are.
  void concat(const onnx::NodeProto& n);

  std::vector<std::int64_t> int_list(const onnx::NodeProto& n, int i, const char* what);

  // Slice of the feature axis with step 1 or more (opset 10+: starts, ends, axes, steps inputs).
  // Slice of an activation: one slice op per axis it narrows (any axis but the batch, steps >= 1).
  void slice(const onnx::NodeProto& n);

  // Split of the feature axis into consecutive slices (sizes from the `split` input or attribute,
  // or equal parts).
  void split(const onnx::NodeProto& n);

  // Flatten / Reshape that keep the batch axis and only merge the per-sample axes (row-major order
  // is unchanged, so they are no-ops on the data).
  void reshape(const onnx::NodeProto& n);

  // ---- row ops (ir/ops/normalization/onnx_import.cpp) ----
  // Softmax, ReduceMean / ReduceSum / ReduceMax and LayerNormalization of a quantized activation:
  // float ops in ONNX Runtime, waiting (as a Pointwise with `row`) for the quantizer that closes them.
  // The conv family (ir/ops/conv/onnx_import.cpp): Conv, MaxPool, AveragePool, GlobalAveragePool,
  // on channels-last copies of their channels-first operands.
  void conv(const onnx::NodeProto& n);
  void pool(const onnx::NodeProto& n);
  void global_average_pool(const onnx::NodeProto& n);
  ir::Window onnx_window(const onnx::NodeProto& n, const ir::Shape& x, std::size_t axes, bool pool);
  QTensor channels_last(const onnx::NodeProto& n, const QTensor& x);
  QTensor channels_first(const onnx::NodeProto& n, const QTensor& t);
  void softmax(const onnx::NodeProto& n);
  void reduction(const onnx::NodeProto& n);
  void layer_normalization(const onnx::NodeProto& n);
  void start_row_op(const onnx::NodeProto& n, ir::OpAttrs attrs, std::optional<Constant> gain, std::optional<Constant> bias);
  // LayerNorm as exporters of opsets < 17 write it, from the ReduceMean `n` of an activation x:
  // ReduceMean(x) -> Sub(x, ·) -> Pow(·, 2) -> ReduceMean -> Add(eps) -> Sqrt -> Div(Sub, ·)
  // [-> Mul(gamma) [-> Add(beta)]], over the last axis, each intermediate read by the pattern only.
  // On a match the pattern's nodes are absorbed (skipped by the walk) and its last output waits for
  // its quantizer as one layernorm; false when it is not that pattern.
  bool decomposed_layernorm(const onnx::NodeProto& n);
  // The nodes of the graph that read tensor `name`, and the constant value of tensor `name` (an
  // initializer, a folded constant or a Constant node not yet walked).
  std::vector<const onnx::NodeProto*> readers_of(const std::string& name) const;
  std::optional<Constant> constant_of(const std::string& name) const;
  // The node of a closed row op: the operand's and the result's quantizers checked, a
  // LayerNormalization's gain and bias quantized.
  void close_row_op(const Pointwise& p, const Quantizer& q, const onnx::NodeProto& n, ir::Node& node);

  const onnx::GraphProto* graph_ = nullptr;            // the graph being walked
  std::set<const onnx::NodeProto*> absorbed_;          // nodes folded into a pattern (decomposed_layernorm)
  std::filesystem::path file_;
  ImportOptions opt_;
  ImportedModel out_;
  std::map<std::string, TensorState> tensors_;
  std::optional<std::int64_t> batch_;
  std::map<std::string, int> layers_;  // layers named so far, per name stem
  std::map<std::string, int> pointwise_;  // elementwise layers named by op: add1, lookup2, ...
  bool qonnx_ = false;
};

}  // namespace aiem::onnx_import
