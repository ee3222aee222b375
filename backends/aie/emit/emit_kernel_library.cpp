#include <fmt/format.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "backends/aie/emit/emit.hpp"

namespace aiem::aie {

namespace fs = std::filesystem;

namespace {
// The library's headers: the source tree's stdlib/aie/include when it exists, else the installed copy.
fs::path kernel_library_dir() {
  fs::path build = AIEM_KERNELS_BUILD_DIR;
  if (fs::exists(build / "aiem_kernels")) return build;
  return AIEM_KERNELS_INSTALL_DIR;
}
}  // namespace

void emit_kernel_library(Project& p) {
  const fs::path dir = kernel_library_dir() / "aiem_kernels";
  if (!fs::is_directory(dir)) throw std::runtime_error(fmt::format("kernel library not found at {}", dir.string()));
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_regular_file()) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    p.add("src/aiem_kernels/" + f.filename().string(), ss.str());
  }
}

}  // namespace aiem::aie
