// The outer branch and bound over layer blocks (template + corner), see docs/placement.md.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <tuple>

#include "backends/aie/placement/assign.hpp"
#include "backends/aie/placement/geometry.hpp"
#include "backends/aie/placement/placement.hpp"
#include "backends/aie/placement/templates.hpp"

namespace aiem::aie::placement {

namespace {

constexpr double eps = 1e-9;
constexpr double cap_tol = 1e-6;  // refine(): a placement at the cap is in (the I/O search wants cost < cutoff - eps)
constexpr double inf = std::numeric_limits<double>::infinity();

struct Candidate {
  int tmpl;
  int x, y;
  double lb;
  double guide;  // the bound without the area floor: the dive order (it tells compact from spread
                 // candidates that the floor makes equal)
};

// A template's boxes relative to its corner: all tiles (inputs arrive there) and chain tails.
struct TemplateBoxes {
  Box tiles, tails;
};

Box shifted(const Box& b, int x, int y) { return {b.x0 + x, b.y0 + y, b.x1 + x, b.y1 + y}; }

class Search {
 public:
  Search(const PlacementProblem& p, const SearchOptions& o) : p_(p), o_(o), region_(resolved_region(p)), io_(p) {
    const Device& d = p.device;
    const int n = static_cast<int>(p.layers.size());
    usable_.assign(d.columns * d.rows, false);
    for (int r = region_.row_first; r <= region_.row_last; ++r)
      for (int c = region_.col_first; c <= region_.col_last; ++c) usable_[index(c, r)] = true;
    for (const auto& t : p.keep_out) usable_[index(t.col, t.row)] = false;
    core_.assign(usable_.size(), -1);
    mem_.assign(usable_.size(), 0);
    usable_count_ = static_cast<int>(std::count(usable_.begin(), usable_.end(), true));

    templates_.resize(n);
    boxes_.resize(n);
    min_height_.assign(n, 0);
    for (int l = 0; l < n; ++l) {
      templates_[l] = make_templates(p, l);
      for (const auto& t : templates_[l]) {
        TemplateBoxes b;
        for (const auto& ch : t.cells) {
          for (const auto& c : ch) b.tiles.add(c.dx, c.dy);
          b.tails.add(ch.back().dx, ch.back().dy);
        }
        boxes_[l].push_back(b);
      }
      if (!templates_[l].empty())
        min_height_[l] = std::min_element(templates_[l].begin(), templates_[l].end(), [](auto& a, auto& b) {
                           return a.height < b.height;
                         })->height;
    }
    placed_.assign(n, false);
    tmpl_.assign(n, -1), x_.assign(n, 0), y_.assign(n, 0);
    out_.assign(n, Box{}), in_.assign(n, Box{});
    item_lb_.assign(p.edges.size() + p.plios.size(), 0);
    for (std::size_t i = 0; i < item_lb_.size(); ++i) item_lb_[i] = item_bound(static_cast<int>(i), -1, Box{}, Box{});
    layer_items_.resize(n);
    for (std::size_t i = 0; i < p.edges.size(); ++i) {
      layer_items_[p.edges[i].producer].push_back(static_cast<int>(i));
      layer_items_[p.edges[i].consumer].push_back(static_cast<int>(i));
    }
    for (std::size_t i = 0; i < p.plios.size(); ++i)
      layer_items_[p.plios[i].layer].push_back(static_cast<int>(p.edges.size() + i));
    direct_edges_.resize(n);
    for (std::size_t i = 0; i < p.edges.size(); ++i)
      if (p.edges[i].kind == EdgeKind::direct)
        direct_edges_[p.edges[i].producer].push_back(static_cast<int>(i)),
            direct_edges_[p.edges[i].consumer].push_back(static_cast<int>(i));
    is_stream_.assign(item_lb_.size(), false);
    for (std::size_t i = 0; i < p.edges.size(); ++i)
      if (p.edges[i].kind == EdgeKind::stream) stream_edges_.push_back(static_cast<int>(i)), is_stream_[i] = true;
    order_ = layer_order(false);
    twin_ = twins(false);
    min_area_hp_ = min_area_half_perimeter();
  }

