#pragma once
// What the ONNX importer reports when a model cannot be imported exactly: the ONNX node (or
// graph field) at fault and why. `aiemc import` prints it and exits with 1.
#include <stdexcept>
#include <string>

namespace aiem::onnx_import {

struct ImportError : std::runtime_error {
  std::string where;  // "node 'fc1/Gemm' (Gemm)", "initializer 'w'", "opset_import", or the file
  ImportError(std::string where_, const std::string& message)
      : std::runtime_error(where_.empty() ? message : where_ + ": " + message), where(std::move(where_)) {}
};

}  // namespace aiem::onnx_import
