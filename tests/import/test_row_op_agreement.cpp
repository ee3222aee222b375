// Imported row ops (softmax, LayerNormalization, ReduceMean, ReduceMax: tests/fixtures/onnx_float_ops,
// scripts/make_row_onnx_fixtures.py). ONNX Runtime computes them in float32; aiemc computes its exact
// integer definitions. The contract (docs/import.md): at least 99% of the output codes equal to ONNX
// Runtime's and every one within 1 LSB; and on the array, bit-exact with aiemc's interpreter.
#include "imported_build.hpp"

namespace {

using import_test::Agreement;

// The emulated (= interpreted) output codes against ONNX Runtime's.
Agreement agreement_with_onnx_runtime(const std::string& name) {
  const auto dir = std::filesystem::path(AIEM_SOURCE_DIR) / "tests/fixtures/onnx_float_ops" / name;
  const auto golden = import_test::build_and_emulate_fixture(dir, name);
  return import_test::agreement(golden, aiem::io::read_npy(dir / "expected.npy").ints);
}

void check_contract(const std::string& name, double at_least) {
  import_test::check_contract(name, agreement_with_onnx_runtime(name), at_least);
}

}  // namespace

// The measured figures (docs/import.md) are the lower bounds here, so a change that loses agreement fails.
TEST_CASE("imported softmax head: 255 of 256 probabilities equal to ONNX Runtime's, the other 1 LSB off, and bit-exact "
          "on the array",
          "[import][aie][rows]") {
  check_contract("softmax_head", 255.0 / 256.0);
}

TEST_CASE("imported LayerNormalization of tokens: 4092 of 4096 outputs equal to ONNX Runtime's, the rest 1 LSB off, "
          "bit-exact on the array",
          "[import][aie][rows]") {
  check_contract("layernorm_tokens", 4092.0 / 4096.0);
}

TEST_CASE("imported mean and max pooling over tokens (ReduceMean, ReduceMax): equal to ONNX Runtime's, and bit-exact on "
          "the array",
          "[import][aie][rows]") {
  check_contract("token_pool", 1.0);
}

TEST_CASE("imported MLP-Mixer jet tagger (three LayerNorms, token mixing, residuals, mean over particles): equal to "
          "ONNX Runtime's, and bit-exact on the array",
          "[import][aie][rows]") {
  check_contract("mixer_tagger", 1.0);
}

TEST_CASE("imported transformer jet tagger (LayerNorms, two heads of MatMul, softmax and MatMul, residuals, mean over "
          "particles): equal to ONNX Runtime's, and bit-exact on the array",
          "[import][aie][rows]") {
  check_contract("transformer_tagger", 1.0);
}

TEST_CASE("imported LayerNorm as PyTorch writes it at opset 13 (ReduceMean, Sub, Pow, ReduceMean, Add, Sqrt, Div, Mul, "
          "Add) is one layernorm: all 4096 outputs equal to ONNX Runtime's, and bit-exact on the array",
          "[import][aie][rows]") {
  check_contract("layernorm_decomposed", 1.0);
}

TEST_CASE("imported softmax head with one reciprocal per line (--softmax-reciprocal): the same 255 of 256 probabilities "
          "equal to ONNX Runtime's, the other 1 LSB off, and bit-exact on the array",
          "[import][aie][rows]") {
  const auto dir = std::filesystem::path(AIEM_SOURCE_DIR) / "tests/fixtures/onnx_float_ops/softmax_head";
  const auto golden = import_test::build_and_emulate_fixture(dir, "softmax_head_reciprocal", 0, nullptr, true);
  import_test::check_contract("softmax_head (reciprocal)", import_test::agreement(golden, aiem::io::read_npy(dir / "expected.npy").ints),
                              255.0 / 256.0);
}

// The same row ops between QONNX Quant nodes (scripts/make_qonnx_row_fixtures.py); the oracle is
// numpy in float64 (case.json), the contract the same as against ONNX Runtime.
TEST_CASE("imported QONNX softmax head, LayerNormalization of tokens and mean and max pooling over tokens: all outputs "
          "equal to the float oracle's, and bit-exact on the array",
          "[import][aie][rows][qonnx]") {
  for (const char* name : {"qonnx_softmax_head", "qonnx_layernorm_tokens", "qonnx_token_pool", "qonnx_token_pool_max"}) {
    INFO(name);
    check_contract(name, 1.0);
  }
}
