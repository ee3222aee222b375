// The design half of the public API: check, report and build (aiem/build.hpp, aiem/report.hpp),
// over the AIE backend's plan_and_place, plan_and_report and build_project.
#include <fmt/format.h>

#include "aiem/build.hpp"
#include "aiem/report.hpp"
#include "backends/aie/build.hpp"
#include "backends/aie/report/render.hpp"
#include "backends/aie/report/report.hpp"
#include "dsl/api/array_options.hpp"
#include "dsl/api/design_inputs.hpp"
#include "dsl/api/model_impl.hpp"
#include "dsl/hints/layer_hints.hpp"
#include "ir/io/atomic_output.hpp"

namespace aiem {
namespace {

// The graph with the options' hints applied (Error naming the file and the key).
ir::Graph hinted(const Model& model, const ArrayOptions& o) {
  ir::Graph g = impl_of(model).graph;
  try {
    if (!o.hints.empty()) hints::apply_layer_hints(o.hints.string(), g);
    if (!o.hints_text.empty()) hints::apply_layer_hints_text(o.hints_text, "hints", g);
  } catch (const hints::HintsError& e) {
    throw Error(e.what());
  }
  return g;
}

// The shared conversion (dsl/api/array_options.hpp), its one user error as aiem::Error.
aie::PlaceOptions checked_place_options(const ArrayOptions& o) {
  try {
    return place_options(o);
  } catch (const aie::placement::ProblemError& e) {
    throw Error(fmt::format("columns '{}': {}", o.columns, e.what()));
  }
}

Report public_report(const aie::report::Report& r) {
  Report p;
  const auto& t = r.timing;
  p.model = r.model;
  p.device = r.device.name;
  p.batch = r.batch;
  p.iterations = t.iterations;
  p.samples_per_iteration = t.samples_per_iteration;
  p.aie_clock_mhz = t.aie_clock_mhz;
  p.latency_cycles = t.latency_cycles;
  p.latency_ns = t.latency_ns;
  p.interval_cycles = t.interval_cycles;
  p.interval_ns = t.interval_ns;
  p.inferences_per_s = t.inferences_per_s;
  p.gops = t.gops;
  p.mac_utilisation = t.mac_utilisation;
  p.bottleneck = t.bottleneck;
  p.tiles = t.tiles;
  p.memtiles = t.memtiles;
  p.macs = t.macs;
  for (const auto& l : r.layers)
    p.layers.push_back({l.name, l.op, l.K, l.N, l.PK, l.PN, l.tiles, l.from_hint, l.kernel_cycles, l.latency_cycles,
                        l.latency_ns, l.latency_share, l.interval_cycles, l.mac_utilisation, l.critical});
  p.placement_cost = r.placement_cost;
  p.placement_optimal = r.placement_optimal;
  p.placement_map = r.placement_map;
  p.table = aie::report::render_table(r);
  p.json = aie::report::render_json(r);
  p.html = aie::report::render_html(r);
  return p;
}

}  // namespace

Outcome check(const Model& model, const ArrayOptions& options) {
  const ir::Graph g = hinted(model, options);
  Diagnostics diags;
  aie::plan_and_place(g, options.device, plan_options(options), checked_place_options(options), diags);
  return outcome(diags, *impl_of(model).sources);
}

ReportResult report(const Model& model, const ArrayOptions& options) {
  const ir::Graph g = hinted(model, options);
  aie::report::ReportOptions ro;
  ro.device = options.device;
  ro.plan = plan_options(options);
  ro.place = checked_place_options(options);
  Diagnostics diags;
  ReportResult result;
  if (auto r = aie::report::plan_and_report(g, ro, diags)) result.report = public_report(*r);
  static_cast<Outcome&>(result) = outcome(diags, *impl_of(model).sources);
  return result;
}

ReportResult report(const Model& model) { return report(model, ArrayOptions{}); }

BuildResult build(const Model& model, const BuildOptions& options) {
  const ir::Graph g = hinted(model, options);
  aie::BuildOptions bo;
  bo.device = options.device;
  bo.plan = plan_options(options);
  bo.place = checked_place_options(options);
  if (options.batches < 1) throw Error(fmt::format("batches {}: at least one batch", options.batches));
  bo.batches = options.batches;
  bo.seed = options.seed;
  DesignInputs in = design_inputs(g, options.inputs);
  bo.input_codes = std::move(in.codes);
  if (in.batches > 0) bo.batches = int(in.batches);
  Diagnostics diags;
  BuildResult result;
  if (auto r = aie::build_project(g, bo, diags)) {
    Project p;
    p.summary = aie::build_summary(*r);
    p.report = public_report(aie::report::make_report(r->plan, r->placed));
    p.files = std::move(r->project.files);
    p.sources = impl_of(model).files;
    result.project = std::move(p);
  }
  static_cast<Outcome&>(result) = outcome(diags, *impl_of(model).sources);
  return result;
}

void Project::write(const std::filesystem::path& dir, bool force) const {
  aie::Project p;
  p.files = files;
  io::DirectoryOutput how;
  how.force = force;
  how.keep = sources;
  try {
    aie::write_project(dir, p, how);
  } catch (const io::OutputError& e) {
    throw Error(e.what());
  }
}

}  // namespace aiem
