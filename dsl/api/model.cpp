// The model half of the public API: loader -> semantic analysis -> IR passes -> reference
// interpreter, with the value types of aiem/model.hpp.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "aiem/model.hpp"
#include "backends/reference/interpreter.hpp"
#include "dsl/api/model_impl.hpp"
#include "dsl/sema/elaborate.hpp"
#include "ir/numeric/requantize.hpp"
#include "ir/passes/passes.hpp"
#include "ir/printer.hpp"

namespace aiem {
namespace {

ParseResult finish(sema::Program& prog, Diagnostics& diags, std::optional<ir::Graph> graph) {
  ParseResult result;
  if (graph && !diags.has_errors()) {
    ir::Graph lowered = ir::lower(std::move(*graph), diags);
    if (!diags.has_errors()) {
      std::vector<std::filesystem::path> files;
      for (std::uint32_t f = 1; f <= prog.sources->size(); ++f)  // file ids are 1-based
        if (std::filesystem::exists(prog.sources->name(f))) files.emplace_back(prog.sources->name(f));
      result.model = Model(std::make_shared<const Model::Impl>(Model::Impl{std::move(lowered), prog.sources, files}));
    }
  }
  static_cast<Outcome&>(result) = outcome(diags, *prog.sources);
  return result;
}

const ir::Value& graph_value(const ir::Graph& g, const std::vector<ir::ValueId>& ids, const std::string& name,
                             const char* role) {
  std::vector<std::string> names;
  for (auto id : ids) {
    if (g.value(id).name == name) return g.value(id);
    names.push_back(g.value(id).name);
  }
  throw Error(fmt::format("the model '{}' has no {} '{}' (its {}s: {})", g.name, role, name, role, fmt::join(names, ", ")));
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
  for (auto id : impl_->graph.inputs) r.push_back(tensor_info(impl_->graph.value(id)));
  return r;
}

std::vector<TensorInfo> Model::outputs() const {
  std::vector<TensorInfo> r;
  for (auto id : impl_->graph.outputs) r.push_back(tensor_info(impl_->graph.value(id)));
  return r;
}

std::vector<std::int64_t> Model::quantize(const std::string& input, std::span<const double> values) const {
  const ir::Value& v = graph_value(impl_->graph, impl_->graph.inputs, input, "input");
  std::vector<std::int64_t> codes;
  codes.reserve(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i])) throw Error(fmt::format("input '{}': the value at flat index {} is not finite", input, i));
    codes.push_back(ir::quantize_input(v, values[i]));
  }
  return codes;
}

std::vector<double> Model::dequantize(const std::string& output, std::span<const std::int64_t> codes) const {
  const ir::Value& v = graph_value(impl_->graph, impl_->graph.outputs, output, "output");
  std::vector<double> values;
  values.reserve(codes.size());
  for (auto c : codes) values.push_back(ir::dequantize_output(v, c));
  return values;
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
  const ir::Graph& g = impl_of(model).graph;
  // How many batches the inputs hold: [k * batch, d...] with one k for all of them. A shape that is
  // not k batches is left to the interpreter, whose error names the input's own shape.
  std::int64_t k = 1;
  std::optional<std::int64_t> seen;
  for (const auto& [name, t] : inputs) {
    auto id = g.find_value(name);
    if (!id || t.shape.empty() || g.batch <= 0) continue;
    const auto& want = g.value(*id).type.shape;
    const bool stacked = t.shape.size() == want.size() && t.shape[0] % g.batch == 0 && t.shape[0] > 0 &&
                         std::equal(t.shape.begin() + 1, t.shape.end(), want.begin() + 1);
    if (!stacked) continue;
    const std::int64_t here = t.shape[0] / g.batch;
    if (seen && *seen != here)
      throw Error(fmt::format("input '{}' holds {} batches of {}, another input {}", name, here, g.batch, *seen));
    seen = here;
  }
  if (seen) k = *seen;

  std::vector<std::map<std::string, ir::Tensor>> runs(static_cast<std::size_t>(k));
  for (const auto& [name, t] : inputs) {
    const ir::Value* iv = nullptr;
    if (auto id = g.find_value(name)) iv = &g.value(*id);
    std::vector<std::int64_t> codes;
    if (t.is_real) {
      // Real inputs: ONNX QuantizeLinear with the input's @real scale and zero point, else the
      // input type's own rounding and overflow modes.
      for (std::size_t i = 0; i < t.values.size(); ++i) {
        double x = t.values[i];
        if (!std::isfinite(x)) throw Error(fmt::format("input '{}': value at flat index {} is not finite", name, i));
        codes.push_back(iv ? ir::quantize_input(*iv, x) : num::quantize_real(x, num::FixedFormat{}));
      }
    } else {
      codes = t.codes;
    }
    const std::size_t per = codes.size() / std::size_t(k);
    for (std::int64_t b = 0; b < k; ++b) {
      ir::Tensor it;
      it.type.shape = t.shape;
      if (k > 1) it.type.shape[0] /= k;
      if (iv) it.type.format = iv->type.format;
      if (k > 1)
        it.codes.assign(codes.begin() + std::ptrdiff_t(std::size_t(b) * per), codes.begin() + std::ptrdiff_t(std::size_t(b + 1) * per));
      else
        it.codes = codes;
      runs[std::size_t(b)].emplace(name, std::move(it));
    }
  }
  std::vector<Output> result;
  for (auto id : g.outputs) {
    Output o;
    o.info = tensor_info(g.value(id));
    if (k > 1) o.info.shape[0] *= k;
    result.push_back(std::move(o));
  }
  for (const auto& in : runs) {
    std::map<std::string, ir::Tensor> out;
    try {
      out = reference::run(g, in);
    } catch (const reference::InputError& e) {
      throw Error(e.what());
    }
    for (std::size_t i = 0; i < g.outputs.size(); ++i) {
      const ir::Value& v = g.value(g.outputs[i]);
      for (auto c : out.at(v.name).codes) {
        result[i].codes.push_back(c);
        result[i].values.push_back(ir::dequantize_output(v, c));
      }
    }
  }
  return result;
}

}  // namespace aiem
