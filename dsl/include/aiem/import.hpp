#pragma once
// Importing a quantized ONNX model (QDQ: QuantizeLinear/DequantizeLinear pairs, or QONNX Quant
// nodes) as an aiem::Model, in memory: the model `aiemc import` writes and `aiemc check` reads.
// Defined in the library aiem::onnx (it links protobuf and ONNX; aiem::aiem does not).
#include <cstdint>
#include <filesystem>
#include <string>

#include "aiem/model.hpp"

namespace aiem {

struct ImportOptions {
  std::int64_t batch = 0;           // 0: the ONNX input's batch dimension when fixed, else 1
  std::string name;                 // the model's name; empty: the file's stem
  std::string target = "vek280";    // vek280, ve2302 or vek385
  bool softmax_reciprocal = false;  // each Softmax as softmax(..., reciprocal: 1): faster, docs/language.md
  // When set, also writes the model as this .aiem file and its parameters as the .npz beside it
  // (both or neither; Error when they cannot be written).
  std::filesystem::path save_as;
};

// A model that cannot be imported exactly (an unsupported op, a quantizer that is not exact, a
// malformed file) is an error diagnostic naming the ONNX node or field; ParseResult::model is then
// empty.
ParseResult import_onnx(const std::filesystem::path& onnx_file, const ImportOptions& options = {});

}  // namespace aiem
