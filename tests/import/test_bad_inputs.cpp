// Models that cannot be imported exactly are rejected with an error naming the node or field.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>

#include "dsl/import/onnx/onnx_import.hpp"

namespace fs = std::filesystem;
namespace oi = aiem::onnx_import;

namespace {

fs::path bad(const std::string& name) { return fs::path(AIEM_SOURCE_DIR) / "tests/fixtures/onnx/bad" / name; }

std::string import_error(const fs::path& file) {
  try {
    oi::import_onnx(file);
  } catch (const oi::ImportError& e) {
    return e.what();
  }
  FAIL("no ImportError for " << file);
  return {};
}

}  // namespace

TEST_CASE("bad inputs: each is a clear error naming the node or field", "[import][onnx][errors]") {
  CHECK_NOTHROW(oi::import_onnx(bad("good_tiny.onnx")));
  CHECK(import_error(bad("unsupported_op.onnx")) ==
        "node '/act/Sigmoid' (Sigmoid): unsupported op 'Sigmoid'; aiemc imports QuantizeLinear, DequantizeLinear, "
        "Quant, Gemm, MatMul, Add, BatchNormalization, Relu, Flatten, Reshape, Identity and Constant");
  CHECK(import_error(bad("missing_initializer.onnx")) ==
        "node 'w_dq' (DequantizeLinear): input 'w_codes' is neither an initializer, a graph input nor the output of "
        "an earlier node (missing initializer?)");
  CHECK(import_error(bad("unsupported_opset.onnx")) ==
        "opset_import: unsupported opset 7 of the default ONNX domain; aiemc imports opsets 13 to 21 (re-export with "
        "opset_version=13)");
  CHECK(import_error(bad("inconsistent_shapes.onnx")) ==
        "node 'fc1_matmul': inconsistent shapes: the input has 4 features but the weights have shape [5, 3] (5 input "
        "features)");
  CHECK(import_error(bad("bad_reshape.onnx")) ==
        "node 'reshape1' (Reshape): inconsistent shapes: reshapes [batch, 4] to [-1, 3]; aiemc supports reshapes to "
        "[batch, 4]");
  CHECK(import_error(bad("batchnorm_not_foldable.onnx")) ==
        "node 'bn1': BatchNormalization cannot be folded exactly into the dense layer 'fc1_matmul' (channel 5): gamma "
        "/ sqrt(var + epsilon) = 1 / sqrt(0.3 + 0.0009765625) is not an exact binary fraction (the square root or the "
        "quotient is inexact)");
  std::string not_onnx = import_error(bad("not_onnx.onnx"));
  CHECK(not_onnx.find("not an ONNX model") != std::string::npos);
  CHECK(import_error(bad("does_not_exist.onnx")).find("cannot open the file") != std::string::npos);
}

TEST_CASE("bad inputs: a truncated model is an error wherever it is cut", "[import][onnx][errors]") {
  fs::path src = fs::path(AIEM_SOURCE_DIR) / "tests/fixtures/onnx/jet_tagger/model.onnx";
  std::ifstream in(src, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  fs::path cut = fs::temp_directory_path() / fmt::format("aiem-truncated-{}.onnx", std::random_device{}());
  for (std::size_t len : {std::size_t{0}, std::size_t{1}, std::size_t{16}, bytes.size() / 3, bytes.size() / 2,
                          bytes.size() - 100, bytes.size() - 1}) {
    {
      std::ofstream out(cut, std::ios::binary);
      out.write(bytes.data(), static_cast<std::streamsize>(len));
    }
    INFO("cut at " << len << " of " << bytes.size() << " bytes");
    CHECK_THROWS_AS(oi::import_onnx(cut), oi::ImportError);
  }
  fs::remove(cut);
}
