// aiemc import MODEL.onnx [-o OUT.aiem] [--batch N] [--name NAME] [--target T]
// Imports a quantized ONNX (QDQ) or QONNX model: writes OUT.aiem and OUT.npz (both or neither).
// The graph is lowered before anything is written, so a model that imports but cannot be compiled
// exactly is reported here too.
#include <filesystem>
#include <fmt/format.h>
#include <iostream>

#include "ir/limits.hpp"
#include "dsl/import/onnx/onnx_import.hpp"
#include "ir/passes/passes.hpp"
#include "tools/aiemc/commands.hpp"

namespace aiemc {
namespace fs = std::filesystem;

Runner add_import_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("import", "Import a quantized ONNX (QDQ) or QONNX model as .aiem text + .npz parameters");
  struct Options {
    std::string file;
    std::string output;
    std::int64_t batch = 0;
    std::string name;
    std::string target = "vek280";
    bool softmax_reciprocal = false;
  };
  auto opt = std::make_shared<Options>();
  cmd->add_option("file", opt->file, "The .onnx model")->required();
  cmd->add_option("-o,--output", opt->output, "The .aiem file to write (default: the model's name in the current "
                                              "directory); its parameters go to the .npz beside it");
  cmd->add_option("--batch", opt->batch, "Batch size (default: the ONNX input's batch dimension, else 1)")
      ->check(CLI::Range(std::int64_t{1}, aiem::limits::kBatch));
  cmd->add_option("--name", opt->name, "Model name (default: the output's stem, else the input's)");
  cmd->add_option("--target", opt->target, "Target device")->check(CLI::IsMember({"vek280", "ve2302", "vek385"}));
  cmd->add_flag("--softmax-reciprocal", opt->softmax_reciprocal,
                "Each Softmax with one reciprocal per line instead of a division per element (faster; docs/language.md)");
  return [opt]() {
    namespace oi = aiem::onnx_import;
    oi::ImportOptions io;
    if (opt->batch > 0) io.batch = opt->batch;
    io.model_name = opt->name.empty() && !opt->output.empty() ? fs::path(opt->output).stem().string() : opt->name;
    io.target = opt->target;
    io.softmax_reciprocal = opt->softmax_reciprocal;
    fs::path out = opt->output.empty() ? fs::path(fs::path(opt->file).stem().string() + ".aiem") : fs::path(opt->output);
    try {
      oi::ImportedModel m = oi::import_onnx(opt->file, io);
      aiem::Diagnostics diags;
      aiem::ir::lower(m.graph, diags);
      if (diags.has_errors()) {
        for (const auto& d : diags.all()) std::cerr << fmt::format("aiemc: error: {}: {}\n", opt->file, d.message);
        return kUserError;
      }
      oi::write_imported(m, out);
      std::cerr << fmt::format("aiemc: imported {} ({}, {} layer{}) -> {} + {}\n", opt->file, m.flavor,
                               m.graph.nodes.size(), m.graph.nodes.size() == 1 ? "" : "s", out.string(),
                               fs::path(out).replace_extension(".npz").string());
      return kOk;
    } catch (const oi::ImportError& e) {
      std::cerr << fmt::format("aiemc: error: {}\n", e.what());
      return kUserError;
    } catch (const aiem::io::TensorFileError& e) {
      std::cerr << fmt::format("aiemc: error: {}\n", e.what());
      return kUserError;
    } catch (const fs::filesystem_error& e) {
      std::cerr << fmt::format("aiemc: error: cannot write '{}': {}\n", out.string(), e.what());
      return kUserError;
    }
  };
}

}  // namespace aiemc
