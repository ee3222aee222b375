// `aiemc report --html`: one self-contained page (inline CSS and SVG, no scripts, no external
// resources) so it can be mailed or attached to a CI run and still render.
#include <fmt/format.h>

#include "backends/aie/report/render.hpp"

namespace aiem::aie::report {

std::string html_escape(std::string_view text) {
  std::string o;
  o.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': o += "&amp;"; break;
      case '<': o += "&lt;"; break;
      case '>': o += "&gt;"; break;
      case '"': o += "&quot;"; break;
      case '\'': o += "&#39;"; break;
      default: o += c;
    }
  }
  return o;
}

namespace {

constexpr std::string_view style =
    "body{font-family:sans-serif;margin:24px;color:#222}"
    "table{border-collapse:collapse;margin:8px 0 20px}"
    "th,td{border:1px solid #ccc;padding:3px 8px}td.n{text-align:right;font-family:monospace}"
    "th{background:#eee}pre{background:#f6f6f6;padding:8px;overflow-x:auto}"
    "figure{margin:8px 0 20px;overflow-x:auto}";

std::string row(std::string_view label, const std::string& value) {
  return fmt::format("<tr><th>{}</th><td class=\"n\">{}</td></tr>\n", label, html_escape(value));
}

}  // namespace

std::string render_html(const Report& r) {
  const auto& t = r.timing;
  const Device& d = r.device;
  const std::string title = fmt::format("{} on {}", r.model, d.board.empty() ? d.name : d.board);
  std::string s = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  s += fmt::format("<title>aiemc report: {}</title>\n<style>{}</style>\n</head>\n<body>\n", html_escape(title), style);
  s += fmt::format("<h1>{}</h1>\n<p>{} ({}, {:.0f} MHz), batch {}. Predictions of the aiemc performance model "
                   "(docs/performance.md).</p>\n",
                   html_escape(title), html_escape(d.part), to_string(d.arch), t.aie_clock_mhz,
                   fmt::format("{}{}", r.batch, perf::iterations_text(t)));

  s += "<h2>Layers</h2>\n<table class=\"layers\">\n<tr><th>layer</th><th>op</th><th>K &times; N</th><th>PK &times; PN</th>"
       "<th>tiles</th><th>kernel cycles</th><th>latency (ns)</th><th>share</th><th>interval cycles</th>"
       "<th>MAC utilisation</th></tr>\n";
  for (const auto& l : r.layers)
    s += fmt::format("<tr><td>{}{}</td><td>{}</td><td class=\"n\">{} &times; {}</td><td class=\"n\">{} &times; {}</td>"
                     "<td class=\"n\">{}</td><td class=\"n\">{:.0f}</td><td class=\"n\">{:.1f}</td>"
                     "<td class=\"n\">{}</td><td class=\"n\">{:.0f}</td><td class=\"n\">{:.1f}%</td></tr>\n",
                     html_escape(l.name), l.from_hint ? " (@tiles)" : "", html_escape(l.op), l.K, l.N, l.PK, l.PN, l.tiles,
                     l.kernel_cycles, l.latency_ns,
                     l.critical ? fmt::format("{:.1f}%", 100 * l.latency_share) : std::string("&ndash;"),
                     l.interval_cycles, 100 * l.mac_utilisation);
  s += fmt::format("<tr><td>(I/O, views)</td><td></td><td></td><td></td><td></td><td></td><td class=\"n\">{:.1f}</td>"
                   "<td class=\"n\">{:.1f}%</td><td></td><td></td></tr>\n",
                   r.io_latency_cycles * 1000.0 / t.aie_clock_mhz, 100 * r.io_latency_share);
  if (t.iterations > 1)
    s += fmt::format("<tr><td>(iterations)</td><td></td><td></td><td></td><td></td><td></td><td class=\"n\">{:.1f}</td>"
                     "<td class=\"n\">{:.1f}%</td><td></td><td></td></tr>\n",
                     r.later_iterations_cycles * 1000.0 / t.aie_clock_mhz, 100 * r.later_iterations_share);
  s += "</table>\n";

  s += "<h2>Model</h2>\n<table class=\"model\">\n";
  s += row("latency", fmt::format("{:.1f} ns ({:.0f} cycles), first input to first output of one batch", t.latency_ns,
                                  t.latency_cycles));
  s += row("interval", fmt::format("{:.1f} ns ({:.0f} cycles) per batch, set by {}", t.interval_ns, t.interval_cycles,
                                   t.bottleneck));
  s += row("throughput", fmt::format("{:.4g} inferences/s, {:.1f} GOP/s", t.inferences_per_s, t.gops));
  s += row("MAC utilisation", fmt::format("{:.1f}%", 100 * t.mac_utilisation));
  s += row("tiles", fmt::format("{} of {} ({:.1f}% of the device)", t.tiles, d.tiles(), 100 * t.device_tile_fraction));
  s += row("memtiles", fmt::format("{} of {} ({:.1f}% of the device)", t.memtiles, r.device_memtiles,
                                   100 * r.device_memtile_fraction));
  s += "</table>\n";

  s += "<h2>Latency per layer</h2>\n<figure>\n" + render_latency_chart(r) + "</figure>\n";
  s += fmt::format("<h2>Placement</h2>\n<p>cost {:.2f} ({}), {:g} hand-off hops, {} search nodes.</p>\n<figure>\n",
                   r.placement_cost, html_escape(r.placement_search), r.placement_handoff_hops, r.placement_nodes);
  s += r.placement_svg + "</figure>\n";
  s += "<pre class=\"map\">" + html_escape(r.placement_map) + "</pre>\n</body>\n</html>\n";
  return s;
}

}  // namespace aiem::aie::report
