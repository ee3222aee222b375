#include "dsl/sema/program.hpp"

#include <fmt/format.h>
#include <fstream>
#include <sstream>

#include "ir/io/data_dir.hpp"
#include "ir/limits.hpp"
#include "parser/parser.hpp"

namespace aiem::sema {
namespace fs = std::filesystem;

const LoadedFile& Program::file(std::uint32_t id) const {
  for (const auto& f : files)
    if (f.id == id) return f;
  throw InternalError(fmt::format("Program::file: unknown file id {}", id));
}

fs::path stdlib_dir() { return io::data_dir("stdlib"); }

namespace {

class Loader {
 public:
  Loader(Program& p, const LoadOptions& o, Diagnostics& d) : prog_(p), opts_(o), diags_(d) {}

  void load_root(std::string name, std::string text) {
    std::uint32_t id = prog_.sources->add(std::move(name), std::move(text));
    load_file(id, opts_.base_dir, {});
  }

 private:
  struct Active {
    fs::path path;
    SourceRange import_loc;
  };

  void load_file(std::uint32_t id, const fs::path& dir, const fs::path& canonical) {
    LoadedFile lf;
    lf.id = id;
    lf.dir = dir;
    lf.ast = parser::parse(id, prog_.sources->text(id), diags_);
    std::size_t index = prog_.files.size();
    prog_.files.push_back(std::move(lf));
    if (!canonical.empty()) loaded_.push_back(canonical);
    // Copy the imports: loading appends to prog_.files and may move the vector.
    std::vector<ast::ImportStmt> imports = prog_.files[index].ast.imports;
    for (const auto& imp : imports) import(imp, id, dir);
  }

  void import(const ast::ImportStmt& imp, std::uint32_t from, const fs::path& dir) {
    SourceRange loc{from, imp.path.begin, imp.path.end};
    std::vector<fs::path> roots{dir};
    roots.insert(roots.end(), opts_.import_paths.begin(), opts_.import_paths.end());
    roots.push_back(stdlib_dir());
    fs::path found;
    for (const auto& r : roots) {
      std::error_code ec;
      if (fs::is_regular_file(r / imp.path.value, ec)) {
        found = fs::weakly_canonical(r / imp.path.value);
        break;
      }
    }
    if (found.empty()) {
      std::vector<std::string> looked;
      for (const auto& r : roots) looked.push_back(r.empty() ? std::string(".") : r.string());
      diags_.error(loc, fmt::format("cannot find imported file '{}' (looked in: {})", imp.path.value,
                                    fmt::join(looked, ", ")));
      return;
    }
    for (const auto& a : active_)
      if (a.path == found) {
        diags_.error(loc, fmt::format("import cycle: '{}' imports itself", imp.path.value))
            .note(a.import_loc, "first imported here");
        return;
      }
    for (const auto& l : loaded_)
      if (l == found) return;  // already loaded through another import
    if (active_.size() >= std::size_t(limits::kImportDepth)) {
      diags_.error(loc, fmt::format("imports nest deeper than {} files", limits::kImportDepth));
      return;
    }
    if (prog_.files.size() >= std::size_t(limits::kFiles)) {
      diags_.error(loc, fmt::format("a model may load at most {} files", limits::kFiles));
      return;
    }
    std::ifstream in(found, std::ios::binary);
    if (!in) {
      diags_.error(loc, fmt::format("cannot read imported file '{}'", found.string()));
      return;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    std::uint32_t id = prog_.sources->add(found.string(), ss.str());
    active_.push_back({found, loc});
    load_file(id, found.parent_path(), found);
    active_.pop_back();
  }

  Program& prog_;
  const LoadOptions& opts_;
  Diagnostics& diags_;
  std::vector<Active> active_;
  std::vector<fs::path> loaded_;
};

}  // namespace

Program load(std::string name, std::string text, const LoadOptions& opts, Diagnostics& diags) {
  Program p;
  Loader(p, opts, diags).load_root(std::move(name), std::move(text));
  return p;
}

}  // namespace aiem::sema
