// `aiemc report --json`: the table's figures plus the terms behind them, with stable key order.
#include <nlohmann/json.hpp>

#include "backends/aie/report/render.hpp"

namespace aiem::aie::report {

std::string render_json(const Report& r) {
  using J = nlohmann::ordered_json;
  const auto& t = r.timing;
  const Device& d = r.device;
  J j;
  j["schema"] = "aiem-report/1";
  j["model"] = r.model;
  j["device"] = {{"name", d.name}, {"board", d.board}, {"part", d.part}, {"arch", std::string(to_string(d.arch))},
                 {"columns", d.columns}, {"rows", d.rows}, {"tiles", d.tiles()}, {"memtiles", r.device_memtiles},
                 {"aie_clock_mhz", t.aie_clock_mhz}};
  j["batch"] = r.batch;
  j["layers"] = J::array();
  for (std::size_t i = 0; i < r.layers.size(); ++i) {
    const auto& l = r.layers[i];
    const auto& lt = t.layers[i];
    j["layers"].push_back({{"name", l.name}, {"op", l.op}, {"critical", l.critical}, {"K", l.K}, {"N", l.N}, {"PK", l.PK}, {"PN", l.PN}, {"tiles", l.tiles},
                           {"from_hint", l.from_hint}, {"macs", lt.macs}, {"kernel_cycles", l.kernel_cycles},
                           {"chain_latency_cycles", lt.chain.latency_cycles}, {"x_dma_cycles", lt.x_dma_cycles},
                           {"route_cycles", lt.route_cycles}, {"y_dma_cycles", lt.y_dma_cycles},
                           {"latency_cycles", l.latency_cycles}, {"latency_ns", l.latency_ns},
                           {"latency_share", l.latency_share}, {"interval_cycles", l.interval_cycles},
                           {"mac_utilisation", l.mac_utilisation}});
  }
  j["io"] = {{"io_fixed_cycles", t.io_fixed_cycles}, {"input_plio_cycles", t.input_cycles},
             {"output_plio_cycles", t.output_cycles}, {"latency_cycles", r.io_latency_cycles},
             {"latency_share", r.io_latency_share}};
  j["iterations"] = {{"count", t.iterations}, {"samples", t.samples_per_iteration},
                     {"first_latency_cycles", t.iteration_latency_cycles}, {"interval_cycles", t.iteration_interval_cycles},
                     {"later_latency_cycles", r.later_iterations_cycles}, {"latency_share", r.later_iterations_share}};
  j["model_timing"] = {{"latency_cycles", t.latency_cycles}, {"latency_ns", t.latency_ns},
                       {"interval_cycles", t.interval_cycles}, {"interval_ns", t.interval_ns},
                       {"bottleneck", t.bottleneck}, {"inferences_per_s", t.inferences_per_s}, {"gops", t.gops},
                       {"macs", t.macs}, {"mac_utilisation", t.mac_utilisation}, {"tiles", t.tiles},
                       {"memtiles", t.memtiles}, {"device_tile_fraction", t.device_tile_fraction},
                       {"device_memtile_fraction", r.device_memtile_fraction},
                       {"source", "performance model, docs/performance.md"}};
  j["placement"] = {{"cost", r.placement_cost}, {"proven_optimal", r.placement_optimal},
                    {"lower_bound", r.placement_lower_bound}, {"handoff_hops", r.placement_handoff_hops},
                    {"search", r.placement_search}, {"nodes", r.placement_nodes}, {"map", r.placement_map}};
  return j.dump(2) + "\n";
}

}  // namespace aiem::aie::report
