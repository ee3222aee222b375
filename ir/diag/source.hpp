#pragma once
// Source buffers and locations. Diagnostics carry locations (file id + byte offsets), never
// pre-rendered positions; the SourceManager turns them into line:column when rendering.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace aiem {

struct SourceRange {
  std::uint32_t file = 0;   // 0 = no location; file ids start at 1
  std::uint32_t begin = 0;  // byte offset of the first character
  std::uint32_t end = 0;    // one past the last character
  constexpr bool valid() const { return file != 0; }
};

struct LineColumn {
  std::uint32_t line = 0;    // 1-based
  std::uint32_t column = 0;  // 1-based, in bytes
};

class SourceManager {
 public:
  std::uint32_t add(std::string name, std::string text);
  const std::string& name(std::uint32_t file) const;
  std::string_view text(std::uint32_t file) const;
  LineColumn line_column(std::uint32_t file, std::uint32_t offset) const;
  std::string_view line_text(std::uint32_t file, std::uint32_t line) const;  // without the newline
  // "name:line:col" for a valid range, "name" for a file without position.
  std::string position(const SourceRange& r) const;
  std::size_t size() const { return files_.size(); }

 private:
  struct File {
    std::string name;
    std::string text;
    std::vector<std::uint32_t> line_starts;
  };
  const File& file(std::uint32_t id) const;
  std::vector<std::unique_ptr<File>> files_;  // stable addresses: text views stay valid as files are added
};

}  // namespace aiem