  void precheck() const {
    const Region& r = region_;
    const int W = r.col_last - r.col_first + 1, H = r.row_last - r.row_first + 1;
    int sum = 0;
    for (std::size_t l = 0; l < p_.layers.size(); ++l) {
      const Layer& L = p_.layers[l];
      if (templates_[l].empty())
        throw PlacementError(
            fmt::format("layer '{}' does not fit: it needs {} tiles as {} cascade chain(s) of {} contiguous tiles "
                        "(PK x PN = {}x{}), and no such block fits in the region (columns {}..{}, rows {}..{}: {}x{} = {} tiles)",
                        L.name, L.tiles(), L.pn, L.pk, L.pk, L.pn, r.col_first, r.col_last, r.row_first, r.row_last, W, H,
                        W * H),
            L.name, L.tiles(), usable_count_);
      sum += L.tiles();
      if (sum > usable_count_)
        throw PlacementError(fmt::format("layer '{}' does not fit: with the layers before it the design needs {} tiles, "
                                         "the region has {} usable tiles ({} for this layer's {})",
                                         L.name, sum, usable_count_, usable_count_ - (sum - L.tiles()), L.tiles()),
                             L.name, L.tiles(), usable_count_ - (sum - L.tiles()));
    }
    // Channel budgets summed over the region: no assignment exists above them.
    const Device& d = p_.device;
    int mt_in = 0, mt_out = 0, sh_in = 0, sh_out = 0, mt_cols = 0, pl_cols = 0;
    for (int c = r.col_first; c <= r.col_last; ++c) mt_cols++, pl_cols += d.has_plio(c);
    for (const auto& e : p_.edges)
      if (e.kind == EdgeKind::memtile) mt_in += e.s2mm, mt_out += e.mm2s;
    for (const auto& io : p_.plios) {
      (io.dir == IoDir::input ? sh_in : sh_out) += plio_channels(d, io);
      if (io.via_memtile) mt_in += io.s2mm, mt_out += io.mm2s;
    }
    if (mt_in > mt_cols * memtile_s2mm_per_column(d) || mt_out > mt_cols * memtile_mm2s_per_column(d))
      throw PlacementError(fmt::format("the design needs {} S2MM / {} MM2S memtile channels; the region's {} memtile "
                                       "columns offer {} / {}",
                                       mt_in, mt_out, mt_cols, mt_cols * memtile_s2mm_per_column(d),
                                       mt_cols * memtile_mm2s_per_column(d)),
                           "", 0, 0);
    if (sh_in > pl_cols * d.shim.pl_to_aie_channels || sh_out > pl_cols * d.shim.aie_to_pl_channels)
      throw PlacementError(fmt::format("the design's PLIOs need {} PL->AIE / {} AIE->PL shim channels; the region's {} "
                                       "PLIO columns offer {} / {}",
                                       sh_in, sh_out, pl_cols, pl_cols * d.shim.pl_to_aie_channels,
                                       pl_cols * d.shim.aie_to_pl_channels),
                           "", 0, 0);
  }

  Placement run() {
    precheck();
    hard_cap_ = o_.node_budget > std::numeric_limits<long long>::max() / 64 ? o_.node_budget : o_.node_budget * 50;
    budget_ = o_.node_budget;
    fail_depth_ = -1;
    dfs(0, Box{}, 0);
    if (!have_best_) {
      const Layer& L = p_.layers[order_[std::max(fail_depth_, 0)]];
      std::vector<std::string> before;
      for (int i = 0; i < fail_depth_; ++i) before.push_back("'" + p_.layers[order_[i]].name + "'");
      throw PlacementError(
          fmt::format("layer '{}' does not fit: no legal position for its {} tiles ({} chain(s) of {}) {}; the region has "
                      "{} usable tiles{}",
                      L.name, L.tiles(), L.pn, L.pk,
                      before.empty() ? std::string("in the region") : fmt::format("once {} are placed", fmt::join(before, ", ")),
                      usable_count_, stopped_ ? fmt::format(" (search stopped after {} nodes)", nodes_) : std::string()),
          L.name, L.tiles(), fail_free_);
    }
    best_.stats.nodes = nodes_;
    best_.stats.leaves = leaves_;
    best_.stats.io_nodes = io_nodes_;
    best_.stats.evaluated = evaluated_;
    best_.stats.budget_exhausted = stopped_;
    best_.stats.proven_optimal = !stopped_ && !truncated_ && !inner_aborted_;
    best_.cost = evaluate(p_, best_);
    best_.stats.lower_bound = best_.stats.proven_optimal ? best_.cost.total : std::min(best_.cost.total, open_lb_);
    best_.stats.first_total = best_.cost.total;
    best_.stats.first_handoff = best_.cost.handoff;
    if (!stream_edges_.empty() && p_.weights.handoff > 0 && o_.refine_budget > 0) refine();
    return best_;
  }

