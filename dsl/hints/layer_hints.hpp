#pragma once
// Per-layer hints from a small TOML file (--hints FILE), applied to a model's graph by layer name,
// so that hand-chosen splits survive a re-import of the ONNX model. One table per layer, the keys
// of the .aiem hints; they replace what the model says:
//
//   [fc1]              # a layer name; a block instance path is quoted: ["t1.y"]
//   cascade = 2        # @tiles(cascade: 2)
//   parallel = 4       # @tiles(parallel: 4)
//   bands = 2          # @tiles(bands: 2)
//   at = [3, 0]        # @at(3, 0)
//   edge = "direct"    # @direct; "memtile" for @memtile, "auto" for neither
//
// An unknown layer, key or value is an error naming the file, the table and the key.
#include <istream>
#include <stdexcept>
#include <string>

#include "ir/graph.hpp"

namespace aiem::hints {

struct HintsError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Applies the file's hints to `g` (HintsError on any problem; nothing is changed then).
void apply_layer_hints(const std::string& file, ir::Graph& g);
// The same for hints given as text (the API's ArrayOptions::hints_text); `name` stands for the file
// in messages.
void apply_layer_hints_text(const std::string& text, const std::string& name, ir::Graph& g);
void apply_layer_hints(std::istream& in, const std::string& name, ir::Graph& g);

}  // namespace aiem::hints
