#include "ir/io/data_dir.hpp"

#include <dlfcn.h>

#include <cstdlib>
#include <stdexcept>
#include <string>

namespace aiem::io {

namespace fs = std::filesystem;

namespace {

// The part's place in the source tree (rule 2).
fs::path source_part(std::string_view part) {
  const fs::path src = AIEM_SOURCE_TREE;
  if (part == "stdlib") return src / "stdlib";
  if (part == "devices") return src / "stdlib/devices";
  if (part == "host/include") return src / "stdlib/host/include";
  if (part == "kernels/include") return src / "stdlib/aie/include";
  throw std::invalid_argument("data_dir: unknown part '" + std::string(part) + "'");
}

bool inside(const fs::path& p, const fs::path& dir) {
  auto rel = p.lexically_relative(dir);
  return !rel.empty() && *rel.begin() != "..";
}

}  // namespace

fs::path data_dir(std::string_view part) {
  const fs::path src = source_part(part);  // also validates `part`
  if (const char* e = std::getenv("AIEM_DATA_DIR"); e && *e) return fs::path(e) / part;
  // The binary holding this code: the program (aiemc, a test) or the shared object it was linked
  // into (the Python module).
  std::error_code ec;
  fs::path exe;
  Dl_info info{};
  if (dladdr(reinterpret_cast<void*>(&data_dir), &info) != 0 && info.dli_fname != nullptr && *info.dli_fname != '\0')
    exe = fs::weakly_canonical(fs::absolute(info.dli_fname, ec), ec);
  if (exe.empty() || ec) exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    if (inside(exe.lexically_normal(), fs::path(AIEM_BUILD_TREE).lexically_normal())) return src;
    // <prefix>/bin/aiemc -> <prefix>/share/aiem/<part>
    const fs::path installed = exe.parent_path() / AIEM_BIN_TO_DATA / "aiem" / part;
    if (fs::exists(installed, ec)) return installed.lexically_normal();
  }
  return fs::path(AIEM_INSTALL_DATA) / "aiem" / part;
}

}  // namespace aiem::io
