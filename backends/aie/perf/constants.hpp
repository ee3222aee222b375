#pragma once
// Every number the performance model uses, named, with where it comes from. Three kinds:
//   [arch]  an architecture fact (AM020 / AM027 / UG1603 / llvm-aie itinerary), via
//           ../shared/docs/aie-ml-architecture.md (section given);
//   [pub]   a calibration constant somebody else published (aie4ml-anchor.md §10);
//   [fit]   fitted by least squares on the published M1-M3 aiesim latencies only
//           (perf/calibrate.hpp; docs/performance.md shows the fit and the held-out M4-M6 check).
// Everything is a plain field, so a caller (a what-if study, a faster speed grade, another PL clock)
// overrides what it wants after for_device().
#include "backends/aie/device/device.hpp"

namespace aiem::aie::perf {

struct PerfConstants {
  // ---- clocks (0 = take the device catalog's value) ------------------------------------------
  double aie_clock_mhz = 0;  // [arch] VEK280 benchmarks 1250, VEK385 1050 (§1.2; device catalog)
  double pl_clock_mhz = 0;   // [arch] PLIO clock, default 1/4 of the AIE clock: 312.5 (§1.2)
  int plio_width_bits = 0;   // [arch] 128 on VEK280/VEK385 designs (§1.2, §4.5)

  // ---- core datapath -----------------------------------------------------------------------
  // Dense MACs per cycle per tile by operand widths (§2.1). AIE-ML: AM020 "AIE-ML Processor".
  // AIE-MLv2: int8 512 from the native 8x8x8 mac_8x8_8x8 (§2.5); the 16-bit rows are the lower
  // bounds §2.1 gives (AM027's comparison table was not retrievable) - uncertain.
  int macs_int8_int8 = 256;
  int macs_int16_int8 = 128;
  int macs_int16_int16 = 64;
  int load_ports = 2;            // [arch] two vector loads per cycle (§1.3 core ports)
  int load_bits = 256;           // [arch] AIE-ML 256-bit loads, AIE-MLv2 512 (§1.3)
  int store_bits = 256;          // [arch] one store per cycle, 256 bits on AIE-ML, 512 on v2 (§1.3)
  int cascade_bits = 512;        // [arch] one 512-bit cascade word per cycle (§1.3, §6.2: assumed 1/cycle)
  int load_latency = 7;          // [arch] VLDA/VLDB result at cycle 7 (§2.6, llvm-aie AIE2Schedule.td)
  int mac_latency = 5;           // [arch] integer VMAC result at cycle 5 (§2.6)
  int srs_latency = 4;           // [arch] VSRS result at cycle 4 (§2.6)
  int cascade_hop_latency = 7;   // [arch] VMOV_CASCADE_READ result at cycle 7 (§2.6): the wait of a
                                 // stage for its west neighbour's first word, per hop
  int requant_scaled_extra = 2;  // [arch] a non-power-of-two multiplier adds a to_vector<int32> and a
                                 // 32x32 aie::mul per block before the final SRS (requantize.hpp)
  // [pub] Fixed cost of one kernel invocation (generated main loop, lock acquire/release per
  // buffer port, call/return): cern-nextgen aie4ml estimate.py CALL_CYCLES=30, "a 16x16x16 int8
  // Dense takes 53 cc on AIE-ML for 16 cc of loads" (aie4ml-anchor.md §10).
  int kernel_call_cycles = 30;
  // [arch] Pointwise kernels (pointwise.hpp). binary: per 16-lane vector two loads (one cycle on
  // the two load ports), two UPS, an accumulator add (or a mul), one SRS and a store, software
  // pipelined at an initiation interval of 3 (the UPS and SRS share the shift-round unit; expected
  // error +-1 cycle, +-33%); a zero point or a left shift goes through the requantizer's int32
  // path, `requant_scaled_extra` more. lookup: a scalar loop of two dependent loads (the input
  // code, then its table entry) and a store, pipelined at 2 cycles per element (expected error
  // +-1 cycle, +-50%; the compiler may do better by unrolling).
  int pointwise_vector_ii = 3;
  int lookup_element_ii = 2;
  // [est] Row kernels (rows.hpp), scalar code. A pass over a row: one load and one 32-bit op per
  // element, pipelined at 2 cycles (as lookup). A 64-bit multiply-accumulate on the 32-bit scalar
  // unit: four 32x32 partial products and the carries, ~4 cycles. A rounding division of 64-bit
  // integers: the scalar unit has no divider, so a software routine of ~40 cycles (shift-subtract
  // over the quotient's bits; expected error +-50%). An integer square root: 32 iterations of a
  // compare, subtract and two shifts, ~128 cycles per row (+-50%).
  int row_element_ii = 2;
  int row_wide_mac_cycles = 4;
  int row_divide_cycles = 40;
  int row_isqrt_cycles = 128;
  // [est] Vector window kernels (window.hpp, pixels of whole 128-bit vectors): per window pixel the
  // scalar address and bounds test, then one 128-bit load and a store (im2col) or a max (maxpool)
  // per vector of its channels; ~2 cycles per pixel plus 1 per further vector (expected error +-50%,
  // as the scalar estimates).
  int window_pixel_cycles = 2;
  // [est] A product's transposed operand block (aie::transpose in dense.hpp): one shuffle, whose
  // modes aie2/transpose.hpp selects (two for its "emulated" shapes), issued on the permute path
  // beside the MACs; 1 cycle per block (expected error +1 cycle for the two-shuffle shapes).
  int transpose_cycles = 1;

