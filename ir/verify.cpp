#include "ir/verify.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <set>

#include "ir/ops/shape_rules.hpp"

namespace aiem::ir {
namespace {

class Verifier {
 public:
  Verifier(const Graph& g, Diagnostics& d) : g_(g), d_(d) {}

  bool run() {
    std::size_t before = d_.error_count();
    check_values();
    check_nodes();
    check_io();
    return d_.error_count() == before;
  }

 private:
  void fail(SourceRange loc, std::string msg) { d_.error(loc, fmt::format("IR verifier: {}", msg)); }

  bool valid(ValueId id) const { return id < g_.values.size(); }

  void check_values() {
    std::set<std::string> names;
    for (ValueId id = 0; id < g_.values.size(); ++id) {
      const Value& v = g_.value(id);
      if (!names.insert(v.name).second) fail(v.loc, fmt::format("value name '{}' is not unique", v.name));
      for (auto dim : v.type.shape)
        if (dim < 1) fail(v.loc, fmt::format("value '{}' has a non-positive dimension in {}", v.name, to_string(v.type.shape)));
      const auto& f = v.type.format;
      if (f.width < 1 || f.width > 64) fail(v.loc, fmt::format("value '{}' has width {}", v.name, f.width));
      if (v.is_constant()) {
        if (v.producer) fail(v.loc, fmt::format("constant '{}' has a producer", v.name));
        if (static_cast<std::int64_t>(v.data->size()) != v.type.elements())
          fail(v.loc, fmt::format("constant '{}' holds {} codes for {} elements", v.name, v.data->size(), v.type.elements()));
        for (auto c : *v.data)
          if (c < f.min_code() || c > f.max_code()) {
            fail(v.loc, fmt::format("constant '{}' holds code {} outside {}", v.name, c, num::to_string(f)));
            break;
          }
      } else if (!v.producer && std::find(g_.inputs.begin(), g_.inputs.end(), id) == g_.inputs.end()) {
        fail(v.loc, fmt::format("value '{}' has no producer and is not a graph input", v.name));
      }
    }
  }

  void check_nodes() {
    std::set<std::string> names;
    std::vector<bool> available(g_.values.size(), false);
    for (ValueId id = 0; id < g_.values.size(); ++id)
      available[id] = g_.value(id).is_constant() ||
                      std::find(g_.inputs.begin(), g_.inputs.end(), id) != g_.inputs.end();
    for (NodeId nid = 0; nid < g_.nodes.size(); ++nid) {
      const Node& n = g_.nodes[nid];
      if (!names.insert(n.name).second) fail(n.loc, fmt::format("node name '{}' is not unique", n.name));
      bool ids_ok = true;
      for (ValueId in : n.inputs) {
        if (!valid(in)) {
          fail(n.loc, fmt::format("node '{}' reads value #{} which does not exist", n.name, in));
          ids_ok = false;
        } else if (!available[in]) {
          fail(n.loc, fmt::format("node '{}' reads '{}' before it is produced (nodes out of order)", n.name, g_.value(in).name));
        }
      }
      for (ValueId out : n.outputs) {
        if (!valid(out)) {
          fail(n.loc, fmt::format("node '{}' writes value #{} which does not exist", n.name, out));
          ids_ok = false;
          continue;
        }
        if (g_.value(out).producer != nid)
          fail(n.loc, fmt::format("value '{}' does not name node '{}' as its producer", g_.value(out).name, n.name));
        available[out] = true;
      }
      if (!ids_ok) continue;
      if (n.outputs.size() != 1) {
        fail(n.loc, fmt::format("node '{}' has {} outputs, expected 1", n.name, n.outputs.size()));
        continue;
      }
      try {
        Shape s = infer_shape(g_, n);
        if (s != g_.value(n.outputs[0]).type.shape)
          fail(n.loc, fmt::format("node '{}' produces shape {} but its output is declared {}", n.name, to_string(s),
                                  to_string(g_.value(n.outputs[0]).type.shape)));
      } catch (const OpError& e) {
        fail(n.loc, fmt::format("node '{}': {}", n.name, e.message));
      }
      check_resolved(n);
    }
  }

  // Invariants that hold once resolve_quantization has run.
  void check_resolved(const Node& n) {
    if (const auto* d = std::get_if<DenseAttrs>(&n.attrs); d && d->acc) {
      if (d->acc->bits != 32 && d->acc->bits != 64)
        fail(n.loc, fmt::format("dense '{}' has a {}-bit accumulator", n.name, d->acc->bits));
      int fx = g_.value(n.inputs[0]).type.format.frac(), fw = g_.value(n.inputs[1]).type.format.frac();
      if (d->acc->frac != fx + fw)
        fail(n.loc, fmt::format("dense '{}' accumulator frac {} != {} + {}", n.name, d->acc->frac, fx, fw));
      if (d->has_bias && g_.value(n.inputs[2]).type.format.frac() != d->acc->frac)
        fail(n.loc, fmt::format("dense '{}' bias is not at accumulator scale", n.name));
    }
  }

  void check_io() {
    if (g_.outputs.empty()) fail({}, fmt::format("graph '{}' has no outputs", g_.name));
    for (ValueId id : g_.inputs)
      if (!valid(id) || g_.value(id).producer || g_.value(id).is_constant())
        fail({}, fmt::format("graph input #{} is not a free value", id));
    for (ValueId id : g_.outputs)
      if (!valid(id)) fail({}, fmt::format("graph output #{} does not exist", id));
  }

  const Graph& g_;
  Diagnostics& d_;
};

}  // namespace

bool verify(const Graph& g, Diagnostics& diags) { return Verifier(g, diags).run(); }

}  // namespace aiem::ir
