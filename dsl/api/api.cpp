// The public API: wires loader -> semantic analysis -> IR passes -> reference interpreter and
// turns internal diagnostics into the value types of aiem.hpp.
#include <cmath>
#include <fmt/format.h>
#include <fstream>
#include <sstream>

#include "aiem/aiem.hpp"
#include "backends/reference/interpreter.hpp"
#include "dsl/api/model_impl.hpp"
#include "dsl/sema/elaborate.hpp"
#include "ir/numeric/requantize.hpp"
#include "ir/passes/passes.hpp"
#include "ir/printer.hpp"

namespace aiem {
namespace {

Location location(const SourceManager& sm, const SourceRange& r, const std::string& subject) {
  if (!r.valid()) return {subject, 0, 0};
  auto lc = sm.line_column(r.file, r.begin);
  return {sm.name(r.file), static_cast<int>(lc.line), static_cast<int>(lc.column)};
}

ParseResult finish(sema::Program& prog, Diagnostics& diags, std::optional<ir::Graph> graph) {
  ParseResult result;
  if (graph && !diags.has_errors()) {
    ir::Graph lowered = ir::lower(std::move(*graph), diags);
    if (!diags.has_errors())
      result.model = Model(std::make_shared<const Model::Impl>(Model::Impl{std::move(lowered), prog.sources}));
  }
  const SourceManager& sm = *prog.sources;
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

TensorInfo info(const ir::Value& v) {
  const auto& f = v.type.format;
  return {v.name, v.type.shape, num::to_string(f), f.width, f.frac(), f.is_signed};
}

}  // namespace

ParseResult parse(std::string_view text, std::string name, const ParseOptions& options) {
  Diagnostics diags;
  sema::LoadOptions lo{options.base_dir, options.import_paths};
  sema::Program prog = sema::load(std::move(name), std::string(text), lo, diags);
  std::optional<ir::Graph> graph;
  if (!diags.has_errors()) graph = sema::elaborate(prog, diags);
  return finish(prog, diags, std::move(graph));
}

ParseResult parse_file(const std::filesystem::path& file, ParseOptions options) {
  std::ifstream in(file, std::ios::binary);
  if (!in || std::filesystem::is_directory(file)) {
    ParseResult r;
    Diagnostic d;
    d.location.file = file.string();
    d.message = "cannot read file";
    r.diagnostics.push_back(d);
    r.rendered = fmt::format("{}: error: cannot read file\n", file.string());
    return r;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  if (options.base_dir == ".") options.base_dir = file.parent_path().empty() ? "." : file.parent_path();
  return parse(ss.str(), file.string(), options);
}

const std::string& Model::name() const { return impl_->graph.name; }
const std::string& Model::target() const { return impl_->graph.target; }
std::int64_t Model::batch() const { return impl_->graph.batch; }
std::string Model::ir_text() const { return ir::print(impl_->graph); }

std::vector<TensorInfo> Model::inputs() const {
  std::vector<TensorInfo> r;
  for (auto id : impl_->graph.inputs) r.push_back(info(impl_->graph.value(id)));
  return r;
}

std::vector<TensorInfo> Model::outputs() const {
  std::vector<TensorInfo> r;
  for (auto id : impl_->graph.outputs) r.push_back(info(impl_->graph.value(id)));
  return r;
}

Tensor Tensor::from_codes(std::vector<std::int64_t> shape, std::vector<std::int64_t> codes) {
  Tensor t;
  t.shape = std::move(shape);
  t.codes = std::move(codes);
  return t;
}

Tensor Tensor::from_values(std::vector<std::int64_t> shape, std::vector<double> values) {
  Tensor t;
  t.shape = std::move(shape);
  t.values = std::move(values);
  t.is_real = true;
  return t;
}

std::vector<Output> run(const Model& model, const std::map<std::string, Tensor>& inputs) {
  const ir::Graph& g = model.impl().graph;
  std::map<std::string, ir::Tensor> in;
  for (const auto& [name, t] : inputs) {
    ir::Tensor it;
    it.type.shape = t.shape;
    const ir::Value* iv = nullptr;
    if (auto id = g.find_value(name)) {
      iv = &g.value(*id);
      it.type.format = iv->type.format;
    }
    if (t.is_real) {
      // Real inputs: ONNX QuantizeLinear with the input's @real scale and zero point, else the
      // input type's own rounding and overflow modes.
      for (std::size_t i = 0; i < t.values.size(); ++i) {
        double x = t.values[i];
        if (!std::isfinite(x)) throw Error(fmt::format("input '{}': value at flat index {} is not finite", name, i));
        it.codes.push_back(iv ? ir::quantize_input(*iv, x) : num::quantize_real(x, it.type.format));
      }
    } else {
      it.codes = t.codes;
    }
    in.emplace(name, std::move(it));
  }
  std::map<std::string, ir::Tensor> out;
  try {
    out = reference::run(g, in);
  } catch (const reference::InputError& e) {
    throw Error(e.what());
  }
  std::vector<Output> result;
  for (auto id : g.outputs) {
    const ir::Value& v = g.value(id);
    Output o;
    o.info = info(v);
    o.codes = out.at(v.name).codes;
    for (auto c : o.codes) o.values.push_back(ir::dequantize_output(v, c));
    result.push_back(std::move(o));
  }
  return result;
}

}  // namespace aiem
