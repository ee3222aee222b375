#include "backends/reference/interpreter.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "ir/diag/diagnostic.hpp"

namespace aiem::reference {
namespace {

void check_input(const ir::Value& v, const ir::Tensor& t) {
  if (t.type.shape != v.type.shape)
    throw InputError(fmt::format("input '{}' has shape {}, the model expects {}", v.name, ir::to_string(t.type.shape),
                                 ir::to_string(v.type.shape)));
  if (static_cast<std::int64_t>(t.codes.size()) != v.type.elements())
    throw InputError(fmt::format("input '{}' holds {} values for shape {}", v.name, t.codes.size(), ir::to_string(v.type.shape)));
  const auto& f = v.type.format;
  for (std::size_t i = 0; i < t.codes.size(); ++i)
    if (t.codes[i] < f.min_code() || t.codes[i] > f.max_code())
      throw InputError(fmt::format("input '{}': code {} at flat index {} is outside {} (codes {} .. {})", v.name,
                                   t.codes[i], i, num::to_string(f), f.min_code(), f.max_code()));
}

}  // namespace

std::map<std::string, ir::Tensor> run(const ir::Graph& g, const std::map<std::string, ir::Tensor>& inputs) {
  std::vector<std::optional<ir::Tensor>> env(g.values.size());
  for (const auto& [name, t] : inputs) {
    auto id = g.find_value(name);
    if (!id || std::find(g.inputs.begin(), g.inputs.end(), *id) == g.inputs.end()) {
      std::vector<std::string> names;
      for (auto i : g.inputs) names.push_back(g.value(i).name);
      throw InputError(fmt::format("model '{}' has no input '{}' (its inputs: {})", g.name, name, fmt::join(names, ", ")));
    }
  }
  for (ir::ValueId id : g.inputs) {
    const ir::Value& v = g.value(id);
    auto it = inputs.find(v.name);
    if (it == inputs.end()) throw InputError(fmt::format("missing input '{}' ({})", v.name, ir::to_string(v.type)));
    check_input(v, it->second);
    env[id] = ir::Tensor{v.type, it->second.codes};
  }
  for (ir::ValueId id = 0; id < g.values.size(); ++id)
    if (g.value(id).is_constant()) env[id] = ir::Tensor{g.value(id).type, *g.value(id).data};

  for (const ir::Node& n : g.nodes) {
    Operands in;
    for (ir::ValueId id : n.inputs) {
      if (!env[id]) throw InternalError(fmt::format("reference: '{}' reads '{}' before it is computed", n.name, g.value(id).name));
      in.push_back(&*env[id]);
    }
    env[n.outputs.at(0)] = std::visit([&](const auto& a) { return interpret(g, n, a, in); }, n.attrs);
  }
  std::map<std::string, ir::Tensor> out;
  for (ir::ValueId id : g.outputs) out[g.value(id).name] = *env[id];
  return out;
}

}  // namespace aiem::reference
