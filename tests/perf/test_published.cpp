// The model against the published aiesim latencies (backends/aie/perf/reference_models.hpp): every
// run within +-15%, the fitted constants reproducible from M1-M3 alone, M4-M6 held out.
#include <catch2/catch.hpp>

#include <cmath>
#include <set>

#include "backends/aie/device/device.hpp"
#include "backends/aie/perf/calibrate.hpp"
#include "backends/aie/perf/model.hpp"

using namespace aiem::aie;
using namespace aiem::aie::perf;

namespace {

std::string grid_text(const PublishedRun& r) {
  std::string s;
  for (auto [pk, pn] : r.grid) s += (s.empty() ? "" : " ") + std::to_string(pk) + "x" + std::to_string(pn);
  return s;
}

double rel_error(const PublishedRun& r, const Device& d) {
  const auto t = predict(build_dense_plan(chain_spec(r), d));
  return (t.latency_ns - r.latency_ns) / r.latency_ns;
}

}  // namespace

TEST_CASE("perf: the published best configuration of every model M1-M6 is predicted within 15%", "[perf][published]") {
  const Device d = load_device("vek280");
  std::set<std::string> seen;
  for (const auto& r : published_runs()) {
    if (!r.best) continue;
    seen.insert(r.model);
    const double e = rel_error(r, d);
    INFO(r.model << " " << grid_text(r) << ": published " << r.latency_ns << " ns, error " << 100 * e << "%");
    CHECK(std::fabs(e) <= 0.15);
  }
  CHECK(seen == std::set<std::string>{"M1", "M2", "M3", "M4", "M5", "M6"});
}

TEST_CASE("perf: every published run is predicted within 15%, fitted and held-out alike", "[perf][published]") {
  const Device d = load_device("vek280");
  double worst_fit = 0, worst_held_out = 0;
  for (const auto& r : published_runs()) {
    const double e = std::fabs(rel_error(r, d));
    INFO(r.model << " " << grid_text(r) << ": published " << r.latency_ns << " ns, |error| " << 100 * e << "%");
    CHECK(e <= 0.15);
    (r.fit_set() ? worst_fit : worst_held_out) = std::max(r.fit_set() ? worst_fit : worst_held_out, e);
  }
  WARN("worst |error|: fitted runs " << 100 * worst_fit << "%, held-out runs " << 100 * worst_held_out << "%");
}

TEST_CASE("perf: the [fit] constants are the least-squares fit on M1-M3 only", "[perf][published]") {
  const Device d = load_device("vek280");
  const PerfConstants c = PerfConstants::for_device(d);
  const auto runs = fit_runs();
  for (const auto& r : runs) CHECK((r.model == "M1" || r.model == "M2" || r.model == "M3"));
  const TransportFit f = fit_transport(runs, d, c);
  CHECK(f.runs == int(runs.size()));
  // The header stores the fit rounded to 0.1 cycle.
  CHECK(f.io_fixed_cycles == Approx(c.io_fixed_cycles).margin(0.05));
  CHECK(f.dma_transfer_cycles == Approx(c.dma_transfer_cycles).margin(0.05));
  CHECK(f.row_hop_cycles == Approx(c.row_hop_cycles).margin(0.05));
  // Physically sensible: positive latencies, a switch hop at least AM020's 4 cycles.
  CHECK(f.io_fixed_cycles > 0);
  CHECK(f.dma_transfer_cycles > 0);
  CHECK(f.row_hop_cycles >= 4);
}

TEST_CASE("perf: the model ranks configurations: the published best beats the fewest-tile run", "[perf][published]") {
  // Only where the published gap (>= 5%) is above the run-to-run spread of the measurements
  // (configurations with the same transfers differ by up to ~3% in the source): M1, M2, M3, M5.
  // M4 (1450 vs 1471 ns) and M6 (2979 vs 3005 ns) are closer than the model can resolve.
  const Device d = load_device("vek280");
  int compared = 0;
  for (const auto& m : reference_models()) {
    double best = 0, fewest = 0, best_pub = 0, fewest_pub = 0;
    for (const auto& r : published_runs()) {
      if (r.model != m.id) continue;
      const double t = predict(build_dense_plan(chain_spec(r), d)).latency_ns;
      if (r.best) best = t, best_pub = r.latency_ns;
      if (r.fewest_tiles) fewest = t, fewest_pub = r.latency_ns;
    }
    REQUIRE(best_pub > 0);
    REQUIRE(fewest_pub > 0);
    if (fewest_pub < 1.05 * best_pub) continue;
    ++compared;
    INFO(m.id << ": best " << best << " ns, fewest tiles " << fewest << " ns");
    CHECK(best < fewest);
  }
  CHECK(compared == 4);
}
