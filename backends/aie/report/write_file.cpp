#include <fmt/format.h>

#include <fstream>
#include <random>

#include "backends/aie/report/render.hpp"

namespace aiem::aie::report {

namespace fs = std::filesystem;

void write_file_atomically(const fs::path& path, const std::string& text) {
  const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
  // A sibling, so the rename stays within one file system and is atomic; hidden and randomised so
  // two concurrent writers never share it.
  const fs::path tmp = dir / fmt::format(".{}.tmp-{}", path.filename().string(), std::random_device{}());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw std::runtime_error(fmt::format("{}: cannot write file", path.string()));
    out.write(text.data(), std::streamsize(text.size()));
    out.close();
    if (!out) {
      std::error_code ignore;
      fs::remove(tmp, ignore);
      throw std::runtime_error(fmt::format("{}: write failed", path.string()));
    }
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) {
    std::error_code ignore;
    fs::remove(tmp, ignore);
    throw std::runtime_error(fmt::format("{}: cannot write file: {}", path.string(), ec.message()));
  }
}

}  // namespace aiem::aie::report
