#pragma once
// Runs a program (no shell: arguments are passed as they are) with a working directory and extra
// environment variables, its stdout and stderr going to one log file.
#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace aiem::emulation {

struct ProcessResult {
  int exit_code = -1;  // the program's exit status, or 128 + signal number
  std::string log;     // what it printed (stdout and stderr interleaved)
};

// The program could not be started (not found, not executable).
struct ProcessStartError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// ProcessStartError if the program cannot be started. The child runs in its own process group.
ProcessResult run_process(const std::vector<std::string>& argv, const std::filesystem::path& cwd,
                          const std::map<std::string, std::string>& env, const std::filesystem::path& log_file);

}  // namespace aiem::emulation
