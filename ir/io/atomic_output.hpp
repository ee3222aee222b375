#pragma once
// The one way aiemc writes anything: whole or not at all, and never over what it did not write.
// Files go to a hidden sibling first (same file system, so the final rename is atomic), every
// write is checked, including the close; a failure or an interruption (SIGINT/SIGTERM, see
// install_cleanup_handlers) removes the temporaries and leaves the old contents in place.
// Problems of the environment (permissions, a full disk, a path that is a file) are OutputError,
// which the CLI reports with the path and exit status 1.
#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace aiem::io {

struct OutputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// An existing path that is neither a regular file nor a directory: a device, pipe or socket.
bool is_special_file(const std::filesystem::path& p);

// An output path as the user meant it: absolute, `.`/`..` resolved, no trailing separator, a
// symlink followed to what it names.
std::filesystem::path resolve_output_path(const std::filesystem::path& p);

// Several files written as one unit: stage each (write to the path `stage` returns, or with
// `write`), then `commit` renames them all into place. Destroyed uncommitted, it removes the
// staged files. A device, pipe or socket (/dev/stdout) is written directly, never replaced. A missing parent directory is an error, unless `create_parents`: then it is
// created, and removed again when the transaction does not commit.
class OutputTransaction {
 public:
  explicit OutputTransaction(bool create_parents = false) : create_parents_(create_parents) {}
  OutputTransaction(const OutputTransaction&) = delete;
  OutputTransaction& operator=(const OutputTransaction&) = delete;
  ~OutputTransaction();

  std::filesystem::path stage(const std::filesystem::path& final_path);  // a fresh temporary to fill
  void write(const std::filesystem::path& final_path, std::string_view bytes);
  void commit();

 private:
  bool create_parents_ = false;
  bool committed_ = false;
  std::vector<std::pair<std::filesystem::path, std::filesystem::path>> staged_;  // temporary, final
  std::vector<std::filesystem::path> created_;  // directories this transaction made (innermost first)
};

// One file, atomically; its directory must exist.
void write_file(const std::filesystem::path& path, std::string_view bytes);

// A directory of generated files (relative path -> contents), replaced atomically. `marker` is
// the file that says a directory was written by aiemc (e.g. "aiem_project.json"). Refused unless
// `force`: a path that is a file, a non-empty directory without the marker, and a directory that
// holds any of `keep` (the model being compiled, its parameters: replacing it would delete them).
struct DirectoryOutput {
  std::string marker;
  bool force = false;
  std::vector<std::filesystem::path> keep;
};
void write_directory(const std::filesystem::path& dir, const std::map<std::string, std::string>& files,
                     const DirectoryOutput& how);

// SIGINT and SIGTERM remove every temporary still registered (staged files, work directories)
// and end child process groups registered with register_child, then end the process with the
// signal's status. Call once, early in main.
void install_cleanup_handlers();
// Temporaries outside a transaction (e.g. a work directory) that an interruption must remove.
void register_temporary(const std::filesystem::path& p);
void unregister_temporary(const std::filesystem::path& p);
// Child process groups an interruption must end (SIGTERM to -pgid).
void register_child(int pgid);
void unregister_child(int pgid);

}  // namespace aiem::io
