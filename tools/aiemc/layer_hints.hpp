#pragma once
// Per-layer hints from a small TOML file (--hints FILE), applied to a model's graph by layer name,
// so that hand-chosen splits survive a re-import of the ONNX model. One table per layer, the keys
// of the .aiem hints; they replace what the model says:
//
//   [fc1]              # a layer name; a block instance path is quoted: ["t1.y"]
//   cascade = 2        # @tiles(cascade: 2)
//   parallel = 4       # @tiles(parallel: 4)
//   at = [3, 0]        # @at(3, 0)
//   edge = "direct"    # @direct; "memtile" for @memtile, "auto" for neither
//
// An unknown layer, key or value is an error naming the file, the table and the key.
#include <stdexcept>
#include <string>

#include "ir/graph.hpp"

namespace aiemc {

struct HintsError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Applies the file's hints to `g` (HintsError on any problem; nothing is changed then).
void apply_layer_hints(const std::string& file, aiem::ir::Graph& g);

}  // namespace aiemc
