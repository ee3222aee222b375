// Model benchmarks (issue 8 §3 and the compile-time part of §5): for each example model and the
// benchmark models M1-M6 (bench/models/*.aiem: random int8 parameters, batch 8, no @tiles hints),
// the configuration `aiemc build` chooses, its predicted latency and tiles against the published
// best, an account of why where it does not win, and the compiler's own compile time (parse + lower
// + plan + place + emit in memory, median of several runs). Prints the section and writes it into
// bench/results.md between markers, replacing an earlier run's section and keeping the rest.
//
//   aiem_bench_models [--runs N] [RESULTS.md]
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "aiem/aiem.hpp"
#include "backends/aie/build.hpp"
#include "backends/aie/perf/model.hpp"
#include "backends/aie/perf/plan_builder.hpp"
#include "backends/aie/perf/reference_models.hpp"
#include "dsl/api/model_impl.hpp"

namespace fs = std::filesystem;
using namespace aiem::aie;
using namespace aiem::aie::perf;

namespace {

constexpr std::string_view kBegin = "<!-- aiem_bench_models: begin -->";
constexpr std::string_view kEnd = "<!-- aiem_bench_models: end -->";

struct Entry {
  std::string file;  // relative to the source tree
  std::string ref;   // published model it implements (reference_models.hpp)
};

const std::vector<Entry> kEntries = {
    {"examples/jet_tagger/jet_tagger.aiem", "M1"},       {"examples/tau_selection/tau_selection.aiem", "M2"},
    {"examples/qubit_readout/qubit_readout.aiem", "M5"}, {"bench/models/m1_jet_tagger.aiem", "M1"},
    {"bench/models/m2_tau_selection.aiem", "M2"},        {"bench/models/m3_vae_medium.aiem", "M3"},
    {"bench/models/m4_vae_large.aiem", "M4"},            {"bench/models/m5_qubit_readout.aiem", "M5"},
    {"bench/models/m6_deep_autoencoder.aiem", "M6"},
};

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// Issue 16's target: at most 0.9x the published best latency with no more tiles.
constexpr double kTarget = 0.9;
bool meets_target(const ModelTiming& t, const PublishedRun& best) {
  return t.latency_ns <= kTarget * best.latency_ns && t.tiles <= best.tiles();
}

const PublishedRun& published_best(const std::string& ref) {
  for (const auto& r : published_runs())
    if (r.model == ref && r.best) return r;
  throw std::invalid_argument("no published best run for " + ref);
}

std::string grid_text(const Plan& p) {
  std::string s;
  for (const auto& l : p.layers) s += (s.empty() ? "" : "·") + fmt::format("{}×{}", l.PK, l.PN);
  return s;
}

std::string grid_text(const std::vector<std::pair<int, int>>& g) {
  std::string s;
  for (auto [pk, pn] : g) s += (s.empty() ? "" : "·") + fmt::format("{}×{}", pk, pn);
  return s;
}

// The built design with the published designs' graph I/O: one input PLIO per first-layer K slice
// and one output PLIO per last-layer chain, everything else (splits, placement rows) unchanged.
// What the backend would predict once it emits several PLIOs for wide inputs (README: not yet).
Plan with_per_slice_plios(const Plan& built) {
  Plan p = built;
  const auto& first = p.layers.front();
  const auto& last = p.layers.back();
  const auto in = *std::find_if(p.plios.begin(), p.plios.end(), [](const PlioPlan& io) { return io.is_input; });
  const auto out = *std::find_if(p.plios.begin(), p.plios.end(), [](const PlioPlan& io) { return !io.is_input; });
  p.plios.clear();
  for (int pk = 0; pk < first.PK; ++pk) {
    PlioPlan io = in;
    io.cols = std::max<std::int64_t>(0, std::min(first.KS, first.K - pk * first.KS));
    p.plios.push_back(io);
  }
  for (int pn = 0; pn < last.PN; ++pn) {
    PlioPlan io = out;
    io.cols = std::max<std::int64_t>(0, std::min(last.NS, last.N - pn * last.NS));
    p.plios.push_back(io);
  }
  return p;
}

struct Measured {
  Entry entry;
  std::string model;
  Plan plan;                      // the built design (placed)
  ModelTiming timing;             // its prediction, as `aiemc build` reports it
  std::vector<double> parse_ms, build_ms, total_ms;
  std::vector<double> place_ms;   // make_plan + place_for_latency alone: the part of build_ms the search takes
  bool placement_optimal = false;  // the placement search's first pass finished within its budget
  double placement_gap = 0;        // the result is at most this far above the optimum (cost - lower bound) / cost
  double handoff_saved = 0;        // hand-off hops the refinement saved over the first pass
};

// The placement column: proven optimal; the proven optimum plus what the hand-off refinement
// traded for its saved hops; or the gap to the search's lower bound.
std::string placement_text(const Measured& m) {
  const std::string saved = m.handoff_saved > 0 ? fmt::format(", {:g} hops saved", m.handoff_saved) : "";
  if (m.placement_optimal && m.placement_gap <= 1e-9) return "optimal";
  if (m.placement_optimal) return fmt::format("optimum +{:.1f}%{}", 100 * m.placement_gap, saved);
  return fmt::format("gap ≤ {:.1f}%{}", 100 * m.placement_gap, saved);
}

Measured measure(const fs::path& root, const Entry& e, int runs) {
  Measured m{e, {}, {}, {}, {}, {}, {}, {}, false, 0, 0};
  for (int i = 0; i < runs; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    auto parsed = aiem::parse_file(root / e.file);  // parse + semantic analysis + IR passes
    if (!parsed.ok()) throw std::runtime_error(e.file + ":\n" + parsed.rendered);
    const auto t1 = std::chrono::steady_clock::now();
    aiem::Diagnostics diags;
    // plan + place + emit every project file in memory (kernels, graph, data with golden outputs
    // from the reference interpreter, report.json, placement.svg); nothing is written.
    auto r = build_project(aiem::impl_of(*parsed.model).graph, {}, diags);
    if (!r) throw std::runtime_error(e.file + ":\n" + aiem::render(diags, *aiem::impl_of(*parsed.model).sources));
    const auto t2 = std::chrono::steady_clock::now();
    m.parse_ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    m.build_ms.push_back(std::chrono::duration<double, std::milli>(t2 - t1).count());
    m.total_ms.push_back(std::chrono::duration<double, std::milli>(t2 - t0).count());
    const auto t3 = std::chrono::steady_clock::now();
    const auto& g = aiem::impl_of(*parsed.model).graph;
    auto plan = make_plan(g, load_device(g.target), diags);
    if (!plan) throw std::runtime_error(e.file + ": make_plan failed after build_project succeeded");
    place_for_latency(*plan);
    m.place_ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t3).count());
    if (i + 1 == runs) {
      m.model = r->plan.model;
      m.placement_optimal = r->placed.placement.stats.proven_optimal;
      m.placement_gap = r->placed.placement.stats.gap(r->placed.placement.cost.total);
      m.handoff_saved = r->placed.placement.stats.first_handoff - r->placed.placement.cost.handoff;
      m.plan = std::move(r->plan);
      m.timing = predict(m.plan, PerfConstants::for_device(m.plan.device));
    }
  }
  return m;
}

