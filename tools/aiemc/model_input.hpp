#pragma once
// The model a subcommand reads: a .aiem file (with its import directories, -I) or an ONNX model
// imported in memory (QDQ / QONNX, as `aiemc import` would write it), plus per-layer hints from a
// --hints file. Diagnostics are printed to stderr. Shared by check, run, build, place and report.
#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "aiem/aiem.hpp"
#include "ir/graph.hpp"

namespace aiemc {

struct ModelInput {
  std::string file;
  std::vector<std::string> import_paths;
  std::int64_t batch = 0;  // .onnx: the batch size (0: the ONNX input's batch dimension, else 1)
  std::string hints;       // a --hints TOML file
};

void add_model_input(CLI::App* cmd, ModelInput& m);

// The parsed model, its graph with the hints applied, and for an ONNX input the temporary .aiem
// it was imported to (removed with the result).
struct LoadedModel {
  aiem::ParseResult parsed;
  std::optional<aiem::ir::Graph> graph;  // set when ok()
  std::shared_ptr<struct ImportedCopy> imported;
  bool ok() const { return parsed.ok() && graph.has_value(); }
};

// Prints every diagnostic (errors and warnings) to stderr.
LoadedModel load_model(const ModelInput& m);

}  // namespace aiemc
