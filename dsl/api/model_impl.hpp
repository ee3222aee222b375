#pragma once
// What an aiem::Model holds: the lowered IR and the sources its locations refer to.
#include <memory>

#include "aiem/aiem.hpp"
#include "ir/diag/source.hpp"
#include "ir/graph.hpp"

namespace aiem {

struct Model::Impl {
  ir::Graph graph;
  std::shared_ptr<const SourceManager> sources;
};

}  // namespace aiem
