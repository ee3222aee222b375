// The report renders perf::predict's figures for the planned and placed design, and nothing else:
// checked against an independent make_plan + place_for_latency + predict for every example model.
#include <catch2/catch.hpp>

#include "ir/io/atomic_output.hpp"
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "aiem/aiem.hpp"
#include "backends/aie/build.hpp"
#include "backends/aie/perf/model.hpp"
#include "backends/aie/report/render.hpp"
#include "backends/aie/report/report.hpp"
#include "dsl/api/model_impl.hpp"

namespace fs = std::filesystem;
using namespace aiem::aie;
using nlohmann::json;

namespace {

// Every example model (examples/*/*.aiem): what the report must get right for users first.
std::vector<fs::path> example_models() {
  std::vector<fs::path> v;
  for (const auto& dir : fs::directory_iterator(fs::path(AIEM_SOURCE_DIR) / "examples"))
    if (dir.is_directory())
      for (const auto& f : fs::directory_iterator(dir.path()))
        if (f.path().extension() == ".aiem") v.push_back(f.path());
  std::sort(v.begin(), v.end());
  return v;
}

aiem::ParseResult parse_file(const fs::path& p) {
  auto parsed = aiem::parse_file(p);
  INFO(parsed.rendered);
  REQUIRE(parsed.ok());
  return parsed;
}

aiem::ParseResult parse_text(const std::string& text) {
  auto parsed = aiem::parse(text, "<test>");
  INFO(parsed.rendered);
  REQUIRE(parsed.ok());
  return parsed;
}

report::Report make(const aiem::Model& m, const report::ReportOptions& o = {}) {
  aiem::Diagnostics diags;
  auto r = report::plan_and_report(aiem::impl_of(m).graph, o, diags);
  INFO(aiem::render(diags, *aiem::impl_of(m).sources));
  REQUIRE(r);
  return *r;
}

std::string report_error(const std::string& text, const report::ReportOptions& o = {}) {
  auto parsed = parse_text(text);
  aiem::Diagnostics diags;
  auto r = report::plan_and_report(aiem::impl_of(*parsed.model).graph, o, diags);
  CHECK_FALSE(r);
  CHECK(diags.has_errors());
  return aiem::render(diags, *aiem::impl_of(*parsed.model).sources);
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

}  // namespace

TEST_CASE("report: the figures are perf::predict's for every example model", "[report]") {
  const auto models = example_models();
  REQUIRE(models.size() >= 3);
  for (const auto& path : models) {
    INFO(path.string());
    auto parsed = parse_file(path);
    const auto& g = aiem::impl_of(*parsed.model).graph;
    // The independent route: plan, place (down to fewer samples per iteration where a batch does
    // not place) and predict exactly as `aiemc build` does.
    aiem::Diagnostics diags;
    auto design = plan_and_place(g, g.target, {}, {}, diags);
    REQUIRE(design);
    const Plan* plan = &design->plan;
    const auto want = perf::predict(*plan, perf::PerfConstants::for_device(plan->device));

    const auto r = make(*parsed.model);
    const auto j = json::parse(report::render_json(r));
    const auto& m = j.at("model_timing");
    CHECK(m.at("latency_ns").get<double>() == want.latency_ns);
    CHECK(m.at("latency_cycles").get<double>() == want.latency_cycles);
    CHECK(m.at("interval_ns").get<double>() == want.interval_ns);
    CHECK(m.at("bottleneck").get<std::string>() == want.bottleneck);
    CHECK(m.at("inferences_per_s").get<double>() == want.inferences_per_s);
    CHECK(m.at("gops").get<double>() == want.gops);
    CHECK(m.at("mac_utilisation").get<double>() == want.mac_utilisation);
    CHECK(m.at("tiles").get<int>() == want.tiles);
    CHECK(m.at("tiles").get<int>() == plan->total_tiles());
    CHECK(m.at("memtiles").get<int>() == want.memtiles);
    CHECK(m.at("device_tile_fraction").get<double>() == want.device_tile_fraction);
    REQUIRE(j.at("layers").size() == want.layers.size());
    for (std::size_t i = 0; i < want.layers.size(); ++i) {
      const auto& l = j.at("layers")[i];
      const auto& w = want.layers[i];
      CHECK(l.at("name").get<std::string>() == w.name);
      CHECK(l.at("PK").get<int>() == plan->layers[i].PK);
      CHECK(l.at("PN").get<int>() == plan->layers[i].PN);
      CHECK(l.at("tiles").get<int>() == w.tiles);
      CHECK(l.at("kernel_cycles").get<double>() == w.kernel.cycles);
      CHECK(l.at("latency_cycles").get<double>() == w.latency_cycles);
      CHECK(l.at("interval_cycles").get<double>() == w.interval_cycles);
      CHECK(l.at("mac_utilisation").get<double>() == w.mac_utilisation);
    }
    // The same placement as the independent run (the search is deterministic).
    CHECK(r.placement_cost == design->placed.placement.cost.total);
    // The table prints the same figures, rounded.
    const auto table = report::render_table(r);
    CHECK_THAT(table, Catch::Contains(fmt::format("latency          {:.1f} ns", want.latency_ns)));
    CHECK_THAT(table, Catch::Contains(fmt::format("tiles            {} of {}", want.tiles, plan->device.tiles())));
    CHECK_THAT(table, Catch::Contains(r.placement_map));
  }
}

TEST_CASE("report: the latency shares add up to the whole latency", "[report]") {
  auto parsed = parse_file(fs::path(AIEM_SOURCE_DIR) / "examples/tau_selection/tau_selection.aiem");
  const auto r = make(*parsed.model);
  double cycles = r.io_latency_cycles, share = r.io_latency_share;
  for (const auto& l : r.layers) {
    cycles += l.latency_cycles;
    share += l.latency_share;
  }
  CHECK(cycles == Approx(r.timing.latency_cycles));
  CHECK(share == Approx(1.0));
  CHECK(r.layers.front().from_hint);  // fc1 has @tiles(cascade: 4)
  CHECK(r.layers.front().PK == 4);
}

TEST_CASE("report: the JSON parses and has every field", "[report]") {
  auto parsed = parse_file(fs::path(AIEM_SOURCE_DIR) / "examples/jet_tagger/jet_tagger.aiem");
  const auto j = json::parse(report::render_json(make(*parsed.model)));
  for (const char* k : {"schema", "model", "device", "batch", "layers", "io", "model_timing", "placement"})
    CHECK(j.contains(k));
  for (const char* k : {"name", "board", "part", "arch", "columns", "rows", "tiles", "memtiles", "aie_clock_mhz"})
    CHECK(j.at("device").contains(k));
  REQUIRE(j.at("layers").size() == 4);
  for (const auto& l : j.at("layers"))
    for (const char* k : {"name", "K", "N", "PK", "PN", "tiles", "from_hint", "macs", "kernel_cycles", "chain_latency_cycles",
                          "x_dma_cycles", "route_cycles", "y_dma_cycles", "latency_cycles", "latency_ns", "latency_share",
                          "interval_cycles", "mac_utilisation"})
      CHECK(l.contains(k));
  for (const char* k : {"io_fixed_cycles", "input_plio_cycles", "output_plio_cycles", "latency_cycles", "latency_share"})
    CHECK(j.at("io").contains(k));
  for (const char* k : {"latency_cycles", "latency_ns", "interval_cycles", "interval_ns", "bottleneck", "inferences_per_s",
                        "gops", "macs", "mac_utilisation", "tiles", "memtiles", "device_tile_fraction",
                        "device_memtile_fraction", "source"})
    CHECK(j.at("model_timing").contains(k));
  for (const char* k : {"cost", "proven_optimal", "nodes", "map"}) CHECK(j.at("placement").contains(k));
  CHECK(j.at("schema") == "aiem-report/1");
  CHECK(j.at("model") == "jet_tagger");
  CHECK(j.at("layers")[1].at("from_hint") == true);  // fc2 @tiles(cascade: 2, parallel: 2)
}

TEST_CASE("report: the HTML page is self-contained, with the placement SVG and one bar per layer", "[report]") {
  for (const char* name : {"jet_tagger", "qubit_readout"}) {
    INFO(name);
    auto parsed = parse_file(fs::path(AIEM_SOURCE_DIR) / "examples" / name / (std::string(name) + ".aiem"));
    const auto r = make(*parsed.model);
    const auto html = report::render_html(r);
    CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
    CHECK_THAT(html, Catch::Contains(r.placement_svg));  // embedded verbatim
    CHECK(count(html, "class=\"bar\"") == r.layers.size());
    CHECK(count(html, "class=\"bar-io\"") == 1);
    for (const auto& l : r.layers) CHECK_THAT(html, Catch::Contains(fmt::format("<title>{}: {:.1f} ns</title>", l.name, l.latency_ns)));
    CHECK(count(html, "<svg") == 2);  // placement and latency chart
    // Nothing to fetch: no scripts, stylesheets, images, fonts or links.
    for (const char* external : {"<script", "<link", "<img", " src=", "href=", "@import"})
      CHECK(count(html, external) == 0);
    CHECK(count(html, "url(") == count(html, "url(#"));  // only the SVG's own markers (cascade arrows)
    CHECK_THAT(html, Catch::Contains(fmt::format("{:.1f} ns ({:.0f} cycles)", r.timing.latency_ns, r.timing.latency_cycles)));
  }
}

TEST_CASE("report: the same model gives byte-identical table, JSON and HTML", "[report]") {
  const auto path = fs::path(AIEM_SOURCE_DIR) / "examples/qubit_readout/qubit_readout.aiem";
  auto a = parse_file(path), b = parse_file(path);  // two parses: nothing may depend on addresses
  const auto ra = make(*a.model), rb = make(*b.model);
  CHECK(report::render_table(ra) == report::render_table(rb));
  CHECK(report::render_json(ra) == report::render_json(rb));
  CHECK(report::render_html(ra) == report::render_html(rb));
}

TEST_CASE("report: user errors are diagnostics, not reports", "[report]") {
  const std::string model = R"(model m { batch 8 input x : int8[512]
    y = dense(x, 512, w: int8 from random(1)) -> int8 @tiles(cascade: 8, parallel: 8)
    output y })";
  report::ReportOptions unknown;
  unknown.device = "nowhere";
  CHECK_THAT(report_error(model, unknown), Catch::Contains("unknown device 'nowhere'"));
  report::ReportOptions small;
  small.device = "ve2302";  // 34 tiles for a 64-tile layer: named, with the tiles it needs
  CHECK_THAT(report_error(model, small), Catch::Contains("<test>:2:") && Catch::Contains("layer 'y' does not fit"));
  report::ReportOptions outside;
  outside.place.region = placement::parse_columns("50..60");
  CHECK_THAT(report_error(model, outside), Catch::Contains("outside vek280"));
  CHECK_THROWS(placement::parse_columns("7-"));
}

