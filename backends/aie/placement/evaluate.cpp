#include <fmt/format.h>

#include <map>

#include "backends/aie/placement/geometry.hpp"
#include "backends/aie/placement/placement.hpp"

namespace aiem::aie::placement {

Cost evaluate(const PlacementProblem& p, const Placement& pl) {
  const Device& d = p.device;
  if (pl.layers.size() != p.layers.size() || pl.memtile_column.size() != p.edges.size() ||
      pl.shim_column.size() != p.plios.size())
    throw ProblemError("evaluate: the placement does not match the problem (layer, edge or PLIO count)");
  Cost c;
  Box all;
  for (const auto& lp : pl.layers) {
    Box b = tiles_box(lp);
    all.add(b);
    if (!b.empty()) c.rows += b.y1 + 1;
  }
  c.bbox = all.half_perimeter();

  // Memtile channel load per column, from memtile edges and PLIOs staged through a memtile.
  std::map<int, std::pair<int, int>> load;
  for (std::size_t i = 0; i < p.edges.size(); ++i) {
    const Edge& e = p.edges[i];
    if (e.kind == EdgeKind::stream)
      c.handoff += stream_hops(d, e, [&](Stage s) { return pl.layers[e.producer].at(s); },
                               [&](Stage s) { return pl.layers[e.consumer].at(s); });
    if (e.kind != EdgeKind::memtile) continue;
    const int m = pl.memtile_column[i];
    c.wire += edge_wire(tails_box(pl.layers[e.producer]), tiles_box(pl.layers[e.consumer]), m);
    load[m].first += e.s2mm;
    load[m].second += e.mm2s;
  }
  for (std::size_t i = 0; i < p.plios.size(); ++i) {
    const Plio& io = p.plios[i];
    const int s = pl.shim_column[i];
    c.wire += plio_wire(d, plio_box(io, pl.layers[io.layer]), s);
    if (io.via_memtile) load[s].first += io.s2mm, load[s].second += io.mm2s;
  }
  const double cap_in = memtile_s2mm_per_column(d), cap_out = memtile_mm2s_per_column(d);
  for (const auto& [col, io] : load)
    c.pressure += (cap_in > 0 ? io.first * io.first / cap_in : 0) + (cap_out > 0 ? io.second * io.second / cap_out : 0);

  const Weights& w = p.weights;
  c.total = w.wire * c.wire + w.bbox * c.bbox + w.rows * c.rows + w.pressure * c.pressure;
  c.refined = c.total + w.handoff * c.handoff;
  return c;
}

}  // namespace aiem::aie::placement
