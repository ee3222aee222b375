#pragma once
// The model a subcommand reads: the .aiem file and its import directories (-I), parsed with the
// diagnostics printed to stderr. Shared by check, run, build, place and report.
#include <CLI/CLI.hpp>
#include <iostream>
#include <string>
#include <vector>

#include "aiem/aiem.hpp"

namespace aiemc {

struct ModelInput {
  std::string file;
  std::vector<std::string> import_paths;
};

inline void add_model_input(CLI::App* cmd, ModelInput& m) {
  cmd->add_option("file", m.file, "The .aiem model")->required();
  // One value per flag (repeat the flag), so that `-I dir model.aiem` leaves the model to `file`.
  cmd->add_option("-I,--import-path", m.import_paths, "Directory searched by `import` (repeatable)")->allow_extra_args(false);
}

// Prints every diagnostic (errors and warnings) to stderr; check ok() on the result.
inline aiem::ParseResult parse_model(const ModelInput& m) {
  aiem::ParseOptions po;
  for (const auto& p : m.import_paths) po.import_paths.emplace_back(p);
  auto r = aiem::parse_file(m.file, po);
  std::cerr << r.rendered;
  return r;
}

}  // namespace aiemc
