#pragma once
// Reading an .onnx file: protobuf parsing, the checks every model must pass before its graph is
// looked at (a graph, supported operator sets), and the constant tensors (initializers and
// Constant nodes) in a uniform form.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <onnx/onnx_pb.h>

namespace aiem::onnx_import {

// The default-domain opsets the importer understands: QuantizeLinear with per-axis scales needs 13.
inline constexpr std::int64_t kMinOpset = 13;
inline constexpr std::int64_t kMaxOpset = 21;
// QONNX's custom ops (Quant), under their current and their former (FINN) domain.
inline const char* const kQonnxDomains[] = {"qonnx.custom_op.general", "finn.custom_op.general"};

// Throws ImportError for an unreadable, truncated or non-ONNX file and for unsupported opsets.
onnx::ModelProto load_model(const std::filesystem::path& file);

// A constant tensor: floats in `reals` (float, double, float16 are not accepted), integers in `ints`.
struct Constant {
  std::vector<std::int64_t> dims;
  int elem_type = 0;  // onnx::TensorProto_DataType
  std::vector<float> reals;
  std::vector<std::int64_t> ints;
  bool is_float() const { return elem_type == onnx::TensorProto_DataType_FLOAT; }
  // float or double: the values are in `reals` (a double's rounded to float: what the only use of
  // one, a Cast to float of an exporter's scale, computes)
  bool is_real() const { return is_float() || elem_type == onnx::TensorProto_DataType_DOUBLE; }
  std::size_t size() const { return is_real() ? reals.size() : ints.size(); }
};

Constant to_constant(const onnx::TensorProto& t, const std::string& where);
std::string elem_type_name(int elem_type);

}  // namespace aiem::onnx_import
