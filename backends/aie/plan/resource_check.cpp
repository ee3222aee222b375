#include "backends/aie/plan/resource_check.hpp"

#include <fmt/format.h>

#include <map>
#include <set>

#include "backends/aie/plan/make_plan.hpp"

namespace aiem::aie {

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
  std::map<int, std::array<std::int64_t, 3>> per_column;  // s2mm, mm2s, bytes
  for (const auto& b : plan.buffers) {
    if (b.column < 0 || b.column >= d.columns) {
      v.push_back(fmt::format("buffer '{}' has no memtile column", b.name));
      continue;
    }
    auto& c = per_column[b.column];
    c[0] += std::int64_t(b.in.size());
    c[1] += std::int64_t(b.out.size());
    c[2] += 2 * b.bytes();
  }
  for (auto& [col, c] : per_column) {
    if (c[0] > d.memtile.dma_s2mm || c[1] > d.memtile.dma_mm2s)
      v.push_back(fmt::format("memtile column {}: {} S2MM and {} MM2S channels used, it has {} and {}", col, c[0], c[1],
                              d.memtile.dma_s2mm, d.memtile.dma_mm2s));
    if (c[2] > d.memtile.bytes) v.push_back(fmt::format("memtile column {}: {} bytes of buffers, it has {}", col, c[2], d.memtile.bytes));
  }
  for (const auto& io : plan.plios)
    if (!d.has_plio(io.column)) v.push_back(fmt::format("PLIO '{}' in shim column {}, which has no PL interface", io.name, io.column));
  return v;
}

}  // namespace aiem::aie
