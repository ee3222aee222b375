// Models that cannot be imported exactly are rejected with an error naming the node or field.
#include <catch2/catch.hpp>
#include <cstring>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <limits>
#include <random>
#include <tuple>
#include <vector>

#include <onnx/onnx_pb.h>

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
  // A Sigmoid of a float MatMul result (no quantizer in between) has no exact table.
  CHECK(import_error(bad("unsupported_op.onnx")) ==
        "node '/act/Sigmoid' (Sigmoid): Sigmoid is supported on a quantized activation (the output of "
        "DequantizeLinear or Quant); its input is an unquantized MatMul result");
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
        "node 'reshape1' (Reshape): inconsistent shapes: reshapes [batch, 4] to [-1, 3]; aiemc supports reshapes that "
        "keep the batch axis and the 4 values of each sample");
  // Not an error any more: trained statistics (an irrational gamma / sqrt(var + eps)) fold into
  // per-unit 31-bit multipliers of one shift (docs/import.md).
  {
    const auto m = aiem::onnx_import::import_onnx(bad("batchnorm_not_foldable.onnx"), {});
    std::size_t scales = 0;
    for (const auto& n : m.graph.nodes)
      if (const auto* d = std::get_if<aiem::ir::DenseAttrs>(&n.attrs)) scales += d->scale.size();
    CHECK(scales > 1);
  }
  // PyTorch's y = Q(fc(x) + x): the residual joins the layer's unquantized result.
  CHECK(import_error(bad("residual_into_sum.onnx")) ==
        "node '/Add' (Add): reads the unquantized result of '/fc/Gemm', which is exact in float32 but needs 17 bits "
        "(more than the 16 of an int16 activation); put a QuantizeLinear / DequantizeLinear pair (or a Quant) on "
        "'/fc/Gemm'");
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

namespace {

// good_tiny.onnx with one field changed, written to a temporary file.
struct MutatedModel {
  fs::path path = fs::temp_directory_path() / fmt::format("aiem-mutated-{}.onnx", std::random_device{}());
  onnx::ModelProto m;
  MutatedModel() {
    std::ifstream in(bad("good_tiny.onnx"), std::ios::binary);
    REQUIRE(m.ParseFromIstream(&in));
  }
  ~MutatedModel() { fs::remove(path); }
  void set_scale(const std::string& name, float v) {
    for (auto& t : *m.mutable_graph()->mutable_initializer())
      if (t.name() == name) {
        t.clear_raw_data();
        t.clear_float_data();
        t.add_float_data(v);
      }
  }
  std::string error() {
    std::ofstream out(path, std::ios::binary);
    REQUIRE(m.SerializeToOstream(&out));
    out.close();
    return import_error(path);
  }
};

}  // namespace

TEST_CASE("bad inputs: extreme scales and batches are errors naming the node, never a model check rejects",
          "[import][onnx][errors]") {
  const float inf = std::numeric_limits<float>::infinity();
  for (auto [name, v, text] : std::vector<std::tuple<std::string, float, std::string>>{
           {"y_scale", std::numeric_limits<float>::max(), "node 'y_q': output unit 0 needs a rescale factor"},
           {"x_scale", std::numeric_limits<float>::max(), "beyond the shifts -64..127"},
           {"y_scale", std::numeric_limits<float>::min(), "node 'y_q': scale"},
           {"w_scale", std::numeric_limits<float>::denorm_min(), "node 'y_q': output unit 0 has a zero or unrepresentable"},
           {"y_scale", std::numeric_limits<float>::quiet_NaN(), "scale nan is not a positive finite number"},
           {"y_scale", inf, "scale inf is not a positive finite number"},
           {"y_scale", -0.5f, "scale -0.5 is not a positive finite number"},
           {"x_scale", 0.0f, "scale 0 is not a positive finite number"}}) {
    INFO(name << " = " << v);
    MutatedModel mm;
    mm.set_scale(name, v);
    CHECK_THAT(mm.error(), Catch::Contains(text));
  }
  MutatedModel batch;
  batch.m.mutable_graph()->mutable_input(0)->mutable_type()->mutable_tensor_type()->mutable_shape()->mutable_dim(0)->set_dim_value(
      1'000'000);
  CHECK(batch.error() == "graph input 'x': batch dimension 1000000 is beyond aiemc's 65536 (set one with --batch)");
}

TEST_CASE("bad inputs: an op aiemc does not import is named with the list of those it does, and every blocker of a "
          "model is reported at once",
          "[import][onnx][errors]") {
  // The fanout fixture with both branches' Gemms replaced by ops aiemc does not import: two
  // independent blockers, and the Add that reads them is not reported again.
  onnx::ModelProto m;
  {
    std::ifstream in(fs::path(AIEM_SOURCE_DIR) / "tests/fixtures/onnx/dag_fanout_add/model.onnx", std::ios::binary);
    REQUIRE(m.ParseFromIstream(&in));
  }
  for (auto& n : *m.mutable_graph()->mutable_node()) {
    if (n.name() == "/fa/Gemm") n.set_op_type("Einsum");
    if (n.name() == "/fb/Gemm") n.set_op_type("TopK");
  }
  fs::path file = fs::temp_directory_path() / fmt::format("aiem-unsupported-{}.onnx", std::random_device{}());
  {
    std::ofstream out(file, std::ios::binary);
    REQUIRE(m.SerializeToOstream(&out));
  }
  const std::string e = import_error(file);
  fs::remove(file);
  INFO(e);
  CHECK(e.find("2 nodes cannot be imported") != std::string::npos);
  CHECK(e.find("node '/fa/Gemm' (Einsum): unsupported op 'Einsum'; aiemc imports QuantizeLinear, DequantizeLinear") !=
        std::string::npos);
  CHECK(e.find("node '/fb/Gemm' (TopK): unsupported op 'TopK'") != std::string::npos);
  CHECK(e.find("Sigmoid, Tanh, Clip") != std::string::npos);
  CHECK(e.find("/Add") == std::string::npos);
}

TEST_CASE("bad inputs: a NaN in a float weight is refused at its quantizer, not quantized", "[import][onnx][errors]") {
  onnx::ModelProto m;
  {
    std::ifstream in(fs::path(AIEM_SOURCE_DIR) / "tests/fixtures/onnx/dag_mixer_block/model.onnx", std::ios::binary);
    REQUIRE(m.ParseFromIstream(&in));
  }
  bool poisoned = false;
  for (auto& t : *m.mutable_graph()->mutable_initializer())
    if (!poisoned && t.data_type() == onnx::TensorProto_DataType_FLOAT && t.raw_data().size() >= 64 * 4) {
      std::string raw = t.raw_data();
      const float nan = std::numeric_limits<float>::quiet_NaN();
      std::memcpy(raw.data() + 4 * 5, &nan, 4);  // flat index 5
      t.set_raw_data(raw);
      poisoned = true;
    }
  REQUIRE(poisoned);
  fs::path file = fs::temp_directory_path() / fmt::format("aiem-nan-{}.onnx", std::random_device{}());
  {
    std::ofstream out(file, std::ios::binary);
    REQUIRE(m.SerializeToOstream(&out));
  }
  const std::string e = import_error(file);
  fs::remove(file);
  INFO(e);
  CHECK(e.find("(QuantizeLinear): quantizes a constant whose value nan (flat index 5) is not a finite number") !=
        std::string::npos);
}
