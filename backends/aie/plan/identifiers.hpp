#pragma once
// C++ identifiers for everything the emitted project names after the model: layers (kernel
// functions, weight tables, graph members), PLIOs, the graph class. A .aiem name may be a block
// instance path (`t1.a`), a C++ keyword (`class`), or a name the project itself uses (`main`, `g`,
// `adf`); two names may also collide after mangling (`t1.a` and `t1_a`) or through the names a
// layer derives (`a_w` kernel `a_w_n0_k0` vs layer `a`'s weight table `a_w_n0_k0`). These rules
// give every one a distinct, valid, deterministic identifier; diagnostics keep the model's names.
#include <set>
#include <string>

#include "backends/aie/plan/physical_plan.hpp"

namespace aiem::aie {

// `name` as an identifier: characters outside [A-Za-z0-9_] become '_', runs of '_' shrink to one
// (a double underscore is reserved), no leading '_' or digit, and C++ keywords and names the
// project reserves get a trailing '_'.
std::string cpp_identifier(const std::string& name);

// Every identifier the project emits for this layer at its current split (kernel functions,
// tables, parameter and kernel members, its configuration type).
std::set<std::string> generated_names(const LayerPlan& l);

// Sets Plan::model_ident and each layer's `ident`, in layer order, appending _2, _3, ... where a
// name would collide with an earlier one (kernel names depend on the split: call it again after a
// split changes). Layer identifiers never start with the prefixes of the graph's other members
// (`in_`, `out_` PLIOs, `mt_` memory-tile buffers), so those cannot collide with them.
void assign_identifiers(Plan& plan);

}  // namespace aiem::aie
