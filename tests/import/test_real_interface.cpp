// Imported models keep the real-valued interface of the ONNX model: the float input ONNX Runtime
// takes is quantized as its QuantizeLinear does, and dequantized outputs are its float outputs,
// bit for bit (expected_float.npy is ONNX Runtime's own output, scripts/onnx_reference.mjs).
#include <catch2/catch.hpp>

#include <filesystem>
#include <random>

#include "aiem/aiem.hpp"
#include "dsl/import/onnx/onnx_import.hpp"
#include "ir/numeric/quantize_linear.hpp"
#include "ir/tensor_io/npy.hpp"

namespace fs = std::filesystem;
namespace oi = aiem::onnx_import;

namespace {

void check_fixture(const std::string& name) {
  INFO(name);
  const fs::path dir = fs::path(AIEM_SOURCE_DIR) / "tests/fixtures/onnx" / name;
  const auto input = aiem::io::read_npy(dir / "input.npy");
  const auto expected = aiem::io::read_npy(dir / "expected.npy");
  const auto expected_float = aiem::io::read_npy(dir / "expected_float.npy");
  REQUIRE(input.is_float());
  oi::ImportOptions opt;
  opt.batch = input.shape.at(0);
  const fs::path tmp = fs::temp_directory_path() / ("aiem_real_" + name + "_" + std::to_string(std::random_device{}()));
  oi::write_imported(oi::import_onnx(dir / "model.onnx", opt), tmp / "m.aiem");
  auto parsed = aiem::parse_file((tmp / "m.aiem").string());
  INFO(parsed.rendered);
  REQUIRE(parsed.ok());
  const auto in_name = parsed.model->inputs().at(0).name;
  auto out = aiem::run(*parsed.model, {{in_name, aiem::Tensor::from_values(input.shape, input.reals)}});
  REQUIRE(out.size() == 1);
  CHECK(out[0].codes == expected.ints);
  REQUIRE(out[0].values.size() == expected_float.reals.size());
  std::size_t differ = 0;
  for (std::size_t i = 0; i < out[0].values.size(); ++i) differ += out[0].values[i] != expected_float.reals[i];
  CHECK(differ == 0);
  fs::remove_all(tmp);
}

}  // namespace

TEST_CASE("import: float inputs and dequantized outputs are ONNX Runtime's (uint8 with zero points)", "[import]") {
  check_fixture("jet_tagger");
}

TEST_CASE("import: float inputs and dequantized outputs are ONNX Runtime's (arbitrary scales)", "[import]") {
  check_fixture("arbitrary_scales");
  check_fixture("mlp_per_channel");
  check_fixture("batchnorm_folded");
}

TEST_CASE("@real: the interface is ONNX QuantizeLinear / DequantizeLinear in float32", "[import]") {
  auto p = aiem::parse("model m { batch 1\n  input x : uint8[4] @real(scale: 0.1, zero: 128)\n"
                       "  y = dense(x, 4, w: int8 from random(1)) -> uint8\n  output y @real(scale: 0.5, zero: 3) }\n",
                       "r.aiem");
  INFO(p.rendered);
  REQUIRE(p.ok());
  // In float32: 0.25f / 0.1f = 2.5 -> 2 and 0.45f / 0.1f = 4.5 -> 4 (half to even); 0.55f / 0.1f is
  // 5.4999999 in exact arithmetic but rounds to 5.5 in float32 -> 6, as ONNX Runtime gives; then + 128,
  // saturated to 0..255.
  const aiem::num::RealInterface r{0.1f, 128};
  const auto u8 = aiem::num::FixedFormat{8, 8, false, aiem::num::Rounding::RND_CONV, aiem::num::Overflow::SAT};
  CHECK(aiem::num::quantize_linear(0.25, r, u8) == 130);
  CHECK(aiem::num::quantize_linear(0.45, r, u8) == 132);
  CHECK(aiem::num::quantize_linear(0.55, r, u8) == 134);
  CHECK(aiem::num::quantize_linear(-100.0, r, u8) == 0);
  CHECK(aiem::num::quantize_linear(100.0, r, u8) == 255);
  CHECK(aiem::num::dequantize_linear(131, r) == double(3.0f * 0.1f));
  const auto& g = p.model->ir_text();
  CHECK_THAT(g, Catch::Contains("@real(scale: 0.100000001, zero: 128)"));
  for (const char* bad : {"  input x : uint8[4] @real(scale: -1, zero: 0)\n", "  input x : uint8[4] @real(zero: 3)\n",
                          "  input x : uint8[4] @real(scale: 1, zero: 300)\n", "  input x : uint8[4] @reel(scale: 1)\n"}) {
    auto b = aiem::parse(std::string("model m { batch 1\n") + bad + "  y = relu(x)\n  output y }\n", "bad.aiem");
    CHECK_FALSE(b.ok());
  }
}
