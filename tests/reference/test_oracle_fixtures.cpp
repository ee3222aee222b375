// The reference interpreter against the independent numpy oracle: every committed fixture under
// tests/fixtures/oracle/ and every example model must match bit for bit.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <nlohmann/json.hpp>

#include "aiem/aiem.hpp"
#include "ir/tensor_io/npy.hpp"

namespace fs = std::filesystem;

namespace {

aiem::Tensor load_input(const fs::path& p) {
  auto a = aiem::io::read_npy(p);
  return a.is_float() ? aiem::Tensor::from_values(a.shape, a.reals) : aiem::Tensor::from_codes(a.shape, a.ints);
}

// Runs model `file` with inputs and checks each output against its expected .npy.
void check_case(const fs::path& model, const std::map<std::string, fs::path>& inputs,
                const std::map<std::string, fs::path>& expected) {
  auto parsed = aiem::parse_file(model);
  INFO(parsed.rendered);
  REQUIRE(parsed.ok());
  std::map<std::string, aiem::Tensor> in;
  for (const auto& [name, path] : inputs) in[name] = load_input(path);
  auto outs = aiem::run(*parsed.model, in);
  REQUIRE(outs.size() == expected.size());
  for (const auto& o : outs) {
    auto e = aiem::io::read_npy(expected.at(o.info.name));
    REQUIRE(e.shape == o.info.shape);
    std::size_t mismatches = 0;
    for (std::size_t i = 0; i < o.codes.size(); ++i) mismatches += o.codes[i] != e.ints[i];
    INFO(fmt::format("{}: output {}", model.string(), o.info.name));
    CHECK(mismatches == 0);
    CHECK(o.codes == e.ints);
  }
}

}  // namespace

TEST_CASE("reference interpreter matches the numpy oracle on every fixture", "[reference][oracle]") {
  fs::path root = fs::path(AIEM_SOURCE_DIR) / "tests/fixtures/oracle";
  std::vector<fs::path> dirs;
  for (const auto& e : fs::directory_iterator(root))
    if (e.is_directory()) dirs.push_back(e.path());
  std::sort(dirs.begin(), dirs.end());
  REQUIRE(dirs.size() >= 12);
  for (const auto& dir : dirs) {
    SECTION(dir.filename().string()) {
      std::ifstream f(dir / "case.json");
      auto j = nlohmann::json::parse(f);
      std::map<std::string, fs::path> inputs, expected;
      for (const auto& [k, v] : j["inputs"].items()) inputs[k] = dir / v.get<std::string>();
      for (const auto& [k, v] : j["expected"].items()) expected[k] = dir / v.get<std::string>();
      check_case(dir / j["model"].get<std::string>(), inputs, expected);
    }
  }
}

TEST_CASE("reference interpreter matches the numpy oracle on the example models", "[reference][oracle]") {
  fs::path ex = fs::path(AIEM_SOURCE_DIR) / "examples";
  check_case(ex / "jet_tagger/jet_tagger.aiem", {{"x", ex / "jet_tagger/input.npy"}},
             {{"fc4", ex / "jet_tagger/expected_fc4.npy"}});
  check_case(ex / "tau_selection/tau_selection.aiem", {{"x", ex / "tau_selection/input.npy"}},
             {{"fc4", ex / "tau_selection/expected_fc4.npy"}});
  check_case(ex / "qubit_readout/qubit_readout.aiem", {{"x", ex / "qubit_readout/input.npy"}},
             {{"fc5", ex / "qubit_readout/expected_fc5.npy"}});
}

TEST_CASE("reference interpreter matches the numpy oracle on the DAG examples (residual adds, fanout, mul, sub, "
          "tanh and sigmoid tables)",
          "[reference][oracle]") {
  fs::path ex = fs::path(AIEM_SOURCE_DIR) / "examples";
  check_case(ex / "residual_mlp/residual_mlp.aiem", {{"x", ex / "residual_mlp/input.npy"}},
             {{"head", ex / "residual_mlp/expected_head.npy"}});
  check_case(ex / "two_branch/two_branch.aiem", {{"x", ex / "two_branch/input.npy"}},
             {{"prob", ex / "two_branch/expected_prob.npy"}});
}
