#pragma once
// Time of one buffer transfer. Buffers move store-and-forward: a consumer (kernel or memtile read
// port) starts when the whole buffer is there, so a transfer costs its fixed latency plus its
// bytes at the channel rate.
#include <cstdint>

#include "backends/aie/perf/constants.hpp"

namespace aiem::aie::perf {

// A memtile <-> tile DMA transfer of `bytes` on one channel (32 bit per cycle on AIE-ML).
inline double dma_transfer_cycles(std::int64_t bytes, const PerfConstants& c) {
  return c.dma_transfer_cycles + double(bytes) / c.dma_bytes_per_cycle;
}

// A PLIO <-> memtile transfer of `bytes` on one PLIO: width x PL clock, capped by the array stream.
inline double plio_transfer_cycles(std::int64_t bytes, const Device& d, const PerfConstants& c) {
  return double(bytes) / c.plio_bytes_per_cycle(d);
}

// Switch hops between a chain in compute row `row` (0 = next to the memtiles) and its memtile.
inline double row_route_cycles(int row, const PerfConstants& c) { return (row + 1) * c.row_hop_cycles; }

}  // namespace aiem::aie::perf
