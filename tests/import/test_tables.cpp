// The importer's lookup tables against ONNX Runtime, exhaustively: for every ONNX activation of
// tests/fixtures/onnx/tables/ (sigmoid, tanh, hardsigmoid, leaky relu, elu, exp, softplus,
// hardswish, relu; power-of-two and arbitrary scales), all 256 int8 input codes give the output
// code ONNX Runtime computes (expected.json, scripts/table_reference.mjs), through import,
// lowering and the reference interpreter.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <nlohmann/json.hpp>

#include "backends/reference/interpreter.hpp"
#include "dsl/import/onnx/onnx_import.hpp"
#include "ir/passes/passes.hpp"

namespace fs = std::filesystem;
namespace oi = aiem::onnx_import;

TEST_CASE("imported activation tables equal ONNX Runtime on every int8 input code", "[import][onnx][tables]") {
  const fs::path dir = fs::path(AIEM_SOURCE_DIR) / "tests/fixtures/onnx/tables";
  nlohmann::json index, expected;
  std::ifstream(dir / "index.json") >> index;
  std::ifstream(dir / "expected.json") >> expected;
  REQUIRE(index.size() >= 12);
  std::size_t compared = 0;
  for (const auto& c : index) {
    const std::string model = c["model"].get<std::string>();
    SECTION(model) {
      oi::ImportOptions opt;
      opt.batch = 1;
      aiem::Diagnostics d;
      auto g = aiem::ir::lower(oi::import_onnx(dir / model, opt).graph, d);
      REQUIRE_FALSE(d.has_errors());
      REQUIRE(g.nodes.size() == 1);
      CHECK(g.nodes[0].kind() == aiem::ir::OpKind::Lookup);
      const aiem::ir::Value& in = g.value(g.inputs.at(0));
      std::vector<std::int64_t> codes;
      for (int x = -128; x < 128; ++x) codes.push_back(x);
      auto out = aiem::reference::run(g, {{in.name, aiem::ir::Tensor{in.type, codes}}});
      const auto& got = out.begin()->second.codes;
      const auto want = expected.at(model).get<std::vector<std::int64_t>>();
      std::size_t mismatches = 0;
      for (std::size_t i = 0; i < want.size(); ++i) mismatches += got.at(i) != want[i];
      INFO(fmt::format("{} ({}): {} of 256 codes differ from ONNX Runtime", model, c["op"].get<std::string>(), mismatches));
      CHECK(mismatches == 0);
      compared += want.size();
    }
  }
}
