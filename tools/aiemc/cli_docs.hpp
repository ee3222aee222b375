#pragma once
// Shell completion and the man page, generated from the CLI11 definition itself, so they list
// exactly the subcommands and options aiemc has: `aiemc completion bash`, `aiemc manpage`.
#include <CLI/CLI.hpp>
#include <string>

namespace aiemc {

std::string bash_completion(const CLI::App& app);
std::string man_page(const CLI::App& app, const std::string& version);

// Registers `completion` and `manpage` on `app` (they read `app` when run).
void add_doc_commands(CLI::App& app, const std::string& version, std::function<int()>& completion_runner,
                      std::function<int()>& manpage_runner);

}  // namespace aiemc
