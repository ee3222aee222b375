#include "backends/aie/placement/assign.hpp"

#include <algorithm>
#include <limits>

namespace aiem::aie::placement {

namespace {
constexpr double eps = 1e-9;
constexpr double inf = std::numeric_limits<double>::infinity();

struct Option {
  int col;
  int wire;
};

struct Item {
  int edge = -1;  // problem edge index, or
  int plio = -1;  // problem PLIO index
  int s2mm = 0, mm2s = 0;  // memtile channels
  int shim_in = 0, shim_out = 0;
  std::vector<Option> options;  // sorted by (wire, column)
  int group = -1;      // identical items share a group (the leader PLIO's index)
  int prev = -1;       // the group's previous item in search order: its column is <= this one's
};

class Solver {
 public:
  Solver(const PlacementProblem& p, std::vector<Item> items, double cap_in, double cap_out, long long& nodes,
         long long cap)
      : p_(p), items_(std::move(items)), cap_in_(cap_in), cap_out_(cap_out), nodes_(nodes), node_cap_(cap) {
    const int n = p.device.columns;
    mt_in_.assign(n, 0), mt_out_.assign(n, 0), sh_in_.assign(n, 0), sh_out_.assign(n, 0);
    cols_.assign(items_.size(), -1);
  }

  double best = 0;
  std::vector<int> best_cols;
  bool aborted = false;

  void run(double cutoff) {
    best = cutoff;
    rec(0, 0);
  }

 private:
  // Squares make the marginal pressure of an item at least its cost alone (admissible bound).
  double pressure(int used_in, int used_out, int add_in, int add_out) const {
    auto sq = [](double a) { return a * a; };
    double c = 0;
    if (cap_in_ > 0) c += (sq(used_in + add_in) - sq(used_in)) / cap_in_;
    if (cap_out_ > 0) c += (sq(used_out + add_out) - sq(used_out)) / cap_out_;
    return c;
  }

  // What items i.. cost at least from here: each in its cheapest column that still has room, at
  // the marginal pressure of the channels used so far (squares only grow, so the marginal cost of
  // an item placed later is never lower); +inf when one of them fits no column any more.
  double rest_bound(std::size_t i) const {
    const Weights& w = p_.weights;
    double sum = 0;
    std::vector<int> seen_groups;
    for (std::size_t j = i; j < items_.size(); ++j) {
      const Item& it = items_[j];
      if (it.group >= 0) {  // every remaining member of the group at once
        if (std::find(seen_groups.begin(), seen_groups.end(), it.group) != seen_groups.end()) continue;
        seen_groups.push_back(it.group);
        std::size_t m = 0;
        for (std::size_t k = j; k < items_.size(); ++k) m += items_[k].group == it.group;
        // The t-th member put in a column costs its wire plus the pressure it adds on top of the
        // t - 1 before it; that grows with t (squares), so the m cheapest such costs over all
        // columns are an allocation, and the cheapest one.
        std::vector<double> costs;
        for (const auto& o : it.options) {
          for (std::size_t t = 0; t < m; ++t) {
            const int c = o.col;
            const int tin = int(t) * it.s2mm, tout = int(t) * it.mm2s, tsi = int(t) * it.shim_in, tso = int(t) * it.shim_out;
            if ((it.shim_in && sh_in_[c] + tsi + it.shim_in > p_.device.shim.pl_to_aie_channels) ||
                (it.shim_out && sh_out_[c] + tso + it.shim_out > p_.device.shim.aie_to_pl_channels) ||
                (it.s2mm + it.mm2s && (mt_in_[c] + tin + it.s2mm > cap_in_ || mt_out_[c] + tout + it.mm2s > cap_out_)))
              break;
            costs.push_back(w.wire * o.wire + w.pressure * pressure(mt_in_[c] + tin, mt_out_[c] + tout, it.s2mm, it.mm2s));
          }
        }
        if (costs.size() < m) return inf;
        std::partial_sort(costs.begin(), costs.begin() + std::ptrdiff_t(m), costs.end());
        for (std::size_t k = 0; k < m; ++k) sum += costs[k];
        continue;
      }
      double best_j = inf;
      for (const auto& o : it.options) {
        if (w.wire * o.wire >= best_j) break;  // options sorted by wire
        if (!fits(it, o.col)) continue;
        best_j = std::min(best_j, w.wire * o.wire + w.pressure * pressure(mt_in_[o.col], mt_out_[o.col], it.s2mm, it.mm2s));
      }
      if (best_j == inf) return inf;
      sum += best_j;
    }
    return sum;
  }

  bool fits(const Item& it, int c) const {
    if (it.shim_in && sh_in_[c] + it.shim_in > p_.device.shim.pl_to_aie_channels) return false;
    if (it.shim_out && sh_out_[c] + it.shim_out > p_.device.shim.aie_to_pl_channels) return false;
    if (it.s2mm + it.mm2s && (mt_in_[c] + it.s2mm > cap_in_ || mt_out_[c] + it.mm2s > cap_out_)) return false;
    return true;
  }

