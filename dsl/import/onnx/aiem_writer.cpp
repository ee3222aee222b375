// The imported model as .aiem text and .npz parameters. The text is what a person would write:
// one statement per layer (each op family's aiem_statement), types spelled out, the ONNX origin of each layer and the meaning
// of input and output codes in comments. It parses back into exactly the imported graph.
#include <algorithm>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <random>

#include "dsl/import/onnx/onnx_import.hpp"
#include "ir/aiem_syntax.hpp"
#include "ir/io/atomic_output.hpp"
#include "ir/tensor_io/npy.hpp"

namespace aiem::onnx_import {
namespace fs = std::filesystem;

namespace {

// Text from the ONNX file (node and tensor names, the file name) inside a `//` comment: a line
// break or another control character would end the comment, so each becomes '?'.
std::string comment_text(std::string t) {
  for (char& c : t)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  return t;
}

// The ONNX interface of an input or output: its QuantizeLinear scale (a float32, written with the 9
// significant digits that read back to the same float32) and zero point.
std::string real_text(const ir::Value& v) {
  return v.real ? fmt::format(" @real(scale: {:.9g}, zero: {})", v.real->scale, v.real->zero) : std::string();
}

std::string note_text(const TensorNote& t, const char* kind) {
  const Quantizer& q = t.quantizer;
  return fmt::format("// {} {}: ONNX tensor '{}', real value = (code - {}) * {:.9g}\n", kind, t.aiem_name, comment_text(t.onnx_name),
                     q.zero[0], q.scale[0]);
}

}  // namespace

std::string aiem_text(const ImportedModel& m, const std::string& params_file) {
  const ir::Graph& g = m.graph;
  std::string s = fmt::format("// Imported by `aiemc import` from {} ({}). Parameters: {}.\n", comment_text(m.source),
                              m.flavor, comment_text(params_file));
  for (const auto& t : m.inputs) s += note_text(t, "input ");
  for (const auto& t : m.outputs) s += note_text(t, "output");
  s += fmt::format("model {} {{\n  target {}\n  batch {}\n  params \"{}\"\n\n", g.name, g.target, g.batch, params_file);
  for (ir::ValueId id : g.inputs) {
    const ir::Value& v = g.value(id);
    std::vector<std::int64_t> dims(v.type.shape.begin() + 1, v.type.shape.end());
    s += fmt::format("  input {} : {}[{}]{}\n", v.name, ir::type_text(v.type.format), fmt::join(dims, ", "), real_text(v));
  }
  for (const ir::Node& n : g.nodes) {
    if (auto it = m.origin.find(n.name); it != m.origin.end()) s += fmt::format("\n  // ONNX: {}\n", comment_text(it->second));
    s += std::visit([&](const auto& a) { return ir::aiem_statement(g, n, a); }, n.attrs);
  }
  s += "\n";
  for (ir::ValueId id : g.outputs) s += fmt::format("  output {}{}\n", g.value(id).name, real_text(g.value(id)));
  s += "}\n";
  return s;
}

std::vector<std::pair<std::string, io::Array>> parameter_arrays(const ImportedModel& m) {
  std::vector<std::pair<std::string, io::Array>> out;
  for (const ir::Value& v : m.graph.values) {
    if (!v.is_constant()) continue;
    io::Array a;
    a.shape = v.type.shape;
    int bits = v.type.format.container_bits();
    const bool u = !v.type.format.is_signed;  // unsigned codes (a table of uint8 results) keep their dtype
    a.dtype = bits == 8    ? (u ? io::DType::UInt8 : io::DType::Int8)
              : bits == 16 ? (u ? io::DType::UInt16 : io::DType::Int16)
              : bits == 32 ? (u ? io::DType::UInt32 : io::DType::Int32)
                           : io::DType::Int64;
    a.ints = *v.data;
    out.emplace_back(v.name, std::move(a));
  }
  return out;
}

void write_imported(const ImportedModel& m, const fs::path& aiem_path) {
  fs::path npz_path = fs::path(aiem_path).replace_extension(".npz");
  // Both files as one unit: nothing is renamed into place until both are complete. The output
  // directory is created if needed, and removed again on failure.
  io::OutputTransaction t(/*create_parents=*/true);
  t.write(aiem_path, aiem_text(m, npz_path.filename().string()));
  io::write_npz_into(t.stage(npz_path), parameter_arrays(m));
  t.commit();
}

}  // namespace aiem::onnx_import
