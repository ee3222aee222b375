// The per-layer latency bar chart of the HTML report, as inline SVG (no scripts, no fonts to load).
#include <fmt/format.h>

#include <algorithm>

#include "backends/aie/report/render.hpp"

namespace aiem::aie::report {

namespace {

constexpr int label_w = 120;  // layer names
constexpr int bar_w = 420;    // the longest bar
constexpr int value_w = 150;  // "123.4 ns (12.3%)"
constexpr int row_h = 22;
constexpr int top = 28;       // room for the title

}  // namespace

std::string render_latency_chart(const Report& r) {
  const double ns_per_cycle = r.timing.aie_clock_mhz > 0 ? 1000.0 / r.timing.aie_clock_mhz : 0;
  struct Row {
    std::string label, cls;
    double ns, share;
  };
  // The I/O part first: it is where a batch's latency starts (fixed I/O + the input PLIO).
  std::vector<Row> rows{{"(I/O)", "bar-io", r.io_latency_cycles * ns_per_cycle, r.io_latency_share}};
  if (r.timing.iterations > 1)
    rows.push_back({"(iterations)", "bar-io", r.later_iterations_cycles * ns_per_cycle, r.later_iterations_share});
  for (const auto& l : r.layers) rows.push_back({l.name, "bar", l.latency_ns, l.latency_share});
  double longest = 0;
  for (const auto& row : rows) longest = std::max(longest, row.ns);
  const int width = label_w + bar_w + value_w, height = top + int(rows.size()) * row_h + 8;
  std::string s = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"latency-chart\" width=\"{0}\" height=\"{1}\" "
      "viewBox=\"0 0 {0} {1}\" font-family=\"monospace\" font-size=\"12\">\n",
      width, height);
  s += fmt::format("<text x=\"0\" y=\"16\" font-size=\"13\">latency per layer: {:.1f} ns first input to first output</text>\n",
                   r.timing.latency_ns);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& row = rows[i];
    const int y = top + int(i) * row_h;
    const double w = longest > 0 ? bar_w * row.ns / longest : 0;
    s += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\n", label_w - 6, y + 15, html_escape(row.label));
    s += fmt::format("<rect class=\"{}\" x=\"{}\" y=\"{}\" width=\"{:.2f}\" height=\"{}\" fill=\"{}\"><title>{}: {:.1f} ns</title></rect>\n",
                     row.cls, label_w, y + 3, w, row_h - 6, row.cls == "bar" ? "#4e79a7" : "#bab0ac",
                     html_escape(row.label), row.ns);
    s += fmt::format("<text x=\"{:.2f}\" y=\"{}\">{:.1f} ns ({:.1f}%)</text>\n", label_w + w + 6, y + 15, row.ns,
                     100 * row.share);
  }
  s += "</svg>\n";
  return s;
}

}  // namespace aiem::aie::report
