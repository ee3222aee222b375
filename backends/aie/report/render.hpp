#pragma once
// Renderers of a Report: pure functions of it, so the same report always gives the same bytes
// (no clocks, no addresses, fixed number formats).
#include <filesystem>
#include <string>
#include <string_view>

#include "backends/aie/report/report.hpp"

namespace aiem::aie::report {

// Terminal table: per layer PK x PN, tiles, kernel cycles, latency and its share, MAC utilisation;
// the model's latency, interval, throughput, tiles and memtiles; then the text placement map.
std::string render_table(const Report& r);

// The same as JSON (ordered keys, full-precision numbers, trailing newline).
std::string render_json(const Report& r);

// One self-contained HTML page (no external resources): the tables, the placement SVG and the
// latency chart inline.
std::string render_html(const Report& r);

// An inline SVG bar chart of each layer's part of the latency (one <rect class="bar"> per layer)
// and the I/O part (class "bar-io").
std::string render_latency_chart(const Report& r);

// Text escaped for HTML and SVG content and attribute values.
std::string html_escape(std::string_view text);


}  // namespace aiem::aie::report
