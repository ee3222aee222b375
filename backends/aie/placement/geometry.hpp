#pragma once
// The hop model shared by the search, evaluate() and the renderers: Manhattan hops between tiles,
// memtiles (below compute row 0) and shim columns (below the memtiles).
#include <algorithm>
#include <climits>
#include <cstdlib>
#include <vector>

#include "backends/aie/placement/placement.hpp"

namespace aiem::aie::placement {

struct Box {
  int x0 = INT_MAX, y0 = INT_MAX, x1 = INT_MIN, y1 = INT_MIN;
  bool empty() const { return x0 > x1; }
  void add(int x, int y) { x0 = std::min(x0, x), y0 = std::min(y0, y), x1 = std::max(x1, x), y1 = std::max(y1, y); }
  void add(const Box& b) {
    if (!b.empty()) add(b.x0, b.y0), add(b.x1, b.y1);
  }
  int half_perimeter() const { return empty() ? 0 : (x1 - x0 + 1) + (y1 - y0 + 1); }
};

// Distance from column x to the column interval [lo, hi].
inline int gap(int lo, int hi, int x) { return x < lo ? lo - x : x > hi ? x - hi : 0; }
inline int interval_gap(int a0, int a1, int b0, int b1) { return std::max(0, std::max(a0, b0) - std::min(a1, b1)); }

// Hops from the memtile in column m up to the nearest tile of `b`.
inline int memtile_hops(const Box& b, int m) { return gap(b.x0, b.x1, m) + b.y0 + 1; }

// A memtile edge: producer outputs down to the memtile, then up to the consumer.
inline int edge_wire(const Box& out, const Box& in, int m) { return memtile_hops(out, m) + memtile_hops(in, m); }

// A PLIO in shim column s: up through the memtile rows to the nearest tile of `b`.
inline int plio_wire(const Device& d, const Box& b, int s) { return gap(b.x0, b.x1, s) + b.y0 + d.memtile.rows + 1; }

// Box of every tile of a layer (where inputs arrive) and of its chain tails (where outputs leave).
inline Box tiles_box(const LayerPlacement& lp) {
  Box b;
  for (const auto& ch : lp.tiles)
    for (const auto& t : ch) b.add(t.col, t.row);
  return b;
}
inline Box tails_box(const LayerPlacement& lp) {
  Box b;
  for (const auto& ch : lp.tiles)
    if (!ch.empty()) b.add(ch.back().col, ch.back().row);
  return b;
}

// A stream edge's hops: the longest Manhattan distance of a hand-off whose consumer tile cannot
// address the producer tile's memory (those go by tile DMA), 0 if all stay in place. `from(stage)`
// and `to(stage)` are the tiles of a producer and a consumer stage.
template <class From, class To>
int stream_hops(const Device& d, const Edge& e, From from, To to) {
  int hops = 0;
  for (const auto& h : e.handoffs) {
    const Tile f = from(h.from), t = to(h.to);
    if (!addresses(d, t, f)) hops = std::max(hops, std::abs(t.col - f.col) + std::abs(t.row - f.row));
  }
  return hops;
}

// The box a PLIO connects to: all tiles for an input, the tails for an output.
inline Box plio_box(const Plio& io, const LayerPlacement& lp) { return io.dir == IoDir::input ? tiles_box(lp) : tails_box(lp); }

}  // namespace aiem::aie::placement
