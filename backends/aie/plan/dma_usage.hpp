#pragma once
// Who moves what by DMA in a placed plan, counted per compute tile and per memory tile: the
// numbers the resource check holds against the device (channels, buffer descriptors) and the
// report shows. A layer edge that is "direct" (chain tail to cascade stage, no memory tile) is a
// neighbour hand-off in place when the consumer can address the producer's memory (the producer
// is the consumer's west, north or south neighbour, AM020 "Neighbour access"), and otherwise a
// tile-DMA transfer: the producer's MM2S streams its output buffer into the consumer's S2MM.
#include <array>
#include <map>
#include <vector>

#include "backends/aie/plan/physical_plan.hpp"

namespace aiem::aie {

struct TileDma {
  int s2mm = 0, mm2s = 0;  // channels in use
  int bds = 0;             // buffer descriptors (two per channel: ping and pong)
};

struct MemtileDma {
  int s2mm = 0, mm2s = 0;
  int bds = 0;  // two per port (ping and pong; one access pattern each)
};

struct DirectEdge {
  int producer = 0;       // layer index
  int consumer = 0;       // the layer it hands its result to
  int in_place = 0;       // consumer kernels reading the producer's buffer in its memory
  int dma = 0;            // consumer kernels fed by a tile-DMA transfer
};

struct DmaUsage {
  std::map<std::array<int, 2>, TileDma> tiles;  // by (column, row)
  std::map<int, MemtileDma> memtiles;           // by column
  std::vector<DirectEdge> direct;               // one per direct layer edge
};

// Needs a placed plan (Plan::tiles and buffer columns filled).
DmaUsage dma_usage(const Plan& plan);

// Whether the core at `consumer` can address the data memory of the tile at `producer`.
bool addressable(const Device& d, std::array<int, 2> consumer, std::array<int, 2> producer);

}  // namespace aiem::aie