// The model text with every dense layer's split set to `grid` by @tiles hints (any hint it had is
// replaced), so the published grid goes through our real pipeline: plan, transport, placement.
std::string with_grid(const std::string& text, const std::vector<std::pair<int, int>>& grid) {
  static const std::regex dense_line(R"(^(\s*\w+\s*=\s*dense\(.*?)(\s*@tiles\([^)]*\))?\s*$)");
  std::istringstream in(text);
  std::string out, line;
  std::size_t layer = 0;
  while (std::getline(in, line)) {
    std::smatch m;
    if (std::regex_match(line, m, dense_line) && layer < grid.size()) {
      line = fmt::format("{} @tiles(cascade: {}, parallel: {})", m[1].str(), grid[layer].first, grid[layer].second);
      ++layer;
    }
    out += line + "\n";
  }
  if (layer != grid.size()) throw std::runtime_error(fmt::format("{} dense layers, the grid has {}", layer, grid.size()));
  return out;
}

// The published grid built by our pipeline from the model's own text.
Measured build_with_grid(const fs::path& root, const Entry& e, const std::vector<std::pair<int, int>>& grid) {
  std::ifstream in(root / e.file);
  const std::string text = with_grid(std::string(std::istreambuf_iterator<char>(in), {}), grid);
  aiem::ParseOptions po;
  po.base_dir = (root / e.file).parent_path();  // parameter files next to the model
  auto parsed = aiem::parse(text, e.file + " (published grid)", po);
  if (!parsed.ok()) throw std::runtime_error(parsed.rendered);
  aiem::Diagnostics diags;
  const auto& g = aiem::impl_of(*parsed.model).graph;
  auto plan = make_plan(g, load_device(g.target), diags);
  if (!plan) throw std::runtime_error(aiem::render(diags, *aiem::impl_of(*parsed.model).sources));
  place_for_latency(*plan);
  Measured m{e, plan->model, *plan, predict(*plan, PerfConstants::for_device(plan->device)), {}, {}, {}, {}, false, 0};
  return m;
}

