#include <catch2/catch.hpp>
#include <algorithm>
#include <random>

#include "backends/aie/placement/render.hpp"
#include "helpers.hpp"

using namespace aiem::aie;
using namespace aiem::aie::placement;
using namespace aiem::aie::placement::test;

namespace {

// Raw mt19937 output is fixed by the standard (distributions are not), so instances are the same
// on every platform.
struct Rng {
  std::mt19937 g;
  explicit Rng(unsigned seed) : g(seed) {}
  int below(int n) { return static_cast<int>(g() % static_cast<unsigned>(n)); }
};

// 2-3 small layers L0, L1, ... (1-2 x 1-2 tiles, neighbour-memory or self-contained) appended to p.
int add_random_layers(Rng& r, PlacementProblem& p) {
  const int n = 2 + r.below(2);
  for (int i = 0; i < n; ++i) {
    std::string name = "L" + std::to_string(i);
    const int pk = 1 + r.below(2), pn = 1 + r.below(2);
    p.layers.push_back(r.below(2) ? dense(name, pk, pn) : self_contained(name, pk, pn));
  }
  return n;
}

// A random chain of 2-3 small layers on a 4-5 x 2-3 array with tight memtile and PLIO budgets.
PlacementProblem random_instance(unsigned seed) {
  Rng r(seed);
  PlacementProblem p;
  p.device = tiny_device(4 + r.below(2), 2 + r.below(2), 1 + r.below(2));
  const int n = add_random_layers(r, p);
  for (int i = 0; i + 1 < n; ++i) {
    Edge e{i, i + 1};
    if (r.below(3) == 0) {
      e.kind = EdgeKind::direct;
      e.handoffs = chain_handoffs(p.layers[i], p.layers[i + 1]);
    }
    p.edges.push_back(e);
  }
  if (r.below(2)) p.plios.push_back({"in", IoDir::input, 0});
  if (r.below(2)) p.plios.push_back({"out", IoDir::output, n - 1, 0, r.below(2) == 1});
  const double ws[] = {0, 0.5, 1, 2};
  p.weights = {ws[r.below(4)], ws[r.below(4)], ws[r.below(4)], ws[r.below(4)]};
  // Input slices: identical PLIOs of the first layer, a group the search bounds as a whole and
  // orders by column; through a memtile their channels may or may not let two share a column.
  // (Two layers only: the brute force tries every column for every PLIO.)
  if (const int slices = r.below(3); slices > 0 && n == 2) {
    const bool via = r.below(2) == 1;
    const int mm2s = 1 + r.below(2);
    for (int j = 0; j <= slices; ++j) p.plios.push_back({"x_s" + std::to_string(j), IoDir::input, 0, 64, via, 1, mm2s});
  }
  return p;
}

}  // namespace

TEST_CASE("placement/search: branch and bound equals brute force on small random instances", "[placement][exact]") {
  int solved = 0, infeasible = 0, with_slices = 0;
  for (unsigned seed = 1; seed <= 60; ++seed) {
    PlacementProblem p = random_instance(seed);
    with_slices += std::any_of(p.plios.begin(), p.plios.end(), [](const Plio& io) { return io.name == "x_s1"; });
    INFO("seed " << seed);
    auto reference = brute_force(p);
    if (!reference) {
      ++infeasible;
      CHECK_THROWS_AS(place(p), PlacementError);
      continue;
    }
    Placement pl = place(p);
    INFO(render_text_map(p, pl));
    CHECK(violations(p, pl).empty());
    CHECK(pl.stats.proven_optimal);
    CHECK(pl.cost.total == Approx(*reference).margin(1e-9));
    CHECK(pl.stats.lower_bound == pl.cost.total);  // a finished search's bound is its optimum
    // Stopped early, the search's bound still never exceeds the true optimum.
    SearchOptions tiny;
    tiny.node_budget = 3;
    if (auto early = place(p, tiny); !early.stats.proven_optimal) {
      CHECK(early.stats.lower_bound <= *reference + 1e-9);
      CHECK(early.stats.lower_bound <= early.cost.total + 1e-9);
      CHECK(early.stats.gap(early.cost.total) >= 0);
    }
    ++solved;
  }
  INFO("infeasible instances: " << infeasible);
  CHECK(solved >= 35);      // the generator must mostly produce feasible instances
  CHECK(with_slices >= 10);  // and many of them have groups of identical input PLIOs
}

