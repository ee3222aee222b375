#pragma once
// aiem_project.json: what a generated project tells `aiemc emulate` (and the CMake helper
// aiem_emulate) about itself: the graph source with main(), the kernel sources, include
// directories, the AIE architecture, and each output PLIO file with its golden file. Paths are
// relative to the project directory.
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace aiem::emulation {

struct ManifestError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct ProjectManifest {
  static constexpr int kFormat = 1;
  std::string name;
  int aie_arch = 20;  // __AIE_ARCH__: 20 AIE-ML, 22 AIE-MLv2
  std::string graph_source;
  std::vector<std::string> kernel_sources;
  std::vector<std::string> include_dirs;
  struct Output {
    std::string plio;    // logical PLIO name
    std::string file;    // where the graph writes it (under the emulator's output directory)
    std::string golden;  // expected contents, from the reference interpreter
    // Optional ("shape" in the JSON): the row layout on the stream, for the .npy outputs.
    struct Shape {
      std::int64_t columns = 0;         // real values per row
      std::int64_t stream_columns = 0;  // values per row on the stream (padded to 32-bit words)
      std::string dtype;                // int8, uint8, int16, uint16
    } shape;
    std::string tensor;  // optional ("tensor"): the model output this PLIO carries
    // Optional ("tensor_column"): the first of the tensor's columns this PLIO carries, when a wide
    // output leaves through several PLIOs, each a slice of its columns.
    std::int64_t tensor_column = 0;
  };
  std::vector<Output> outputs;
};

// Reads DIR/aiem_project.json; ManifestError naming the file and the offending field.
ProjectManifest read_manifest(const std::filesystem::path& project_dir);
// The JSON text of a manifest (deterministic: fixed key order, 2-space indent).
std::string manifest_json(const ProjectManifest& m);

inline constexpr const char* kManifestFile = "aiem_project.json";

}  // namespace aiem::emulation
