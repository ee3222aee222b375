// aiemc place FILE [--device D] [--columns A..B] [--svg OUT.svg] [--budget N]
// Plans and places a model without emitting a project: prints the placement's cost, whether it is
// proven optimal, the search time, and a text map of the device; optionally writes the SVG drawing.
#include <fmt/format.h>

#include <chrono>
#include <fstream>
#include <iostream>

#include "aiem/aiem.hpp"
#include "backends/aie/build.hpp"
#include "backends/aie/placement/render.hpp"
#include "backends/aie/report/render.hpp"
#include "dsl/api/model_impl.hpp"
#include "ir/io/atomic_output.hpp"
#include "tools/aiemc/commands.hpp"
#include "tools/aiemc/model_input.hpp"
#include "tools/aiemc/array_options.hpp"

namespace aiemc {

Runner add_place_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("place", "Plan and place a model on its device; print the map (and draw it as SVG)");
  struct Options {
    ModelInput model;
    std::string svg;
    ArrayOptions array;
    long long budget = 50'000;
  };
  auto o = std::make_shared<Options>();
  add_model_input(cmd, o->model);
  add_array_options(cmd, o->array);
  cmd->add_option("--svg", o->svg, "Write the placement drawing here");
  cmd->add_option("--budget", o->budget, "Search nodes before settling for the best placement so far")->check(CLI::Range(1LL, 1LL << 40));
  return [o]() -> int {
    auto loaded = load_model(o->model);
    if (!loaded.ok()) return kUserError;
    const auto& impl = aiem::impl_of(*loaded.parsed.model);
    const aiem::ir::Graph& graph = *loaded.graph;  // with --hints applied
    aiem::Diagnostics diags;
    aiem::aie::Device dev;
    try {
      dev = aiem::aie::load_device(o->array.device.empty() ? graph.target : o->array.device);
    } catch (const std::exception& e) {
      std::cerr << fmt::format("aiemc place: {}\n", e.what());
      return kUserError;
    }
    auto plan = aiem::aie::make_plan(graph, dev, diags, plan_options(o->array));
    if (!plan) {
      std::cerr << aiem::render(diags, *impl.sources);
      return kUserError;
    }
    try {
      aiem::aie::PlaceOptions po = place_options(o->array);
      po.search.node_budget = o->budget;
      auto t0 = std::chrono::steady_clock::now();
      auto placed = aiem::aie::place_for_latency(*plan, po);
      double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
      // The drawing first: a refused --svg is an error with no map printed as if it had worked.
      if (!o->svg.empty()) aiem::io::write_file(o->svg, aiem::aie::placement::render_svg(placed.problem, placed.placement));
      std::cout << aiem::aie::placement::render_text_map(placed.problem, placed.placement);
      std::cout << fmt::format("placed {} tiles in {:.1f} ms ({} search nodes)\n", plan->total_tiles(), ms,
                               placed.placement.stats.nodes);
      if (!o->svg.empty()) std::cout << fmt::format("wrote {}\n", o->svg);
    } catch (const aiem::aie::placement::PlacementError& e) {
      std::cerr << fmt::format("aiemc place: {}\n", e.what());
      return kUserError;
    } catch (const std::exception& e) {  // bad --columns / --keep-out, unwritable --svg
      std::cerr << fmt::format("aiemc place: {}\n", e.what());
      return kUserError;
    }
    return kOk;
  };
}

}  // namespace aiemc
