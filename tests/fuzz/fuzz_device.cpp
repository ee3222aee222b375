// The device catalog reader on arbitrary text: a Device or a DeviceError naming the field.
#include <string_view>

#include "backends/aie/device/device.hpp"
#include "tests/fuzz/fuzz_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    (void)aiem::aie::parse_device(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.json");
  } catch (const aiem::aie::DeviceError&) {
  }
  return 0;
}
