#include "backends/aie/emit/project.hpp"

#include "backends/emulate/project_manifest.hpp"

namespace aiem::aie {

namespace fs = std::filesystem;

void write_project(const fs::path& dir, const Project& p, const io::DirectoryOutput& how) {
  io::DirectoryOutput h = how;
  h.marker = emulation::kManifestFile;  // every project aiemc writes has it
  io::write_directory(dir, p.files, h);
}

}  // namespace aiem::aie
