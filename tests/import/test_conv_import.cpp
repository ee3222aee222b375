// Imported convolutional models (tests/fixtures/onnx_conv, scripts/make_conv_onnx_fixtures.py):
// PyTorch Conv1d/Conv2d (per-tensor and per-channel weights, padding, stride, dilation, groups),
// MaxPool, AveragePool (padding counted and not), GlobalAveragePool, Pad and BatchNormalization,
// exported as ONNX QDQ, and two QONNX graphs (scripts/make_qonnx_window_fixtures.py, the numpy QONNX
// oracle). Each is built for the array and emulated bit-exactly against the reference
// interpreter; its outputs are compared with ONNX Runtime's. Integer arithmetic (conv, pools, pad)
// must be equal; a BatchNormalization of trained statistics is folded to a 31-bit multiplier, so
// its contract (docs/import.md) is at least 99.9% of the outputs equal and all within 1 LSB.
#include "aiem/aiem.hpp"
#include "backends/reference/interpreter.hpp"
#include "dsl/api/model_impl.hpp"
#include "imported_build.hpp"
#include "ir/printer.hpp"

namespace {

using import_test::Agreement;

// On the array at the batch of the models' deployment, 8 (the first 8 of the fixture's 32 samples).
// `iterations` receives the graph iterations the batch takes.
Agreement agreement_with_onnx_runtime(const std::string& name, std::int64_t batch = 8, std::int64_t* iterations = nullptr) {
  const auto dir = std::filesystem::path(AIEM_SOURCE_DIR) / "tests/fixtures/onnx_conv" / name;
  const auto golden = import_test::build_and_emulate_fixture(dir, name, batch, iterations);
  auto expected = aiem::io::read_npy(dir / "expected.npy").ints;
  REQUIRE(golden.size() * std::size_t(32 / batch) == expected.size());
  expected.resize(golden.size());
  return import_test::agreement(golden, expected);
}

void check_contract(const std::string& name, double at_least, std::int64_t batch = 8) {
  import_test::check_contract(name, agreement_with_onnx_runtime(name, batch), at_least);
}

}  // namespace

TEST_CASE("imported Conv1D jet tagger (padding, stride, fused relu, flatten into a dense head): equal to ONNX Runtime's, "
          "bit-exact on the array",
          "[import][aie][conv]") {
  check_contract("conv1d_tagger", 1.0);
}

TEST_CASE("imported Conv2D with per-channel weights and two MaxPools: equal to ONNX Runtime's, bit-exact on the array",
          "[import][aie][conv]") {
  check_contract("conv2d_maxpool", 1.0);
}

TEST_CASE("imported 16x16 Conv2D classifier (per-channel weights, two MaxPools) at batch 8: its rows do not fit one "
          "iteration, so the batch runs as graph iterations of fewer samples, equal to ONNX Runtime's and bit-exact",
          "[import][aie][conv]") {
  std::int64_t iterations = 0;
  import_test::check_contract("conv2d_classifier16", agreement_with_onnx_runtime("conv2d_classifier16", 8, &iterations), 1.0);
  CHECK(iterations > 1);
  CHECK(8 % iterations == 0);
}

TEST_CASE("imported Conv1D with Pad, AveragePool and GlobalAveragePool: equal to ONNX Runtime's, bit-exact on the array",
          "[import][aie][conv]") {
  check_contract("conv1d_pad_pool", 1.0);
}

TEST_CASE("imported depthwise dilated Conv2D, a strided 1x1 conv and a padded AveragePool that does not count the "
          "padding: equal to ONNX Runtime's, bit-exact on the array",
          "[import][aie][conv]") {
  check_contract("conv2d_depthwise", 1.0);
}

TEST_CASE("imported MLP with a BatchNormalization of trained statistics folded into its dense layer: within the "
          "contract against ONNX Runtime, bit-exact on the array",
          "[import][aie][conv]") {
  check_contract("mlp_batchnorm", 0.999);
}

TEST_CASE("imported Conv1D followed by a quantized BatchNormalization of trained statistics (a depthwise 1x1 layer): "
          "within the contract against ONNX Runtime, bit-exact on the array",
          "[import][aie][conv]") {
  check_contract("conv1d_batchnorm", 0.999);
}

TEST_CASE("imported QONNX Conv1d (4-bit narrow weights), MaxPool and AveragePool (ties rounded half to even): equal to "
          "the QONNX oracle, bit-exact on the array",
          "[import][aie][conv]") {
  check_contract("qonnx_conv1d_pool", 1.0);
}

TEST_CASE("imported QONNX Conv2d, a depthwise strided conv and GlobalAveragePool: equal to the QONNX oracle, bit-exact "
          "on the array",
          "[import][aie][conv]") {
  check_contract("qonnx_conv2d_depthwise", 1.0);
}

// The reference interpreter on all 32 samples of each fixture against ONNX Runtime (or the QONNX oracle) (the measured
// figures of docs/import.md are the bounds), and the written .aiem + .npz parse back to the same IR.
TEST_CASE("imported conv, pooling and BatchNormalization models: the interpreter on every sample within the contract, "
          "and the written model parses back to the same IR",
          "[import][conv]") {
  namespace fs = std::filesystem;
  const fs::path tmp = fs::temp_directory_path() / fmt::format("aiem-conv-import-{}", std::random_device{}());
  fs::create_directories(tmp);
  // name, least fraction of outputs equal to ONNX Runtime's
  const std::vector<std::pair<std::string, double>> cases{{"conv1d_tagger", 1.0},    {"conv2d_maxpool", 1.0}, {"conv2d_classifier16", 1.0},
                                                          {"conv1d_pad_pool", 1.0},  {"conv2d_depthwise", 1.0},
                                                          {"mlp_batchnorm", 0.999}, {"conv1d_batchnorm", 0.999},
                                                          {"qonnx_conv1d_pool", 1.0}, {"qonnx_conv2d_depthwise", 1.0}};
  for (const auto& [name, at_least] : cases) {
    SECTION(name) {
      const fs::path dir = fs::path(AIEM_SOURCE_DIR) / "tests/fixtures/onnx_conv" / name;
      const auto codes = aiem::io::read_npy(dir / "input_codes.npy");
      const auto expected = aiem::io::read_npy(dir / "expected.npy").ints;
      aiem::onnx_import::ImportOptions opt;
      opt.batch = codes.shape.at(0);
      opt.model_name = name;
      const auto m = aiem::onnx_import::import_onnx(dir / "model.onnx", opt);
      aiem::Diagnostics d;
      const auto g = aiem::ir::lower(m.graph, d);
      REQUIRE_FALSE(d.has_errors());
      const aiem::ir::Value& in = g.value(g.inputs.at(0));
      const auto outs = aiem::reference::run(g, {{in.name, aiem::ir::Tensor{in.type, codes.ints}}});
      import_test::check_contract(name, import_test::agreement(outs.begin()->second.codes, expected), at_least);

      const fs::path file = tmp / (name + ".aiem");
      aiem::onnx_import::write_imported(m, file);
      auto parsed = aiem::parse_file(file);
      INFO(parsed.rendered);
      REQUIRE(parsed.ok());
      CHECK(aiem::ir::print(aiem::impl_of(*parsed.model).graph) == aiem::ir::print(g));
    }
  }
  fs::remove_all(tmp);
}