// Layers with the same footprint and no pin, edge or PLIO are searched in one order only (the
// symmetry break in search.cpp); the optimum must be the brute force's, which tries every order.
TEST_CASE("placement/search: interchangeable layers searched once keep the brute-force optimum", "[placement][exact]") {
  int solved = 0;
  for (unsigned seed = 1; seed <= 30; ++seed) {
    Rng r(seed);
    PlacementProblem p;
    p.device = tiny_device(4 + r.below(2), 2 + r.below(2), 2);
    p.layers.push_back(dense("head", 1 + r.below(2), 1));
    const int pk = 1 + r.below(2), pn = 1 + r.below(2) * (pk == 1);
    const int twins = 2 + r.below(2);
    const bool own_memory = r.below(2) == 1;
    for (int i = 0; i < twins; ++i)
      p.layers.push_back(!own_memory ? dense("t" + std::to_string(i), pk, pn) : self_contained("t" + std::to_string(i), pk, pn));
    p.plios = {{"in", IoDir::input, 0}, {"out", IoDir::output, 0}};
    const double ws[] = {0.25, 0.5, 1, 2};
    p.weights = {ws[r.below(4)], ws[r.below(4)], ws[r.below(4)], ws[r.below(4)]};
    INFO("seed " << seed);
    auto reference = brute_force(p);
    if (!reference) continue;
    Placement pl = place(p);
    INFO(render_text_map(p, pl));
    CHECK(violations(p, pl).empty());
    CHECK(pl.stats.proven_optimal);
    CHECK(pl.cost.total == Approx(*reference).margin(1e-9));
    ++solved;
  }
  CHECK(solved >= 15);
}

// Kernel-to-kernel hand-offs (stream edges) cost their longest tile-DMA hop; the refinement after
// the first pass must find the least objective + weighted hops within its slack of the optimum, as
// the brute force over every placement does, and never report the first pass's bound wrongly.
TEST_CASE("placement/search: the hand-off refinement finds the brute-force best within its slack", "[placement][exact]") {
  int solved = 0, traded = 0;
  for (unsigned seed = 1; seed <= 40; ++seed) {
    Rng r(seed + 1000);
    PlacementProblem p;
    p.device = tiny_device(4 + r.below(2), 2 + r.below(2), 2);
    const int n = add_random_layers(r, p);
    for (int i = 0; i + 1 < n; ++i) {
      Edge e{i, i + 1};
      if (r.below(4) != 0) {
        e.kind = EdgeKind::stream;
        e.handoffs = stage_handoffs(p.layers[i], p.layers[i + 1]);
      }
      p.edges.push_back(e);
    }
    p.plios = {{"in", IoDir::input, 0}, {"out", IoDir::output, n - 1}};
    const double ws[] = {0.25, 0.5, 1, 2};
    p.weights = {ws[r.below(4)], ws[r.below(4)], ws[r.below(4)], ws[r.below(4)], ws[1 + r.below(3)]};
    SearchOptions o;
    const double slacks[] = {0, 0.5, 1, 2};
    o.refine_slack = slacks[r.below(4)];
    INFO("seed " << seed << ", slack " << o.refine_slack);
    auto reference = brute_force_refined(p, o.refine_slack);
    if (!reference) continue;
    Placement pl = place(p, o);
    INFO(render_text_map(p, pl));
    CHECK(violations(p, pl).empty());
    CHECK(pl.stats.proven_optimal);
    CHECK_FALSE(pl.stats.refine_exhausted);
    CHECK(pl.stats.lower_bound == Approx(reference->total).margin(1e-9));
    CHECK(pl.cost.total <= reference->total + o.refine_slack + 1e-9);
    CHECK(pl.cost.refined == Approx(reference->refined).margin(1e-9));
    CHECK(pl.cost.refined <= pl.stats.first_total + p.weights.handoff * pl.stats.first_handoff + 1e-9);
    // Without the refinement the first pass's optimum is the result.
    SearchOptions plain = o;
    plain.refine_budget = 0;
    const Placement first = place(p, plain);
    CHECK(first.cost.total == Approx(reference->total).margin(1e-9));
    CHECK(first.cost.handoff == pl.stats.first_handoff);
    traded += pl.cost.handoff < first.cost.handoff;
    ++solved;
  }
  CHECK(solved >= 20);
  CHECK(traded >= 3);  // the instances must exercise trades, not only confirm the first pass
}

TEST_CASE("placement/search: the reported cost is evaluate() of the placement", "[placement]") {
  PlacementProblem p = random_instance(7);
  Placement pl = place(p);
  Cost c = evaluate(p, pl);
  CHECK(c.total == Approx(pl.cost.total).margin(1e-12));
  CHECK(c.total == Approx(p.weights.wire * c.wire + p.weights.bbox * c.bbox + p.weights.rows * c.rows +
                          p.weights.pressure * c.pressure));
}

