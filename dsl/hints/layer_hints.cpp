#include "dsl/hints/layer_hints.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <fstream>
#include <sstream>
#include <map>

namespace aiem::hints {

namespace {

int integer(const std::string& where, const std::string& v, int lo, int hi) {
  std::size_t used = 0;
  long long x = 0;
  try {
    x = std::stoll(v, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != v.size() || x < lo || x > hi)
    throw HintsError(fmt::format("{}: expected an integer in {}..{}, got '{}'", where, lo, hi, v));
  return int(x);
}

std::string unquote(std::string s) {
  if (s.size() >= 2 && (s.front() == '"' || s.front() == '\'') && s.back() == s.front()) s = s.substr(1, s.size() - 2);
  return s;
}

}  // namespace

void apply_layer_hints(const std::string& file, ir::Graph& g) {
  std::ifstream in(file);
  if (!in) throw HintsError(fmt::format("{}: cannot read the hints file", file));
  apply_layer_hints(in, file, g);
}

void apply_layer_hints_text(const std::string& text, const std::string& name, ir::Graph& g) {
  std::istringstream in(text);
  apply_layer_hints(in, name, g);
}

void apply_layer_hints(std::istream& in, const std::string& file, ir::Graph& g) {
  std::vector<CLI::ConfigItem> items;
  try {
    items = CLI::ConfigTOML().from_config(in);
  } catch (const CLI::Error& e) {
    throw HintsError(fmt::format("{}: not a hints file: {}", file, e.what()));
  }
  std::map<std::string, aiem::ir::Node*> by_name;
  std::string layers;
  for (auto& n : g.nodes) {
    by_name[n.name] = &n;
    layers += (layers.empty() ? "" : ", ") + n.name;
  }
  std::map<aiem::ir::Node*, aiem::ir::Schedule> updated;
  for (const auto& it : items) {
    if (it.name == "++" || it.name == "--") continue;  // CLI11's section markers
    std::string layer;
    for (const auto& p : it.parents) layer += (layer.empty() ? "" : ".") + unquote(p);
    const std::string where = fmt::format("{}: [{}] {}", file, layer, it.name);
    if (layer.empty()) throw HintsError(fmt::format("{}: '{}' is outside a [layer] table", file, it.name));
    auto found = by_name.find(layer);
    if (found == by_name.end())
      throw HintsError(fmt::format("{}: [{}]: the model '{}' has no layer '{}' (its layers: {})", file, layer, g.name, layer, layers));
    auto [pos, fresh] = updated.try_emplace(found->second, found->second->schedule);
    aiem::ir::Schedule& s = pos->second;
    std::vector<std::string> v;
    for (const auto& x : it.inputs) v.push_back(unquote(x));
    if (it.name == "cascade" || it.name == "parallel" || it.name == "bands") {
      if (v.size() != 1) throw HintsError(where + ": expected one integer");
      (it.name == "cascade" ? s.cascade : it.name == "parallel" ? s.parallel : s.bands) = integer(where, v[0], 1, 1024);
    } else if (it.name == "at") {
      if (v.size() != 2) throw HintsError(where + ": expected [column, row]");
      s.at = std::pair{integer(where, v[0], 0, 4096), integer(where, v[1], 0, 4096)};
    } else if (it.name == "edge") {
      if (v.size() != 1) throw HintsError(where + ": expected \"direct\", \"memtile\" or \"auto\"");
      if (v[0] == "direct") s.output_edge = aiem::ir::Schedule::Edge::Direct;
      else if (v[0] == "memtile") s.output_edge = aiem::ir::Schedule::Edge::MemTile;
      else if (v[0] == "auto") s.output_edge = aiem::ir::Schedule::Edge::Auto;
      else throw HintsError(fmt::format("{}: expected \"direct\", \"memtile\" or \"auto\", got '{}'", where, v[0]));
    } else {
      throw HintsError(fmt::format("{}: unknown hint '{}' (known: cascade, parallel, bands, at, edge)", where, it.name));
    }
  }
  for (auto& [node, s] : updated) node->schedule = s;
}

}  // namespace aiem::hints
