// Every committed fixture (tests/fixtures/onnx/*/, made by scripts/make_onnx_fixtures.py) imports,
// and the reference interpreter reproduces the oracle's output codes bit for bit: ONNX Runtime's
// for QDQ models, the numpy QONNX Quant definition for QONNX models. The .aiem text + .npz written
// by the importer parse back into the same lowered IR and give the same outputs.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fmt/format.h>

#include "aiem/aiem.hpp"
#include "backends/reference/interpreter.hpp"
#include "dsl/api/model_impl.hpp"
#include "dsl/import/onnx/onnx_import.hpp"
#include "ir/passes/passes.hpp"
#include "ir/printer.hpp"

namespace fs = std::filesystem;
namespace oi = aiem::onnx_import;

namespace {

fs::path fixtures() { return fs::path(AIEM_SOURCE_DIR) / "tests/fixtures/onnx"; }

std::vector<fs::path> fixture_dirs() {
  std::vector<fs::path> dirs;
  for (const auto& e : fs::directory_iterator(fixtures()))
    if (e.is_directory() && fs::exists(e.path() / "model.onnx")) dirs.push_back(e.path());
  std::sort(dirs.begin(), dirs.end());
  return dirs;
}

aiem::ir::Graph lowered(aiem::ir::Graph g) {
  aiem::Diagnostics d;
  g = aiem::ir::lower(std::move(g), d);
  INFO(fmt::format("{} lowering errors", d.error_count()));
  for (const auto& e : d.all()) INFO(e.message);
  REQUIRE_FALSE(d.has_errors());
  return g;
}

std::vector<std::int64_t> run_graph(const aiem::ir::Graph& g, const aiem::io::Array& codes) {
  const aiem::ir::Value& in = g.value(g.inputs.at(0));
  auto outs = aiem::reference::run(g, {{in.name, aiem::ir::Tensor{in.type, codes.ints}}});
  REQUIRE(outs.size() == 1);
  return outs.begin()->second.codes;
}

// Constants by name, for comparing two graphs' parameters.
std::map<std::string, std::vector<std::int64_t>> constants(const aiem::ir::Graph& g) {
  std::map<std::string, std::vector<std::int64_t>> m;
  for (const auto& v : g.values)
    if (v.is_constant()) m[v.name] = *v.data;
  return m;
}

}  // namespace

TEST_CASE("every ONNX fixture imports and matches its oracle bit for bit", "[import][onnx]") {
  auto dirs = fixture_dirs();
  REQUIRE(dirs.size() >= 5);
  for (const auto& dir : dirs) {
    SECTION(dir.filename().string()) {
      auto codes = aiem::io::read_npy(dir / "input_codes.npy");
      auto expected = aiem::io::read_npy(dir / "expected.npy");
      oi::ImportOptions opt;
      opt.batch = codes.shape.at(0);
      opt.model_name = dir.filename().string();
      oi::ImportedModel m = oi::import_onnx(dir / "model.onnx", opt);
      auto g = lowered(m.graph);
      auto got = run_graph(g, codes);
      std::size_t mismatches = 0;
      for (std::size_t i = 0; i < got.size(); ++i) mismatches += got[i] != expected.ints.at(i);
      INFO(fmt::format("{}: {} of {} output codes differ from the oracle", dir.filename().string(), mismatches, got.size()));
      CHECK(mismatches == 0);
      CHECK(got == expected.ints);
    }
  }
}

TEST_CASE("import -> .aiem + .npz -> parse gives the same IR and the same outputs", "[import][onnx][roundtrip]") {
  fs::path tmp = fs::temp_directory_path() / fmt::format("aiem-import-roundtrip-{}", std::random_device{}());
  fs::create_directories(tmp);
  for (const auto& dir : fixture_dirs()) {
    SECTION(dir.filename().string()) {
      auto codes = aiem::io::read_npy(dir / "input_codes.npy");
      oi::ImportOptions opt;
      opt.batch = codes.shape.at(0);
      opt.model_name = dir.filename().string();
      oi::ImportedModel m = oi::import_onnx(dir / "model.onnx", opt);
      fs::path file = tmp / (dir.filename().string() + ".aiem");
      oi::write_imported(m, file);
      REQUIRE(fs::exists(fs::path(file).replace_extension(".npz")));
      auto parsed = aiem::parse_file(file);
      INFO(parsed.rendered);
      REQUIRE(parsed.ok());
      const aiem::ir::Graph& from_text = aiem::impl_of(*parsed.model).graph;
      auto imported = lowered(m.graph);
      CHECK(aiem::ir::print(from_text) == aiem::ir::print(imported));
      CHECK(constants(from_text) == constants(imported));
      CHECK(run_graph(from_text, codes) == run_graph(imported, codes));
    }
  }
  fs::remove_all(tmp);
}

TEST_CASE("imported models say what their codes mean", "[import][onnx]") {
  oi::ImportOptions opt;
  opt.batch = 2;
  auto m = oi::import_onnx(fixtures() / "jet_tagger/model.onnx", opt);
  CHECK(m.flavor == "QDQ");
  REQUIRE(m.inputs.size() == 1);
  CHECK(m.inputs[0].quantizer.zero[0] != 0);  // asymmetric uint8 input: its zero point is folded into fc1's bias
  std::string text = oi::aiem_text(m, "p.npz");
  CHECK(text.find("input x : uint8[16]") != std::string::npos);
  CHECK(text.find("fc1 = dense(x, 64, w: int8, b: fixed<32, 32>, scale: ") != std::string::npos);
  CHECK(text.find("|> relu") != std::string::npos);
  CHECK(text.find(", zero: ") != std::string::npos);
  auto q = oi::import_onnx(fixtures() / "qonnx_4bit_6bit/model.onnx", opt);
  CHECK(q.flavor == "QONNX");
  std::string qt = oi::aiem_text(q, "p.npz");
  CHECK(qt.find("w: fixed<4, 1>") != std::string::npos);  // 4-bit weights
  CHECK(qt.find("-> ufixed<6, 3, RND_CONV, SAT> |> relu") != std::string::npos);  // 6-bit unsigned activations
  CHECK(qt.find("-> fixed<8, 3, TRN, SAT>") != std::string::npos);  // rounding_mode FLOOR
}
