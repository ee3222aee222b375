// The .aiem front end: parsing and semantic analysis of arbitrary text (no imports from disk
// beyond the standard library). Any input must end in diagnostics or a model, never a crash.
#include <string_view>

#include "aiem/aiem.hpp"
#include "tests/fuzz/fuzz_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto r = aiem::parse(text, "fuzz.aiem");
  if (r.ok()) (void)r.model->ir_text();
  return 0;
}
