// aiemc: quantized neural networks -> AMD Versal AIE-ML / AIE-MLv2 firmware.
#include <fmt/format.h>
#include <iostream>
#include <map>

#include "ir/diag/diagnostic.hpp"
#include "ir/io/atomic_output.hpp"
#include "tools/aiemc/cli_docs.hpp"
#include "tools/aiemc/commands.hpp"

int main(int argc, char** argv) {
  aiem::io::install_cleanup_handlers();  // SIGINT/SIGTERM remove temporaries and child processes
  CLI::App app{"aiemc: compile quantized neural networks for AMD Versal AI Engine (AIE-ML, AIE-MLv2) arrays"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "aiemc " AIEM_VERSION);
  std::map<std::string, aiemc::Runner> runners;
  runners["check"] = aiemc::add_check_command(app);
  runners["run"] = aiemc::add_run_command(app);
  runners["import"] = aiemc::add_import_command(app);
  runners["build"] = aiemc::add_build_command(app);
  runners["place"] = aiemc::add_place_command(app);
  runners["emulate"] = aiemc::add_emulate_command(app);
  runners["report"] = aiemc::add_report_command(app);
  aiemc::add_doc_commands(app, AIEM_VERSION, runners["completion"], runners["manpage"]);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help prints and exits 0; bad flags are user errors (exit 1).
    int code = app.exit(e);
    return code == 0 ? aiemc::kOk : aiemc::kUserError;
  }
  try {
    for (auto* sub : app.get_subcommands()) return runners.at(sub->get_name())();
  } catch (const aiem::io::OutputError& e) {  // the file system refused a write: the user's to fix
    std::cerr << fmt::format("aiemc: error: {}\n", e.what());
    return aiemc::kUserError;
  } catch (const aiem::InternalError& e) {
    std::cerr << fmt::format("aiemc: internal error: {}\n", e.what());
    return aiemc::kInternalError;
  } catch (const std::exception& e) {
    std::cerr << fmt::format("aiemc: internal error: {}\n", e.what());
    return aiemc::kInternalError;
  }
  return aiemc::kInternalError;
}
