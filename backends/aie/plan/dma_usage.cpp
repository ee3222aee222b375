#include "backends/aie/plan/dma_usage.hpp"

namespace aiem::aie {

bool addressable(const Device& d, std::array<int, 2> c, std::array<int, 2> p) {
  if (c == p) return true;
  if (p[0] == c[0] - 1 && p[1] == c[1]) return d.can_address(MemDir::west);
  if (p[0] == c[0] && p[1] == c[1] + 1) return d.can_address(MemDir::north);
  if (p[0] == c[0] && p[1] == c[1] - 1) return d.can_address(MemDir::south);
  return false;
}

DmaUsage dma_usage(const Plan& plan) {
  DmaUsage u;
  auto use = [&](std::array<int, 2> t, bool in) {
    TileDma& d = u.tiles[t];
    (in ? d.s2mm : d.mm2s) += 1;
    d.bds += 2;
  };
  for (std::size_t li = 0; li < plan.layers.size() && li < plan.tiles.size(); ++li) {
    const DenseLayerPlan& l = plan.layers[li];
    const bool next_direct = li + 1 < plan.layers.size() && plan.layers[li + 1].direct_input;
    DirectEdge edge{int(li), 0, 0};
    for (int pn = 0; pn < l.PN; ++pn)
      for (int pk = 0; pk < l.PK; ++pk) {
        const auto t = plan.tiles[li][std::size_t(pn)][std::size_t(pk)];
        if (!l.direct_input) use(t, true);  // from a memory tile
        if (pk != l.PK - 1) continue;
        if (!next_direct) {
          use(t, false);  // into a memory tile
          continue;
        }
        // Chain pn's tail feeds stage pn of every consumer chain.
        const DenseLayerPlan& c = plan.layers[li + 1];
        bool streams = false;
        for (int cn = 0; cn < c.PN; ++cn) {
          const auto ct = plan.tiles[li + 1][std::size_t(cn)][std::size_t(pn)];
          if (addressable(plan.device, ct, t)) {
            ++edge.in_place;
          } else {
            ++edge.dma;
            use(ct, true);
            streams = true;
          }
        }
        if (streams) use(t, false);  // one MM2S broadcasts to every consumer that needs a copy
      }
    if (next_direct) u.direct.push_back(edge);
  }
  for (const auto& b : plan.buffers) {
    MemtileDma& m = u.memtiles[b.column];
    m.s2mm += int(b.in.size());
    m.mm2s += int(b.out.size());
    m.bds += 2 * int(b.in.size() + b.out.size());
  }
  return u;
}

}  // namespace aiem::aie