  // The second pass: among placements whose objective is at most `refine_slack` above the first
  // pass's (whose proof and bound stay those of the objective), the least objective + weighted
  // hand-off hops, by the same branch and bound with the hand-offs exact wherever both ends are
  // placed and the layers ordered along them, so that each consumer is placed next to a producer
  // already down. The first pass's placement is the incumbent.
  void refine() {
    Placement before = best_;  // its stats (the first pass's) carry first_total and first_handoff
    stream_w_ = p_.weights.handoff;
    cap_ = before.cost.total + o_.refine_slack;
    best_cost_ = before.cost.refined;
    order_ = layer_order(true);
    twin_ = twins(true);
    nodes_ = 0, stopped_ = false;
    budget_ = hard_cap_ = o_.refine_budget;
    dfs(0, Box{}, 0);
    best_.stats = before.stats;
    best_.stats.refine_nodes = nodes_;
    best_.stats.refine_exhausted = stopped_;
    best_.cost = evaluate(p_, best_);
    if (best_.cost.refined < before.cost.refined - eps) best_.first_pass.push_back(std::move(before));
    if (best_.cost.total > cap_ + 2 * cap_tol)
      throw std::logic_error("placement refinement raised the objective");  // (the cap forbids it)
  }

 private:
  int index(int c, int r) const { return c + r * p_.device.columns; }
  bool in_device(int c, int r) const { return c >= 0 && r >= 0 && c < p_.device.columns && r < p_.device.rows; }

  // Pinned layers first (their position is forced), then repeatedly the layer with most edges to
  // layers already ordered; ties: more tiles, then lower index. Starting from the largest layer
  // lets the others gather around it. Stream edges count only when they are costed (`streams`).
  std::vector<int> layer_order(bool streams) const {
    const int n = static_cast<int>(p_.layers.size());
    std::vector<int> order;
    std::vector<bool> taken(n, false);
    for (int l = 0; l < n; ++l)
      if (p_.layers[l].pin) order.push_back(l), taken[l] = true;
    while (static_cast<int>(order.size()) < n) {
      int best = -1, best_links = -1;
      for (int l = 0; l < n; ++l) {
        if (taken[l]) continue;
        int links = 0;
        for (const auto& e : p_.edges)
          if ((streams || e.kind != EdgeKind::stream) &&
              ((e.producer == l && taken[e.consumer]) || (e.consumer == l && taken[e.producer])))
            ++links;
        if (links > best_links || (links == best_links && p_.layers[l].tiles() > p_.layers[best].tiles()))
          best = l, best_links = links;
      }
      order.push_back(best);
      taken[best] = true;
    }
    return order;
  }

  // Symmetry: two layers with the same footprint and nothing attached (no pin, edge or PLIO) can
  // trade places without changing the cost, so of every such pair only the placements with the
  // later layer (in search order) at a larger (row, column, template) than the earlier are
  // searched. twin[l]: the nearest earlier layer l is interchangeable with, -1 if none. Stream
  // edges attach only when they are costed (`streams`).
  std::vector<int> twins(bool streams) const {
    const int n = static_cast<int>(p_.layers.size());
    std::vector<bool> attached(n, false);
    for (const auto& e : p_.edges)
      if (streams || e.kind != EdgeKind::stream) attached[e.producer] = attached[e.consumer] = true;
    for (const auto& io : p_.plios) attached[io.layer] = true;
    auto same = [&](const Layer& a, const Layer& b) {
      return a.pk == b.pk && a.pn == b.pn && a.own_banks == b.own_banks && a.output_banks == b.output_banks &&
             a.input_banks == b.input_banks && a.input_memory == b.input_memory && a.cascade == b.cascade;
    };
    std::vector<int> twin(n, -1);
    for (int d = 0; d < n; ++d) {
      const int l = order_[d];
      if (attached[l] || p_.layers[l].pin) continue;
      for (int e = d - 1; e >= 0 && twin[l] < 0; --e) {
        const int k = order_[e];
        if (!attached[k] && !p_.layers[k].pin && same(p_.layers[k], p_.layers[l])) twin[l] = k;
      }
    }
    return twin;
  }