  void rec(std::size_t i, double cost) {
    if (aborted) return;
    if (i == items_.size()) {
      if (cost < best - eps) best = cost, best_cols = cols_;
      return;
    }
    const Item& it = items_[i];
    const Weights& w = p_.weights;
    const double rest = rest_bound(i + 1);
    if (rest == inf) return;
    for (const auto& o : it.options) {
      if (cost + w.wire * o.wire + rest >= best - eps) break;  // options sorted by wire
      const int c = o.col;
      if (!fits(it, c)) continue;
      if (it.prev >= 0 && c < cols_[std::size_t(it.prev)]) continue;  // identical items: columns in order
      const double add = w.wire * o.wire + w.pressure * pressure(mt_in_[c], mt_out_[c], it.s2mm, it.mm2s);
      if (cost + add + rest >= best - eps) continue;
      if (++nodes_ >= node_cap_) {
        aborted = true;
        return;
      }
      mt_in_[c] += it.s2mm, mt_out_[c] += it.mm2s, sh_in_[c] += it.shim_in, sh_out_[c] += it.shim_out;
      cols_[i] = c;
      rec(i + 1, cost + add);
      mt_in_[c] -= it.s2mm, mt_out_[c] -= it.mm2s, sh_in_[c] -= it.shim_in, sh_out_[c] -= it.shim_out;
      if (aborted) return;
    }
  }

