#pragma once
// A generated project as data: relative path -> file contents. Emitters add files; the writer puts
// them on disk atomically. Keeping contents in memory makes output deterministic and testable.
#include <filesystem>
#include <map>
#include <string>

namespace aiem::aie {

struct Project {
  std::map<std::string, std::string> files;  // sorted: deterministic order
  void add(const std::string& path, std::string text) { files[path] = std::move(text); }
};

// Writes every file under a temporary sibling of `dir`, then replaces `dir` by it: a failure leaves
// `dir` as it was (absent, or the previous project).
void write_project(const std::filesystem::path& dir, const Project& p);

}  // namespace aiem::aie
