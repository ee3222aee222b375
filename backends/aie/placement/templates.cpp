#include "backends/aie/placement/templates.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace aiem::aie::placement {

std::vector<std::vector<bool>> handoff_fed(const PlacementProblem& p, int layer) {
  const Layer& l = p.layers.at(layer);
  std::vector<std::vector<bool>> fed(l.pn, std::vector<bool>(l.pk, false));
  for (const auto& e : p.edges)
    if (e.kind == EdgeKind::direct && e.consumer == layer)
      for (const auto& h : e.handoffs) fed.at(h.to.pn).at(h.to.pk) = true;
  return fed;
}

LayerPlacement instantiate(const BlockTemplate& t, int col, int row) {
  LayerPlacement lp;
  lp.tiles.resize(t.cells.size());
  for (std::size_t j = 0; j < t.cells.size(); ++j)
    for (const auto& c : t.cells[j]) lp.tiles[j].push_back({col + c.dx, row + c.dy});
  return lp;
}

namespace {

enum class Shape { row, column, stair };

Offset neighbour(Offset o, MemDir d) {
  switch (d) {
    case MemDir::own: return o;
    case MemDir::west: return {o.dx - 1, o.dy};
    case MemDir::north: return {o.dx, o.dy + 1};
    case MemDir::south: return {o.dx, o.dy - 1};
  }
  return o;
}

// First-fit packer of one layer's chains into a w x h box. Memory claims are tracked on a grid
// with a one-tile margin so claims on neighbours just outside the box (a chain head's west input
// buffer) are kept, and conflicts between the layer's own chains are excluded here.
class Packer {
 public:
  Packer(const Layer& l, const std::vector<std::vector<bool>>& fed, int w, int h)
      : l_(l), fed_(fed), w_(w), h_(h), core_(w * h, false), mem_((w + 2) * (h + 2), 0) {}

  // Places every chain, trying the shapes in `order` (a shape is tried everywhere before the
  // next one); fills `cells` [pn][pk] on success.
  bool pack(const std::vector<Shape>& order, std::vector<std::vector<Offset>>& cells) {
    cells.assign(l_.pn, {});
    std::vector<std::size_t> cursor(order.size(), 0);
    for (int j = 0; j < l_.pn; ++j) {
      bool placed = false;
      for (std::size_t s = 0; s < order.size() && !placed; ++s) placed = place_chain(j, order[s], cursor[s], cells[j]);
      if (!placed) return false;
    }
    return true;
  }

  BankMask mem(Offset o) const { return mem_[(o.dx + 1) + (o.dy + 1) * (w_ + 2)]; }

 private:
  bool inside(Offset o) const { return o.dx >= 0 && o.dx < w_ && o.dy >= 0 && o.dy < h_; }
  bool free(Offset o) const { return inside(o) && !core_[o.dx + o.dy * w_]; }
  BankMask& mem_at(Offset o) { return mem_[(o.dx + 1) + (o.dy + 1) * (w_ + 2)]; }

  // Candidate head positions in the scan order of each shape: rows fill from the bottom row
  // (closest to the memtiles) left to right; columns and stairs start at the top.
  Offset head_at(Shape s, std::size_t i) const {
    const int x = static_cast<int>(i % w_), k = static_cast<int>(i / w_);
    if (s == Shape::row) return {x, k};
    return {x, h_ - 1 - k};
  }

  bool path(Shape s, Offset head, std::vector<Offset>& out) const {
    out.clear();
    Offset c = head;
    for (int k = 0; k < l_.pk; ++k) {
      if (!free(c)) return false;  // east/south hops never revisit a tile
      out.push_back(c);
      if (k + 1 == l_.pk) break;
      if (s == Shape::row) c = {c.dx + 1, c.dy};
      else if (s == Shape::column) c = {c.dx, c.dy - 1};
      else c = free({c.dx + 1, c.dy}) ? Offset{c.dx + 1, c.dy} : Offset{c.dx, c.dy - 1};
    }
    return true;
  }

  // Commits the chain's bank claims if none collides; returns false (and changes nothing) if one does.
  bool claim(int chain, const std::vector<Offset>& cells) {
    std::vector<std::pair<Offset, BankMask>> claims;
    for (int k = 0; k < l_.pk; ++k) {
      BankMask own = l_.own_banks | (k + 1 == l_.pk ? l_.output_banks : 0);
      claims.push_back({cells[k], own});
      if (!fed_[chain][k] && l_.input_banks) claims.push_back({neighbour(cells[k], l_.input_memory), l_.input_banks});
    }
    std::map<std::pair<int, int>, BankMask> merged;
    for (auto& [o, m] : claims) {
      BankMask& acc = merged[{o.dx, o.dy}];
      if (acc & m) return false;
      acc |= m;
    }
    for (auto& [xy, m] : merged)
      if (mem({xy.first, xy.second}) & m) return false;
    for (auto& [xy, m] : merged) mem_at({xy.first, xy.second}) |= m;
    for (auto o : cells) core_[o.dx + o.dy * w_] = true;
    return true;
  }

