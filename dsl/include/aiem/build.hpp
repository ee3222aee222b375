#pragma once
// Building a model into a Vitis AIE project for AIE-ML / AIE-MLv2 (aiemc build), and the checks a
// build makes (aiemc check --build).
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "aiem/diagnostic.hpp"
#include "aiem/model.hpp"
#include "aiem/report.hpp"

namespace aiem {

// Where on the array a design may go and how a batch is cut: aiemc's --device, --columns,
// --keep-out, --samples-per-iteration and --hints.
struct ArrayOptions {
  std::string device;                         // "vek280", "ve2302", "vek385" or a device .json; empty: the model's target
  std::string columns;                        // "A..B", the columns the design may use; empty: all
  std::vector<std::pair<int, int>> keep_out;  // (column, row) tiles the design must not use
  std::int64_t samples_per_iteration = 0;     // a divisor of the batch; 0: the largest that fits
  std::filesystem::path hints;                // per-layer hints, a TOML file (docs/backend.md); empty: none
  std::string hints_text;                     // the same as TOML text, applied after `hints`
};

struct BuildOptions : ArrayOptions {
  int batches = 1;          // input batches in the PLIO data and the graph's run
  std::uint64_t seed = 1;   // of the random codes of an input not given
  // Inputs by name (codes or real values), each k batches of the input's shape ([k * batch, d...]);
  // k then replaces `batches`. The golden outputs are the reference interpreter's for them.
  std::map<std::string, Tensor> inputs;
};

// A generated project in memory: relative path -> contents (sorted, deterministic).
struct Project {
  std::map<std::string, std::string> files;
  std::string summary;  // the one-screen summary aiemc build prints
  Report report;        // the design's figures (report.json holds the same)
  // The files the project was made from (the model's sources): write() never replaces a directory
  // holding one of them.
  std::vector<std::filesystem::path> sources;
  // Writes the project atomically: `dir` ends as this project, or (on Error) as it was. `dir` must be
  // new, empty or an earlier aiemc project, unless `force`.
  void write(const std::filesystem::path& dir, bool force = false) const;
};

struct BuildResult : Outcome {
  std::optional<Project> project;  // present when the model builds
  bool ok() const { return project.has_value(); }
};

// A model the AIE backend cannot build (an op it does not lower, a design that does not fit the
// device or the region) is an error diagnostic at the offending layer. Error for options that are
// malformed (columns, hints file, inputs that do not fit the model).
BuildResult build(const Model& model, const BuildOptions& options = {});

// The checks build makes before it emits anything: the device loads, every layer lowers, the design
// fits and places. Errors as for build; nothing else is computed.
Outcome check(const Model& model, const ArrayOptions& options = {});

}  // namespace aiem