  // Admissible wire bound of I/O item i (edges, then PLIOs) when `layer` sits at boxes (tiles,
  // tails) and the other layers are as currently placed (layer -1: only the current state).
  double item_bound(int i, int layer, const Box& tiles, const Box& tails, int ti = -1, int x = 0, int y = 0) const {
    auto in_of = [&](int l) -> const Box* { return l == layer ? &tiles : placed_[l] ? &in_[l] : nullptr; };
    auto out_of = [&](int l) -> const Box* { return l == layer ? &tails : placed_[l] ? &out_[l] : nullptr; };
    const int ne = static_cast<int>(p_.edges.size());
    const double w = p_.weights.wire;
    if (i < ne) {
      const Edge& e = p_.edges[i];
      const Box* o = out_of(e.producer);
      const Box* n = in_of(e.consumer);
      if (e.kind == EdgeKind::stream) {  // exact once both ends are known, costed in refinement only
        if (!o || !n || stream_w_ == 0) return 0;
        auto at = [&](int l2, Stage st) {
          if (l2 != layer) return tile_of(l2, st);
          const auto& c = templates_[l2][ti].cells[st.pn][st.pk];
          return Tile{x + c.dx, y + c.dy};
        };
        return stream_w_ * stream_hops(p_.device, e, [&](Stage s) { return at(e.producer, s); },
                                       [&](Stage s) { return at(e.consumer, s); });
      }
      if (e.kind != EdgeKind::memtile) return 0;
      const int floor = region_.row_first + 1;  // a half-path climbs at least to the region's first row
      if (o && n) return w * io_.min_edge_wire(*o, *n);
      if (o) return w * (o->y0 + 1 + floor);
      if (n) return w * (n->y0 + 1 + floor);
      return w * 2 * floor;
    }
    // A group of identical PLIOs is bounded as a whole by its leader (its members count 0).
    const int pi = i - ne;
    const Plio& io = p_.plios[pi];
    const Box* b = io.dir == IoDir::input ? in_of(io.layer) : out_of(io.layer);
    if (b) return io_.plio_group_bound(pi, *b);
    return w * io_.group_size(pi) * (region_.row_first + p_.device.memtile.rows + 1);
  }

  bool legal(int l, const BlockTemplate& t, int x, int y) const {
    for (const auto& ch : t.cells)
      for (const auto& c : ch) {
        const int cx = x + c.dx, cy = y + c.dy;
        if (!in_device(cx, cy) || !usable_[index(cx, cy)] || core_[index(cx, cy)] >= 0) return false;
      }
    for (const auto& m : t.claims) {
      const int cx = x + m.dx, cy = y + m.dy;
      if (!in_device(cx, cy) || !usable_[index(cx, cy)] || (mem_[index(cx, cy)] & m.banks)) return false;
    }
    // Hand-offs to and from placed layers: the consumer must address the producer's memory.
    for (int ei : direct_edges_[l]) {
      const Edge& e = p_.edges[ei];
      const bool prod = e.producer == l && placed_[e.consumer];
      const bool cons = e.consumer == l && placed_[e.producer];
      if (!prod && !cons) continue;
      for (const auto& h : e.handoffs) {
        Tile from, to;
        if (prod) {
          const auto& o = t.cells[h.from.pn][h.from.pk];
          from = {x + o.dx, y + o.dy};
          to = tile_of(e.consumer, h.to);
        } else {
          const auto& o = t.cells[h.to.pn][h.to.pk];
          to = {x + o.dx, y + o.dy};
          from = tile_of(e.producer, h.from);
        }
        if (!addresses(p_.device, to, from)) return false;
      }
    }
    return true;
  }

