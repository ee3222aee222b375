// aiem::import_onnx (aiem/import.hpp): the importer, lowered into an aiem::Model in memory. The
// imported graph is exactly what parsing its .aiem text gives (test_fixtures.cpp checks it), so the
// model is made from the graph directly; its diagnostics name the ONNX file and the node.
#include <fmt/format.h>

#include "aiem/import.hpp"
#include "dsl/api/model_impl.hpp"
#include "dsl/import/onnx/onnx_import.hpp"
#include "ir/passes/passes.hpp"
#include "ir/io/atomic_output.hpp"
#include "ir/tensor_io/npy.hpp"

namespace aiem {

ParseResult import_onnx(const std::filesystem::path& onnx_file, const ImportOptions& options) {
  namespace oi = onnx_import;
  auto sources = std::make_shared<SourceManager>();
  Diagnostics diags;
  ParseResult result;
  oi::ImportOptions io;
  if (options.batch > 0) io.batch = options.batch;
  io.model_name = options.name;
  io.target = options.target;
  io.softmax_reciprocal = options.softmax_reciprocal;
  try {
    oi::ImportedModel m = oi::import_onnx(onnx_file, io);
    ir::Graph lowered = ir::lower(m.graph, diags);
    if (!diags.has_errors()) {
      if (!options.save_as.empty()) oi::write_imported(m, options.save_as);
      result.model = Model(std::make_shared<const Model::Impl>(Model::Impl{std::move(lowered), sources, {onnx_file}}));
    }
  } catch (const oi::ImportError& e) {
    diags.error_in(onnx_file.string(), e.what());
  } catch (const io::TensorFileError& e) {
    throw Error(e.what());
  } catch (const io::OutputError& e) {
    throw Error(e.what());
  }
  // Diagnostics without a position name the ONNX file.
  Outcome o = outcome(diags, *sources);
  for (auto& d : o.diagnostics)
    if (d.location.file.empty()) d.location.file = onnx_file.string();
  static_cast<Outcome&>(result) = std::move(o);
  return result;
}

}  // namespace aiem
