#include "backends/aie/perf/calibrate.hpp"

#include <array>
#include <cmath>
#include <stdexcept>

#include "backends/aie/perf/model.hpp"
#include "backends/aie/perf/plan_builder.hpp"

namespace aiem::aie::perf {
namespace {

double latency_cycles(const Plan& p, const PerfConstants& c) { return predict(p, c).latency_cycles; }

}  // namespace

TransportFit fit_transport(const std::vector<PublishedRun>& runs, const Device& device, const PerfConstants& base) {
  if (runs.size() < 3) throw std::invalid_argument("perf: fitting three constants needs at least three runs");
  // Latency = rest + io * a + dma * b + row * r per run: read a, b, r off the model by switching
  // one constant to 1 at a time, then solve the 3x3 normal equations weighted by 1/measured.
  PerfConstants zero = base;
  zero.io_fixed_cycles = zero.dma_transfer_cycles = zero.row_hop_cycles = 0;
  std::array<std::array<double, 3>, 3> A{};
  std::array<double, 3> rhs{};
  std::vector<std::array<double, 4>> rows;
  for (const auto& run : runs) {
    const Plan p = build_dense_plan(chain_spec(run), device);
    const double rest = latency_cycles(p, zero);
    PerfConstants ci = zero, cd = zero, cr = zero;
    ci.io_fixed_cycles = 1;
    cd.dma_transfer_cycles = 1;
    cr.row_hop_cycles = 1;
    const double measured = run.latency_ns * zero.aie_mhz(device) / 1e3;
    const std::array<double, 3> x = {latency_cycles(p, ci) - rest, latency_cycles(p, cd) - rest, latency_cycles(p, cr) - rest};
    const double w = 1.0 / measured, y = measured - rest;
    for (int i = 0; i < 3; ++i) {
      for (int j = 0; j < 3; ++j) A[i][j] += w * w * x[i] * x[j];
      rhs[i] += w * w * x[i] * y;
    }
    rows.push_back({x[0], x[1], x[2], y});
  }
  // Gaussian elimination with partial pivoting.
  for (int col = 0; col < 3; ++col) {
    int piv = col;
    for (int r = col + 1; r < 3; ++r)
      if (std::fabs(A[r][col]) > std::fabs(A[piv][col])) piv = r;
    if (std::fabs(A[piv][col]) < 1e-12) throw std::invalid_argument("perf: the runs do not determine the constants");
    std::swap(A[col], A[piv]);
    std::swap(rhs[col], rhs[piv]);
    for (int r = col + 1; r < 3; ++r) {
      const double f = A[r][col] / A[col][col];
      for (int k = col; k < 3; ++k) A[r][k] -= f * A[col][k];
      rhs[r] -= f * rhs[col];
    }
  }
  std::array<double, 3> sol{};
  for (int r = 2; r >= 0; --r) {
    double s = rhs[r];
    for (int k = r + 1; k < 3; ++k) s -= A[r][k] * sol[k];
    sol[r] = s / A[r][r];
  }
  TransportFit f;
  f.io_fixed_cycles = sol[0];
  f.dma_transfer_cycles = sol[1];
  f.row_hop_cycles = sol[2];
  f.runs = int(runs.size());
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const auto& x = rows[i];
    const double measured = runs[i].latency_ns * zero.aie_mhz(device) / 1e3;
    const double predicted = measured - x[3] + x[0] * sol[0] + x[1] * sol[1] + x[2] * sol[2];
    f.max_abs_rel_error = std::max(f.max_abs_rel_error, std::fabs(predicted - measured) / measured);
  }
  return f;
}

std::vector<PublishedRun> fit_runs() {
  std::vector<PublishedRun> out;
  for (const auto& r : published_runs())
    if (r.fit_set()) out.push_back(r);
  return out;
}

std::vector<PublishedRun> validation_runs() {
  std::vector<PublishedRun> out;
  for (const auto& r : published_runs())
    if (!r.fit_set()) out.push_back(r);
  return out;
}

}  // namespace aiem::aie::perf