  Tile tile_of(int l, Stage s) const {
    const auto& o = templates_[l][tmpl_[l]].cells[s.pn][s.pk];
    return {x_[l] + o.dx, y_[l] + o.dy};
  }

  // The final bounding box holds every tile, so its half-perimeter is at least that of the
  // squarest region-fitting box with room for all of them (min_area_hp_), and at least the
  // current box's.
  double bound(const Box& bbox, int rows, double items, bool area_floor = true) const {
    const Weights& w = p_.weights;
    const int hp = area_floor ? std::max(bbox.half_perimeter(), min_area_hp_) : bbox.half_perimeter();
    return w.bbox * hp + w.rows * rows + items + io_.min_pressure();
  }

  int min_area_half_perimeter() const {
    long long total = 0;
    for (const auto& l : p_.layers) total += l.tiles();
    const int W = region_.col_last - region_.col_first + 1, H = region_.row_last - region_.row_first + 1;
    int best = W + H;
    for (int h = 1; h <= H; ++h) {
      const long long w = (total + h - 1) / h;
      if (w <= W) best = std::min(best, static_cast<int>(w) + h);
    }
    return best;
  }

  std::vector<Candidate> candidates(int l, const Box& bbox, int rows, int depth) const {
    const Layer& L = p_.layers[l];
    int rows_rest = 0;  // every unplaced layer's top row is at least its lowest template height up
    for (std::size_t i = depth + 1; i < order_.size(); ++i) rows_rest += region_.row_first + min_height_[order_[i]];
    // The objective's items and the hand-offs (refinement) apart: the cap binds the first.
    double items_rest = 0, stream_rest = 0;
    for (std::size_t i = 0; i < item_lb_.size(); ++i) (is_stream_[i] ? stream_rest : items_rest) += item_lb_[i];
    const double items_all = items_rest;
    for (int i : layer_items_[l]) (is_stream_[i] ? stream_rest : items_rest) -= item_lb_[i];
    const double limit = std::min(best_cost_, cap_ + cap_tol);  // the objective of a better placement is below

    // The symmetry break applies once a placement is known: before, it can force the dive into a
    // corner the twins then cannot fill (a raster order is not the guide's), and the search may
    // spend its whole budget without a leaf. It stays exact: a placement it prunes has its sorted
    // twin, which the break never prunes.
    const int tw = have_best_ ? twin_[l] : -1;
    std::vector<Candidate> out;
    for (int ti = 0; ti < static_cast<int>(templates_[l].size()); ++ti) {
      const BlockTemplate& t = templates_[l][ti];
      auto consider = [&](int x, int y) {
        if (tw >= 0 && std::tuple(y, x, ti) <= std::tuple(y_[tw], x_[tw], tmpl_[tw])) return;
        ++evaluated_;
        const Box tiles = shifted(boxes_[l][ti].tiles, x, y), tails = shifted(boxes_[l][ti].tails, x, y);
        Box b = bbox;
        b.add(tiles);
        double items = items_rest, stream = stream_rest;
        for (int i : layer_items_[l]) (is_stream_[i] ? stream : items) += item_bound(i, l, tiles, tails, ti, x, y);
        const double objective_lb = bound(b, rows + tiles.y1 + 1 + rows_rest, items);
        const double lb = objective_lb + stream;
        // The bound is cheaper than the legality check: candidates it prunes are never examined.
        if (objective_lb > cap_ + cap_tol || (have_best_ && lb >= best_cost_ - eps)) return;
        if (legal(l, t, x, y))
          out.push_back({ti, x, y, lb, bound(b, rows + tiles.y1 + 1 + rows_rest, items, false) + stream});
      };
      if (L.pin) {
        consider(L.pin->col - t.cells[0][0].dx, L.pin->row - t.cells[0][0].dy);
        continue;
      }
      // With an incumbent, corners far from the current box grow its half-perimeter (and high
      // rows the row term) past the incumbent's cost; skip them without evaluating. Admissible:
      // the layer's own items cost at least their bounds before it is placed (item_lb_).
      const int x_first = region_.col_first, x_last = region_.col_last - t.width + 1;
      int y_lo = region_.row_first, y_hi = region_.row_last - t.height + 1;
      if (tw >= 0) y_lo = std::max(y_lo, y_[tw]);
      const bool windowed = have_best_ && !bbox.empty() && p_.weights.bbox > 0;
      const double base = windowed ? bound(bbox, rows + region_.row_first + t.height + rows_rest, items_all, false) : 0;
      for (int y = y_lo; y <= y_hi; ++y) {
        int x_lo = x_first, x_hi = x_last;
        if (windowed) {
          const int y_growth = std::max(0, bbox.y0 - y) + std::max(0, y + t.height - 1 - bbox.y1);
          const double room = (limit - base - p_.weights.rows * (y - region_.row_first)) / p_.weights.bbox - y_growth;
          if (room < -eps) {
            if (y > bbox.y1) break;  // higher rows only grow both terms
            continue;
          }
          const int slack = static_cast<int>(std::floor(room + eps));
          x_lo = std::max(x_lo, bbox.x0 - slack), x_hi = std::min(x_hi, bbox.x1 - t.width + 1 + slack);
        }
        for (int x = x_lo; x <= x_hi; ++x) consider(x, y);
      }
    }
    std::stable_sort(out.begin(), out.end(), [](const Candidate& a, const Candidate& b) {
      if (a.guide != b.guide) return a.guide < b.guide;
      if (a.lb != b.lb) return a.lb < b.lb;
      if (a.tmpl != b.tmpl) return a.tmpl < b.tmpl;
      return a.y != b.y ? a.y < b.y : a.x < b.x;
    });
    return out;
  }