struct Terms {
  double input = 0, dma = 0, route = 0, chain = 0;  // ns on the latency path
};
Terms terms(const ModelTiming& t) {
  const double ns = 1000.0 / t.aie_clock_mhz;
  Terms r{t.input_cycles * ns, 0, 0, 0};
  for (const auto& l : t.layers) {
    r.dma += (l.x_dma_cycles + l.y_dma_cycles) * ns;
    r.route += l.route_cycles * ns;
    r.chain += l.chain.latency_cycles * ns;
  }
  return r;
}

int input_plios(const Plan& p) {
  int n = 0;
  for (const auto& io : p.plios) n += io.is_input;
  return n;
}

// Why a design does not beat the published best with no more tiles, from the model's own terms.
std::string explain(const fs::path& root, const Measured& m, const PublishedRun& best) {
  const auto& t = m.timing;
  const PerfConstants c = PerfConstants::for_device(m.plan.device);
  const double ns = 1000.0 / t.aie_clock_mhz;
  const auto& first = m.plan.layers.front();
  std::string s, hinted;
  for (const auto& l : m.plan.layers)
    if (l.from_hint) hinted += fmt::format("{}{} {}×{}", hinted.empty() ? "" : ", ", l.name, l.PK, l.PN);
  if (!hinted.empty())
    s += fmt::format("The model's @tiles hints fix {} (the automatic split does not choose these layers). ", hinted);
  if (t.tiles > best.tiles())
    s += fmt::format(
        "Tiles {} vs {}: the automatic split (PlanOptions, backends/aie/plan/make_plan.hpp) puts latency before tiles "
        "and has no tile budget; it spends {} more tiles than the published design for {:.1f} ns {} latency. ",
        t.tiles, best.tiles(), t.tiles - best.tiles(), std::abs(best.latency_ns - t.latency_ns),
        t.latency_ns < best.latency_ns ? "less" : "more");
  if (t.latency_ns > kTarget * best.latency_ns) {
    s += fmt::format("Latency {:.1f} ns vs {:.1f} ns ({:.2f}×, the target is {:.1f}×). ", t.latency_ns, best.latency_ns,
                     t.latency_ns / best.latency_ns, kTarget);
    if (input_plios(m.plan) == 1 && first.PK > 1)
      s += fmt::format(
          "The one input PLIO (128 bit at 312.5 MHz = 4 B per AIE cycle) streams the {} × {} B batch in {:.1f} ns "
          "before fc1 can start; with one input PLIO per K slice of fc1 ({}) the same design predicts {:.1f} ns. ",
          first.M, first.K * first.a.bytes(), t.input_cycles * ns, first.PK,
          predict(with_per_slice_plios(m.plan), c).latency_ns);
    const auto worst = std::max_element(t.layers.begin(), t.layers.end(),
                                        [](const auto& a, const auto& b) { return a.latency_cycles < b.latency_cycles; });
    s += fmt::format("Its largest part is {} {}×{}: {:.1f} ns ({:.0f}%), of which the cascade chain {:.1f} ns. ", worst->name,
                     worst->PK, worst->PN, worst->latency_cycles * ns, 100 * worst->latency_cycles / t.latency_cycles,
                     worst->chain.latency_cycles * ns);
  }
  // The published grid through our pipeline, against the model of the published design itself
  // (its per-slice PLIOs and memtile transport: the validated prediction), term by term.
  const auto ours = build_with_grid(root, m.entry, best.grid);
  const Plan theirs_plan = build_dense_plan(chain_spec(best), m.plan.device);
  const auto theirs = predict(theirs_plan, c);
  s += fmt::format("With the published grid {} as @tiles our pipeline predicts {:.1f} ns with {} tiles", grid_text(best.grid),
                   ours.timing.latency_ns, ours.timing.tiles);
  if (ours.timing.latency_ns <= kTarget * best.latency_ns) return s + ": with those hints it meets the target.";
  const Terms a = terms(ours.timing), b = terms(theirs);
  s += fmt::format(
      "; the model of the published design itself (per-slice PLIOs, memtile on every edge) gives {:.1f} ns ({:+.1f}% vs "
      "its measurement). Our build of that grid differs by {:+.1f} ns input PLIO ({} vs {} input PLIOs), {:+.1f} ns "
      "DMA, {:+.1f} ns routing (placement rows), {:+.1f} ns cascade chains",
      theirs.latency_ns, 100 * (theirs.latency_ns - best.latency_ns) / best.latency_ns, a.input - b.input,
      input_plios(ours.plan), input_plios(theirs_plan), a.dma - b.dma, a.route - b.route,
      a.chain - b.chain);
  s += theirs.latency_ns >= best.latency_ns
           ? ": even the published design is predicted above its measurement, so at this grid the gap is within the "
             "model's error (docs/performance.md)."
           : ".";
  return s;
}

