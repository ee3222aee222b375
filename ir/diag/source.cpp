#include "ir/diag/source.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <stdexcept>

namespace aiem {

std::uint32_t SourceManager::add(std::string name, std::string text) {
  auto f = std::make_unique<File>();
  f->name = std::move(name);
  f->text = std::move(text);
  f->line_starts.push_back(0);
  for (std::uint32_t i = 0; i < f->text.size(); ++i)
    if (f->text[i] == '\n') f->line_starts.push_back(i + 1);
  files_.push_back(std::move(f));
  return static_cast<std::uint32_t>(files_.size());
}

const SourceManager::File& SourceManager::file(std::uint32_t id) const {
  if (id == 0 || id > files_.size()) throw std::out_of_range("SourceManager: unknown file id");
  return *files_[id - 1];
}

const std::string& SourceManager::name(std::uint32_t id) const { return file(id).name; }
std::string_view SourceManager::text(std::uint32_t id) const { return file(id).text; }

LineColumn SourceManager::line_column(std::uint32_t id, std::uint32_t offset) const {
  const File& f = file(id);
  offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(f.text.size()));
  auto it = std::upper_bound(f.line_starts.begin(), f.line_starts.end(), offset);
  auto line = static_cast<std::uint32_t>(it - f.line_starts.begin());
  return {line, offset - f.line_starts[line - 1] + 1};
}

std::string_view SourceManager::line_text(std::uint32_t id, std::uint32_t line) const {
  const File& f = file(id);
  if (line == 0 || line > f.line_starts.size()) return {};
  std::uint32_t b = f.line_starts[line - 1];
  std::uint32_t e = line < f.line_starts.size() ? f.line_starts[line] - 1 : static_cast<std::uint32_t>(f.text.size());
  std::string_view s(f.text.data() + b, e - b);
  if (!s.empty() && s.back() == '\r') s.remove_suffix(1);
  return s;
}

std::string SourceManager::position(const SourceRange& r) const {
  if (!r.valid()) return {};
  auto lc = line_column(r.file, r.begin);
  return fmt::format("{}:{}:{}", name(r.file), lc.line, lc.column);
}

}  // namespace aiem