  void put(int l, int ti, int x, int y) {
    const BlockTemplate& t = templates_[l][ti];
    for (const auto& ch : t.cells)
      for (const auto& c : ch) core_[index(x + c.dx, y + c.dy)] = l;
    for (const auto& m : t.claims) mem_[index(x + m.dx, y + m.dy)] |= m.banks;
    placed_[l] = true, tmpl_[l] = ti, x_[l] = x, y_[l] = y;
    in_[l] = shifted(boxes_[l][ti].tiles, x, y);
    out_[l] = shifted(boxes_[l][ti].tails, x, y);
  }

  void take(int l) {
    const BlockTemplate& t = templates_[l][tmpl_[l]];
    for (const auto& ch : t.cells)
      for (const auto& c : ch) core_[index(x_[l] + c.dx, y_[l] + c.dy)] = -1;
    for (const auto& m : t.claims) mem_[index(x_[l] + m.dx, y_[l] + m.dy)] &= static_cast<BankMask>(~m.banks);
    placed_[l] = false;
  }

  bool out_of_budget() {
    if (nodes_ >= hard_cap_ || (have_best_ && nodes_ >= budget_)) stopped_ = true;
    return stopped_;
  }

  void dfs(int depth, const Box& bbox, int rows) {
    if (out_of_budget()) return;
    if (depth == static_cast<int>(order_.size())) {
      leaf(bbox, rows);
      return;
    }
    const int l = order_[depth];
    auto cands = candidates(l, bbox, rows, depth);
    if (cands.empty() && depth > fail_depth_) {
      fail_depth_ = depth;
      fail_free_ = 0;
      for (std::size_t i = 0; i < usable_.size(); ++i) fail_free_ += usable_[i] && core_[i] < 0;
    }
    if (o_.candidate_limit > 0 && static_cast<int>(cands.size()) > o_.candidate_limit) {
      for (std::size_t j = std::size_t(o_.candidate_limit); j < cands.size(); ++j) open_lb_ = std::min(open_lb_, cands[j].lb);
      cands.resize(o_.candidate_limit);
      truncated_ = true;
    }
    // When the search stops, the subtrees it has not finished are bounded by their candidates' bounds.
    auto leave_open = [&](std::size_t from) {
      for (std::size_t j = from; j < cands.size(); ++j) open_lb_ = std::min(open_lb_, cands[j].lb);
    };
    std::vector<double> saved;
    for (int i : layer_items_[l]) saved.push_back(item_lb_[i]);
    for (std::size_t ci = 0; ci < cands.size(); ++ci) {
      const Candidate& c = cands[ci];
      if (have_best_ && c.lb >= best_cost_ - eps) continue;  // (sorted by guide, so later ones may still do better)
      ++nodes_;
      if (out_of_budget()) return leave_open(ci);
      put(l, c.tmpl, c.x, c.y);
      for (int i : layer_items_[l]) item_lb_[i] = item_bound(i, -1, Box{}, Box{});
      Box b = bbox;
      b.add(in_[l]);
      dfs(depth + 1, b, rows + in_[l].y1 + 1);
      take(l);
      std::size_t k = 0;
      for (int i : layer_items_[l]) item_lb_[i] = saved[k++];
      if (stopped_) return leave_open(ci);
    }
  }

