#include "ir/limits.hpp"
#include "tools/aiemc/model_input.hpp"

#include <fmt/format.h>

#include <random>

#include "dsl/api/model_impl.hpp"
#include "dsl/import/onnx/onnx_import.hpp"
#include "ir/io/atomic_output.hpp"
#include "ir/passes/passes.hpp"
#include "dsl/hints/layer_hints.hpp"

namespace aiemc {

namespace fs = std::filesystem;

// A temporary directory holding an imported model's .aiem and .npz for the command's lifetime.
struct ImportedCopy {
  fs::path dir;
  ~ImportedCopy() {
    std::error_code ec;
    fs::remove_all(dir, ec);
    aiem::io::unregister_temporary(dir);
  }
};

void add_model_input(CLI::App* cmd, ModelInput& m) {
  cmd->add_option("file", m.file, "The model: a .aiem file, or a quantized .onnx model (imported in memory)")->required();
  // One value per flag (repeat the flag), so that `-I dir model.aiem` leaves the model to `file`.
  cmd->add_option("-I,--import-path", m.import_paths, "Directory searched by `import` (repeatable)")->allow_extra_args(false);
  cmd->add_option("--batch", m.batch, "For an .onnx model: the batch size (default: its input's batch dimension, else 1)")
      ->check(CLI::Range(std::int64_t{1}, aiem::limits::kBatch));
  cmd->add_option("--hints", m.hints, "Per-layer hints (cascade, parallel, at, edge) from a TOML file, by layer name");
}

namespace {

bool is_onnx(const std::string& file) {
  std::string ext = fs::path(file).extension().string();
  for (auto& c : ext) c = char(std::tolower(static_cast<unsigned char>(c)));
  return ext == ".onnx";
}

}  // namespace

LoadedModel load_model(const ModelInput& m) {
  LoadedModel r;
  std::string file = m.file;
  if (is_onnx(m.file)) {
    namespace oi = aiem::onnx_import;
    auto copy = std::make_shared<ImportedCopy>();
    copy->dir = fs::temp_directory_path() / fmt::format("aiem-onnx-{:x}", std::random_device{}());
    aiem::io::register_temporary(copy->dir);
    oi::ImportOptions io;
    if (m.batch > 0) io.batch = m.batch;
    const fs::path aiem_file = copy->dir / (fs::path(m.file).stem().string() + ".aiem");
    try {
      oi::ImportedModel im = oi::import_onnx(m.file, io);
      oi::write_imported(im, aiem_file);
    } catch (const oi::ImportError& e) {
      std::cerr << fmt::format("aiemc: error: {}\n", e.what());
      return r;
    } catch (const std::exception& e) {
      std::cerr << fmt::format("aiemc: error: {}: {}\n", m.file, e.what());
      return r;
    }
    file = aiem_file.string();
    r.imported = copy;
  } else if (m.batch > 0) {
    std::cerr << fmt::format("aiemc: error: --batch applies to .onnx models; {} sets its batch itself\n", m.file);
    return r;
  }
  aiem::ParseOptions po;
  for (const auto& p : m.import_paths) po.import_paths.emplace_back(p);
  r.parsed = aiem::parse_file(file, po);
  std::cerr << r.parsed.rendered;
  if (!r.parsed.ok()) {
    if (r.imported)
      std::cerr << fmt::format("aiemc: note: {} was imported as {} for this command (aiemc import writes it to keep)\n",
                               m.file, file);
    return r;
  }
  aiem::ir::Graph g = aiem::impl_of(*r.parsed.model).graph;
  if (!m.hints.empty()) {
    try {
      aiem::hints::apply_layer_hints(m.hints, g);
    } catch (const aiem::hints::HintsError& e) {
      std::cerr << fmt::format("aiemc: error: {}\n", e.what());
      return r;
    }
  }
  r.graph = std::move(g);
  return r;
}

}  // namespace aiemc
