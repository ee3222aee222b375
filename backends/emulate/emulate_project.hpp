#pragma once
// Builds a generated project's own sources (graph.cpp with main(), the kernels) with the host
// compiler against the host emulation headers (stdlib/host/include), runs the graph, and compares
// every output PLIO file with its golden file. This is `aiemc emulate DIR`.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "backends/emulate/project_manifest.hpp"

namespace aiem::emulation {

// The project did not compile or its graph failed at run time; the message carries the log.
struct EmulationFailure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct EmulateOptions {
  std::string cxx = "g++";              // host compiler, possibly with a launcher ("ccache g++"); CXX in the CLI
  std::filesystem::path work_dir;       // build products and outputs; empty: a temporary directory
  // In a kept work directory, reuse objects built by the same command from unchanged sources and
  // headers (the compiler's -MMD dependency lists), as make does.
  bool reuse = true;
  std::filesystem::path output_dir;     // also write each output PLIO as NAME.npy here (empty: don't)
  std::function<void(const std::string&)> progress;  // one line per step (compile, run, compare)
  int jobs = 0;                         // parallel compilations; 0: hardware concurrency
  // One translation unit including every source (much faster: the emulation headers are parsed
  // once). Off compiles each source on its own, as the AIE compiler does.
  bool unity = true;
  std::vector<std::string> extra_flags;
};

struct OutputCheck {
  ProjectManifest::Output output;
  std::size_t values = 0;         // what the graph wrote
  std::size_t golden_values = 0;  // what the golden file holds
  std::size_t mismatches = 0;     // positions (up to the shorter length) whose values differ
  std::optional<std::size_t> first_mismatch;
  std::int64_t got = 0, want = 0;  // at first_mismatch
  std::vector<std::int64_t> produced;  // what the graph wrote, in stream order
  bool matches() const { return values == golden_values && mismatches == 0; }
};

// An output PLIO's values without the stream's padding columns: shape [rows, columns] when the
// manifest gives the row layout, else the flat stream.
struct UnpaddedOutput {
  std::vector<std::int64_t> shape;
  std::vector<std::int64_t> values;
};
UnpaddedOutput unpadded(const OutputCheck& c);

struct EmulationReport {
  ProjectManifest manifest;
  double compile_seconds = 0, run_seconds = 0;
  std::size_t translation_units_compiled = 0, translation_units_reused = 0;
  std::vector<OutputCheck> outputs;
  bool all_match() const {
    for (auto& o : outputs)
      if (!o.matches()) return false;
    return true;
  }
};

// First checks the graph as AMD's graph front end compiles it (check_graph_front_end), then builds
// the kernels and the graph as kernel code, runs and compares.
EmulationReport emulate_project(const std::filesystem::path& project_dir, const EmulateOptions& options = {});

// graph.cpp compiled with -std=c++17 -fsyntax-only, without __AIENGINE__ (AIE API declarations only,
// aie_api/aie_declaration.hpp); EmulationFailure with the compiler's output if it does not compile.
void check_graph_front_end(const ProjectManifest& m, const std::filesystem::path& project,
                           const std::filesystem::path& work, const std::string& cxx = "g++");

// The words of a compiler setting ("ccache g++" is a launcher and a compiler), as make splits $(CXX).
std::vector<std::string> compiler_command(const std::string& cxx);

// Where the host emulation headers are: $AIEM_HOST_INCLUDE, else the source tree's
// stdlib/host/include when it exists, else the installed copy.
std::filesystem::path host_include_dir();

// The integers of a PLIO text file, read with the emulator's own tokenizer (aiem_emu/plio_file.hpp);
// EmulationFailure names file:line for anything that is not one. `role` names the file ("output").
std::vector<std::int64_t> read_plio_values(const std::filesystem::path& file, const std::string& role);

}  // namespace aiem::emulation
