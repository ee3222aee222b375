#include <fmt/format.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "backends/aie/emit/emit.hpp"
#include "ir/io/atomic_output.hpp"
#include "ir/io/data_dir.hpp"

namespace aiem::aie {

namespace fs = std::filesystem;

void emit_kernel_library(Project& p) {
  const fs::path dir = io::data_dir("kernels/include") / "aiem_kernels";  // ir/io/data_dir.hpp
  if (!fs::is_directory(dir))
    throw io::OutputError(fmt::format("the AIE kernel library is not at {} (a broken install? AIEM_DATA_DIR names "
                                      "the data directory)", dir.string()));
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
