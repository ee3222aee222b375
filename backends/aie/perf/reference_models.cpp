#include "backends/aie/perf/reference_models.hpp"

#include <stdexcept>

namespace aiem::aie::perf {

int PublishedRun::tiles() const {
  int n = 0;
  for (auto [pk, pn] : grid) n += pk * pn;
  return n;
}

const std::vector<ReferenceModel>& reference_models() {
  // Layer sizes as the source ran them (benchmarks.md; M1's 5 outputs padded to 8 by the source).
  static const std::vector<ReferenceModel> models = {
      {"M1", "jet tagger", {{16, 64}, {64, 32}, {32, 32}, {32, 8}}},
      {"M2", "tau-tau event selection", {{160, 64}, {64, 64}, {64, 64}, {64, 8}}},
      {"M3", "VAE (LHC anomaly), medium", {{64, 64}, {64, 32}, {32, 8}, {8, 32}, {32, 64}, {64, 64}}},
      {"M4", "VAE (LHC anomaly), large", {{64, 128}, {128, 64}, {64, 12}, {12, 64}, {64, 128}, {128, 64}}},
      {"M5", "multi-qubit readout", {{256, 128}, {128, 128}, {128, 128}, {128, 128}, {128, 8}}},
      {"M6", "deep autoencoder",
       {{128, 128}, {128, 128}, {128, 128}, {128, 128}, {128, 8}, {8, 128}, {128, 128}, {128, 128}, {128, 128}}},
  };
  return models;
}

const ReferenceModel& reference_model(const std::string& id) {
  for (const auto& m : reference_models())
    if (m.id == id) return m;
  throw std::invalid_argument("perf: no reference model '" + id + "'");
}

const std::vector<PublishedRun>& published_runs() {
  // {model, per-layer (PK, PN), latency ns, best published, fewest tiles published}. The rows the
  // source marks as failed (output mismatch from its K-padding bug, or build errors) are left out.
  static const std::vector<PublishedRun> runs = {
      {"M1", {{1, 4}, {4, 2}, {2, 2}, {2, 1}}, 727.2, true, false},
      {"M1", {{1, 2}, {4, 1}, {2, 1}, {1, 1}}, 832.0, false, false},
      {"M1", {{1, 2}, {4, 1}, {1, 2}, {1, 1}}, 821.6, false, false},
      {"M1", {{1, 2}, {2, 2}, {2, 1}, {1, 1}}, 804.8, false, false},
      {"M1", {{1, 2}, {2, 2}, {1, 2}, {1, 1}}, 811.2, false, false},
      {"M1", {{1, 1}, {1, 2}, {1, 1}, {1, 1}}, 960.0, false, true},
      {"M1", {{1, 1}, {2, 1}, {1, 1}, {1, 1}}, 993.6, false, false},
      {"M1", {{1, 2}, {4, 1}, {2, 1}, {2, 1}}, 803.2, false, false},
      {"M1", {{1, 2}, {4, 2}, {2, 1}, {1, 1}}, 805.6, false, false},
      {"M1", {{1, 2}, {4, 1}, {2, 2}, {1, 1}}, 788.0, false, false},
      {"M1", {{1, 2}, {4, 2}, {2, 1}, {2, 1}}, 762.4, false, false},
      {"M1", {{1, 2}, {4, 1}, {2, 2}, {2, 1}}, 761.6, false, false},
      {"M3", {{4, 4}, {4, 2}, {2, 1}, {1, 2}, {2, 4}, {4, 4}}, 1151.2, true, false},
      {"M3", {{4, 2}, {4, 1}, {1, 1}, {1, 1}, {2, 2}, {4, 2}}, 1302.4, false, false},
      {"M3", {{4, 2}, {4, 1}, {1, 1}, {1, 1}, {1, 4}, {4, 2}}, 1290.4, false, false},
      {"M3", {{4, 2}, {2, 2}, {1, 1}, {1, 1}, {2, 2}, {4, 2}}, 1280.8, false, false},
      {"M3", {{4, 2}, {4, 1}, {1, 1}, {1, 1}, {1, 4}, {2, 4}}, 1292.0, false, false},
      {"M3", {{4, 2}, {2, 2}, {1, 1}, {1, 1}, {2, 2}, {2, 4}}, 1276.0, false, false},
      {"M3", {{4, 2}, {2, 2}, {1, 1}, {1, 1}, {1, 4}, {2, 4}}, 1281.6, false, false},
      {"M3", {{2, 4}, {2, 2}, {1, 1}, {1, 1}, {2, 2}, {2, 4}}, 1263.2, false, true},
      {"M3", {{2, 4}, {2, 2}, {1, 1}, {1, 1}, {1, 4}, {2, 4}}, 1286.4, false, false},
      {"M3", {{4, 2}, {4, 1}, {2, 1}, {1, 1}, {2, 2}, {4, 2}}, 1278.4, false, false},
      {"M3", {{4, 2}, {4, 2}, {1, 1}, {1, 1}, {2, 2}, {4, 2}}, 1254.4, false, false},
      {"M3", {{4, 2}, {4, 1}, {1, 1}, {1, 1}, {2, 2}, {4, 4}}, 1286.4, false, false},
      {"M2", {{5, 4}, {4, 2}, {4, 2}, {2, 1}}, 1004.8, false, false},
      {"M2", {{5, 4}, {4, 2}, {2, 4}, {2, 1}}, 1001.6, false, false},
      {"M2", {{5, 4}, {2, 4}, {2, 4}, {2, 1}}, 992.8, true, false},
      {"M2", {{5, 4}, {4, 2}, {4, 2}, {4, 1}}, 1000.8, false, false},
      {"M2", {{5, 2}, {2, 2}, {1, 4}, {1, 1}}, 1224.0, false, true},
      {"M2", {{5, 2}, {1, 4}, {1, 4}, {1, 1}}, 1243.2, false, false},
      {"M2", {{5, 2}, {4, 1}, {4, 1}, {1, 1}}, 1276.0, false, false},
      {"M4", {{4, 4}, {8, 2}, {2, 1}, {1, 2}, {2, 8}, {8, 2}}, 1522.4, false, false},
      {"M4", {{4, 4}, {8, 2}, {2, 1}, {1, 2}, {4, 4}, {4, 4}}, 1500.8, false, false},
      {"M4", {{4, 4}, {8, 2}, {2, 1}, {1, 2}, {2, 8}, {4, 4}}, 1545.6, false, false},
      {"M4", {{4, 4}, {4, 4}, {2, 1}, {1, 2}, {4, 4}, {4, 4}}, 1471.2, false, true},
      {"M4", {{4, 4}, {4, 4}, {2, 1}, {1, 2}, {2, 8}, {4, 4}}, 1500.8, false, false},
      {"M4", {{2, 8}, {4, 4}, {2, 1}, {1, 2}, {2, 8}, {4, 4}}, 1545.6, false, false},
      {"M4", {{4, 4}, {8, 2}, {4, 1}, {1, 2}, {4, 4}, {4, 4}}, 1500.8, false, false},
      {"M4", {{4, 4}, {8, 2}, {2, 1}, {1, 2}, {2, 8}, {8, 4}}, 1540.0, false, false},
      {"M4", {{4, 4}, {4, 4}, {4, 1}, {1, 2}, {4, 4}, {8, 4}}, 1467.2, false, false},
      {"M4", {{4, 4}, {8, 2}, {4, 1}, {1, 4}, {4, 4}, {4, 4}}, 1456.8, false, false},
      {"M4", {{2, 8}, {8, 2}, {2, 1}, {1, 2}, {4, 8}, {8, 4}}, 1559.2, false, false},
      {"M4", {{4, 4}, {4, 4}, {4, 1}, {1, 4}, {4, 4}, {8, 4}}, 1450.4, true, false},
      {"M5", {{8, 8}, {4, 8}, {4, 8}, {4, 8}, {4, 1}}, 1699.2, true, false},
      {"M5", {{8, 4}, {8, 2}, {4, 4}, {4, 4}, {2, 1}}, 1847.2, false, false},
      {"M5", {{8, 4}, {4, 4}, {4, 4}, {4, 4}, {2, 1}}, 1792.0, false, true},
      {"M5", {{8, 4}, {4, 4}, {4, 4}, {2, 8}, {2, 1}}, 1798.4, false, false},
      {"M5", {{8, 4}, {4, 4}, {2, 8}, {2, 8}, {2, 1}}, 1830.4, false, false},
      {"M5", {{8, 4}, {2, 8}, {2, 8}, {2, 8}, {2, 1}}, 1843.2, false, false},
      {"M5", {{4, 8}, {4, 4}, {2, 8}, {2, 8}, {2, 1}}, 1849.6, false, false},
      {"M5", {{4, 8}, {2, 8}, {2, 8}, {2, 8}, {2, 1}}, 1848.0, false, false},
      {"M5", {{8, 4}, {4, 4}, {4, 4}, {8, 3}, {2, 1}}, 1803.2, false, false},
      {"M5", {{8, 4}, {4, 4}, {4, 4}, {8, 4}, {2, 1}}, 1772.0, false, false},
      {"M5", {{8, 8}, {8, 2}, {4, 4}, {4, 4}, {2, 1}}, 1819.2, false, false},
      {"M5", {{8, 4}, {8, 2}, {4, 4}, {2, 8}, {4, 1}}, 1808.0, false, false},
      {"M6", {{4, 4}, {4, 4}, {2, 8}, {2, 8}, {2, 1}, {1, 2}, {2, 8}, {2, 8}, {2, 8}}, 3024.0, false, false},
      {"M6", {{4, 4}, {2, 8}, {2, 8}, {2, 8}, {2, 1}, {1, 2}, {2, 8}, {2, 8}, {2, 8}}, 3052.8, false, false},
      {"M6", {{2, 8}, {2, 8}, {2, 8}, {2, 8}, {2, 1}, {1, 2}, {2, 8}, {2, 8}, {2, 8}}, 3110.4, false, false},
      {"M6", {{4, 4}, {4, 4}, {2, 8}, {2, 8}, {2, 1}, {1, 3}, {2, 8}, {2, 8}, {2, 8}}, 2979.2, true, false},
      {"M6", {{4, 4}, {2, 8}, {4, 4}, {2, 8}, {2, 1}, {1, 2}, {2, 8}, {2, 8}, {2, 8}}, 3004.8, false, true},
      {"M6", {{2, 8}, {4, 4}, {4, 4}, {2, 8}, {2, 1}, {1, 2}, {2, 8}, {2, 8}, {2, 8}}, 3059.2, false, false},
  };
  return runs;
}

ChainSpec chain_spec(const PublishedRun& run) {
  const ReferenceModel& m = reference_model(run.model);
  if (m.layers.size() != run.grid.size())
    throw std::invalid_argument("perf: run of " + run.model + " has a grid for " + std::to_string(run.grid.size()) +
                                " layers, the model has " + std::to_string(m.layers.size()));
  ChainSpec s;
  s.model = run.model;
  s.batch = 8;
  s.plios = PlioLayout::per_slice;
  s.aie4ml_kernel = true;  // the runs were measured with aie4ml's kernels
  for (std::size_t i = 0; i < m.layers.size(); ++i) {
    DenseLayerSpec l;
    l.K = m.layers[i].first;
    l.N = m.layers[i].second;
    l.PK = run.grid[i].first;
    l.PN = run.grid[i].second;
    s.layers.push_back(l);
  }
  return s;
}

}  // namespace aiem::aie::perf
