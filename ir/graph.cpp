#include "ir/graph.hpp"

#include "ir/numeric/requantize.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "ir/diag/diagnostic.hpp"

namespace aiem::ir {

std::string to_string(const Shape& s) { return fmt::format("[{}]", fmt::join(s, ",")); }

std::string to_string(const TensorType& t) { return num::to_string(t.format) + to_string(t.shape); }

ValueId Graph::add_value(Value v) {
  values.push_back(std::move(v));
  return static_cast<ValueId>(values.size() - 1);
}

NodeId Graph::add_node(Node n) {
  auto id = static_cast<NodeId>(nodes.size());
  for (ValueId out : n.outputs) values.at(out).producer = id;
  nodes.push_back(std::move(n));
  return id;
}

std::vector<NodeId> Graph::consumers(ValueId id) const {
  std::vector<NodeId> result;
  for (NodeId n = 0; n < nodes.size(); ++n)
    if (std::find(nodes[n].inputs.begin(), nodes[n].inputs.end(), id) != nodes[n].inputs.end()) result.push_back(n);
  return result;
}

std::optional<ValueId> Graph::find_value(const std::string& name) const {
  for (ValueId i = 0; i < values.size(); ++i)
    if (values[i].name == name) return i;
  return std::nullopt;
}

bool Graph::is_output(ValueId id) const { return std::find(outputs.begin(), outputs.end(), id) != outputs.end(); }

std::int64_t quantize_input(const Value& v, double x) {
  return v.real ? num::quantize_linear(x, *v.real, v.type.format) : num::quantize_real(x, v.type.format);
}

double dequantize_output(const Value& v, std::int64_t code) {
  return v.real ? num::dequantize_linear(code, *v.real) : num::dequantize(code, v.type.format);
}

}  // namespace aiem::ir