TEST_CASE("placement/search: deterministic — same problem, same placement, same drawings", "[placement][determinism]") {
  PlacementProblem p = problem_on("vek280");
  p.layers = {dense("fc1", 1, 2), dense("fc2", 2, 2), dense("fc3", 1, 2), dense("fc4", 1, 1)};
  for (int i = 0; i < 3; ++i) p.edges.push_back({i, i + 1});
  p.plios = {{"x", IoDir::input, 0}, {"y", IoDir::output, 3}};
  SearchOptions o;
  o.node_budget = 20000;
  Placement a = place(p, o);
  for (int run = 0; run < 3; ++run) {
    Placement b = place(p, o);
    for (std::size_t l = 0; l < p.layers.size(); ++l) CHECK(a.layers[l].tiles == b.layers[l].tiles);
    CHECK(a.memtile_column == b.memtile_column);
    CHECK(a.shim_column == b.shim_column);
    CHECK(a.stats.nodes == b.stats.nodes);
    CHECK(render_svg(p, a) == render_svg(p, b));
    CHECK(render_text_map(p, a) == render_text_map(p, b));
  }
}

TEST_CASE("placement/search: a tiny budget still returns a legal best-so-far, marked not proven", "[placement][anytime]") {
  PlacementProblem p = problem_on("vek280");
  p.layers = {dense("a", 2, 2), dense("b", 2, 2), dense("c", 2, 2), dense("d", 2, 2), dense("e", 1, 1)};
  for (int i = 0; i < 4; ++i) p.edges.push_back({i, i + 1});
  SearchOptions o;
  o.node_budget = 50;
  Placement small = place(p, o);
  CHECK(violations(p, small).empty());
  CHECK_FALSE(small.stats.proven_optimal);
  CHECK(small.stats.budget_exhausted);
  // What it left unexplored bounds the optimum: a gap it states, positive but below 100%.
  CHECK(small.stats.lower_bound > 0);
  CHECK(small.stats.lower_bound <= small.cost.total);
  o.node_budget = 20000;
  Placement more = place(p, o);
  CHECK(violations(p, more).empty());
  CHECK(more.cost.total <= small.cost.total + 1e-9);  // more search never returns worse
  CHECK(more.cost.total >= small.stats.lower_bound - 1e-9);  // nor better than the bound
}

TEST_CASE("placement/search: weights change the optimum", "[placement][weights]") {
  // One layer and one input PLIO on a 6x3 array whose only PLIO column is 0: with wire weight the
  // block hugs column 0, with wire weight 0 and a rows weight it only stays low.
  PlacementProblem p;
  p.device = tiny_device(6, 3);
  p.device.shim.plio_columns = {0};
  p.layers = {self_contained("a", 2, 1)};
  p.plios = {{"x", IoDir::input, 0}};
  p.weights = {1, 0, 0, 0};
  Placement near = place(p);
  CHECK(near.layers[0].tiles[0][0].col == 0);
  CHECK(near.cost.wire == 2);  // 0 columns + row 0 + one memtile row + 1
  p.weights = {0, 0, 1, 0};
  Placement low = place(p);
  CHECK(low.layers[0].tiles[0][0].row == 0);
}

// Eleven identical 4x4 layers joined only by kernel-to-kernel hand-offs are interchangeable in the
// first pass; the symmetry break must not stop the search finding a placement (it once forced the
// dive into an order the twins could not fill and spent 2.5 million nodes without a leaf).
TEST_CASE("placement/search: many interchangeable layers filling most of the array still place", "[placement]") {
  PlacementProblem p = problem_on("vek280");
  for (int i = 0; i < 11; ++i) p.layers.push_back(self_contained("l" + std::to_string(i + 1), 4, 4));
  p.layers.push_back(self_contained("l12", 4, 2));
  for (int i = 0; i + 1 < static_cast<int>(p.layers.size()); ++i) {
    Edge e{i, i + 1, EdgeKind::stream};
    e.handoffs = stage_handoffs(p.layers[i], p.layers[i + 1]);
    p.edges.push_back(e);
  }
  for (int s = 0; s < 4; ++s) p.plios.push_back({"x" + std::to_string(s), IoDir::input, 0, 64, true});
  p.plios.push_back({"y", IoDir::output, 11, 0, true});
  SearchOptions o;
  o.refine_budget = 0;
  Placement pl = place(p, o);
  CHECK(violations(p, pl).empty());
  CHECK(pl.stats.nodes <= o.node_budget);
}
