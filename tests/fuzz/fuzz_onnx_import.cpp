// The ONNX importer and the import -> check round trip on arbitrary bytes: an ImportError naming
// the node or field, or a model whose .aiem text (what `aiemc import` writes) parses back.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "aiem/aiem.hpp"
#include "dsl/import/onnx/onnx_import.hpp"
#include "ir/tensor_io/npy.hpp"
#include "tests/fuzz/fuzz_target.hpp"

namespace fs = std::filesystem;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const fs::path dir = fs::temp_directory_path() / ("aiem_fuzz_onnx_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path model = dir / "m.onnx";
  std::ofstream(model, std::ios::binary).write(reinterpret_cast<const char*>(data), std::streamsize(size));
  namespace oi = aiem::onnx_import;
  try {
    oi::ImportedModel m = oi::import_onnx(model);
    oi::write_imported(m, dir / "m.aiem");
    auto back = aiem::parse_file((dir / "m.aiem").string());
    if (!back.ok()) {  // whatever import writes, check accepts
      std::fputs(back.rendered.c_str(), stderr);
      std::abort();
    }
  } catch (const oi::ImportError&) {
  } catch (const aiem::io::TensorFileError&) {
  }
  return 0;
}
