// Internal diagnostics -> the value types of aiem/diagnostic.hpp.
#include "dsl/api/model_impl.hpp"
#include "ir/numeric/fixed_format.hpp"

namespace aiem {
namespace {

Location location(const SourceManager& sm, const SourceRange& r, const std::string& subject) {
  if (!r.valid()) return {subject, 0, 0};
  auto lc = sm.line_column(r.file, r.begin);
  return {sm.name(r.file), static_cast<int>(lc.line), static_cast<int>(lc.column)};
}

}  // namespace

Outcome outcome(const Diagnostics& diags, const SourceManager& sm) {
  Outcome result;
  for (const auto& d : diags.all()) {
    Diagnostic out;
    out.severity = d.severity == Severity::Error    ? Diagnostic::Severity::Error
                   : d.severity == Severity::Warning ? Diagnostic::Severity::Warning
                                                     : Diagnostic::Severity::Note;
    out.location = location(sm, d.range, d.subject);
    out.message = d.message;
    for (const auto& n : d.notes) out.notes.push_back({location(sm, n.range, d.subject), n.message});
    result.diagnostics.push_back(std::move(out));
  }
  result.rendered = render(diags, sm);
  return result;
}

TensorInfo tensor_info(const ir::Value& v) {
  const auto& f = v.type.format;
  TensorInfo t{v.name, v.type.shape, num::to_string(f), f.width, f.frac(), f.is_signed, std::nullopt};
  if (v.real) t.real = TensorInfo::Real{double(v.real->scale), v.real->zero};
  return t;
}

}  // namespace aiem
