// Placement benchmark: time and cost of the layer-scaling series on every catalog device and of
// example-shaped models. Not a test: it prints numbers (wall time varies with the machine).
//   aiem_bench_placement [--budget N] [--limit K] [--map]
#include <fmt/format.h>

#include <chrono>
#include <cstring>
#include <string>
#include <tuple>
#include <vector>

#include "aiem/aiem.hpp"
#include "backends/aie/device/device.hpp"
#include "backends/aie/plan/make_plan.hpp"
#include "backends/aie/plan/place_plan.hpp"
#include "dsl/api/model_impl.hpp"
#include "backends/aie/placement/placement.hpp"
#include "backends/aie/placement/render.hpp"
#include "backends/aie/placement/verify.hpp"

using namespace aiem::aie;
using namespace aiem::aie::placement;

namespace {

Layer layer(std::string name, int pk, int pn, bool local_buffers) {
  Layer l;
  l.name = std::move(name);
  l.pk = pk;
  l.pn = pn;
  if (local_buffers) {  // every buffer in the tile itself: no neighbour keep-outs
    l.output_banks = 0b1000;
    l.input_banks = 0b0001;
    l.input_memory = MemDir::own;
  }
  return l;
}

struct Row {
  std::string what;
  int tiles;
  double ms;
  Placement pl;
};

Row run(const std::string& what, const PlacementProblem& p, const SearchOptions& o) {
  int tiles = 0;
  for (const auto& l : p.layers) tiles += l.tiles();
  auto t0 = std::chrono::steady_clock::now();
  Placement pl = place(p, o);
  auto t1 = std::chrono::steady_clock::now();
  auto v = verify(p, pl);
  if (!v.empty()) throw std::runtime_error(fmt::format("{}: illegal placement: {}", what, v[0].message));
  return {what, tiles, std::chrono::duration<double, std::milli>(t1 - t0).count(), std::move(pl)};
}

void print(const Row& r) {
  fmt::print("  {:<44} {:>4} tiles {:>9.2f} ms  cost {:>8.2f}  bound {:>8.2f}  gap {:>5.1f}%  nodes {:>7} ({} leaves, {} I/O)  {}\n", r.what,
             r.tiles, r.ms, r.pl.cost.total, r.pl.stats.lower_bound, 100 * r.pl.stats.gap(r.pl.cost.total), r.pl.stats.nodes,
             r.pl.stats.leaves, r.pl.stats.io_nodes, r.pl.stats.proven_optimal ? (r.pl.stats.gap(r.pl.cost.total) > 0 ? "optimum proven" : "optimal") : "best-so-far");
  if (r.pl.stats.refine_nodes > 0)
    fmt::print("  {:<44} hand-off hops {:g} -> {:g}, objective {:.2f} -> {:.2f}, refinement {} nodes{}\n", "", r.pl.stats.first_handoff,
               r.pl.cost.handoff, r.pl.stats.first_total, r.pl.cost.total, r.pl.stats.refine_nodes,
               r.pl.stats.refine_exhausted ? " (budget spent)" : " (finished)");
}

PlacementProblem mlp(const std::string& device, const std::vector<std::tuple<std::string, int, int>>& shape, bool direct) {
  PlacementProblem p;
  p.device = load_device(device);
  for (const auto& [n, pk, pn] : shape) p.layers.push_back(layer(n, pk, pn, false));
  for (int i = 0; i + 1 < static_cast<int>(p.layers.size()); ++i) {
    Edge e{i, i + 1};
    // Chain-to-chain hand-off where the consumer has one chain per producer chain and K is not split further.
    if (direct && p.layers[i].pn == p.layers[i + 1].pn && p.layers[i + 1].pk == 1) {
      e.kind = EdgeKind::direct;
      e.handoffs = chain_handoffs(p.layers[i], p.layers[i + 1]);
    }
    p.edges.push_back(e);
  }
  p.plios = {{"x", IoDir::input, 0}, {"y", IoDir::output, static_cast<int>(p.layers.size()) - 1}};
  return p;
}

// The placement problem `aiemc build` poses for a model file (relative to the source tree): its
// automatic plan, every buffer in its own tile, memtile edges and PLIOs with their channels.
PlacementProblem built_problem(const std::string& file) {
  auto parsed = aiem::parse_file(std::string(AIEM_SOURCE_DIR) + "/" + file);
  if (!parsed.ok()) throw std::runtime_error(file + ":\n" + parsed.rendered);
  const auto& g = aiem::impl_of(*parsed.model).graph;
  aiem::Diagnostics diags;
  auto plan = make_plan(g, load_device(g.target), diags);
  if (!plan) throw std::runtime_error(file + ": make_plan failed");
  return placement_problem(*plan).problem;
}

}  // namespace

