// Performance-model benchmarks (issue 8 item 5): K1, K2 (one tile vs the ideal), L1 (one layer
// scaled from 1 to 304 tiles, efficiency relative to K1), M1-M6 (published configurations vs the
// published aiesim latencies) and the refit of the [fit] constants. Prints the tables and writes
// them, with the command line, to bench/results.md (or the path given as the first argument).
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "aiem/aiem.hpp"
#include "backends/aie/build.hpp"
#include "backends/aie/device/device.hpp"
#include "dsl/api/model_impl.hpp"
#include "backends/aie/perf/calibrate.hpp"
#include "backends/aie/perf/kernel_cost.hpp"
#include "backends/aie/perf/model.hpp"
#include "backends/aie/perf/plan_builder.hpp"
#include "backends/aie/perf/reference_models.hpp"
#include "backends/aie/perf/transfer_cost.hpp"

using namespace aiem::aie;
using namespace aiem::aie::perf;

namespace {

LayerPlan single_layer(const Device& d, std::int64_t K, std::int64_t N, Microtile mt = {4, 8, 8}, int RM = 2) {
  ChainSpec s;
  s.batch = 8;
  s.mt = mt;
  s.RM = RM;
  s.layers = {{"k", K, N}};
  return build_dense_plan(s, d).layers.front();
}

// A path under the source tree as it is written in the repository (no machine's absolute path).
std::string relative(std::string p) {
  const std::string root = std::string(AIEM_SOURCE_DIR) + "/";
  return p.rfind(root, 0) == 0 ? p.substr(root.size()) : p;
}

// One small model per op family, planned, placed and predicted as `aiemc build` does.
struct FamilyCase {
  const char* family;
  const char* op;    // the layer measured: the model's last layer, or (concat) the view before it
  const char* body;  // statements after the input
  const char* input = "int8[64]";
};

std::string families_section(const Device& d, const PerfConstants& c) {
  const std::vector<FamilyCase> cases = {
      {"dense", "y = dense(x, 64)", "y = dense(x, 64, w: int8 from random(1)) -> int8"},
      {"elementwise binary", "y = add(h, x)", "h = dense(x, 64, w: int8 from random(1)) -> int8\n y = add(h, x) -> int8"},
      {"elementwise binary", "y = mul(h, x)", "h = dense(x, 64, w: int8 from random(1)) -> int8\n y = mul(h, x) -> int8"},
      {"elementwise lookup", "y = sigmoid(h)", "h = dense(x, 64, w: int8 from random(1)) -> int8\n y = sigmoid(h) -> int8"},
      {"movement view (concat)", "c = concat([a, b])",
       "a = dense(x, 32, w: int8 from random(1)) -> int8\n b = dense(x, 32, w: int8 from random(2)) -> int8\n"
       " c = concat([a, b])\n y = dense(c, 64, w: int8 from random(3)) -> int8"},
      {"movement window (slice)", "s = slice(h, start: 16, end: 48)",
       "h = dense(x, 64, w: int8 from random(1)) -> int8\n s = slice(h, start: 16, end: 48)\n"
       " y = dense(s, 64, w: int8 from random(3)) -> int8"},
      {"elementwise binary, constant", "y = mul(h, c: int8)",
       "h = dense(x, 64, w: int8 from random(1)) -> int8\n y = mul(h, c: int8 from random(2)) -> int8"},
      {"movement transpose", "y = transpose(h, perm: [0, 2, 1])",
       "h = dense(x, 16, w: int8 from random(1)) -> int8\n y = transpose(h, perm: [0, 2, 1])", "int8[4, 16]"},
      {"movement reshape (flatten)", "y = reshape(h, shape: [64])",
       "h = dense(x, 16, w: int8 from random(1)) -> int8\n y = reshape(h, shape: [64])", "int8[4, 16]"},
      {"elementwise binary, broadcast", "y = add(h, g)",
       "h = dense(x, 16, w: int8 from random(1)) -> int8\n g = dense(x, 1, w: int8 from random(2)) -> int8\n"
       " y = add(h, g) -> int8",
       "int8[4, 16]"},
      {"movement transpose (head split)", "y = transpose(h, perm: [0, 2, 1, 3])",
       "h = dense(x, 8, w: int8 from random(1)) -> int8\n y = transpose(h, perm: [0, 2, 1, 3])", "int8[4, 2, 8]"},
      {"movement pad", "y = pad(h, before: [1, 2], after: [0, 2])",
       "h = dense(x, 16, w: int8 from random(1)) -> int8\n y = pad(h, before: [1, 2], after: [0, 2])", "int8[4, 16]"},
      {"movement slice kernel (step)", "y = slice(h, start: 1, end: 64, step: 2)",
       "h = dense(x, 64, w: int8 from random(1)) -> int8\n y = slice(h, start: 1, end: 64, step: 2)"},
      {"movement concat join (10 + 20 columns)", "j = concat([a, b])",
       "a = dense(x, 10, w: int8 from random(1)) -> int8\n b = dense(x, 20, w: int8 from random(2)) -> int8\n"
       " j = concat([a, b])\n y = dense(j, 64, w: int8 from random(3)) -> int8"},
      {"normalization softmax", "y = softmax(h)",
       "h = dense(x, 16, w: int8 from random(1)) -> int8\n y = softmax(h) -> ufixed<8, 0, RND_CONV, SAT>", "int8[4, 16]"},
      {"normalization layernorm", "y = layernorm(h, gamma, beta)",
       "h = dense(x, 16, w: int8 from random(1)) -> int8\n"
       " y = layernorm(h, gamma: fixed<16, 4> from random(2), beta: fixed<16, 4> from random(3)) -> int8",
       "int8[4, 16]"},
      {"normalization reduce (token mean)", "y = reduce_mean(h, axes: [1])",
       "h = dense(x, 16, w: int8 from random(1)) -> int8\n y = reduce_mean(h, axes: [1]) -> int8", "int8[4, 16]"},
  };

  std::string md =
      "\n## F1: one layer of each op family\n\n"
      "Each row is a small model (`input x : int8[64]`, or the input shown; batch 8, "
      "VEK280) built as `aiemc build` does; the measured "
      "op's kernel cycles (one call, pointwise.hpp / dense.hpp) and its layer's share of the latency (x DMA + route "
      "+ kernel + y DMA), or for a view the memory-tile transfer it adds (a slice adds none: it is read in place).\n\n"
      "| family | op | tiles of the op | kernel cycles | op latency (ns) | model latency (ns) | model interval (ns) |\n"
      "|---|---|---|---|---|---|---|\n";
  for (const auto& fc : cases) {
    const std::string text = fmt::format("model f {{ batch 8 input x : {}\n {}\n output y }}", fc.input, fc.body);
    auto parsed = aiem::parse(text, "family.aiem");
    if (!parsed.ok()) throw std::runtime_error(parsed.rendered);
    aiem::Diagnostics diags;
    auto design = plan_and_place(aiem::impl_of(*parsed.model).graph, d.name, {}, {}, diags);
    if (!design) throw std::runtime_error("family model does not plan");
    const auto t = predict(design->plan, c);
    const double ns = 1e3 / t.aie_clock_mhz;
    std::string tiles = "0", cycles = "-";
    double op_ns = 0;
    const std::string name = std::string(fc.op).substr(0, 1);
    if (name == "c") {  // the view: one memtile-to-memtile transfer
      const auto& v = design->plan.views.at(0);
      op_ns = dma_transfer_cycles(v.rows * v.cols * v.elem.bytes(), c) * ns;
    } else if (name != "s") {
      for (std::size_t i = 0; i < design->plan.layers.size(); ++i)
        if (design->plan.layers[i].name == name) {
          const auto& lt = t.layers[i];
          tiles = std::to_string(lt.tiles);
          cycles = fmt::format("{:.0f}", lt.kernel.cycles);
          op_ns = lt.latency_cycles * ns;
        }
    }
    const std::string input = std::string(fc.input) == "int8[64]" ? "" : fmt::format(" (x: `{}`)", fc.input);
    md += fmt::format("| {} | `{}`{} | {} | {} | {:.1f} | {:.1f} | {:.1f} |\n", fc.family, fc.op, input, tiles, cycles, op_ns,
                      t.latency_ns, t.interval_ns);
  }
  return md;
}

// One table row per example (examples/NAME/NAME.aiem) as `aiemc build` designs it: its layers,
// tiles, memory tiles, latency, interval and its slowest kernel.
std::string example_rows(const std::vector<const char*>& names, const Device& d, const PerfConstants& c) {
  std::string md;
  for (const char* name : names) {
    const std::string file = fmt::format("examples/{}/{}.aiem", name, name);
    auto parsed = aiem::parse_file(std::filesystem::path(AIEM_SOURCE_DIR) / file);
    if (!parsed.ok()) throw std::runtime_error(parsed.rendered);
    aiem::Diagnostics diags;
    auto design = plan_and_place(aiem::impl_of(*parsed.model).graph, d.name, {}, {}, diags);
    if (!design) throw std::runtime_error(file + " does not plan");
    const auto t = predict(design->plan, c);
    std::size_t slowest = 0;
    for (std::size_t i = 0; i < t.layers.size(); ++i)
      if (t.layers[i].kernel.cycles > t.layers[slowest].kernel.cycles) slowest = i;
    const auto& sl = design->plan.layers[slowest];
    md += fmt::format("| `{}` | {} | {} | {} | {:.1f} | {:.1f} | {} ({}) | {:.0f} |\n", file, design->plan.layers.size(),
                      design->plan.total_tiles(), t.memtiles, t.latency_ns, t.interval_ns, sl.name,
                      sl.pw.label.empty() ? "dense" : sl.pw.label, t.layers[slowest].kernel.cycles);
  }
  return md;
}

// The examples that use the normalization family and matmul, as `aiemc build` designs them.
std::string taggers_section(const Device& d, const PerfConstants& c) {
  std::string md =
      "\n## T1: transformer and MLP-Mixer jet taggers (examples/, imported from PyTorch)\n\n"
      "Batch 8 on VEK280, as `aiemc build` designs them. The row kernels (layernorm, softmax, the reduction, "
      "matmul; rows.hpp) are scalar and dominate: their estimated cycles are in docs/performance.md (\"Row "
      "kernels\", expected error ±50%).\n\n"
      "| model | layers | tiles | memtiles | latency (ns) | interval (ns) | slowest layer | its kernel cycles |\n"
      "|---|---|---|---|---|---|---|---|\n";
  md += example_rows({"mixer_tagger", "transformer_tagger"}, d, c);
  return md;
}

// The conv examples as `aiemc build` designs them, and one 3x3 int8 conv layer at aie4ml's published
// single-kernel shapes (batch 1): on one tile (@tiles(cascade: 1, parallel: 1), aie4ml's setting)
// and as the automatic split builds it, with how far from the MAC array's peak each is.
std::string conv_section(const Device& d, const PerfConstants& c) {
  std::string md =
      "\n## C1: convolutional models and a conv layer against aie4ml's published kernel\n\n"
      "Batch 8 on VEK280, as `aiemc build` designs them (examples/, imported from PyTorch). A conv of W stride 1 is "
      "the dense kernel reading the zero-padded image in place (a direct convolution), others an im2col re-layout "
      "kernel feeding a dense layer, whichever the model finds faster (docs/backend.md, \"Window layers\"); convs, "
      "im2col kernels and pools split their output positions over bands of samples or rows, each band a layer "
      "(backend.md, \"Bands\"; the slowest layer is then one band); maxpool "
      "moves a pixel's channels as 128-bit vectors (8-byte pixels in pairs); the window and re-layout kernels left (maxpool, an im2col of "
      "stride 2, the flatten) dominate (docs/performance.md, expected error ±50%). ONNX's channels-first input is "
      "transposed at the graph edge, its flatten folded into the head's weights (docs/backend.md). The 16x16 "
      "classifier's batch runs as graph iterations of fewer samples: at 8 samples its buffers find no memory tile "
      "with DMA channels and memory left (backend.md, \"Batches as graph iterations\").\n\n"
      "| model | layers | tiles | memtiles | latency (ns) | interval (ns) | slowest layer | its kernel cycles |\n"
      "|---|---|---|---|---|---|---|---|\n";
  md += example_rows({"conv1d_tagger", "conv2d_classifier"}, d, c);
  md += "\naie4ml 0.2's published single-tile 3x3 int8 conv kernel (AIE-ML, bit-exact): 761 cycles for an 8x8 image "
        "of 8 -> 8 channels, 1,725 cycles (67% of peak) for 16x16 of 8 -> 16. The same layers (padding 1, batch 1) as "
        "aiemc builds them, on one tile (`@tiles(cascade: 1, parallel: 1)`) and with the automatic split; peak = the "
        "layer's MACs / 256 int8 MACs per cycle of one tile; MAC use = peak cycles / (kernel cycles x tiles):\n\n"
        "| layer | MACs | peak cycles (1 tile) | aie4ml (published, 1 tile) | aiemc form | aiemc 1 tile: cycles | "
        "MAC use | aiemc automatic: split | kernel cycles | MAC use per tile |\n"
        "|---|---|---|---|---|---|---|---|---|---|\n";
  struct Shape {
    int hw, cin, cout, published;
  };
  struct Built {
    std::string form, split;
    double cycles = 0;  // the slowest kernel's (a two-layer form: both kernels'; bands: the slowest band's)
    double band_cycles = 0;
    int tiles = 0;
  };
  auto build = [&](const Shape& sh, const std::string& schedule) {
    const std::string text =
        fmt::format("model k {{ batch 1 input x : int8[{0}, {0}, {1}]\n y = conv2d(x, {2}, kernel: 3, padding: 1, "
                    "w: int8 from random(1)) -> int8 {3}\n output y }}",
                    sh.hw, sh.cin, sh.cout, schedule);
    auto parsed = aiem::parse(text, "conv.aiem");
    if (!parsed.ok()) throw std::runtime_error(parsed.rendered);
    aiem::Diagnostics diags;
    auto design = plan_and_place(aiem::impl_of(*parsed.model).graph, d.name, {}, {}, diags);
    if (!design) throw std::runtime_error("conv layer does not plan");
    const auto t = predict(design->plan, c);
    Built b;
    // The bands of one layer (a row join's parts) run side by side: the slowest band's cycles count.
    std::vector<int> join_of(design->plan.layers.size(), -1);
    for (std::size_t v = 0; v < design->plan.views.size(); ++v)
      if (design->plan.views[v].row_join)
        for (const auto& part : design->plan.views[v].parts) join_of[std::size_t(part.source.layer)] = int(v);
    for (std::size_t i = 0; i < design->plan.layers.size(); ++i) {
      const auto& l = design->plan.layers[i];
      const bool next_band = i > 0 && join_of[i] >= 0 && join_of[i] == join_of[i - 1];
      b.tiles += t.layers[i].tiles;
      if (next_band) {
        b.band_cycles = std::max(b.band_cycles, t.layers[i].kernel.cycles);
        continue;
      }
      b.cycles += b.band_cycles;
      b.band_cycles = t.layers[i].kernel.cycles;
      const std::size_t bands = join_of[i] < 0 ? 1 : design->plan.views[std::size_t(join_of[i])].parts.size();
      b.split += fmt::format("{}{}{} {}x{}", b.split.empty() ? "" : " + ", bands > 1 ? fmt::format("{} bands x ", bands) : "",
                             l.pw.label == "im2col" ? "im2col" : "dense", l.PK, l.PN);
      if (l.is_dense()) b.form = l.conv.on() ? "direct" : "im2col + dense";
    }
    b.cycles += b.band_cycles;
    return b;
  };
  for (const Shape sh : {Shape{8, 8, 8, 761}, Shape{16, 8, 16, 1725}}) {
    const Built one = build(sh, "@tiles(cascade: 1, parallel: 1)"), autos = build(sh, "");
    const double macs = double(sh.hw) * sh.hw * 9 * sh.cin * sh.cout, peak = macs / 256;
    md += fmt::format("| {0}x{0}, {1} -> {2} | {3:.0f} | {4:.0f} | {5} | {6} | {7:.0f} | {8:.1f}% | {9} ({10} tiles) | "
                      "{11:.0f} | {12:.1f}% |\n",
                      sh.hw, sh.cin, sh.cout, macs, peak, sh.published, one.form, one.cycles, 100 * peak / one.cycles,
                      autos.split, autos.tiles, autos.cycles, 100 * peak / (autos.cycles * autos.tiles));
  }
  md += "\nThe direct form's A blocks are 4 pixels of 8 channels read in place (unaligned loads); its K is the 9 taps "
        "x 8 channels with no padding. aie4ml's 67% is its 16x16 kernel on one tile; aiemc's one-tile figures are the "
        "same setting. The automatic split spreads the layer over more tiles for latency (cascade stages, chains, bands "
        "of output rows), which lowers the MAC use per tile; its kernel cycles are a band's.\n";
  return md;
}

std::string grid_text(const std::vector<std::pair<int, int>>& g) {
  std::string s;
  for (auto [pk, pn] : g) s += (s.empty() ? "" : "·") + fmt::format("{}×{}", pk, pn);
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  std::string out_path = argc > 1 ? argv[1] : std::string(AIEM_SOURCE_DIR) + "/bench/results.md";
  std::string command = relative(argv[0]);
  for (int i = 1; i < argc; ++i) command += std::string(" ") + relative(argv[i]);

  const Device vek280 = load_device("vek280"), vek385 = load_device("vek385");
  const PerfConstants c = PerfConstants::for_device(vek280);
  std::ostringstream md;
  md << "# Performance-model benchmark results\n\n"
     << "Produced by `" << command << "` (target `aiem_bench_perf`, `scripts/bench.sh`). All figures are "
     << "predictions of `backends/aie/perf` (docs/performance.md) on VEK280 (AIE-ML, 1.25 GHz, 128-bit PLIO at "
     << "312.5 MHz) unless noted; batch 8, int8 × int8, microtile 4×8×8, 2×2 register blocking.\n\n";

  // ---- K1 / K2 ----------------------------------------------------------------------------
  md << "## K1, K2: one kernel on one tile\n\n"
     << "Every cycle of the prediction: the call, the fill (the first loads' latency), G groups at the busiest "
     << "slot of one group's bundles (MAC unit / load ports / shift-round unit / store port), and the drain "
     << "(the last group's MAC and SRS latency and stores); docs/performance.md, \"Kernel\".\n\n"
     << "| workload | device | ideal cycles | predicted cycles | efficiency | groups × k steps | II | "
        "pipelined loop | per group: MAC / load / shift / store | call + fill + G × group + drain |\n"
        "|---|---|---|---|---|---|---|---|---|---|\n";
  struct Shape { const char* id; std::int64_t K, N; };
  const std::vector<Shape> shapes = {{"K1", 128, 128}, {"K2", 64, 256}, {"K2", 256, 64}, {"K2", 64, 64}, {"K2", 32, 32}};
  double k1_cycles = 0;
  const auto kernel_row = [&](const std::string& workload, const char* device, const KernelCost& k) {
    const auto& u = k.slots;
    const std::string slots = k.pipelined_groups ? fmt::format("{:.0f} / {:.0f} / {:.0f} / {:.0f}", u.mac, u.load, u.shift, u.store)
                                                 : std::string("–");
    const std::string sum =
        k.pipelined_groups
            ? fmt::format("{} + {} + {} × {:.0f} + {}", c.kernel_call_cycles, k.fill_cycles, k.groups,
                          k.group_cycles, k.drain_cycles)
            : fmt::format("{} + {} × ({} + {} × {} + {})", c.kernel_call_cycles, k.groups, k.fill_cycles,
                          k.k_steps, k.ii, k.drain_cycles);
    md << fmt::format("| {} | {} | {:.0f} | {:.0f} | {:.1f}% | {} × {} | {} | {} | {} | {} |\n", workload, device,
                      k.ideal_cycles, k.cycles, 100 * k.efficiency(), k.groups, k.k_steps, k.ii,
                      k.pipelined_groups ? "groups" : "k per group", slots, sum);
  };
  for (const auto& s : shapes) {
    const auto k = dense_kernel_cost(single_layer(vek280, s.K, s.N), vek280, c);
    if (std::string(s.id) == "K1") k1_cycles = k.cycles;
    kernel_row(fmt::format("{} {}×{}", s.id, s.K, s.N), "VEK280", k);
  }
  for (const auto& s : shapes) {
    const auto k = dense_kernel_cost(single_layer(vek385, s.K, s.N, {8, 8, 8}, 1), vek385, PerfConstants::for_device(vek385));
    kernel_row(fmt::format("{} {}×{} (8×8×8, 1×2 blocking)", s.id, s.K, s.N), "VEK385", k);
  }
  {
    ChainSpec s;
    s.batch = 8;
    s.aie4ml_kernel = true;
    s.layers = {{"k1", 128, 128, 1, 1}};
    const Plan p = build_dense_plan(s, vek280);
    kernel_row("K1 128×128, aie4ml's kernel (the published runs')", "VEK280", dense_kernel_cost(p.layers.front(), vek280, c));
  }
  md << "\nAIE-MLv2's ideal is half AIE-ML's (512 MACs per cycle), so the 30-cycle call alone is 12% of K1 there.\n";

  // ---- L1 ---------------------------------------------------------------------------------
  md << "\n## L1: one layer over a PK × PN grid, 128×128 per tile\n\n"
     << "K = 128·PK, N = 128·PN, one input PLIO per K slice. Efficiency = K1 cycles / steady-state interval "
     << "(per-tile throughput relative to the single kernel; the paper reports 98.6% at 296 of 304 tiles).\n\n"
     << "| PK × PN | tiles | latency (ns) | interval (cycles) | bottleneck | efficiency vs K1 | MAC utilisation |\n"
     << "|---|---|---|---|---|---|---|\n";
  const std::vector<std::pair<int, int>> grids = {{1, 1}, {2, 1}, {1, 2}, {2, 2}, {4, 2}, {4, 4}, {8, 4},
                                                  {8, 8}, {16, 8}, {32, 8}, {37, 8}, {38, 8}};
  for (auto [pk, pn] : grids) {
    ChainSpec s;
    s.batch = 8;
    s.plios = PlioLayout::per_slice;
    s.layers = {{"l1", 128LL * pk, 128LL * pn, pk, pn}};
    const auto t = predict(build_dense_plan(s, vek280), c);
    md << fmt::format("| {}×{} | {} | {:.0f} | {:.0f} | {} | {:.1f}% | {:.1f}% |\n", pk, pn, pk * pn, t.latency_ns,
                      t.interval_cycles, t.bottleneck, 100 * k1_cycles / t.interval_cycles, 100 * t.mac_utilisation);
  }
  md << "\n### L1 as `aiemc build` makes it\n\n"
     << "The same layers as `.aiem` models (`dense(x, 128·PN, w: int8 from random(1)) -> int8 @tiles(cascade: PK, "
        "parallel: PN)`), planned and placed by the compiler: its own PLIOs (one input PLIO per K slice, as many "
        "output PLIO slices as the interval needs), memory tiles, placement and the dense.hpp kernel. The paper "
        "reports 98.6% at 296 of 304 tiles.\n\n"
     << "| PK × PN | tiles | output PLIOs | latency (ns) | interval (cycles) | bottleneck | efficiency vs K1 | MAC utilisation |\n"
     << "|---|---|---|---|---|---|---|---|\n";
  for (auto [pk, pn] : grids) {
    const std::string text = fmt::format(
        "model l1_{}x{} {{ batch 8\n  input x : int8[{}]\n  y = dense(x, {}, w: int8 from random(1)) -> int8 "
        "@tiles(cascade: {}, parallel: {})\n  output y }}\n",
        pk, pn, 128 * pk, 128 * pn, pk, pn);
    auto parsed = aiem::parse(text, fmt::format("l1_{}x{}.aiem", pk, pn));
    if (!parsed.ok()) throw std::runtime_error(parsed.rendered);
    aiem::Diagnostics diags;
    auto design = plan_and_place(aiem::impl_of(*parsed.model).graph, vek280.name, {}, {}, diags);
    if (!design) throw std::runtime_error(fmt::format("L1 {}x{} does not plan:\n{}", pk, pn,
                                                      aiem::render(diags, *aiem::impl_of(*parsed.model).sources)));
    const auto t = predict(design->plan, c);
    int outs = 0;
    for (const auto& io : design->plan.plios) outs += !io.is_input;
    md << fmt::format("| {}×{} | {} | {} | {:.0f} | {:.0f} | {} | {:.1f}% | {:.1f}% |\n", pk, pn, pk * pn, outs,
                      t.latency_ns, t.interval_cycles, t.bottleneck, 100 * k1_cycles / t.interval_cycles,
                      100 * t.mac_utilisation);
  }

  // ---- M1-M6 ------------------------------------------------------------------------------
  md << "\n## M1–M6: published configurations, predicted vs published first-input → first-output latency\n\n"
     << "Published: KastnerRG/aie4ml experiments/runs/models/models.csv (aiesim, ADF event API PLIO_ifm_0 → PLIO_ofm_0, "
     << "one batch of 8). Set: fit = used to fit the three [fit] constants, held out = validation only.\n\n"
     << "| model | PK×PN per layer | tiles | published (ns) | predicted (ns) | error | interval (ns) | GOP/s | set | row |\n"
     << "|---|---|---|---|---|---|---|---|---|---|\n";
  double worst_fit = 0, worst_held = 0;
  const auto t0 = std::chrono::steady_clock::now();
  int predictions = 0;
  for (const auto& r : published_runs()) {
    const auto t = predict(build_dense_plan(chain_spec(r), vek280), c);
    ++predictions;
    const double e = (t.latency_ns - r.latency_ns) / r.latency_ns;
    (r.fit_set() ? worst_fit : worst_held) = std::max(r.fit_set() ? worst_fit : worst_held, std::fabs(e));
    md << fmt::format("| {} | {} | {} | {:.1f} | {:.1f} | {:+.1f}% | {:.1f} | {:.0f} | {} | {} |\n", r.model, grid_text(r.grid),
                      r.tiles(), r.latency_ns, t.latency_ns, 100 * e, t.interval_ns, t.gops, r.fit_set() ? "fit" : "held out",
                      r.best ? "published best" : r.fewest_tiles ? "fewest tiles" : "");
  }
  const double us_per_prediction =
      std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count() / predictions;
  md << fmt::format("\nWorst |error|: fitted runs {:.1f}%, held-out runs {:.1f}%. One prediction (plan build + model) "
                    "takes {:.1f} µs on the build machine.\n",
                    100 * worst_fit, 100 * worst_held, us_per_prediction);

  md << families_section(vek280, c);
  md << taggers_section(vek280, c);
  md << conv_section(vek280, c);

  // ---- refit ------------------------------------------------------------------------------
  const auto f = fit_transport(fit_runs(), vek280, c);
  md << "\n## The [fit] constants, refitted on M1–M3 only\n\n| constant | refit | in constants.hpp |\n|---|---|---|\n"
     << fmt::format("| io_fixed_cycles | {:.2f} | {:.1f} |\n", f.io_fixed_cycles, c.io_fixed_cycles)
     << fmt::format("| dma_transfer_cycles | {:.2f} | {:.1f} |\n", f.dma_transfer_cycles, c.dma_transfer_cycles)
     << fmt::format("| row_hop_cycles | {:.2f} | {:.1f} |\n", f.row_hop_cycles, c.row_hop_cycles)
     << fmt::format("\n{} runs; worst |error| over them {:.1f}%.\n", f.runs, 100 * f.max_abs_rel_error);

  std::cout << md.str();
  std::ofstream out(out_path);
  if (!out) {
    std::cerr << "aiem_bench_perf: cannot write " << out_path << "\n";
    return 1;
  }
  out << md.str();
  std::cerr << "wrote " << out_path << "\n";
  return 0;
}
