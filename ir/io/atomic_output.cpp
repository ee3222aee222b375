#include "ir/io/atomic_output.hpp"

#include <fmt/format.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <random>

namespace aiem::io {

namespace fs = std::filesystem;

namespace {

// What an interruption must clean up. Paths are kept as C strings too, so the handler does not
// allocate while walking the list.
struct Registry {
  std::mutex m;
  std::vector<std::string> temporaries;
  std::vector<int> children;
};
Registry& registry() {
  static Registry r;
  return r;
}

void add_temp(const fs::path& p) {
  std::lock_guard<std::mutex> lock(registry().m);
  registry().temporaries.push_back(p.string());
}
void remove_temp(const fs::path& p) {
  std::lock_guard<std::mutex> lock(registry().m);
  auto& t = registry().temporaries;
  t.erase(std::remove(t.begin(), t.end(), p.string()), t.end());
}

std::string hidden_sibling(const fs::path& final_path, const char* what) {
  static std::mt19937_64 rng{std::random_device{}()};
  return fmt::format(".{}.{}-{:x}", final_path.filename().string(), what, rng());
}

std::string reason(const std::error_code& ec) { return ec ? ec.message() : std::string("unknown error"); }

void make_parent(const fs::path& p) {
  std::error_code ec;
  fs::create_directories(p.parent_path(), ec);
  if (ec) throw OutputError(fmt::format("{}: cannot create directory {}: {}", p.string(), p.parent_path().string(), reason(ec)));
}

// Writes all bytes and closes, checking each step (a full disk often shows only at close).
void write_checked(const fs::path& p, std::string_view bytes) {
  std::FILE* f = std::fopen(p.c_str(), "wb");
  if (!f) throw OutputError(fmt::format("{}: cannot write: {}", p.string(), std::strerror(errno)));
  const bool wrote = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size() && std::fflush(f) == 0;
  const int err = errno;
  const bool closed = std::fclose(f) == 0;
  if (!wrote || !closed)
    throw OutputError(fmt::format("{}: write failed: {}", p.string(), std::strerror(wrote ? errno : err)));
}

void remove_quietly(const fs::path& p) {
  std::error_code ec;
  fs::remove_all(p, ec);
}

extern "C" void on_signal(int sig) {
  // Best effort at exit: the process ends right after.
  Registry& r = registry();
  for (int pg : r.children) ::kill(-pg, SIGTERM);
  for (const auto& t : r.temporaries) {
    std::error_code ec;
    fs::remove_all(t, ec);
  }
  ::signal(sig, SIG_DFL);
  ::raise(sig);
}

}  // namespace

bool is_special_file(const fs::path& p) {
  std::error_code ec;
  const fs::file_status st = fs::status(p, ec);  // follows symlinks
  return !ec && fs::exists(st) && !fs::is_regular_file(st) && !fs::is_directory(st);
}

fs::path resolve_output_path(const fs::path& p) {
  if (p.empty()) throw OutputError("an output path is empty");
  std::error_code ec;
  fs::path a = fs::absolute(p, ec);
  if (ec) throw OutputError(fmt::format("{}: {}", p.string(), reason(ec)));
  a = a.lexically_normal();
  while (a.has_relative_path() && a.filename().empty()) a = a.parent_path();  // "dir/" -> "dir"
  if (!a.has_relative_path()) throw OutputError(fmt::format("{}: cannot write over the root directory", p.string()));
  // A device, pipe or socket (e.g. /dev/stdout, a link to one) is written in place, by its own
  // name: there is nothing to rename over, and replacing it would destroy it.
  if (is_special_file(a)) return a;
  if (fs::is_symlink(a, ec)) {
    fs::path target = fs::weakly_canonical(a, ec);
    if (!ec) a = target;
  }
  return a;
}

OutputTransaction::~OutputTransaction() {
  for (auto& [tmp, fin] : staged_) {
    remove_quietly(tmp);
    remove_temp(tmp);
  }
  if (!committed_)
    for (const auto& d : created_) {
      std::error_code ec;
      fs::remove(d, ec);  // only if still empty
    }
}

fs::path OutputTransaction::stage(const fs::path& final_path) {
  const fs::path fin = resolve_output_path(final_path);
  std::error_code ec;
  if (!fs::is_directory(fin.parent_path(), ec)) {
    if (!create_parents_)
      throw OutputError(fmt::format("{}: directory {} does not exist", fin.string(), fin.parent_path().string()));
    std::vector<fs::path> missing;
    for (fs::path d = fin.parent_path(); d.has_relative_path() && !fs::exists(d, ec); d = d.parent_path()) missing.push_back(d);
    make_parent(fin);
    created_.insert(created_.begin(), missing.begin(), missing.end());  // innermost first, for removal
  }
  if (fs::is_directory(fin, ec))
    throw OutputError(fmt::format("{}: is a directory, not a file", fin.string()));
  if (is_special_file(fin)) return fin;  // written directly; never renamed over or removed
  const fs::path tmp = fin.parent_path() / hidden_sibling(fin, "tmp");
  add_temp(tmp);
  staged_.emplace_back(tmp, fin);
  return tmp;
}

void OutputTransaction::write(const fs::path& final_path, std::string_view bytes) {
  write_checked(stage(final_path), bytes);
}

void OutputTransaction::commit() {
  // Every staged file must be there before the first is renamed into place: a stage that failed to
  // write its file must not leave the others committed alone.
  for (auto& [tmp, fin] : staged_) {
    std::error_code ec;
    if (!fs::exists(tmp, ec)) throw OutputError(fmt::format("{}: cannot write: its staged copy was not written", fin.string()));
  }
  for (auto& [tmp, fin] : staged_) {
    std::error_code ec;
    fs::rename(tmp, fin, ec);
    if (ec) throw OutputError(fmt::format("{}: cannot write: {}", fin.string(), reason(ec)));
    remove_temp(tmp);
  }
  staged_.clear();
  committed_ = true;
}

void write_file(const fs::path& path, std::string_view bytes) {
  OutputTransaction t;
  t.write(path, bytes);
  t.commit();
}

void write_directory(const fs::path& dir_in, const std::map<std::string, std::string>& files, const DirectoryOutput& how) {
  const fs::path dir = resolve_output_path(dir_in);
  std::error_code ec;
  const auto st = fs::status(dir, ec);
  const bool exists = fs::exists(st);
  if (is_special_file(dir))  // even with --force: replacing /dev/null would break the machine
    throw OutputError(fmt::format("{}: is a device, pipe or socket, not a directory", dir.string()));
  if (exists && !fs::is_directory(st) && !how.force)
    throw OutputError(fmt::format("{}: exists and is not a directory; refusing to replace it (--force replaces it)",
                                  dir.string()));
  if (exists && fs::is_directory(st)) {
    for (const auto& k : how.keep) {
      std::error_code e2;
      const fs::path kc = fs::weakly_canonical(fs::absolute(k), e2);
      auto rel = kc.lexically_relative(dir);
      if (!e2 && !rel.empty() && *rel.begin() != "..")
        throw OutputError(fmt::format("{}: holds {}, which writing the project there would delete; choose another "
                                      "output directory",
                                      dir.string(), kc.string()));
    }
    const bool empty = fs::is_empty(dir, ec);
    const bool ours = !how.marker.empty() && fs::is_regular_file(dir / how.marker, ec);
    if (!empty && !ours && !how.force)
      throw OutputError(fmt::format("{}: is a non-empty directory that aiemc did not write (no {}); refusing to "
                                    "replace it (--force replaces it)",
                                    dir.string(), how.marker));
  }
  make_parent(dir);
  const fs::path tmp = dir.parent_path() / hidden_sibling(dir, "tmp");
  const fs::path old = dir.parent_path() / hidden_sibling(dir, "old");
  add_temp(tmp);
  try {
    for (const auto& [rel, text] : files) {
      const fs::path f = tmp / rel;
      std::error_code e3;
      fs::create_directories(f.parent_path(), e3);
      if (e3) throw OutputError(fmt::format("{}: cannot create {}: {}", dir.string(), f.parent_path().string(), reason(e3)));
      write_checked(f, text);
    }
    if (exists) {
      fs::rename(dir, old, ec);
      if (ec) throw OutputError(fmt::format("{}: cannot replace it: {}", dir.string(), reason(ec)));
      add_temp(old);
    }
    fs::rename(tmp, dir, ec);
    if (ec) {
      std::error_code back;
      if (exists) fs::rename(old, dir, back);
      throw OutputError(fmt::format("{}: cannot write: {}", dir.string(), reason(ec)));
    }
    remove_temp(tmp);
    if (exists) {
      remove_quietly(old);
      remove_temp(old);
    }
  } catch (...) {
    remove_quietly(tmp);
    remove_temp(tmp);
    throw;
  }
}

void install_cleanup_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESETHAND;
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

void register_temporary(const fs::path& p) { add_temp(p); }
void unregister_temporary(const fs::path& p) { remove_temp(p); }
void register_child(int pgid) {
  std::lock_guard<std::mutex> lock(registry().m);
  registry().children.push_back(pgid);
}
void unregister_child(int pgid) {
  std::lock_guard<std::mutex> lock(registry().m);
  auto& c = registry().children;
  c.erase(std::remove(c.begin(), c.end(), pgid), c.end());
}

}  // namespace aiem::io
