#pragma once
// The ONNX / QONNX importer: a quantized .onnx model (QDQ as PyTorch and ONNX Runtime write it, or
// QONNX Quant nodes as Brevitas and hls4ml write them) becomes an aiem IR graph whose reference
// interpreter results are bit-identical to the model's, plus the readable .aiem text and .npz
// parameters that parse back into the same graph. See docs/import.md.
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "dsl/import/onnx/import_error.hpp"
#include "dsl/import/onnx/quantizer.hpp"
#include "ir/graph.hpp"
#include "ir/tensor_io/npy.hpp"

namespace aiem::onnx_import {

struct ImportOptions {
  std::optional<std::int64_t> batch;  // default: the ONNX input's batch dimension when fixed, else 1
  std::string model_name;             // default: the file's stem
  std::string target = "vek280";
  // Softmax with one reciprocal per line instead of a division per element (softmax's
  // `reciprocal: 1`, docs/language.md): faster on the array, within the same contract.
  bool softmax_reciprocal = false;
};

// How a graph input or output of the .aiem model relates to the ONNX tensor it stands for.
struct TensorNote {
  std::string aiem_name;
  std::string onnx_name;
  Quantizer quantizer;  // real value = (code - zero point) * scale
};

struct ImportedModel {
  ir::Graph graph;  // before lowering; exactly what parsing aiem_text() gives
  std::string source;  // the .onnx file name
  std::string flavor;  // "QDQ" or "QONNX"
  std::vector<TensorNote> inputs, outputs;
  std::map<std::string, std::string> origin;  // layer name -> the ONNX nodes it was made from
};

// Throws ImportError (naming the node or field) when the model cannot be imported exactly.
ImportedModel import_onnx(const std::filesystem::path& file, const ImportOptions& options = {});

// The .aiem text; its `params` statement names `params_file` (relative to the .aiem file).
std::string aiem_text(const ImportedModel& m, const std::string& params_file);
// Every constant of the graph as integer codes, named as the .aiem text expects (<layer>.w, <layer>.b).
std::vector<std::pair<std::string, io::Array>> parameter_arrays(const ImportedModel& m);

// Writes AIEM (the .aiem text) and the .npz beside it (same stem): both appear, or neither.
void write_imported(const ImportedModel& m, const std::filesystem::path& aiem_path);

}  // namespace aiem::onnx_import
