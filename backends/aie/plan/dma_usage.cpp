#include "backends/aie/plan/dma_usage.hpp"

#include "backends/aie/placement/problem.hpp"

namespace aiem::aie {

bool addressable(const Device& d, std::array<int, 2> c, std::array<int, 2> p) {
  return placement::addresses(d, {c[0], c[1]}, {p[0], p[1]});
}

DmaUsage dma_usage(const Plan& plan) {
  DmaUsage u;
  auto use = [&](std::array<int, 2> t, bool in) {
    TileDma& d = u.tiles[t];
    (in ? d.s2mm : d.mm2s) += 1;
    d.bds += 2;
  };
  for (std::size_t li = 0; li < plan.layers.size() && li < plan.tiles.size(); ++li) {
    const LayerPlan& l = plan.layers[li];
    // The layer that takes this one's result kernel to kernel, if any (dense to dense, sole reader).
    int next = -1;
    for (int c : plan.consumers(int(li)))
      if (plan.layers[std::size_t(c)].direct_input) next = c;
    DirectEdge edge{int(li), next, 0, 0};
    for (int pn = 0; pn < l.PN; ++pn)
      for (int pk = 0; pk < l.PK; ++pk) {
        const auto t = plan.tiles[li][std::size_t(pn)][std::size_t(pk)];
        // From a memory tile: one stream per operand.
        if (!l.direct_input) {
          use(t, true);
          if (l.x2_bytes() > 0) use(t, true);
        }
        if (pk != l.PK - 1) continue;
        if (next < 0) {
          use(t, false);  // into a memory tile
          continue;
        }
        // Chain pn's tail feeds stage pn of every consumer chain.
        const LayerPlan& c = plan.layers[std::size_t(next)];
        bool streams = false;
        for (int cn = 0; cn < c.PN; ++cn) {
          const auto ct = plan.tiles[std::size_t(next)][std::size_t(cn)][std::size_t(pn)];
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
    if (next >= 0) u.direct.push_back(edge);
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