  const PlacementProblem& p_;
  std::vector<Item> items_;
  double cap_in_, cap_out_;
  long long& nodes_;
  long long node_cap_;
  std::vector<int> mt_in_, mt_out_, sh_in_, sh_out_, cols_;
};

}  // namespace

IoAssigner::IoAssigner(const PlacementProblem& p) : p_(p) {
  const Region r = resolved_region(p);
  for (int c = r.col_first; c <= r.col_last; ++c) {
    columns_.push_back(c);
    if (p.device.has_plio(c)) plio_columns_.push_back(c);
  }
  cap_in_ = memtile_s2mm_per_column(p.device);
  cap_out_ = memtile_mm2s_per_column(p.device);
  auto alone = [&](int in, int out) {
    return (cap_in_ > 0 ? in * in / cap_in_ : 0) + (cap_out_ > 0 ? out * out / cap_out_ : 0);
  };
  for (const auto& e : p.edges)
    if (e.kind == EdgeKind::memtile) min_pressure_ += p.weights.pressure * alone(e.s2mm, e.mm2s);
  for (const auto& io : p.plios)
    if (io.via_memtile) min_pressure_ += p.weights.pressure * alone(io.s2mm, io.mm2s);
  const int n = static_cast<int>(p.plios.size());
  leader_.assign(n, 0), size_.assign(n, 0), exclusive_.assign(n, false), per_column_.assign(n, 0), alone_.assign(n, 0);
  group_cache_.assign(static_cast<std::size_t>(n) * p.device.columns * p.device.columns, -1.0);
  auto same = [](const Plio& a, const Plio& b) {
    return a.layer == b.layer && a.dir == b.dir && a.width_bits == b.width_bits && a.via_memtile == b.via_memtile &&
           a.s2mm == b.s2mm && a.mm2s == b.mm2s;
  };
  for (int i = 0; i < n; ++i) {
    leader_[i] = i;
    for (int j = 0; j < i; ++j)
      if (leader_[j] == j && same(p.plios[j], p.plios[i])) {
        leader_[i] = j;
        break;
      }
    ++size_[leader_[i]];
  }
  for (int i = 0; i < n; ++i) {
    if (leader_[i] != i) continue;
    const Plio& io = p.plios[i];
    const int shim = plio_channels(p.device, io);
    const int shim_cap = io.dir == IoDir::input ? p.device.shim.pl_to_aie_channels : p.device.shim.aie_to_pl_channels;
    int per_column = shim > 0 ? shim_cap / shim : size_[i];
    if (io.via_memtile) {
      if (io.s2mm > 0) per_column = std::min(per_column, static_cast<int>(cap_in_) / io.s2mm);
      if (io.mm2s > 0) per_column = std::min(per_column, static_cast<int>(cap_out_) / io.mm2s);
    }
    per_column_[i] = per_column;
    exclusive_[i] = per_column < 2;
    alone_[i] = io.via_memtile ? p.weights.pressure * alone(io.s2mm, io.mm2s) : 0;
  }
}

int IoAssigner::group_size(int plio) const { return leader_[plio] == plio ? size_[plio] : 0; }

double IoAssigner::plio_group_bound(int plio, const Box& b) const {
  if (leader_[plio] != plio) return 0;
  const int k = size_[plio];
  const int cols = p_.device.columns;
  // The column part depends on the box's columns alone: kept per (leader, x0, x1).
  double& cached = group_cache_[(static_cast<std::size_t>(plio) * cols + b.x0) * cols + b.x1];
  if (cached < 0) {
    // The t-th member in a column adds its wire and (2t - 2) x its pressure alone on top of that
    // alone pressure (min_pressure() holds it): the k cheapest such costs over the PLIO columns.
    std::vector<double> costs;
    for (int c : plio_columns_)
      for (int t = 0; t < std::min(k, per_column_[plio]); ++t)
        costs.push_back(p_.weights.wire * gap(b.x0, b.x1, c) + 2 * t * alone_[plio]);
    if (static_cast<int>(costs.size()) < k) {
      cached = 1e9;  // cannot hold them; precheck reports it
    } else {
      std::partial_sort(costs.begin(), costs.begin() + k, costs.end());
      cached = 0;
      for (int j = 0; j < k; ++j) cached += costs[std::size_t(j)];
    }
  }
  return cached + p_.weights.wire * k * (b.y0 + p_.device.memtile.rows + 1);
}

int IoAssigner::min_edge_wire(const Box& out, const Box& in) const {
  // Both boxes lie in the region, so a memtile column between them exists.
  return interval_gap(out.x0, out.x1, in.x0, in.x1) + out.y0 + 1 + in.y0 + 1;
}

int IoAssigner::min_plio_wire(const Box& b) const {
  auto it = std::lower_bound(plio_columns_.begin(), plio_columns_.end(), b.x0);
  int best = 1 << 29;
  if (it != plio_columns_.end()) best = gap(b.x0, b.x1, *it);
  if (it != plio_columns_.begin()) best = std::min(best, gap(b.x0, b.x1, *std::prev(it)));
  return best + b.y0 + p_.device.memtile.rows + 1;
}

std::optional<IoAssignment> IoAssigner::solve(const std::vector<Box>& out, const std::vector<Box>& in, double cutoff,
                                              long long& nodes, long long node_cap, bool& aborted) const {
  std::vector<Item> items;
  for (std::size_t i = 0; i < p_.edges.size(); ++i) {
    const Edge& e = p_.edges[i];
    if (e.kind != EdgeKind::memtile) continue;
    Item it;
    it.edge = static_cast<int>(i);
    it.s2mm = e.s2mm, it.mm2s = e.mm2s;
    for (int c : columns_) it.options.push_back({c, edge_wire(out[e.producer], in[e.consumer], c)});
    items.push_back(std::move(it));
  }
  for (std::size_t i = 0; i < p_.plios.size(); ++i) {
    const Plio& io = p_.plios[i];
    Item it;
    it.plio = static_cast<int>(i);
    if (size_[leader_[i]] > 1) it.group = leader_[i];
    (io.dir == IoDir::input ? it.shim_in : it.shim_out) = plio_channels(p_.device, io);
    if (io.via_memtile) it.s2mm = io.s2mm, it.mm2s = io.mm2s;
    const Box& b = io.dir == IoDir::input ? in[io.layer] : out[io.layer];
    for (int c : plio_columns_) it.options.push_back({c, plio_wire(p_.device, b, c)});
    items.push_back(std::move(it));
  }
  for (auto& it : items) {
    std::stable_sort(it.options.begin(), it.options.end(),
                     [](const Option& a, const Option& b) { return a.wire != b.wire ? a.wire < b.wire : a.col < b.col; });
  }
  // Most constrained first: the items taking most channels, then those with fewest columns (a
  // column a big item needs is then never half-taken by small ones while the search dives).
  std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
    const int da = a.s2mm + a.mm2s + a.shim_in + a.shim_out, db = b.s2mm + b.mm2s + b.shim_in + b.shim_out;
    return da != db ? da > db : a.options.size() < b.options.size();
  });
  for (std::size_t i = 0; i < items.size(); ++i)
    for (std::size_t j = i; j-- > 0;)
      if (items[i].group >= 0 && items[j].group == items[i].group) {
        items[i].prev = static_cast<int>(j);
        break;
      }
  Solver s(p_, items, cap_in_, cap_out_, nodes, node_cap);
  s.run(cutoff);
  aborted = s.aborted;
  if (s.best_cols.size() != items.size() || s.best >= cutoff - eps) return std::nullopt;
  IoAssignment a;
  a.memtile_column.assign(p_.edges.size(), -1);
  a.shim_column.assign(p_.plios.size(), -1);
  for (std::size_t i = 0; i < items.size(); ++i)
    (items[i].edge >= 0 ? a.memtile_column[items[i].edge] : a.shim_column[items[i].plio]) = s.best_cols[i];
  a.cost = s.best;
  return a;
}

}  // namespace aiem::aie::placement
