// The .npy reader on arbitrary bytes: an array or a TensorFileError, nothing else.
#include <span>

#include "ir/tensor_io/npy.hpp"
#include "tests/fuzz/fuzz_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    (void)aiem::io::parse_npy(std::span(reinterpret_cast<const std::byte*>(data), size), "fuzz.npy");
  } catch (const aiem::io::TensorFileError&) {
  }
  return 0;
}
