// aiemc build FILE -o DIR [--device D] [--columns A..B] [--batches N] [--seed S] [--input NAME=PATH.npy ...]
// Compiles a model into a complete Vitis AIE project (kernels, ADF graph with placement
// constraints, build files, PLIO data with golden outputs, host code, report.json) and prints a
// one-screen summary. DIR is written atomically: on any error it is left as it was; it must be
// new, empty or an earlier aiemc project (--force for anything else).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iostream>

#include "aiem/aiem.hpp"
#include "backends/aie/build.hpp"
#include "dsl/api/design_inputs.hpp"
#include "dsl/api/model_impl.hpp"
#include "ir/numeric/requantize.hpp"
#include "ir/tensor_io/npy.hpp"
#include "tools/aiemc/commands.hpp"
#include "tools/aiemc/model_input.hpp"
#include "tools/aiemc/array_options.hpp"

namespace aiemc {

Runner add_build_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("build", "Compile a model into a Vitis AIE project for AIE-ML / AIE-MLv2");
  struct Options {
    ModelInput model;
    std::string out;
    std::vector<std::string> inputs;
    ArrayOptions array;
    int batches = 1;
    std::uint64_t seed = 1;
    bool quiet = false;
    bool force = false;
  };
  auto o = std::make_shared<Options>();
  add_model_input(cmd, o->model);
  cmd->add_option("-o,--output", o->out, "Project directory to write")->required();
  add_array_options(cmd, o->array);
  cmd->add_option("--batches", o->batches, "Input batches in the PLIO data (graph iterations)")->check(CLI::Range(1, 1 << 20));
  cmd->add_option("--seed", o->seed, "Seed of the random input codes");
  cmd->add_option("--input", o->inputs,
                  "Input codes as NAME=PATH.npy for each model input given (integer codes or real values, k batches "
                  "of the input's shape); the others get random codes");
  cmd->add_flag("-q,--quiet", o->quiet, "Print nothing but errors");
  cmd->add_flag("--force", o->force,
                "Replace the output even if it is a file or a directory that aiemc did not write");
  return [o]() -> int {
    auto t0 = std::chrono::steady_clock::now();
    auto loaded = load_model(o->model);
    if (!loaded.ok()) return kUserError;
    const auto& impl = aiem::impl_of(*loaded.parsed.model);
    const aiem::ir::Graph& graph = *loaded.graph;  // with --hints applied
    aiem::aie::BuildOptions bo;
    bo.device = o->array.device;
    bo.plan = plan_options(o->array);
    bo.batches = o->batches;
    bo.seed = o->seed;
    try {
      bo.place = place_options(o->array);
    } catch (const std::exception& e) {
      std::cerr << fmt::format("aiemc build: {}\n", e.what());
      return kUserError;
    }
    // Each --input array as a tensor (integer arrays are codes, float arrays real values), checked
    // against the model as aiem::build checks its inputs.
    std::map<std::string, aiem::Tensor> given;
    std::map<std::string, std::string> file_of;  // input name -> its --input file, for the messages
    for (const std::string& arg : o->inputs) {
      auto eq = arg.find('=');
      if (eq == std::string::npos) {
        std::cerr << fmt::format("aiemc build: --input '{}': expected NAME=PATH.npy\n", arg);
        return kUserError;
      }
      const std::string name = arg.substr(0, eq), path = arg.substr(eq + 1);
      try {
        auto a = aiem::io::read_npy(path);
        if (given.count(name)) throw std::runtime_error(fmt::format("input '{}' is given twice", name));
        given[name] = a.is_float() ? aiem::Tensor::from_values(a.shape, a.reals) : aiem::Tensor::from_codes(a.shape, a.ints);
        file_of[name] = path;
      } catch (const std::exception& e) {
        std::cerr << fmt::format("aiemc build: {}: {}\n", path, e.what());
        return kUserError;
      }
    }
    try {
      auto in = aiem::design_inputs(graph, given);
      bo.input_codes = std::move(in.codes);
      if (in.batches > 0) bo.batches = int(in.batches);
    } catch (const aiem::DesignInputError& e) {
      std::cerr << fmt::format("aiemc build: {}: {}\n", file_of.at(e.input), e.what());
      return kUserError;
    }
    aiem::Diagnostics diags;
    auto r = aiem::aie::build_project(graph, bo, diags);
    if (!r) {
      std::cerr << aiem::render(diags, *impl.sources);
      return kUserError;
    }
    if (!diags.all().empty()) std::cerr << aiem::render(diags, *impl.sources);  // warnings (e.g. ops left out)
    try {
      aiem::io::DirectoryOutput how;
      how.force = o->force;
      how.keep = {o->model.file};  // the model (and the --input arrays) must survive the write
      for (const std::string& arg : o->inputs)
        if (auto eq = arg.find('='); eq != std::string::npos) how.keep.push_back(arg.substr(eq + 1));
      aiem::aie::write_project(o->out, r->project, how);
    } catch (const aiem::io::OutputError& e) {
      std::cerr << fmt::format("aiemc build: {}\n", e.what());
      return kUserError;
    }
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    if (!o->quiet)
      std::cout << aiem::aie::build_summary(*r)
                << fmt::format("wrote {} ({} files) in {:.0f} ms\n", o->out, r->project.files.size(), ms);
    return kOk;
  };
}

}  // namespace aiemc
