#pragma once
// Helpers for host-emulation tests: a fresh scratch directory per test (used as the emulator's
// input and output directory) and PLIO text files written/read from code.
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace emu_test {

inline std::filesystem::path scratch_dir(const std::string& name) {
  auto d = std::filesystem::temp_directory_path() / ("aiem_host_adf_" + std::to_string(::getpid()) + "_" + name);
  std::filesystem::remove_all(d);
  std::filesystem::create_directories(d);
  setenv("AIEM_EMU_INPUT_DIR", d.c_str(), 1);
  setenv("AIEM_EMU_OUTPUT_DIR", (d / "out").c_str(), 1);
  return d;
}

inline void write_text(const std::filesystem::path& p, const std::string& s) {
  std::ofstream(p) << s;
}

// Values `per_line` to a line, as Vitis PLIO files are laid out.
template <class T>
void write_plio(const std::filesystem::path& p, const std::vector<T>& v, std::size_t per_line) {
  std::ostringstream s;
  for (std::size_t i = 0; i < v.size(); ++i)
    s << std::int64_t(v[i]) << ((i + 1) % per_line == 0 || i + 1 == v.size() ? '\n' : ' ');
  write_text(p, s.str());
}

inline std::vector<std::int64_t> read_values(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::vector<std::int64_t> v;
  std::int64_t x;
  while (in >> x) v.push_back(x);
  return v;
}

}  // namespace emu_test
