#include "backends/emulate/process.hpp"

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "ir/io/atomic_output.hpp"

extern char** environ;

namespace aiem::emulation {

ProcessResult run_process(const std::vector<std::string>& argv, const std::filesystem::path& cwd,
                          const std::map<std::string, std::string>& env, const std::filesystem::path& log_file) {
  if (argv.empty()) throw std::invalid_argument("run_process: empty command");
  // Environment: ours, with the given variables replaced or added.
  std::map<std::string, std::string> vars;
  for (char** e = environ; *e; ++e) {
    std::string kv(*e);
    auto eq = kv.find('=');
    if (eq != std::string::npos) vars[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  for (auto& [k, v] : env) vars[k] = v;
  std::vector<std::string> env_strings;
  for (auto& [k, v] : vars) env_strings.push_back(k + "=" + v);
  std::vector<char*> envp, args;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<std::string> argv_copy = argv;
  for (auto& s : argv_copy) args.push_back(s.data());
  args.push_back(nullptr);

  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, log_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&fa, STDOUT_FILENO, STDERR_FILENO);
  posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  // glibc >= 2.29: change directory in the child only.
  posix_spawn_file_actions_addchdir_np(&fa, cwd.c_str());
  // The child leads its own process group, so an interruption of aiemc can end it and everything
  // it started (g++ runs cc1plus, as, ld) with one signal (io::install_cleanup_handlers).
  // SIGINT/SIGTERM are held back from the spawn until the child is registered, so an interruption
  // can never miss it; the child itself starts with nothing blocked.
  sigset_t stop, old, none;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  sigemptyset(&none);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK);
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setsigmask(&attr, &none);
  pthread_sigmask(SIG_BLOCK, &stop, &old);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, args[0], &fa, &attr, args.data(), envp.data());
  posix_spawn_file_actions_destroy(&fa);
  posix_spawnattr_destroy(&attr);
  if (rc == 0) io::register_child(pid);
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  if (rc != 0) throw ProcessStartError("cannot start '" + argv[0] + "': " + std::strerror(rc));
  int status = 0;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) {
      io::unregister_child(pid);
      throw std::runtime_error("waitpid failed: " + std::string(std::strerror(errno)));
    }
  io::unregister_child(pid);
  ProcessResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  std::ifstream in(log_file);
  std::ostringstream ss;
  ss << in.rdbuf();
  r.log = ss.str();
  return r;
}

}  // namespace aiem::emulation