TEST_CASE("report: files are written whole or not at all", "[report]") {
  const auto dir = fs::temp_directory_path() / ("aiem_report_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  aiem::io::write_file(dir / "r.html", "first");
  aiem::io::write_file(dir / "r.html", "second");
  std::ifstream in(dir / "r.html");
  std::string text((std::istreambuf_iterator<char>(in)), {});
  CHECK(text == "second");
  CHECK_THROWS_WITH(aiem::io::write_file(dir / "missing" / "r.html", "x"), Catch::Contains("does not exist"));
  CHECK_FALSE(fs::exists(dir / "missing"));
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& f : fs::directory_iterator(dir)) ++files;
  CHECK(files == 1);  // no temporary left behind
  fs::remove_all(dir);
}

TEST_CASE("a softmax with one reciprocal per line is predicted faster than the division per element, as the cycle "
          "model of the row kernel says",
          "[report]") {
  auto parsed = parse_text(R"(model sm {
  batch 4
  input s : fixed<8, 3>[8, 32]
  d = softmax(s) -> ufixed<8, 0>
  r = softmax(s, reciprocal: 1) -> ufixed<8, 0>
  output d, r
})");
  const auto rep = make(*parsed.model);
  const auto row = [&](const std::string& n) {
    for (const auto& l : rep.layers)
      if (l.name == n) return l;
    FAIL("no layer " << n);
    return rep.layers.front();
  };
  const auto d = row("d"), r = row("r");
  CHECK(d.op == "softmax");
  // 4 x 8 lines of 32 elements: a division (40 cycles) per element becomes one per line plus a
  // 64-bit multiply (4 cycles) per element.
  const double lines = 4 * 8, elements = lines * 32;
  CHECK(d.kernel_cycles - r.kernel_cycles == Approx(elements * (40 - 4) - lines * 40));
}
