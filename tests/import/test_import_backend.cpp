// The whole path for imported models: ONNX -> IR -> AIE project -> host emulation. Every fixture
// builds with the AIE backend, its generated sources emulate bit-exactly against the reference
// interpreter (the golden files), and those golden outputs are the oracle's (ONNX Runtime / QONNX).
#include "imported_build.hpp"

namespace {

// The golden file the emulation is compared with holds the oracle's codes.
void build_and_emulate(const std::string& name) {
  const auto dir = std::filesystem::path(AIEM_SOURCE_DIR) / "tests/fixtures/onnx" / name;
  const auto golden = import_test::build_and_emulate_fixture(dir, name);
  CHECK(golden == aiem::io::read_npy(dir / "expected.npy").ints);
}

}  // namespace

TEST_CASE("imported jet_tagger builds for the AIE and emulates like ONNX Runtime", "[import][aie]") { build_and_emulate("jet_tagger"); }
TEST_CASE("imported mlp_per_channel builds for the AIE and emulates like ONNX Runtime", "[import][aie]") { build_and_emulate("mlp_per_channel"); }
TEST_CASE("imported arbitrary_scales builds for the AIE and emulates like ONNX Runtime", "[import][aie]") { build_and_emulate("arbitrary_scales"); }
TEST_CASE("imported qonnx_4bit_6bit builds for the AIE and emulates like the QONNX oracle", "[import][aie]") { build_and_emulate("qonnx_4bit_6bit"); }
TEST_CASE("imported batchnorm_folded builds for the AIE and emulates like ONNX Runtime", "[import][aie]") { build_and_emulate("batchnorm_folded"); }

// Graph-shaped PyTorch models (scripts/make_dag_onnx_fixtures.py): ONNX -> AIE -> emulation, equal to ONNX Runtime.
TEST_CASE("imported residual MLP (fanout into a residual add) builds and emulates like ONNX Runtime", "[import][aie][dag]") {
  build_and_emulate("dag_residual_mlp");
}
TEST_CASE("imported fanout whose branches are added builds and emulates like ONNX Runtime", "[import][aie][dag]") {
  build_and_emulate("dag_fanout_add");
}
TEST_CASE("imported sigmoid classifier builds and emulates like ONNX Runtime", "[import][aie][dag]") {
  build_and_emulate("dag_sigmoid_classifier");
}
TEST_CASE("imported tanh / hardtanh model builds and emulates like ONNX Runtime", "[import][aie][dag]") {
  build_and_emulate("dag_tanh_hardtanh");
}
TEST_CASE("imported two-branch model with a concat builds and emulates like ONNX Runtime", "[import][aie][dag]") {
  build_and_emulate("dag_two_branch_concat");
}
TEST_CASE("imported per-token MLP on [batch, tokens, features] builds and emulates like ONNX Runtime", "[import][aie][dag]") {
  build_and_emulate("dag_per_token_mlp");
}
TEST_CASE("imported SiLU, GELU, hardswish and scaled leaky ReLU (PyTorch's decomposed forms) build and emulate like "
          "ONNX Runtime",
          "[import][aie][dag]") {
  build_and_emulate("dag_activations");
}
TEST_CASE("imported MLP-Mixer block (transposes for token mixing, residual add) builds and emulates like ONNX Runtime",
          "[import][aie][dag]") {
  build_and_emulate("dag_mixer_block");
}
TEST_CASE("imported per-channel affine (mul and add by constants of one value per feature) builds and emulates like "
          "ONNX Runtime",
          "[import][aie][dag]") {
  build_and_emulate("dag_channel_affine");
}
TEST_CASE("imported concat of branches with different quantizers (requantized after the concat) builds and emulates "
          "like ONNX Runtime",
          "[import][aie][dag]") {
  build_and_emulate("dag_concat_requant");
}
TEST_CASE("imported Mixer classifier (tokens flattened into a dense head) builds and emulates like ONNX Runtime",
          "[import][aie][dag]") {
  build_and_emulate("dag_mixer_classifier");
}
TEST_CASE("imported concat of parts off the 32-bit word grid (10 + 20 + 6 int8 columns) builds and emulates like ONNX "
          "Runtime",
          "[import][aie][dag]") {
  build_and_emulate("dag_concat_off_words");
}
TEST_CASE("imported residual MLP exported without constant folding (double scales cast to float) builds and emulates "
          "like ONNX Runtime",
          "[import][aie][dag]") {
  build_and_emulate("dag_residual_unfolded");
}
TEST_CASE("imported F.pad of both per-sample axes with a nonzero value (PyTorch's pads computed by a constant subgraph) "
          "builds and emulates like ONNX Runtime",
          "[import][aie][dag]") {
  build_and_emulate("dag_padded_tokens");
}
TEST_CASE("imported a + b + c without quantizers between the adds and before the head (exact in float32) builds and "
          "emulates like ONNX Runtime",
          "[import][aie][dag]") {
  build_and_emulate("dag_unquantized_sums");
}
TEST_CASE("imported per-token sigmoid gate and shift ([B, T, D] with [B, T, 1]: broadcasting of two activations) builds "
          "and emulates like ONNX Runtime",
          "[import][aie][dag]") {
  build_and_emulate("dag_gated_tokens");
}
TEST_CASE("imported QONNX graph (fanout, residual add of two scales, concat of 10 + 10 columns, hardtanh) builds and "
          "emulates like the QONNX oracle",
          "[import][aie][dag]") {
  build_and_emulate("qonnx_residual_concat");
}
TEST_CASE("imported token selection (the class token h[:, 0] as Gather, h[:, 1::2, 2:7] as a two-axis strided Slice) "
          "builds and emulates like ONNX Runtime",
          "[import][aie][dag]") {
  build_and_emulate("dag_token_slices");
}
TEST_CASE("imported concat along the token axis (torch.cat(dim=1), requantized) and a flatten through Shape of a dynamic "
          "batch builds and emulates like ONNX Runtime",
          "[import][aie][dag]") {
  build_and_emulate("dag_token_concat");
}
