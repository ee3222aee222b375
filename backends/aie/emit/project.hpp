#pragma once
// A generated project as data: relative path -> file contents. Emitters add files; the writer puts
// them on disk atomically. Keeping contents in memory makes output deterministic and testable.
#include <filesystem>
#include <map>
#include <string>

#include "ir/io/atomic_output.hpp"

namespace aiem::aie {

struct Project {
  std::map<std::string, std::string> files;  // sorted: deterministic order
  void add(const std::string& path, std::string text) { files[path] = std::move(text); }
};

// Writes every file under a temporary sibling of `dir`, then replaces `dir` by it: a failure leaves
// `dir` as it was (absent, or the previous project). `dir` may be new, empty or an earlier aiemc
// project (it has aiem_project.json); anything else, or a directory holding one of `how.keep`, is
// refused with io::OutputError unless `how.force` (io::write_directory).
void write_project(const std::filesystem::path& dir, const Project& p, const io::DirectoryOutput& how = {});

}  // namespace aiem::aie
