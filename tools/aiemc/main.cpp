// aiemc: quantized neural networks -> AMD Versal AIE-ML / AIE-MLv2 firmware.
#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <map>

#include "ir/diag/diagnostic.hpp"
#include "ir/io/atomic_output.hpp"
#include "tools/aiemc/cli_docs.hpp"
#include "tools/aiemc/commands.hpp"

namespace {

constexpr const char* kDefectNote = "(this is a defect in aiemc, not in your input: please report it with the command and its inputs)\n";

// What a command printed must have reached stdout: a full disk or a closed pipe behind `>` is
// the user's environment (exit 1), not success.
int finish_output(int code) {
  std::cout.flush();
  if (!std::cout.good() || std::fflush(stdout) != 0 || std::ferror(stdout)) {
    std::cerr << fmt::format("aiemc: error: cannot write to standard output: {}\n", std::strerror(errno));
    return code == aiemc::kOk ? aiemc::kUserError : code;
  }
  return code;
}

}  // namespace

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
    // --help and --version print and exit 0; bad flags are user errors (exit 1).
    if (e.get_exit_code() == 0) return finish_output(app.exit(e));
    const auto subs = app.get_subcommands();
    const std::string where = subs.empty() ? "aiemc" : "aiemc " + subs.front()->get_name();
    std::cerr << fmt::format("{}: error: {}\n(`{} --help` lists the options)\n", where, e.what(), where);
    return aiemc::kUserError;
  }
  try {
    for (auto* sub : app.get_subcommands()) return finish_output(runners.at(sub->get_name())());
  } catch (const aiem::io::OutputError& e) {  // the file system refused a write: the user's to fix
    std::cerr << fmt::format("aiemc: error: {}\n", e.what());
    return aiemc::kUserError;
  } catch (const aiem::InternalError& e) {
    std::cerr << fmt::format("aiemc: internal error: {}\n{}", e.what(), kDefectNote);
    return aiemc::kInternalError;
  } catch (const std::exception& e) {
    std::cerr << fmt::format("aiemc: internal error: {}\n{}", e.what(), kDefectNote);
    return aiemc::kInternalError;
  }
  return aiemc::kInternalError;
}
