#pragma once
// What an aiem::Model holds, and the library's own access to it: the lowered IR and the sources its
// locations refer to. Not installed: the public API never exposes the IR.
#include <filesystem>
#include <memory>
#include <vector>

#include "aiem/model.hpp"
#include "ir/diag/diagnostic.hpp"
#include "ir/diag/source.hpp"
#include "ir/graph.hpp"

namespace aiem {

struct Model::Impl {
  ir::Graph graph;
  std::shared_ptr<const SourceManager> sources;
  // The files the model was read from (its .aiem files, or the .onnx it was imported from).
  std::vector<std::filesystem::path> files;
};

struct ModelAccess {
  static const Model::Impl& impl(const Model& m) { return *m.impl_; }
};

inline const Model::Impl& impl_of(const Model& m) { return ModelAccess::impl(m); }

// The public form of internal diagnostics, rendered against the model's sources.
Outcome outcome(const Diagnostics& diags, const SourceManager& sm);

// The public description of a graph input or output.
TensorInfo tensor_info(const ir::Value& v);

}  // namespace aiem
