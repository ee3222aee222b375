#pragma once
// What a model becomes on the array, predicted by aiemc's performance model (docs/performance.md):
// the figures `aiemc report` prints, as structs.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "aiem/diagnostic.hpp"
#include "aiem/model.hpp"

namespace aiem {

struct ArrayOptions;

struct LayerReport {
  std::string name;
  std::string op;                  // "dense", "add", "sigmoid", ...
  std::int64_t K = 0, N = 0;       // a dense layer's reduction and output sizes (else its row sizes)
  int PK = 1, PN = 1, tiles = 1;   // the split: cascade x parallel, and the tiles it takes
  bool from_hint = false;          // split from @tiles rather than chosen automatically
  double kernel_cycles = 0;        // the layer's busiest kernel, one call
  double latency_cycles = 0;       // its part of the first-in -> first-out latency
  double latency_ns = 0;
  double latency_share = 0;        // of the model's latency (0 off the critical path)
  double interval_cycles = 0;      // the slowest of its input transfer, kernels and output transfer
  double mac_utilisation = 0;      // 0..1
  bool critical = true;            // on the latency's critical path
};

struct Report {
  std::string model;
  std::string device;              // the catalog name
  std::int64_t batch = 1;
  std::int64_t iterations = 1;     // graph iterations per batch
  std::int64_t samples_per_iteration = 1;
  double aie_clock_mhz = 0;
  double latency_cycles = 0, latency_ns = 0;    // first input word -> first output word of a batch
  double interval_cycles = 0, interval_ns = 0;  // steady state, per batch
  double inferences_per_s = 0;
  double gops = 0;
  double mac_utilisation = 0;      // 0..1
  std::string bottleneck;          // what sets the interval ("input PLIO", "fc1 kernel", ...)
  int tiles = 0, memtiles = 0;
  std::int64_t macs = 0;           // per batch
  std::vector<LayerReport> layers;
  double placement_cost = 0;
  bool placement_optimal = false;  // the placement search proved its result optimal (no hand-off trade above it)
  std::string placement_map;       // the text map aiemc report prints
  // The renderings aiemc report prints: its table, its --json document, its --html page.
  std::string table, json, html;
};

struct ReportResult : Outcome {
  std::optional<Report> report;  // present when the model plans and places
  bool ok() const { return report.has_value(); }
};

// Plans, places and predicts; nothing is emitted. Errors as for build() (aiem/build.hpp).
ReportResult report(const Model& model, const ArrayOptions& options);
ReportResult report(const Model& model);

}  // namespace aiem
