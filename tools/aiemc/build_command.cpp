// aiemc build FILE -o DIR [--device D] [--columns A..B] [--batches N] [--seed S] [--input NAME=PATH.npy]
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
    std::string out, input;
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
  cmd->add_option("--input", o->input, "Input codes as NAME=PATH.npy (integer codes, batches x rows x features)");
  cmd->add_flag("-q,--quiet", o->quiet, "Print nothing but errors");
  cmd->add_flag("--force", o->force,
                "Replace the output even if it is a file or a directory that aiemc did not write");
  return [o]() -> int {
    auto t0 = std::chrono::steady_clock::now();
    auto loaded = load_model(o->model);
    if (!loaded.ok()) return kUserError;
    const auto& impl = loaded.parsed.model->impl();
    const aiem::ir::Graph& graph = *loaded.graph;  // with --hints applied
    aiem::aie::BuildOptions bo;
    bo.device = o->array.device;
    bo.batches = o->batches;
    bo.seed = o->seed;
    try {
      bo.place = place_options(o->array);
    } catch (const std::exception& e) {
      std::cerr << fmt::format("aiemc build: {}\n", e.what());
      return kUserError;
    }
    if (!o->input.empty()) {
      auto eq = o->input.find('=');
      if (eq == std::string::npos) {
        std::cerr << fmt::format("aiemc build: --input '{}': expected NAME=PATH.npy\n", o->input);
        return kUserError;
      }
      try {
        // Integer arrays are codes; float arrays are real values, quantized with the input's type
        // (as `aiemc run` does).
        auto a = aiem::io::read_npy(o->input.substr(eq + 1));
        const auto& in = graph.value(graph.inputs[0]);
        if (o->input.substr(0, eq) != in.name)
          throw std::runtime_error(fmt::format("the model's input is '{}', not '{}'", in.name, o->input.substr(0, eq)));
        // The shape run takes, [batch, d...], or several batches of it stacked, [k * batch, d...].
        const auto& want = in.type.shape;
        const bool same_sample = a.shape.size() == want.size() && !a.shape.empty() &&
                                 std::equal(a.shape.begin() + 1, a.shape.end(), want.begin() + 1);
        if (!same_sample || a.shape[0] % want[0] != 0 || a.shape[0] == 0)
          throw std::runtime_error(fmt::format("the array has shape [{}]; the input '{}' is [{}] (or k batches of it: [k*{}, ...])",
                                               fmt::join(a.shape, ", "), in.name, fmt::join(want, ", "), want[0]));
        std::vector<std::int64_t> codes = a.ints;
        if (a.is_float()) {
          codes.clear();
          for (double v : a.reals) {
            if (!std::isfinite(v)) throw std::runtime_error("a value is not finite");
            codes.push_back(aiem::ir::quantize_input(in, v));  // @real: ONNX QuantizeLinear
          }
        }
        std::int64_t per_batch = in.type.elements();
        if (codes.empty() || std::int64_t(codes.size()) % per_batch != 0)
          throw std::runtime_error(fmt::format("{} values are not a whole number of batches of {}", codes.size(), per_batch));
        for (auto c : codes)
          if (c < in.type.format.min_code() || c > in.type.format.max_code())
            throw std::runtime_error(fmt::format("code {} is outside the input type {}", c, aiem::num::to_string(in.type.format)));
        bo.input_codes = codes;
        bo.batches = int(std::int64_t(codes.size()) / per_batch);
      } catch (const std::exception& e) {
        std::cerr << fmt::format("aiemc build: {}: {}\n", o->input.substr(eq + 1), e.what());
        return kUserError;
      }
    }
    aiem::Diagnostics diags;
    auto r = aiem::aie::build_project(graph, bo, diags);
    if (!r) {
      std::cerr << aiem::render(diags, *impl.sources);
      return kUserError;
    }
    try {
      aiem::io::DirectoryOutput how;
      how.force = o->force;
      how.keep = {o->model.file};  // the model (and an --input array) must survive the write
      if (auto eq = o->input.find('='); eq != std::string::npos) how.keep.push_back(o->input.substr(eq + 1));
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
