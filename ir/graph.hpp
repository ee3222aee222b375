#pragma once
// The IR: a graph of ops over typed tensors. Values are SSA-style: one producer (an op, or none
// for graph inputs and constants), any number of consumers. Nodes are kept in topological order.
//
// What is computed (op kind + attributes) is separate from how it is scheduled (Schedule: the
// @tiles/@at/@memtile/@direct hints and, later, the backend's choices), as in Halide.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "ir/numeric/quantize_linear.hpp"
#include "ir/diag/source.hpp"
#include "ir/ops/ops.hpp"
#include "ir/tensor_type.hpp"

namespace aiem::ir {

using ValueId = std::uint32_t;
using NodeId = std::uint32_t;

struct Value {
  std::string name;
  TensorType type;
  SourceRange loc;                                  // where it was defined
  std::optional<NodeId> producer;                   // none for graph inputs and constants
  std::shared_ptr<const std::vector<std::int64_t>> data;  // codes of a constant (parameter)
  // Graph inputs and outputs only: the real values the codes stand for outside the model, as in
  // ONNX (`@real(scale: S, zero: Z)`; num::quantize_linear). Without it, a code means its format's value.
  std::optional<num::RealInterface> real;
  bool is_constant() const { return data != nullptr; }
};

// Scheduling requests from hints; empty means "the compiler chooses".
struct Schedule {
  enum class Edge { Auto, MemTile, Direct };
  std::optional<int> cascade;   // @tiles(cascade: PK): K split over a cascade chain
  std::optional<int> parallel;  // @tiles(parallel: PN): N split over parallel chains
  std::optional<int> bands;     // @tiles(bands: B): a conv's output positions split over B layers
  std::optional<std::pair<int, int>> at;  // @at(col, row)
  Edge output_edge = Edge::Auto;          // @memtile / @direct
  bool operator==(const Schedule&) const = default;
};

struct Node {
  std::string name;  // layer name, unique in the graph; parameters are looked up as <name>.<arg>
  OpAttrs attrs;     // the op kind is the alternative held
  std::vector<ValueId> inputs;
  std::vector<ValueId> outputs;
  Schedule schedule;
  SourceRange loc;
  OpKind kind() const { return op_kind(attrs); }
};

// The code of a real input value, and the real value of an output code: with the value's @real
// interface when it has one (ONNX QuantizeLinear / DequantizeLinear), else its format's own
// rounding, overflow and 2^-frac. The one definition used by run, build and the API.
std::int64_t quantize_input(const Value& v, double x);
double dequantize_output(const Value& v, std::int64_t code);

struct Graph {
  std::string name;
  std::string target = "vek280";
  std::int64_t batch = 1;
  std::vector<Value> values;
  std::vector<Node> nodes;  // topological order
  std::vector<ValueId> inputs;
  std::vector<ValueId> outputs;
  // What the passes decided not to do and why (e.g. an activation left unfused), for the report.
  struct Remark {
    SourceRange loc;
    std::string message;
  };
  std::vector<Remark> remarks;

  ValueId add_value(Value v);
  NodeId add_node(Node n);  // sets producer of its outputs
  const Value& value(ValueId id) const { return values.at(id); }
  Value& value(ValueId id) { return values.at(id); }
  std::vector<NodeId> consumers(ValueId id) const;
  std::optional<ValueId> find_value(const std::string& name) const;
  bool is_output(ValueId id) const;
};

}  // namespace aiem::ir
