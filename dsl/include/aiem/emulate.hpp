#pragma once
// Running a generated project on the host (aiemc emulate): its sources compiled with the host
// compiler against aiemc's emulation of the AIE API and ADF (the same declarations as AMD's
// headers), its graph run, every output compared with its golden file.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "aiem/build.hpp"
#include "aiem/model.hpp"

namespace aiem {

struct EmulateOptions {
  std::string cxx = "g++";              // host compiler, possibly with a launcher ("ccache g++")
  // Build products and outputs; kept, a later call recompiles only what changed. Empty: a
  // temporary directory (removed).
  std::filesystem::path work_dir;
  int jobs = 0;                         // parallel compilations; 0: all cores
  bool unity = true;                    // one translation unit (faster); false: each source alone
  std::vector<std::string> extra_flags; // e.g. "-fsanitize=address"
  std::function<void(const std::string&)> progress;  // one line per step
};

struct EmulatedOutput {
  std::string plio;                  // the output PLIO
  std::string tensor;                // the model output it carries (empty when the project does not say)
  std::int64_t tensor_column = 0;    // the first of the tensor's columns it carries (a slice of a wide output)
  std::vector<std::int64_t> shape;   // [k * batch, d...] for a model output, else [rows, columns]
  std::vector<std::int64_t> codes;   // what the emulated graph wrote, padding dropped
  std::vector<double> values;        // their real values (model outputs only)
  std::size_t mismatches = 0;        // values that differ from the golden file (or a length difference)
  bool matches = false;              // bit-exact with the golden file
};

struct EmulationResult {
  std::string model;
  double compile_seconds = 0, run_seconds = 0;
  std::vector<EmulatedOutput> outputs;  // in the project's output order: one per PLIO; emulating a
                                        // Model joins a wide output's PLIO slices into one
  bool all_match() const {
    for (const auto& o : outputs)
      if (!o.matches) return false;
    return true;
  }
};

// Emulates the project in `project_dir` (written by aiemc build or Project::write). Error when it is
// not a project, does not compile or its graph fails; a mismatch is a result.
EmulationResult emulate(const std::filesystem::path& project_dir, const EmulateOptions& options = {});

// Builds `model` with `build` (its inputs: the ones to emulate) and emulates that project in
// options.work_dir (required), leaving no other file: a later call with other inputs of the same
// number of batches recompiles nothing. Each output is the model's, shaped as run() returns it.
// Error as above, and when the model does not build (the message holds the diagnostics).
EmulationResult emulate(const Model& model, const BuildOptions& build, const EmulateOptions& options);

}  // namespace aiem
