#include "backends/aie/emit/project.hpp"

#include <fmt/format.h>

#include <fstream>
#include <random>
#include <stdexcept>

namespace aiem::aie {

namespace fs = std::filesystem;

void write_project(const fs::path& dir_in, const Project& p) {
  const fs::path dir = fs::absolute(dir_in).lexically_normal();
  const fs::path parent = dir.parent_path();
  fs::create_directories(parent);
  const std::string tag = fmt::format("{:x}", std::random_device{}());
  const fs::path tmp = parent / fmt::format(".{}.tmp-{}", dir.filename().string(), tag);
  const fs::path old = parent / fmt::format(".{}.old-{}", dir.filename().string(), tag);
  try {
    for (const auto& [rel, text] : p.files) {
      fs::path f = tmp / rel;
      fs::create_directories(f.parent_path());
      std::ofstream out(f, std::ios::binary);
      out << text;
      if (!out) throw std::runtime_error(fmt::format("cannot write {}", f.string()));
    }
    if (fs::exists(dir)) fs::rename(dir, old);
    fs::rename(tmp, dir);
    std::error_code ec;
    fs::remove_all(old, ec);
  } catch (...) {
    std::error_code ec;
    fs::remove_all(tmp, ec);
    if (!fs::exists(dir) && fs::exists(old)) fs::rename(old, dir, ec);
    throw;
  }
}

}  // namespace aiem::aie