  void leaf(const Box& bbox, int rows) {
    const Weights& w = p_.weights;
    const double fixed = w.bbox * bbox.half_perimeter() + w.rows * rows;
    double stream = 0;  // known exactly once every layer is placed (refinement only)
    if (stream_w_ > 0)
      for (int i : stream_edges_) stream += item_bound(i, -1, Box{}, Box{});
    // The assignment must keep the total under the incumbent and the objective within the cap.
    const double cutoff = std::min(have_best_ ? best_cost_ - fixed - stream : inf, cap_ - fixed + cap_tol);
    bool aborted = false;
    ++leaves_;
    const long long before = nodes_;
    auto io = io_.solve(out_, in_, cutoff, nodes_, hard_cap_, aborted);
    inner_aborted_ = inner_aborted_ || aborted;
    io_nodes_ += nodes_ - before;
    if (aborted) {  // the assignment stopped early: this leaf is bounded by its items' bounds
      double items = 0;
      for (std::size_t i = 0; i < item_lb_.size(); ++i)
        if (!is_stream_[i]) items += item_lb_[i];
      open_lb_ = std::min(open_lb_, fixed + items + io_.min_pressure());
    }
    if (!io) return;
    const double total = fixed + io->cost + stream;
    if (have_best_ && total >= best_cost_ - eps) return;
    have_best_ = true;
    best_cost_ = total;
    best_.layers.assign(p_.layers.size(), {});
    for (std::size_t l = 0; l < p_.layers.size(); ++l)
      best_.layers[l] = instantiate(templates_[l][tmpl_[l]], x_[l], y_[l]);
    best_.memtile_column = io->memtile_column;
    best_.shim_column = io->shim_column;
  }

  const PlacementProblem& p_;
  SearchOptions o_;
  Region region_;
  IoAssigner io_;
  std::vector<bool> usable_;
  std::vector<int> core_;       // layer using each tile's core, -1 if free
  std::vector<BankMask> mem_;   // claimed banks of each tile's data memory
  int usable_count_ = 0;
  std::vector<std::vector<BlockTemplate>> templates_;
  std::vector<std::vector<TemplateBoxes>> boxes_;
  std::vector<int> min_height_;
  std::vector<bool> placed_;
  std::vector<int> tmpl_, x_, y_;
  std::vector<Box> out_, in_;
  std::vector<double> item_lb_;
  std::vector<std::vector<int>> layer_items_;
  std::vector<std::vector<int>> direct_edges_;  // per layer: its direct edges
  std::vector<int> order_;
  std::vector<int> twin_;  // see twins()
  std::vector<int> stream_edges_;
  std::vector<bool> is_stream_;  // per item (edges, then PLIOs): a stream edge
  double stream_w_ = 0;          // the hand-off weight: 0 in the first pass, weights.handoff in refine()
  double cap_ = inf;             // refine(): the objective no placement may exceed
  int min_area_hp_ = 0;

  long long nodes_ = 0, hard_cap_ = 0, budget_ = 0, leaves_ = 0, io_nodes_ = 0;
  mutable long long evaluated_ = 0;  // candidate positions whose bound was computed
  bool stopped_ = false, truncated_ = false, inner_aborted_ = false;
  int fail_depth_ = -1, fail_free_ = 0;
  bool have_best_ = false;
  double best_cost_ = inf;
  double open_lb_ = inf;  // the smallest bound of a subtree or leaf left unexplored
  Placement best_;
};

}  // namespace

Placement place(const PlacementProblem& problem, const SearchOptions& options) {
  validate(problem);
  if (options.node_budget < 1) throw ProblemError("SearchOptions::node_budget must be >= 1");
  Search s(problem, options);
  return s.run();
}

}  // namespace aiem::aie::placement
