#include "backends/aie/plan/resource_check.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "backends/aie/plan/dma_usage.hpp"
#include "backends/aie/plan/make_plan.hpp"

namespace aiem::aie {

namespace {

// The zero padding a memory-tile read (MM2S) inserts around the real data (the boundary, else the
// buffer) must fit its buffer descriptor's fields: D0_Zero_Before/After 6 bits (32-bit words),
// D1 5 bits (rows of dimension 0), D2 4 bits (planes of dimension 1), none for dimension 3
// (aie-rt driver/src/global/xaiemlgbl_params.h, memory-tile DMA_BD words 1, 3, 4, 5; the same
// widths for AIE-MLv2 in xaie2psgbl_params.h; AMD's DMA_BD1_4 (MEMORY_TILE_MODULE) register
// page; UG1603 "Tiling Parameters and Buffer Descriptors"). Counted per tile: the most any tile
// the traversal visits pads before and after the data along each dimension.
std::string zero_padding_problem(const Tiling& t, const ElemType& elem) {
  const std::size_t rank = t.buffer_dimension.size();
  if (t.offset.size() != rank || t.tiling_dimension.size() != rank) return {};
  constexpr std::int64_t most[] = {63, 31, 15, 0};
  const char* const unit[] = {"32-bit words", "rows", "planes", "steps"};
  for (std::size_t d = 0; d < rank && d < 4; ++d) {
    const std::int64_t real = t.boundary_dimension.size() == rank ? t.boundary_dimension[d] : t.buffer_dimension[d];
    std::int64_t last = t.offset[d];  // the first element of the farthest tile along d
    for (const auto& st : t.traversal)
      if (std::size_t(st.dimension) == d) last += st.stride * (st.wrap - 1);
    const std::int64_t tile = t.tiling_dimension[d];
    std::int64_t before = std::min(tile, std::max<std::int64_t>(0, -t.offset[d]));
    std::int64_t after = std::min(tile, std::max<std::int64_t>(0, last + tile - real));
    if (d == 0) {  // counted in words
      before = (before * elem.bytes() + 3) / 4;
      after = (after * elem.bytes() + 3) / 4;
    }
    if (before > most[d] || after > most[d])
      return fmt::format("it pads dimension {} with {} {} before and {} after the data; a memory-tile buffer "
                         "descriptor pads at most {} {}",
                         d, before, unit[d], after, most[d], unit[d]);
  }
  return {};
}

}  // namespace

std::vector<std::string> check_resources(const Plan& plan) {
  std::vector<std::string> v;
  const Device& d = plan.device;
  std::set<std::array<int, 2>> used;
  for (std::size_t li = 0; li < plan.layers.size(); ++li) {
    const auto& l = plan.layers[li];
    if (auto why = tile_memory_problem(l, d); !why.empty()) v.push_back(l.name + ": " + why);
    if (plan.tiles.size() != plan.layers.size()) {
      v.push_back(l.name + ": not placed");
      continue;
    }
    for (int pn = 0; pn < l.PN; ++pn)
      for (int pk = 0; pk < l.PK; ++pk) {
        auto t = plan.tiles[li][std::size_t(pn)][std::size_t(pk)];
        if (t[0] < 0 || t[0] >= d.columns || t[1] < 0 || t[1] >= d.rows)
          v.push_back(fmt::format("{}: kernel [{}][{}] at ({},{}) is outside the array", l.name, pn, pk, t[0], t[1]));
        if (!used.insert(t).second) v.push_back(fmt::format("tile ({},{}) is used twice", t[0], t[1]));
        if (pk > 0) {  // cascade neighbours: west->east in a row or north->south in a column
          auto p = plan.tiles[li][std::size_t(pn)][std::size_t(pk - 1)];
          bool east = t[1] == p[1] && t[0] == p[0] + 1 && d.allows(CascadeDir::west_to_east);
          bool south = t[0] == p[0] && t[1] == p[1] - 1 && d.allows(CascadeDir::north_to_south);
          if (!east && !south)
            v.push_back(fmt::format("{}: cascade from ({},{}) to ({},{}) is not a legal hop", l.name, p[0], p[1], t[0], t[1]));
        }
      }
  }
  std::map<int, std::int64_t> memtile_bytes;
  for (const auto& b : plan.buffers) {
    if (b.column < 0 || b.column >= d.columns) {
      v.push_back(fmt::format("buffer '{}' has no memtile column", b.name));
      continue;
    }
    memtile_bytes[b.column] += 2 * b.bytes();
  }
  for (auto& [col, bytes] : memtile_bytes)
    if (bytes > d.memtile.bytes) v.push_back(fmt::format("memtile column {}: {} bytes of buffers, it has {}", col, bytes, d.memtile.bytes));
  // DMA channels and buffer descriptors, including the tile DMA of direct edges between tiles
  // that do not share memory.
  if (plan.tiles.size() == plan.layers.size()) {
    const DmaUsage u = dma_usage(plan);
    for (const auto& [col, m] : u.memtiles) {
      if (m.s2mm > d.memtile.dma_s2mm || m.mm2s > d.memtile.dma_mm2s)
        v.push_back(fmt::format("memtile column {}: {} S2MM and {} MM2S channels used, it has {} and {}", col, m.s2mm,
                                m.mm2s, d.memtile.dma_s2mm, d.memtile.dma_mm2s));
      if (m.bds > d.memtile.buffer_descriptors)
        v.push_back(fmt::format("memtile column {}: {} buffer descriptors needed, it has {}", col, m.bds,
                                d.memtile.buffer_descriptors));
    }
    for (const auto& [t, m] : u.tiles) {
      if (m.s2mm > d.tile.dma_s2mm || m.mm2s > d.tile.dma_mm2s)
        v.push_back(fmt::format("tile ({},{}): {} S2MM and {} MM2S DMA channels used, it has {} and {}", t[0], t[1], m.s2mm,
                                m.mm2s, d.tile.dma_s2mm, d.tile.dma_mm2s));
      if (m.bds > d.tile.buffer_descriptors)
        v.push_back(fmt::format("tile ({},{}): {} buffer descriptors needed, it has {}", t[0], t[1], m.bds,
                                d.tile.buffer_descriptors));
    }
  }
  for (const auto& io : plan.plios) {
    if (!d.has_plio(io.column)) v.push_back(fmt::format("PLIO '{}' in shim column {}, which has no PL interface", io.name, io.column));
    // A transfer of a fractional number of beats never completes (the PL mover waits for the rest).
    if (io.stream_bytes() % (io.width_bits / 8) != 0 || io.stream_cols * io.elem.bytes() % 4 != 0)
      v.push_back(fmt::format("PLIO '{}': {} bytes per iteration ({} per row) are not whole {}-bit beats and 32-bit words",
                              io.name, io.stream_bytes(), io.stream_cols * io.elem.bytes(), io.width_bits));
  }
  // DMA lengths, strides, offsets and padding are counted in 32-bit words: every extent of the
  // contiguous dimension of a memory-tile access pattern is a whole number of words.
  for (const auto& b : plan.buffers) {
    auto check = [&](const Tiling& t, const char* side, std::size_t port) {
      std::vector<std::int64_t> dim0;
      for (const auto* list : {&t.buffer_dimension, &t.tiling_dimension, &t.offset, &t.boundary_dimension})
        if (!list->empty()) dim0.push_back((*list)[0]);
      for (const auto& st : t.traversal)
        if (st.dimension == 0) dim0.push_back(st.stride);
      for (auto x : dim0)
        if (x * b.elem.bytes() % 4 != 0) {
          v.push_back(fmt::format("buffer '{}' {}[{}]: an extent of {} {} elements along the contiguous dimension is not "
                                  "a whole number of 32-bit words",
                                  b.name, side, port, x, b.elem.ctype()));
          return;
        }
    };
    for (std::size_t i = 0; i < b.in.size(); ++i) check(b.in[i].tiling, "in", i);
    for (std::size_t i = 0; i < b.out.size(); ++i) check(b.out[i].tiling, "out", i);
    for (std::size_t i = 0; i < b.out.size(); ++i)
      if (auto why = zero_padding_problem(b.out[i].tiling, b.elem); !why.empty())
        v.push_back(fmt::format("buffer '{}' out[{}]: {}", b.name, i, why));
  }
  return v;
}

}  // namespace aiem::aie
