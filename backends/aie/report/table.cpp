// The terminal table of `aiemc report`.
#include <fmt/format.h>

#include <algorithm>

#include "backends/aie/report/render.hpp"

namespace aiem::aie::report {

std::string render_table(const Report& r) {
  const auto& t = r.timing;
  const Device& d = r.device;
  std::string s = fmt::format("{} on {} ({}, {} at {:.0f} MHz), batch {}{}\n", r.model, d.board.empty() ? d.name : d.board,
                              d.part, to_string(d.arch), t.aie_clock_mhz, r.batch, perf::iterations_text(t));
  // The layer column fits the longest name (a band is "<layer>_b<i>").
  std::size_t nw = 12;
  for (const auto& l : r.layers) nw = std::max(nw, l.name.size());
  s += fmt::format("  {:<{}} {:<8} {:>13} {:>9} {:>6} {:>14} {:>13} {:>7} {:>16} {:>9}\n", "layer", nw, "op", "K x N",
                   "PK x PN", "tiles", "kernel cycles", "latency (ns)", "share", "interval cycles", "MAC util");
  // A layer off the critical path (a branch that finishes before its join's other operand) has no
  // share of the latency: it is shown as "-".
  for (const auto& l : r.layers)
    s += fmt::format("  {:<{}} {:<8} {:>13} {:>9} {:>6} {:>14.0f} {:>13.1f} {:>7} {:>16.0f} {:>8.1f}%{}\n", l.name, nw, l.op,
                     fmt::format("{} x {}", l.K, l.N), fmt::format("{} x {}", l.PK, l.PN), l.tiles, l.kernel_cycles,
                     l.latency_ns, l.critical ? fmt::format("{:.1f}%", 100 * l.latency_share) : std::string("-"),
                     l.interval_cycles, 100 * l.mac_utilisation, l.from_hint ? "  (@tiles)" : "");
  // The rest of the latency path, so the shares add up to 100%.
  s += fmt::format("  {:<{}} {:<8} {:>13} {:>9} {:>6} {:>14} {:>13.1f} {:>6.1f}%\n", "(I/O, views)", nw, "", "", "", "", "",
                   r.io_latency_cycles * 1000.0 / t.aie_clock_mhz, 100 * r.io_latency_share);
  if (t.iterations > 1)
    s += fmt::format("  {:<{}} {:<8} {:>13} {:>9} {:>6} {:>14} {:>13.1f} {:>6.1f}%\n", "(iterations)", nw, "", "", "", "", "",
                     r.later_iterations_cycles * 1000.0 / t.aie_clock_mhz, 100 * r.later_iterations_share);
  s += "model\n";
  s += fmt::format("  latency          {:.1f} ns ({:.0f} cycles), first input to first output of one batch{}\n", t.latency_ns,
                   t.latency_cycles, t.iterations > 1 ? "'s last iteration" : "");
  s += fmt::format("  interval         {:.1f} ns ({:.0f} cycles) per batch in steady state, set by {}\n", t.interval_ns,
                   t.interval_cycles, t.bottleneck);
  s += fmt::format("  throughput       {:.4g} inferences/s, {:.1f} GOP/s\n", t.inferences_per_s, t.gops);
  s += fmt::format("  MAC utilisation  {:.1f}%\n", 100 * t.mac_utilisation);
  s += fmt::format("  tiles            {} of {} ({:.1f}% of the device)\n", t.tiles, d.tiles(), 100 * t.device_tile_fraction);
  s += fmt::format("  memtiles         {} of {} ({:.1f}% of the device)\n", t.memtiles, r.device_memtiles,
                   100 * r.device_memtile_fraction);
  s += "  (predictions of the performance model, docs/performance.md)\n";
  s += r.placement_map;
  return s;
}

}  // namespace aiem::aie::report
