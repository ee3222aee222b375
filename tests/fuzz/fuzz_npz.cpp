// The .npz reader (libzip, then the .npy reader per member) on arbitrary bytes: the archive's
// arrays or a TensorFileError, nothing else, and nothing inflated beyond the archive limit. libzip
// reads files, so each input is written to one scratch file of this process first.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "ir/tensor_io/npy.hpp"
#include "tests/fuzz/fuzz_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::filesystem::path scratch =
      std::filesystem::temp_directory_path() / ("aiem_fuzz_npz_" + std::to_string(::getpid()) + ".npz");
  {
    std::ofstream out(scratch, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  try {
    auto f = aiem::io::NpzFile::read(scratch);
    for (const auto& name : f.names()) (void)f.get(name);
  } catch (const aiem::io::TensorFileError&) {
  }
  std::error_code ec;
  std::filesystem::remove(scratch, ec);
  return 0;
}
