#pragma once
// A parsed program: the main .aiem text and every file it imports, transitively. Blocks and
// file-level type aliases of all loaded files share one global namespace.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "ir/diag/diagnostic.hpp"
#include "parser/ast.hpp"

namespace aiem::sema {

struct LoadedFile {
  std::uint32_t id = 0;             // SourceManager file id
  std::filesystem::path dir;        // where relative paths in this file are resolved
  ast::File ast;
};

struct Program {
  std::shared_ptr<SourceManager> sources = std::make_shared<SourceManager>();
  std::vector<LoadedFile> files;  // files[0] is the main file
  const LoadedFile& file(std::uint32_t id) const;
};

struct LoadOptions {
  std::filesystem::path base_dir = ".";               // directory of the main text
  std::vector<std::filesystem::path> import_paths;    // searched after the importing file's directory
};

// Parses `text` (named `name` in diagnostics) and everything it imports. Syntax errors and import
// problems go to diags; the program holds whatever could be parsed.
Program load(std::string name, std::string text, const LoadOptions& opts, Diagnostics& diags);

// The directory holding the standard blocks (`import "std/mlp.aiem"`).
std::filesystem::path stdlib_dir();

}  // namespace aiem::sema
