// aiemc report FILE [--device D] [--columns A..B] [--keep-out C,R] [--json] [--html OUT.html]
// Plans, places and predicts a model without writing a project, then prints what it becomes on
// the array: per layer PK x PN, tiles, kernel cycles, latency share, MAC utilisation; per model
// latency, interval, throughput, tiles and memtiles; and the placement map. --json prints the same
// as JSON; --html also writes one self-contained page (atomically: never a partial file).
#include <fmt/format.h>

#include <iostream>

#include "aiem/aiem.hpp"
#include "backends/aie/report/render.hpp"
#include "backends/aie/report/report.hpp"
#include "dsl/api/model_impl.hpp"
#include "tools/aiemc/array_options.hpp"
#include "ir/io/atomic_output.hpp"
#include "tools/aiemc/commands.hpp"
#include "tools/aiemc/model_input.hpp"

namespace aiemc {

Runner add_report_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("report", "Plan, place and predict a model; print its timing and placement");
  struct Options {
    ModelInput model;
    std::string html;
    ArrayOptions array;
    bool json = false;
  };
  auto o = std::make_shared<Options>();
  add_model_input(cmd, o->model);
  add_array_options(cmd, o->array);
  cmd->add_flag("--json", o->json, "Print the report as JSON instead of a table");
  cmd->add_option("--html", o->html, "Also write the report as one self-contained HTML file");
  return [o]() -> int {
    auto loaded = load_model(o->model);
    if (!loaded.ok()) return kUserError;
    const auto& impl = aiem::impl_of(*loaded.parsed.model);
    const aiem::ir::Graph& graph = *loaded.graph;  // with --hints applied
    aiem::aie::report::ReportOptions ro;
    ro.device = o->array.device;
    ro.plan = plan_options(o->array);
    try {
      ro.place = place_options(o->array);
    } catch (const std::exception& e) {
      std::cerr << fmt::format("aiemc report: {}\n", e.what());
      return kUserError;
    }
    aiem::Diagnostics diags;
    auto r = aiem::aie::report::plan_and_report(graph, ro, diags);
    if (!r) {
      std::cerr << aiem::render(diags, *impl.sources);
      return kUserError;
    }
    if (!o->html.empty()) {
      try {
        aiem::io::write_file(o->html, aiem::aie::report::render_html(*r));
      } catch (const std::exception& e) {
        std::cerr << fmt::format("aiemc report: {}\n", e.what());
        return kUserError;
      }
    }
    std::cout << (o->json ? aiem::aie::report::render_json(*r) : aiem::aie::report::render_table(*r));
    // Only in table mode: --json keeps stdout pure JSON for tools.
    if (!o->html.empty() && !o->json) std::cout << fmt::format("wrote {}\n", o->html);
    return kOk;
  };
}

}  // namespace aiemc
