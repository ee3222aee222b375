#include "backends/aie/placement/assign.hpp"

#include <algorithm>

namespace aiem::aie::placement {

namespace {
constexpr double eps = 1e-9;

struct Option {
  int col;
  int wire;
};

struct Item {
  int edge = -1;  // problem edge index, or
  int plio = -1;  // problem PLIO index
  int s2mm = 0, mm2s = 0;  // memtile channels
  int shim_in = 0, shim_out = 0;
  double min_cost = 0;  // weighted wire + pressure of the item alone in its best column
  std::vector<Option> options;  // sorted by (wire, column)
};

class Solver {
 public:
  Solver(const PlacementProblem& p, std::vector<Item> items, double cap_in, double cap_out, long long& nodes,
         long long cap)
      : p_(p), items_(std::move(items)), cap_in_(cap_in), cap_out_(cap_out), nodes_(nodes), node_cap_(cap) {
    const int n = p.device.columns;
    mt_in_.assign(n, 0), mt_out_.assign(n, 0), sh_in_.assign(n, 0), sh_out_.assign(n, 0);
    suffix_.assign(items_.size() + 1, 0);
    for (std::size_t i = items_.size(); i-- > 0;) suffix_[i] = suffix_[i + 1] + items_[i].min_cost;
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

  void rec(std::size_t i, double cost) {
    if (aborted) return;
    if (i == items_.size()) {
      if (cost < best - eps) best = cost, best_cols = cols_;
      return;
    }
    const Item& it = items_[i];
    const Weights& w = p_.weights;
    const double alone_pressure = it.min_cost - w.wire * (it.options.empty() ? 0 : it.options.front().wire);
    for (const auto& o : it.options) {
      if (cost + w.wire * o.wire + alone_pressure + suffix_[i + 1] >= best - eps) break;  // options sorted by wire
      const int c = o.col;
      if (it.shim_in && sh_in_[c] + it.shim_in > p_.device.shim.pl_to_aie_channels) continue;
      if (it.shim_out && sh_out_[c] + it.shim_out > p_.device.shim.aie_to_pl_channels) continue;
      if (it.s2mm + it.mm2s && (mt_in_[c] + it.s2mm > cap_in_ || mt_out_[c] + it.mm2s > cap_out_)) continue;
      if (++nodes_ >= node_cap_) {
        aborted = true;
        return;
      }
      const double add = w.wire * o.wire + w.pressure * pressure(mt_in_[c], mt_out_[c], it.s2mm, it.mm2s);
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
  std::vector<double> suffix_;
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
  const Weights& w = p_.weights;
  auto alone = [&](int a, int b) {
    return w.pressure * ((cap_in_ > 0 ? a * a / cap_in_ : 0) + (cap_out_ > 0 ? b * b / cap_out_ : 0));
  };
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
    (io.dir == IoDir::input ? it.shim_in : it.shim_out) = plio_channels(p_.device, io);
    if (io.via_memtile) it.s2mm = io.s2mm, it.mm2s = io.mm2s;
    const Box& b = io.dir == IoDir::input ? in[io.layer] : out[io.layer];
    for (int c : plio_columns_) it.options.push_back({c, plio_wire(p_.device, b, c)});
    items.push_back(std::move(it));
  }
  for (auto& it : items) {
    std::stable_sort(it.options.begin(), it.options.end(),
                     [](const Option& a, const Option& b) { return a.wire != b.wire ? a.wire < b.wire : a.col < b.col; });
    it.min_cost = (it.options.empty() ? 0 : w.wire * it.options.front().wire) + alone(it.s2mm, it.mm2s);
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
