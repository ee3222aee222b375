#include "ir/printer.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace aiem::ir {
namespace {

std::string attrs_text(const Node& n) {
  return std::visit([](const auto& a) { return attrs_text(a); }, n.attrs);
}

std::string schedule_text(const Schedule& s) {
  std::string out;
  if (s.cascade || s.parallel || s.bands) {
    std::vector<std::string> parts;
    if (s.cascade) parts.push_back(fmt::format("cascade: {}", *s.cascade));
    if (s.parallel) parts.push_back(fmt::format("parallel: {}", *s.parallel));
    if (s.bands) parts.push_back(fmt::format("bands: {}", *s.bands));
    out += fmt::format(" @tiles({})", fmt::join(parts, ", "));
  }
  if (s.at) out += fmt::format(" @at({}, {})", s.at->first, s.at->second);
  if (s.output_edge == Schedule::Edge::MemTile) out += " @memtile";
  if (s.output_edge == Schedule::Edge::Direct) out += " @direct";
  return out;
}

}  // namespace

std::string print(const Graph& g) {
  std::string out = fmt::format("model {} target={} batch={}\n", g.name, g.target, g.batch);
  auto real = [](const Value& v) {
    return v.real ? fmt::format(" @real(scale: {:.9g}, zero: {})", v.real->scale, v.real->zero) : std::string();
  };
  for (ValueId id : g.inputs)
    out += fmt::format("  input  {} : {}{}\n", g.value(id).name, to_string(g.value(id).type), real(g.value(id)));
  for (const Value& v : g.values)
    if (v.is_constant()) out += fmt::format("  const  {} : {}\n", v.name, to_string(v.type));
  for (const Node& n : g.nodes) {
    std::vector<std::string> ins, outs;
    for (ValueId i : n.inputs) ins.push_back(g.value(i).name);
    for (ValueId o : n.outputs) outs.push_back(fmt::format("{} : {}", g.value(o).name, to_string(g.value(o).type)));
    out += fmt::format("  node   {} = {}({}){}{} -> {}\n", n.name, op_label(n.attrs), fmt::join(ins, ", "),
                       attrs_text(n), schedule_text(n.schedule), fmt::join(outs, ", "));
  }
  std::vector<std::string> outs;
  for (ValueId id : g.outputs) outs.push_back(g.value(id).name + real(g.value(id)));
  out += fmt::format("  output {}\n", fmt::join(outs, ", "));
  for (const auto& r : g.remarks) out += fmt::format("  remark {}\n", r.message);
  return out;
}

}  // namespace aiem::ir
