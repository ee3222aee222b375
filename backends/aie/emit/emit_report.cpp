// report.json: every choice the backend made, per layer and per buffer, for users and tools.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <nlohmann/json.hpp>

#include "backends/aie/emit/emit.hpp"

namespace aiem::aie {

nlohmann::ordered_json report_json(const Plan& plan) {
  using J = nlohmann::ordered_json;
  J r;
  r["model"] = plan.model;
  r["device"] = {{"name", plan.device.name}, {"part", plan.device.part}, {"aie_arch", plan.aie_arch}};
  r["batch"] = plan.batch;
  r["tiles"] = plan.total_tiles();
  r["memtiles"] = plan.memtile_columns().size();
  r["layers"] = J::array();
  for (std::size_t li = 0; li < plan.layers.size(); ++li) {
    const auto& l = plan.layers[li];
    J t = J::array();
    if (!plan.tiles.empty())
      for (int pn = 0; pn < l.PN; ++pn)
        for (int pk = 0; pk < l.PK; ++pk) t.push_back({plan.tiles[li][pn][pk][0], plan.tiles[li][pn][pk][1]});
    J sources = J::array();
    for (const Source& src : l.sources)
      sources.push_back(src.layer >= 0   ? plan.layers[std::size_t(src.layer)].name
                        : src.input >= 0 ? plan.inputs[std::size_t(src.input)].name
                                         : plan.views[std::size_t(src.view)].name);
    if (!l.is_dense()) {
      r["layers"].push_back({{"name", l.name}, {"op", l.pw.label}, {"sources", sources},
                             {"M", l.M}, {"N", l.N},
                             {"types", l.pw.op == PointwisePlan::Op::slice || l.pw.op == PointwisePlan::Op::pad ||
                                               l.pw.row_kernel() || l.pw.op == PointwisePlan::Op::im2col ||
                                               l.pw.op == PointwisePlan::Op::pool
                                           ? fmt::format("{} {} x {} -> {} x {}", l.a.ctype(), l.pw.in_rows, l.K, l.M, l.N)
                                       : l.pw.op == PointwisePlan::Op::concat
                                           ? fmt::format("{} {} x ({} + {})", l.a.ctype(), l.M, l.K, l.pw.b_cols)
                                       : l.pw.op == PointwisePlan::Op::reshape
                                           ? fmt::format("{} {} x {} -> {} x {}", l.a.ctype(), l.pw.in_rows, l.K, l.M, l.N)
                                       : l.pw.op == PointwisePlan::Op::transpose
                                           ? fmt::format("{} [{}] perm [{}]", l.a.ctype(), fmt::join(l.pw.perm_dims, ", "),
                                                         fmt::join(l.pw.perm, ", "))
                                       : l.pw.op == PointwisePlan::Op::lookup
                                           ? fmt::format("{} -> {} (table of {})", l.a.ctype(), l.out.ctype(), l.pw.table.size())
                                           : fmt::format("{} {} {} -> {} (acc32)", l.a.ctype(), l.pw.label, l.pw.b.ctype(), l.out.ctype())},
                             {"parallel", l.PN}, {"from_hint", l.from_hint},
                             {"kernel_slice", {{"M", l.M_pad}, {"N", l.NS}}},
                             {"requant", {{"shift", l.requant.shift}, {"type", num::to_string(l.requant.out)}, {"relu", l.requant.relu}}},
                             {"tile_bytes", {{"a", l.x_bytes()}, {"b", l.x2_bytes()}, {"table", l.table_bytes()}, {"y", l.y_bytes()}}},
                             {"tiles", t}});
      continue;
    }
    r["layers"].push_back({{"name", l.name}, {"op", l.pw.label.empty() ? std::string("dense") : l.pw.label}, {"sources", sources},
                           {"M", l.M}, {"K", l.K}, {"N", l.N},
                           {"types", fmt::format("{} x {} -> {} (acc{})", l.a.ctype(), l.w.ctype(), l.out.ctype(), l.acc_bits)},
                           {"cascade", l.PK}, {"parallel", l.PN}, {"from_hint", l.from_hint},
                           {"microtile", fmt::format("{}x{}x{}", l.mt.m, l.mt.k, l.mt.n)},
                           {"register_blocking", fmt::format("{}x{}", l.RM, l.RN)},
                           {"kernel_slice", {{"M", l.M_pad}, {"K", l.KS}, {"N", l.NS}}},
                           {"requant", {{"shift", l.requant.shift}, {"type", num::to_string(l.requant.out)},
                                        {"relu", l.requant.relu}, {"zero", l.requant.zero},
                                        {"multiplier", l.requant.multiplier ? l.requant.multiplier->multiplier : 1}}},
                           {"tile_bytes", {{"x", l.x_bytes()}, {"w", l.w_bytes()}, {"b", l.b_bytes()}, {"y", l.y_bytes()}}},
                           {"weights", "initialised arrays in each kernel's data memory (adf::parameter::array)"},
                           {"tiles", t}});
  }
  r["buffers"] = J::array();
  for (auto& b : plan.buffers)
    r["buffers"].push_back({{"name", b.name}, {"dims", b.dims}, {"in_ports", b.in.size()}, {"out_ports", b.out.size()},
                            {"bytes", b.bytes()}, {"memtile_column", b.column}});
  r["plios"] = J::array();
  for (auto& io : plan.plios)
    r["plios"].push_back({{"name", io.name}, {"direction", io.is_input ? "in" : "out"}, {"width_bits", io.width_bits},
                          {"file", io.file}, {"shim_column", io.column}});
  return r;
}

void emit_report(const Plan& plan, const nlohmann::ordered_json& extra, Project& p) {
  auto r = report_json(plan);
  for (auto& [k, v] : extra.items()) r[k] = v;
  p.add("report.json", r.dump(2) + "\n");
}

}  // namespace aiem::aie