  // ---- data movement -----------------------------------------------------------------------
  // [arch] One tile-DMA / memtile-DMA channel moves one 32-bit word per cycle on AIE-ML (§1.6,
  // measured 32 KB in 8192 cycles, §6.2); AIE-MLv2 streams and DMAs are 64-bit (§1.6, AM027).
  double dma_bytes_per_cycle = 4;
  // [arch] A core-stream / PLIO word enters the array at most one 32-bit (v2: 64-bit) word per cycle.
  double stream_bytes_per_cycle = 4;
  // [fit] Fixed cost of one buffer transfer between a memtile and a tile (lock acquire, BD start,
  // the first word through the switches, lock release), each direction.
  double dma_transfer_cycles = 13.6;
  // [fit] Per compute row between a chain and its memtile, each way: the broadcast to / the write
  // back from the chain in row r crosses r+1 switches. AM020 gives >= 4 cycles per switch (§1.6);
  // the fit includes the arbitration and back-pressure of the vertical fan-out.
  double row_hop_cycles = 7.0;
  // [fit] PLIO -> memtile write of the first buffer plus memtile -> PLIO first word (shim CDC FIFO,
  // interface tile, TLAST/event timing), once per graph.
  double io_fixed_cycles = 10.2;

  // Fills the architecture-dependent defaults and the clocks from the device catalog.
  static PerfConstants for_device(const Device& d);

  // Effective clocks and PLIO rate after overrides.
  double aie_mhz(const Device& d) const { return aie_clock_mhz > 0 ? aie_clock_mhz : d.aie_clock_mhz; }
  double pl_mhz(const Device& d) const { return pl_clock_mhz > 0 ? pl_clock_mhz : d.pl_clock_mhz; }
  int plio_bits(const Device& d) const { return plio_width_bits > 0 ? plio_width_bits : d.plio_width_bits; }
  // Bytes per AIE cycle one PLIO delivers: width x PL clock, capped by the 32/64-bit array stream.
  double plio_bytes_per_cycle(const Device& d) const;
  // MACs per cycle for an operand pair (bits of A and W).
  int macs_per_cycle(int a_bits, int w_bits) const;
};

}  // namespace aiem::aie::perf
