#include "backends/aie/perf/constants.hpp"

#include <algorithm>

namespace aiem::aie::perf {

PerfConstants PerfConstants::for_device(const Device& d) {
  PerfConstants c;
  if (d.arch == Arch::aie_ml_v2) {
    // AM027 / §1.3-§1.6: 512-bit loads and stores, 64-bit streams and DMA channels, native int8 8x8x8.
    c.macs_int8_int8 = 512;
    c.load_bits = 512;
    c.store_bits = 512;
    c.dma_bytes_per_cycle = 8;
    c.stream_bytes_per_cycle = 8;
  }
  return c;
}

double PerfConstants::plio_bytes_per_cycle(const Device& d) const {
  const double pl_bytes_per_aie_cycle = plio_bits(d) / 8.0 * pl_mhz(d) / aie_mhz(d);
  return std::min(pl_bytes_per_aie_cycle, stream_bytes_per_cycle);
}

int PerfConstants::macs_per_cycle(int a_bits, int w_bits) const {
  if (a_bits == 8 && w_bits == 8) return macs_int8_int8;
  if (a_bits == 16 && w_bits == 8) return macs_int16_int8;
  // int16 x int16, and int8 x int16, which AIE-ML only emulates (4x4x8 / 4x4x4 marked "emulated" in
  // aie_api mmul.hpp, §2.1): charged at the int16 x int16 rate.
  return macs_int16_int16;
}

}  // namespace aiem::aie::perf
