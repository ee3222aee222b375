#pragma once
// Shape arithmetic on constants, folded at import as ONNX defines it: exporters compute small
// tensors (a Pad's pads, a Reshape's shape) with ConstantOfShape, Concat, Reshape, Slice, Transpose,
// Squeeze, Unsqueeze and Gather of constants when they do not fold constants themselves (PyTorch's F.pad).
#include <optional>
#include <string>
#include <vector>

#include "dsl/import/onnx/onnx_file.hpp"

namespace aiem::onnx_import {

// The node's result when every input is a constant and the op is one of the above (nullopt for any
// other op). Throws ImportError (at `where`) for inputs ONNX does not allow.
std::optional<Constant> fold_constants(const onnx::NodeProto& n, const std::vector<const Constant*>& inputs,
                                       const std::string& where);

}  // namespace aiem::onnx_import
