// The imported model as .aiem text and .npz parameters. The text is what a person would write:
// one statement per layer (dense, add/sub/mul, lookup tables), types spelled out, the ONNX origin of each layer and the meaning
// of input and output codes in comments. It parses back into exactly the imported graph.
#include <algorithm>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <random>

#include "dsl/import/onnx/onnx_import.hpp"
#include "ir/io/atomic_output.hpp"
#include "ir/tensor_io/npy.hpp"

namespace aiem::onnx_import {
namespace fs = std::filesystem;

namespace {

std::string type_text(const num::FixedFormat& f) {
  std::string s = num::to_string(f);  // "int8", "fixed<8,3,RND_CONV,SAT>"
  std::string out;
  for (char c : s) {  // the language's usual spacing: fixed<8, 3, RND_CONV, SAT>
    out += c;
    if (c == ',') out += ' ';
  }
  return out;
}

std::string scale_text(const std::vector<num::ScaleMultiplier>& s) {
  std::vector<std::string> parts;
  for (const auto& m : s) parts.push_back(fmt::format("{} >> {}", m.multiplier, m.shift));
  return s.size() == 1 ? parts[0] : fmt::format("[{}]", fmt::join(parts, ", "));
}

// The ONNX interface of an input or output: its QuantizeLinear scale (a float32, written with the 9
// significant digits that read back to the same float32) and zero point.
std::string real_text(const ir::Value& v) {
  return v.real ? fmt::format(" @real(scale: {:.9g}, zero: {})", v.real->scale, v.real->zero) : std::string();
}

std::string note_text(const TensorNote& t, const char* kind) {
  const Quantizer& q = t.quantizer;
  return fmt::format("// {} {}: ONNX tensor '{}', real value = (code - {}) * {:.9g}\n", kind, t.aiem_name, t.onnx_name,
                     q.zero[0], q.scale[0]);
}

}  // namespace

std::string aiem_text(const ImportedModel& m, const std::string& params_file) {
  const ir::Graph& g = m.graph;
  std::string s = fmt::format("// Imported by `aiemc import` from {} ({}). Parameters: {}.\n", m.source, m.flavor, params_file);
  for (const auto& t : m.inputs) s += note_text(t, "input ");
  for (const auto& t : m.outputs) s += note_text(t, "output");
  s += fmt::format("model {} {{\n  target {}\n  batch {}\n  params \"{}\"\n\n", g.name, g.target, g.batch, params_file);
  for (ir::ValueId id : g.inputs) {
    const ir::Value& v = g.value(id);
    std::vector<std::int64_t> dims(v.type.shape.begin() + 1, v.type.shape.end());
    s += fmt::format("  input {} : {}[{}]{}\n", v.name, type_text(v.type.format), fmt::join(dims, ", "), real_text(v));
  }
  for (const ir::Node& n : g.nodes) {
    const std::string y_type = type_text(g.value(n.outputs[0]).type.format);
    if (auto it = m.origin.find(n.name); it != m.origin.end() && n.kind() != ir::OpKind::Dense)
      s += fmt::format("\n  // ONNX: {}\n", it->second);
    if (const auto* b = std::get_if<ir::BinaryAttrs>(&n.attrs)) {
      const ir::Value& z = g.value(n.inputs[1]);
      const std::string second = z.is_constant() ? fmt::format("c: {}", type_text(z.type.format)) : z.name;
      s += fmt::format("  {} = {}({}, {}) -> {}{}\n", n.name, ir::binary_name(b->fn), g.value(n.inputs[0]).name, second,
                       y_type, b->relu ? " |> relu" : "");
      continue;
    }
    if (const auto* c = std::get_if<ir::ConcatAttrs>(&n.attrs)) {
      std::vector<std::string> parts;
      for (ir::ValueId i : n.inputs) parts.push_back(g.value(i).name);
      const bool converts = std::any_of(n.inputs.begin(), n.inputs.end(), [&](ir::ValueId i) {
        return g.value(i).type.format != g.value(n.outputs[0]).type.format;
      });
      s += fmt::format("  {} = concat([{}], axis: {}){}\n", n.name, fmt::join(parts, ", "), c->axis,
                       converts ? " -> " + y_type : "");
      continue;
    }
    if (const auto* r = std::get_if<ir::ReshapeAttrs>(&n.attrs)) {
      s += fmt::format("  {} = reshape({}, shape: [{}])\n", n.name, g.value(n.inputs[0]).name, fmt::join(r->shape, ", "));
      continue;
    }
    if (const auto* p = std::get_if<ir::PadAttrs>(&n.attrs)) {
      s += fmt::format("  {} = pad({}, before: [{}], after: [{}], value: {})\n", n.name, g.value(n.inputs[0]).name,
                       fmt::join(p->before, ", "), fmt::join(p->after, ", "), p->value);
      continue;
    }
    if (const auto* t = std::get_if<ir::TransposeAttrs>(&n.attrs)) {
      s += fmt::format("  {} = transpose({}, perm: [{}])\n", n.name, g.value(n.inputs[0]).name, fmt::join(t->perm, ", "));
      continue;
    }
    if (const auto* sl = std::get_if<ir::SliceAttrs>(&n.attrs)) {
      s += fmt::format("  {} = slice({}, start: {}, end: {}{}, axis: {})\n", n.name, g.value(n.inputs[0]).name, sl->start,
                       sl->end, sl->step != 1 ? fmt::format(", step: {}", sl->step) : "", sl->axis);
      continue;
    }
    if (n.kind() == ir::OpKind::Lookup) {  // the table (one output code per input code) is in the .npz
      s += fmt::format("  {} = lookup({}, table: {}) -> {}\n", n.name, g.value(n.inputs[0]).name,
                       type_text(g.value(n.inputs[1]).type.format), y_type);
      continue;
    }
    const auto& a = std::get<ir::DenseAttrs>(n.attrs);
    const ir::Value& w = g.value(n.inputs[1]);
    std::string args = fmt::format("{}, {}, w: {}", g.value(n.inputs[0]).name, a.units, type_text(w.type.format));
    if (a.has_bias) args += fmt::format(", b: {}", type_text(g.value(n.inputs[2]).type.format));
    if (!a.scale.empty()) args += fmt::format(", scale: {}", scale_text(a.scale));
    if (a.zero != 0) args += fmt::format(", zero: {}", a.zero);
    if (auto it = m.origin.find(n.name); it != m.origin.end()) s += fmt::format("\n  // ONNX: {}\n", it->second);
    s += fmt::format("  {} = dense({}) -> {}{}\n", n.name, args, type_text(g.value(n.outputs[0]).type.format),
                     a.relu ? " |> relu" : "");
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
