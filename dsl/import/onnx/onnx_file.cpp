#include "dsl/import/onnx/onnx_file.hpp"

#include <cstring>
#include <fmt/format.h>
#include <fstream>
#include <sstream>

#include "dsl/import/onnx/import_error.hpp"

namespace aiem::onnx_import {
namespace fs = std::filesystem;
using onnx::TensorProto_DataType;

namespace {

bool is_qonnx_domain(const std::string& d) {
  for (const char* q : kQonnxDomains)
    if (d == q) return true;
  return false;
}

template <typename T>
void read_raw(const std::string& raw, std::size_t n, const std::string& where, auto&& sink) {
  if (raw.size() != n * sizeof(T))
    throw ImportError(where, fmt::format("raw_data holds {} bytes for {} elements of {} bytes", raw.size(), n, sizeof(T)));
  for (std::size_t i = 0; i < n; ++i) {
    T v;
    std::memcpy(&v, raw.data() + i * sizeof(T), sizeof(T));  // ONNX raw_data is little-endian, as is the host
    sink(v);
  }
}

}  // namespace

std::string elem_type_name(int t) {
  if (onnx::TensorProto_DataType_IsValid(t))
    return onnx::TensorProto_DataType_Name(static_cast<TensorProto_DataType>(t));
  return fmt::format("type {}", t);
}

onnx::ModelProto load_model(const fs::path& file) {
  std::string where = file.string();
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ImportError(where, "cannot open the file");
  std::stringstream buf;
  buf << in.rdbuf();
  std::string bytes = buf.str();
  onnx::ModelProto m;
  if (bytes.empty() || !m.ParseFromString(bytes))
    throw ImportError(where, "not an ONNX model (the file is not a valid ONNX protobuf; truncated or another format?)");
  if (!m.has_graph() || m.ir_version() <= 0 || m.opset_import_size() == 0)
    throw ImportError(where, "not an ONNX model (no ir_version, opset_import or graph)");
  bool has_default = false;
  for (const auto& op : m.opset_import()) {
    if (op.domain().empty() || op.domain() == "ai.onnx") {
      has_default = true;
      if (op.version() < kMinOpset || op.version() > kMaxOpset)
        throw ImportError("opset_import", fmt::format("unsupported opset {} of the default ONNX domain; aiemc imports "
                                                      "opsets {} to {} (re-export with opset_version={})",
                                                      op.version(), kMinOpset, kMaxOpset, kMinOpset));
    }
  }
  if (!has_default) throw ImportError("opset_import", "the model imports no opset of the default ONNX domain");
  for (const auto& n : m.graph().node()) {
    const std::string& d = n.domain();
    if (!(d.empty() || d == "ai.onnx" || is_qonnx_domain(d)))
      throw ImportError(fmt::format("node '{}' ({})", n.name(), n.op_type()),
                        fmt::format("unsupported op domain '{}'", d));
  }
  return m;
}

Constant to_constant(const onnx::TensorProto& t, const std::string& where) {
  if (t.data_location() == onnx::TensorProto_DataLocation_EXTERNAL)
    throw ImportError(where, "tensor data stored in an external file is not supported; save the model with its data");
  Constant c;
  c.elem_type = t.data_type();
  std::size_t n = 1;
  for (auto d : t.dims()) {
    if (d < 0) throw ImportError(where, fmt::format("negative dimension {}", d));
    c.dims.push_back(d);
    n *= static_cast<std::size_t>(d);
  }
  const std::string& raw = t.raw_data();
  auto put_int = [&](auto v) { c.ints.push_back(static_cast<std::int64_t>(v)); };
  auto put_real = [&](auto v) { c.reals.push_back(static_cast<float>(v)); };
  switch (t.data_type()) {
    case onnx::TensorProto_DataType_FLOAT:
      if (t.has_raw_data()) read_raw<float>(raw, n, where, put_real);
      else for (float v : t.float_data()) put_real(v);
      break;
    case onnx::TensorProto_DataType_DOUBLE:
      if (t.has_raw_data()) read_raw<double>(raw, n, where, put_real);
      else for (double v : t.double_data()) put_real(v);
      break;
    case onnx::TensorProto_DataType_INT8:
      if (t.has_raw_data()) read_raw<std::int8_t>(raw, n, where, put_int);
      else for (auto v : t.int32_data()) put_int(v);
      break;
    case onnx::TensorProto_DataType_UINT8:
      if (t.has_raw_data()) read_raw<std::uint8_t>(raw, n, where, put_int);
      else for (auto v : t.int32_data()) put_int(v);
      break;
    case onnx::TensorProto_DataType_INT16:
      if (t.has_raw_data()) read_raw<std::int16_t>(raw, n, where, put_int);
      else for (auto v : t.int32_data()) put_int(v);
      break;
    case onnx::TensorProto_DataType_UINT16:
      if (t.has_raw_data()) read_raw<std::uint16_t>(raw, n, where, put_int);
      else for (auto v : t.int32_data()) put_int(v);
      break;
    case onnx::TensorProto_DataType_INT32:
      if (t.has_raw_data()) read_raw<std::int32_t>(raw, n, where, put_int);
      else for (auto v : t.int32_data()) put_int(v);
      break;
    case onnx::TensorProto_DataType_INT64:
      if (t.has_raw_data()) read_raw<std::int64_t>(raw, n, where, put_int);
      else for (auto v : t.int64_data()) put_int(v);
      break;
    default:
      throw ImportError(where, fmt::format("unsupported element type {}", elem_type_name(t.data_type())));
  }
  if (c.size() != n)
    throw ImportError(where, fmt::format("holds {} values for shape with {} elements", c.size(), n));
  return c;
}

}  // namespace aiem::onnx_import