std::string section(const fs::path& root, const std::vector<Measured>& ms, const std::string& command, int runs) {
  std::ostringstream md;
  md << kBegin << "\n## Automatic splits vs the published best, and compile time\n\n"
     << "Produced by `" << command << "` (target `aiem_bench_models`, `scripts/bench.sh`). Each model is built as "
     << "`aiemc build` does (automatic splits from the performance model unless the model has @tiles hints; "
     << "placement search; predicted with `perf::predict`). Published best: first input → first output of a batch "
     << "of 8 (benchmarks.md; aie4ml, aiesim). Target: predicted latency at most " << kTarget << "× the published one "
     << "with no more tiles. DMA on path: the layers' x and y DMA transfers on the latency path (memtile store and "
     << "forward; a direct edge has one tile-DMA transfer, or none in place). Placement: proven optimal, or the gap "
     << "to the search's lower bound.\n\n"
     << "| model | file | PK×PN per layer | tiles | memtiles | predicted latency (ns) | interval (ns) | DMA on path (ns) "
     << "| published best (ns / tiles) | vs published | target met | placement |\n"
     << "|---|---|---|---|---|---|---|---|---|---|---|---|\n";
  for (const auto& m : ms) {
    const auto& best = published_best(m.entry.ref);
    const auto& t = m.timing;
    double sf = 0;
    for (const auto& l : t.layers) sf += l.x_dma_cycles + l.y_dma_cycles;
    const bool wins = meets_target(t, best);
    md << fmt::format("| {} | `{}` | {} | {} | {} | {:.1f} | {:.1f} | {:.1f} | {:.1f} / {} | {:.2f}× | {} | {} |\n",
                      m.entry.ref, m.entry.file, grid_text(m.plan), t.tiles, t.memtiles, t.latency_ns, t.interval_ns,
                      sf * 1000.0 / t.aie_clock_mhz, best.latency_ns, best.tiles(), t.latency_ns / best.latency_ns,
                      wins ? "yes" : "no",
                      placement_text(m));
  }
  md << "\n### Where it misses the target, and why\n\n";
  bool any = false;
  for (const auto& m : ms) {
    const auto& best = published_best(m.entry.ref);
    if (meets_target(m.timing, best)) continue;
    any = true;
    md << fmt::format("- **{}** (`{}`): {}\n", m.entry.ref, m.entry.file, explain(root, m, best));
  }
  if (!any) md << "Every model meets the target.\n";
  md << fmt::format(
      "\n### Compile time\n\nParse + lower (`aiem::parse_file`: grammar, semantic analysis, IR passes) and build "
      "(`build_project`: plan, automatic splits, placement search, every project file emitted in memory including the "
      "reference interpreter's golden outputs; nothing written); \"of which plan + place\" times make_plan + "
      "place_for_latency alone. Median of {} runs, Release build, on a shared 2-core "
      "machine: expect noise of ±20%.\n\n"
      "| model | file | layers | tiles | parse + lower (ms) | plan + place + emit (ms) | of which plan + place (ms) | total (ms) "
      "| fastest / slowest total (ms) |\n|---|---|---|---|---|---|---|---|---|\n",
      runs);
  for (const auto& m : ms)
    md << fmt::format("| {} | `{}` | {} | {} | {:.1f} | {:.1f} | {:.1f} | {:.1f} | {:.1f} / {:.1f} |\n", m.entry.ref,
                      m.entry.file, m.plan.layers.size(), m.timing.tiles, median(m.parse_ms), median(m.build_ms),
                      median(m.place_ms), median(m.total_ms),
                      *std::min_element(m.total_ms.begin(), m.total_ms.end()),
                      *std::max_element(m.total_ms.begin(), m.total_ms.end()));
  md << kEnd << "\n";
  return md.str();
}