  bool place_chain(int chain, Shape s, std::size_t& cursor, std::vector<Offset>& out) {
    const std::size_t n = static_cast<std::size_t>(w_) * h_;
    // A straight chain that failed at a head fails there for every later chain with the same claims
    // (occupancy only grows), so heads are not retried; chains fed by hand-offs claim less and may
    // be packed looser because of this, never illegally. The greedy stair path changes with
    // occupancy, so stairs rescan every head.
    for (std::size_t i = s == Shape::stair ? 0 : cursor; i < n; ++i) {
      if (path(s, head_at(s, i), out) && claim(chain, out)) {
        if (s != Shape::stair) cursor = i;
        return true;
      }
      if (s != Shape::stair) cursor = i + 1;
    }
    return false;
  }

  const Layer& l_;
  const std::vector<std::vector<bool>>& fed_;
  int w_, h_;
  std::vector<bool> core_;
  std::vector<BankMask> mem_;
};

BlockTemplate build(const Packer& packer, std::vector<std::vector<Offset>> cells, int w, int h) {
  int minx = w, miny = h, maxx = 0, maxy = 0;
  for (auto& ch : cells)
    for (auto o : ch) minx = std::min(minx, o.dx), miny = std::min(miny, o.dy), maxx = std::max(maxx, o.dx), maxy = std::max(maxy, o.dy);
  BlockTemplate t;
  for (auto& ch : cells)
    for (auto& o : ch) o = {o.dx - minx, o.dy - miny};
  t.cells = std::move(cells);
  t.width = maxx - minx + 1;
  t.height = maxy - miny + 1;
  for (int y = -1; y <= h; ++y)
    for (int x = -1; x <= w; ++x)
      if (BankMask m = packer.mem({x, y})) t.claims.push_back({x - minx, y - miny, m});
  bool rows = false, cols = false, stairs = false;
  for (auto& ch : t.cells)
    for (std::size_t k = 1; k < ch.size(); ++k) {
      if (ch[k].dy == ch[k - 1].dy) rows = true;
      else cols = true;
    }
  for (auto& ch : t.cells) {
    bool e = false, s = false;
    for (std::size_t k = 1; k < ch.size(); ++k) (ch[k].dy == ch[k - 1].dy ? e : s) = true;
    stairs = stairs || (e && s);
  }
  const char* kind = stairs ? "stairs" : rows && cols ? "rows+columns" : cols ? "columns" : "rows";
  t.shape = fmt::format("{} {}x{}", kind, t.width, t.height);
  return t;
}

bool same_cells(const BlockTemplate& a, const BlockTemplate& b) {
  if (a.width != b.width || a.height != b.height) return false;
  for (std::size_t j = 0; j < a.cells.size(); ++j)
    for (std::size_t k = 0; k < a.cells[j].size(); ++k)
      if (a.cells[j][k].dx != b.cells[j][k].dx || a.cells[j][k].dy != b.cells[j][k].dy) return false;
  return true;
}

}  // namespace

std::vector<BlockTemplate> make_templates(const PlacementProblem& p, int layer) {
  const Layer& l = p.layers.at(layer);
  const Region r = resolved_region(p);
  const int W = r.col_last - r.col_first + 1, H = r.row_last - r.row_first + 1;
  const auto fed = handoff_fed(p, layer);
  const auto dirs = layer_cascade(p, l);
  const bool east = std::find(dirs.begin(), dirs.end(), CascadeDir::west_to_east) != dirs.end();
  const bool south = std::find(dirs.begin(), dirs.end(), CascadeDir::north_to_south) != dirs.end();

  // A single-stage chain has no hop, so its shape is the same under every order.
  std::vector<std::vector<Shape>> orders;
  if (east) orders.push_back(south ? std::vector{Shape::row, Shape::column, Shape::stair} : std::vector{Shape::row});
  if (south && l.pk > 1) orders.push_back(east ? std::vector{Shape::column, Shape::row, Shape::stair} : std::vector{Shape::column});
  if (!east && l.pk == 1) orders.push_back({Shape::column});

  std::vector<BlockTemplate> out;
  const long long T = l.tiles();
  if (T > static_cast<long long>(W) * H) return out;
  for (const auto& order : orders) {
    for (int h = 1; h <= H; ++h) {
      const int w_min = static_cast<int>(std::max<long long>(1, (T + h - 1) / h));
      for (int w = w_min; w <= W; ++w) {
        Packer packer(l, fed, w, h);
        std::vector<std::vector<Offset>> cells;
        if (!packer.pack(order, cells)) continue;
        BlockTemplate t = build(packer, std::move(cells), w, h);
        if (std::none_of(out.begin(), out.end(), [&](const BlockTemplate& o) { return same_cells(o, t); }))
          out.push_back(std::move(t));
        break;
      }
    }
  }
  return out;
}

}  // namespace aiem::aie::placement