int main(int argc, char** argv) {
  SearchOptions o;
  bool maps = false;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--budget") && i + 1 < argc) o.node_budget = std::stoll(argv[++i]);
    else if (!std::strcmp(argv[i], "--limit") && i + 1 < argc) o.candidate_limit = std::stoi(argv[++i]);
    else if (!std::strcmp(argv[i], "--map")) maps = true;
    else {
      fmt::print(stderr, "usage: {} [--budget N] [--limit K] [--map]\n", argv[0]);
      return 1;
    }
  }
  fmt::print("placement benchmark: node budget {}, candidate limit {}\n", o.node_budget, o.candidate_limit);

  fmt::print("\nlayer scaling (one layer, PLIO in and out)\n");
  struct Series {
    std::string device;
    bool local;
    std::vector<std::pair<int, int>> shapes;
  };
  const std::vector<Series> series = {
      {"vek280", false, {{1, 1}, {2, 2}, {4, 4}, {8, 8}, {16, 8}, {16, 16}, {18, 16}, {37, 8}}},
      {"vek280", true, {{4, 75}, {10, 30}, {38, 8}, {8, 38}, {1, 304}}},
      {"ve2302", true, {{1, 1}, {4, 4}, {17, 2}, {2, 17}}},
      {"vek385", true, {{1, 1}, {8, 8}, {36, 4}, {4, 36}, {12, 12}}},
  };
  for (const auto& s : series)
    for (auto [pk, pn] : s.shapes) {
      PlacementProblem p;
      p.device = load_device(s.device);
      p.layers = {layer("dense", pk, pn, s.local)};
      p.plios = {{"x", IoDir::input, 0}, {"y", IoDir::output, 0}};
      print(run(fmt::format("{} {}x{} ({} buffers)", s.device, pk, pn, s.local ? "local" : "west-input"), p, o));
    }

  fmt::print("\nexample-shaped models (memtile edges unless 'direct')\n");
  const std::vector<std::tuple<std::string, std::vector<std::tuple<std::string, int, int>>>> models = {
      {"jet tagger 16-64-32-32-5", {{"fc1", 1, 2}, {"fc2", 2, 2}, {"fc3", 1, 2}, {"fc4", 1, 1}}},
      {"jet tagger (KastnerRG best)", {{"fc1", 1, 4}, {"fc2", 4, 2}, {"fc3", 2, 2}, {"fc4", 2, 1}}},
      {"tau 160-64-64-64-8", {{"fc1", 5, 4}, {"fc2", 2, 4}, {"fc3", 2, 4}, {"fc4", 2, 1}}},
      {"vae_lhc_medium", {{"e1", 4, 4}, {"e2", 4, 2}, {"e3", 2, 1}, {"d1", 1, 2}, {"d2", 2, 4}, {"d3", 4, 4}}},
      {"qubit readout 256-128x4-8", {{"fc1", 8, 8}, {"fc2", 4, 8}, {"fc3", 4, 8}, {"fc4", 4, 8}, {"fc5", 4, 1}}},
  };
  for (const auto& [name, shape] : models)
    for (bool direct : {false, true}) {
      PlacementProblem p = mlp("vek280", shape, direct);
      Row r = run(name + (direct ? " direct" : ""), p, o);
      print(r);
      if (maps) fmt::print("{}\n", render_text_map(p, r.pl));
    }

  fmt::print("\nM1-M6 as aiemc build plans them (bench/models, automatic splits, buffers in their own tiles)\n");
  for (const char* m : {"m1_jet_tagger", "m2_tau_selection", "m3_vae_medium", "m4_vae_large", "m5_qubit_readout",
                        "m6_deep_autoencoder"}) {
    const std::string file = fmt::format("bench/models/{}.aiem", m);
    PlacementProblem p = built_problem(file);
    SearchOptions first = o;
    first.refine_budget = 0;
    print(run(file + " (first pass)", p, first));
    Row r = run(file, p, o);
    print(r);
    if (maps) fmt::print("{}\n", render_text_map(p, r.pl));
  }
  return 0;
}
