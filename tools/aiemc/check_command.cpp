// aiemc check FILE [--emit ir] [--build]: parse, analyse and lower a model; report every error.
// It then makes the checks `aiemc build` makes (the same code: aie::plan_and_place on the model's
// target): a valid model the AIE backend cannot build yet runs on the reference interpreter, so
// those problems are warnings, unless --build makes them errors.
#include <fmt/format.h>
#include <iostream>

#include "aiem/aiem.hpp"
#include "backends/aie/build.hpp"
#include "dsl/api/model_impl.hpp"
#include "tools/aiemc/commands.hpp"
#include "tools/aiemc/model_input.hpp"

namespace aiemc {

Runner add_check_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("check", "Check a .aiem model: syntax, names, types, shapes and parameters");
  struct Options {
    ModelInput model;
    std::string emit;
    bool build = false;
  };
  auto opt = std::make_shared<Options>();
  add_model_input(cmd, opt->model);
  cmd->add_option("--emit", opt->emit, "Print a stage's result: ir (the lowered IR)")->check(CLI::IsMember({"ir"}));
  cmd->add_flag("--build", opt->build,
                "Fail (exit 1) when `aiemc build` would refuse the model for its target (otherwise a warning)");
  return [opt]() {
    auto loaded = load_model(opt->model);
    const auto& r = loaded.parsed;
    if (!loaded.ok()) {
      std::size_t errors = 0;
      for (const auto& d : r.diagnostics) errors += d.severity == aiem::Diagnostic::Severity::Error;
      if (errors > 0) std::cerr << fmt::format("{} error{} in {}\n", errors, errors == 1 ? "" : "s", opt->model.file);
      return kUserError;
    }
    aiem::Diagnostics backend;
    auto design = aiem::aie::plan_and_place(*loaded.graph, "", {}, {}, backend);
    if (!design) {
      aiem::Diagnostics shown;
      for (aiem::Diag d : backend.all()) {
        if (!opt->build && d.severity == aiem::Severity::Error) {
          d.severity = aiem::Severity::Warning;
          d.message = fmt::format("aiemc build would refuse this model for {}: {}", r.model->target(), d.message);
        }
        shown.add(std::move(d));
      }
      std::cerr << aiem::render(shown, *aiem::impl_of(*r.model).sources);
      if (opt->build) return kUserError;
    } else if (!backend.all().empty()) {
      std::cerr << aiem::render(backend, *aiem::impl_of(*r.model).sources);  // the backend's warnings
    }
    if (opt->emit == "ir") {
      std::cout << r.model->ir_text();
    } else {
      std::cout << fmt::format("{}: ok: model '{}' for {}, batch {}, {} input{}, {} output{}\n", opt->model.file,
                               r.model->name(), r.model->target(), r.model->batch(), r.model->inputs().size(),
                               r.model->inputs().size() == 1 ? "" : "s", r.model->outputs().size(),
                               r.model->outputs().size() == 1 ? "" : "s");
    }
    return kOk;
  };
}

}  // namespace aiemc
