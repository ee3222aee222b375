#include "helpers.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <limits>
#include <vector>

#include "backends/aie/placement/templates.hpp"

namespace aiem::aie::placement::test {

Device tiny_device(int cols, int rows, int dma) {
  Device d;
  d.name = fmt::format("tiny{}x{}", cols, rows);
  d.part = "test";
  d.columns = cols;
  d.rows = rows;
  d.tile = {65536, 4, 8, 16384, {MemDir::west, MemDir::north, MemDir::south}};
  d.memtile = {1, 524288, 16, dma, dma};
  for (int c = 0; c < cols; c += 2) d.shim.plio_columns.push_back(c);
  d.shim.pl_to_aie_channels = 2;
  d.shim.aie_to_pl_channels = 2;
  d.shim.channel_bits = 64;
  d.cascade = {CascadeDir::west_to_east, CascadeDir::north_to_south};
  d.aie_clock_mhz = 1250;
  d.pl_clock_mhz = 312.5;
  d.plio_width_bits = 128;
  return d;
}

Layer dense(std::string name, int pk, int pn) {
  Layer l;
  l.name = std::move(name);
  l.pk = pk;
  l.pn = pn;
  return l;
}

Layer self_contained(std::string name, int pk, int pn) {
  Layer l = dense(std::move(name), pk, pn);
  l.own_banks = 0b0110;
  l.output_banks = 0b1000;
  l.input_banks = 0b0001;
  l.input_memory = MemDir::own;
  return l;
}

PlacementProblem problem_on(const std::string& device_name) {
  PlacementProblem p;
  p.device = load_device(device_name);
  return p;
}

namespace {

// Calls `visit` with the cost of every legal placement of the search's candidate space.
void for_each_legal(const PlacementProblem& p, const std::function<void(const Placement&, const Cost&)>& visit) {
  const Region r = resolved_region(p);
  const int n = static_cast<int>(p.layers.size());
  std::vector<std::vector<BlockTemplate>> templates(n);
  for (int l = 0; l < n; ++l) templates[l] = make_templates(p, l);
  Placement pl;
  pl.layers.resize(n);
  pl.memtile_column.assign(p.edges.size(), -1);
  pl.shim_column.assign(p.plios.size(), r.col_first);

  // Layer tiles first; I/O columns only for layer placements the verifier accepts.
  auto layer_legal = [&]() {
    for (const auto& v : verify(p, pl))
      if (v.kind != ViolationKind::memtile_budget && v.kind != ViolationKind::plio_column &&
          v.kind != ViolationKind::plio_budget)
        return false;
    return true;
  };
  std::function<void(std::size_t)> io = [&](std::size_t i) {
    if (i == p.edges.size() + p.plios.size()) {
      if (verify(p, pl).empty()) visit(pl, evaluate(p, pl));
      return;
    }
    if (i < p.edges.size() && p.edges[i].kind != EdgeKind::memtile) return io(i + 1);
    int& slot = i < p.edges.size() ? pl.memtile_column[i] : pl.shim_column[i - p.edges.size()];
    for (int c = r.col_first; c <= r.col_last; ++c) {
      slot = c;
      io(i + 1);
    }
  };
  std::function<void(int)> layers = [&](int l) {
    if (l == n) {
      for (std::size_t i = 0; i < p.edges.size(); ++i)
        pl.memtile_column[i] = p.edges[i].kind == EdgeKind::memtile ? r.col_first : -1;
      if (layer_legal()) io(0);
      return;
    }
    for (const auto& t : templates[l])
      for (int y = r.row_first; y + t.height - 1 <= r.row_last; ++y)
        for (int x = r.col_first; x + t.width - 1 <= r.col_last; ++x) {
          pl.layers[l] = instantiate(t, x, y);
          layers(l + 1);
        }
  };
  layers(0);
}

}  // namespace

std::optional<double> brute_force(const PlacementProblem& p) {
  std::optional<double> best;
  for_each_legal(p, [&](const Placement&, const Cost& c) {
    if (!best || c.total < *best) best = c.total;
  });
  return best;
}

std::optional<RefinedOptimum> brute_force_refined(const PlacementProblem& p, double slack) {
  std::vector<Cost> all;
  for_each_legal(p, [&](const Placement&, const Cost& c) { all.push_back(c); });
  if (all.empty()) return std::nullopt;
  RefinedOptimum r;
  r.total = std::min_element(all.begin(), all.end(), [](auto& a, auto& b) { return a.total < b.total; })->total;
  r.refined = std::numeric_limits<double>::infinity();
  for (const auto& c : all)
    if (c.total <= r.total + slack + 1e-9) r.refined = std::min(r.refined, c.refined);
  return r;
}

std::string violations(const PlacementProblem& p, const Placement& pl) {
  std::string s;
  for (const auto& v : verify(p, pl)) s += fmt::format("[{}] {}\n", to_string(v.kind), v.message);
  return s;
}

}  // namespace aiem::aie::placement::test
