#include "ir/diag/diagnostic.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace aiem {

Diag& Diagnostics::error(SourceRange r, std::string message) {
  list_.push_back({Severity::Error, r, std::move(message), {}, {}});
  return list_.back();
}

Diag& Diagnostics::warning(SourceRange r, std::string message) {
  list_.push_back({Severity::Warning, r, std::move(message), {}, {}});
  return list_.back();
}

Diag& Diagnostics::error_in(std::string subject, std::string message) {
  list_.push_back({Severity::Error, {}, std::move(message), std::move(subject), {}});
  return list_.back();
}

bool Diagnostics::has_errors() const { return error_count() > 0; }

std::size_t Diagnostics::error_count() const {
  return static_cast<std::size_t>(
      std::count_if(list_.begin(), list_.end(), [](const Diag& d) { return d.severity == Severity::Error; }));
}

Diag& Diagnostics::add(Diag d) {
  list_.push_back(std::move(d));
  return list_.back();
}

void Diagnostics::append(const Diagnostics& other) { list_.insert(list_.end(), other.list_.begin(), other.list_.end()); }

namespace {

std::string_view severity_name(Severity s) {
  switch (s) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Note: return "note";
  }
  return "error";
}

// One located message: header, source line, caret line (tabs kept so the caret lines up).
void render_one(std::string& out, Severity sev, const SourceRange& r, std::string_view subject, std::string_view msg,
                const SourceManager& sm) {
  if (!r.valid()) {
    if (subject.empty())
      out += fmt::format("aiemc: {}: {}\n", severity_name(sev), msg);
    else
      out += fmt::format("{}: {}: {}\n", subject, severity_name(sev), msg);
    return;
  }
  auto lc = sm.line_column(r.file, r.begin);
  out += fmt::format("{}:{}:{}: {}: {}\n", sm.name(r.file), lc.line, lc.column, severity_name(sev), msg);
  std::string_view line = sm.line_text(r.file, lc.line);
  out += line;
  out += '\n';
  // Columns count bytes; the caret line counts characters, so a UTF-8 continuation byte (in a
  // comment, a string or the offending character itself) takes no column of its own.
  auto continuation = [&](std::size_t i) { return (static_cast<unsigned char>(line[i]) & 0xC0) == 0x80; };
  std::string caret;
  for (std::uint32_t i = 0; i + 1 < lc.column && i < line.size(); ++i)
    if (!continuation(i)) caret += line[i] == '\t' ? '\t' : ' ';
  caret += '^';
  // Underline the rest of the range while it stays on this line.
  std::uint32_t span = r.end > r.begin ? r.end - r.begin : 1;
  std::uint32_t room = line.size() >= lc.column ? static_cast<std::uint32_t>(line.size()) - lc.column + 1 : 1;
  for (std::uint32_t i = 1; i < std::min(span, room); ++i)
    if (!continuation(lc.column - 1 + i)) caret += '~';
  out += caret;
  out += '\n';
}

}  // namespace

std::string render(const Diag& d, const SourceManager& sm) {
  std::string out;
  render_one(out, d.severity, d.range, d.subject, d.message, sm);
  for (const auto& n : d.notes) render_one(out, Severity::Note, n.range, d.subject, n.message, sm);
  return out;
}

std::string render(const Diagnostics& ds, const SourceManager& sm) {
  std::string out;
  for (const auto& d : ds.all()) out += render(d, sm);
  return out;
}

}  // namespace aiem
