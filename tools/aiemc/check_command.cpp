// aiemc check FILE [--emit ir]: parse, analyse and lower a model; report every error.
#include <fmt/format.h>
#include <iostream>

#include "aiem/aiem.hpp"
#include "tools/aiemc/commands.hpp"
#include "tools/aiemc/model_input.hpp"

namespace aiemc {

Runner add_check_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("check", "Check a .aiem model: syntax, names, types, shapes and parameters");
  struct Options {
    ModelInput model;
    std::string emit;
  };
  auto opt = std::make_shared<Options>();
  add_model_input(cmd, opt->model);
  cmd->add_option("--emit", opt->emit, "Print a stage's result: ir (the lowered IR)")->check(CLI::IsMember({"ir"}));
  return [opt]() {
    auto loaded = load_model(opt->model);
    const auto& r = loaded.parsed;
    if (!loaded.ok()) {
      std::size_t errors = 0;
      for (const auto& d : r.diagnostics) errors += d.severity == aiem::Diagnostic::Severity::Error;
      if (errors > 0) std::cerr << fmt::format("{} error{} in {}\n", errors, errors == 1 ? "" : "s", opt->model.file);
      return kUserError;
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