// Replaces the section between the markers, or appends it: the perf benchmark owns the rest.
void update_results(const fs::path& path, const std::string& sec) {
  std::string text;
  if (std::ifstream in(path); in) text.assign(std::istreambuf_iterator<char>(in), {});
  const auto b = text.find(kBegin);
  const auto e = text.find(kEnd);
  if (b != std::string::npos && e != std::string::npos && e > b) {
    auto end = e + kEnd.size();
    if (end < text.size() && text[end] == '\n') ++end;
    text.replace(b, end - b, sec);
  } else {
    if (!text.empty() && text.back() != '\n') text += '\n';
    text += (text.empty() ? "" : "\n") + sec;
  }
  const fs::path tmp = path.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out) throw std::runtime_error("cannot write " + tmp.string());
  }
  fs::rename(tmp, path);
}

}  // namespace

int main(int argc, char** argv) {
  const fs::path root = AIEM_SOURCE_DIR;
  fs::path out_path = root / "bench" / "results.md";
  int runs = 5;
  // Paths as written in the repository: nothing committed names this machine's directories.
  auto relative = [&](std::string p) {
    const std::string r = root.string() + "/";
    return p.rfind(r, 0) == 0 ? p.substr(r.size()) : p;
  };
  std::string command = relative(argv[0]);
  for (int i = 1; i < argc; ++i) {
    command += std::string(" ") + relative(argv[i]);
    const std::string a = argv[i];
    if (a == "--runs" && i + 1 < argc) {
      runs = std::max(1, std::stoi(argv[++i]));
      command += std::string(" ") + argv[i];
    } else {
      out_path = a;
    }
  }
  try {
    std::vector<Measured> ms;
    for (const auto& e : kEntries) {
      ms.push_back(measure(root, e, runs));
      std::cerr << fmt::format("{}: {:.1f} ms\n", e.file, median(ms.back().total_ms));
    }
    const std::string sec = section(root, ms, command, runs);
    std::cout << sec;
    update_results(out_path, sec);
    std::cerr << "updated " << out_path.string() << "\n";
  } catch (const std::exception& e) {
    std::cerr << "aiem_bench_models: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
