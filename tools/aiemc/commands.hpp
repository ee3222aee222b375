#pragma once
// Subcommands of aiemc. Each registers its options on the CLI11 app and returns the function
// that runs it; the function returns the process exit code.
#include <CLI/CLI.hpp>
#include <functional>

namespace aiemc {

// Exit codes: 0 ok, 1 user error (bad model, inputs or flags), 2 internal error.
enum ExitCode { kOk = 0, kUserError = 1, kInternalError = 2 };

using Runner = std::function<int()>;

Runner add_check_command(CLI::App& app);
Runner add_run_command(CLI::App& app);
Runner add_import_command(CLI::App& app);
Runner add_build_command(CLI::App& app);
Runner add_place_command(CLI::App& app);
Runner add_emulate_command(CLI::App& app);
Runner add_report_command(CLI::App& app);

}  // namespace aiemc
