#pragma once
// An imported ONNX fixture through the whole path: import and lowering, the AIE project with the
// fixture's input codes, and its host emulation, which must match the project's golden files (the
// reference interpreter's outputs). Returns the golden codes of the model's output (the real
// columns of each row). Shared by the import tests.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fmt/format.h>
#include <random>
#include <sstream>

#include "backends/aie/build.hpp"
#include "backends/emulate/emulate_project.hpp"
#include "dsl/import/onnx/onnx_import.hpp"
#include "ir/passes/passes.hpp"
#include "ir/tensor_io/npy.hpp"

namespace import_test {

// How far output codes are from ONNX Runtime's: how many are equal, and the largest difference.
struct Agreement {
  std::size_t values = 0, equal = 0;
  std::int64_t max_difference = 0;
};

// The contract against a float oracle: at least `at_least` of the codes equal, none off by more than 1 LSB.
inline void check_contract(const std::string& name, const Agreement& a, double at_least) {
  INFO(fmt::format("{}: {} of {} output codes equal to the oracle's, the largest difference {} LSB", name, a.equal, a.values,
                   a.max_difference));
  CHECK(double(a.equal) >= at_least * double(a.values));
  CHECK(a.max_difference <= 1);
}

inline Agreement agreement(const std::vector<std::int64_t>& got, const std::vector<std::int64_t>& expected) {
  REQUIRE(got.size() == expected.size());
  Agreement a;
  a.values = got.size();
  for (std::size_t i = 0; i < got.size(); ++i) {
    const std::int64_t d = std::abs(got[i] - expected[i]);
    a.equal += d == 0;
    a.max_difference = std::max(a.max_difference, d);
  }
  return a;
}

// With `batch` > 0, the first `batch` samples only (a model whose layers at the fixture's batch
// would not fit the array).
// `iterations`, when given, receives the graph iterations a batch takes (Plan::iterations).
inline std::vector<std::int64_t> build_and_emulate_fixture(const std::filesystem::path& dir, const std::string& name,
                                                           std::int64_t batch = 0, std::int64_t* iterations = nullptr,
                                                           bool softmax_reciprocal = false) {
  namespace fs = std::filesystem;
  auto codes = aiem::io::read_npy(dir / "input_codes.npy");
  if (batch > 0 && batch < codes.shape.at(0)) {
    codes.ints.resize(codes.ints.size() / std::size_t(codes.shape[0]) * std::size_t(batch));
    codes.shape[0] = batch;
  }
  aiem::onnx_import::ImportOptions opt;
  opt.batch = codes.shape.at(0);
  opt.model_name = name;
  opt.softmax_reciprocal = softmax_reciprocal;
  aiem::Diagnostics d;
  auto g = aiem::ir::lower(aiem::onnx_import::import_onnx(dir / "model.onnx", opt).graph, d);
  REQUIRE_FALSE(d.has_errors());

  aiem::aie::BuildOptions bo;
  bo.input_codes[g.value(g.inputs.at(0)).name] = codes.ints;
  auto r = aiem::aie::build_project(g, bo, d);
  std::string errors;
  for (const auto& e : d.all()) errors += e.message + "\n";
  INFO(errors);
  REQUIRE(r);
  if (iterations) *iterations = r->plan.iterations();
  const auto& out = r->plan.plios.back();
  // The stream carries rows padded to whole 32-bit words; the real columns are the first `cols`.
  std::vector<std::int64_t> golden;
  {
    std::istringstream in(r->project.files.at(out.golden));
    std::int64_t i = 0;
    for (std::int64_t v; in >> v; ++i)
      if (i % out.stream_cols < out.cols) golden.push_back(v);
  }
  fs::path tmp = fs::temp_directory_path() / fmt::format("aiem-import-aie-{}-{}", name, std::random_device{}());
  aiem::aie::write_project(tmp, r->project);
  aiem::emulation::EmulateOptions eo;
  eo.jobs = 1;
  auto rep = aiem::emulation::emulate_project(tmp, eo);
  for (const auto& o : rep.outputs) {
    INFO(fmt::format("{}: {} values, {} expected, {} differ", o.output.plio, o.values, o.golden_values, o.mismatches));
    CHECK(o.matches());
  }
  fs::remove_all(tmp);
  return golden;
}

}  // namespace import_test
