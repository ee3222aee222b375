// Every example model builds for its target, fits, and emulates bit-exactly.
#include <set>

#include "backend_check.hpp"

namespace {
aiem::aie::BuildResult example(const std::string& name) {
  return backend_test::build_and_emulate_parsed(
      aiem::parse_file(std::filesystem::path(AIEM_SOURCE_DIR) / "examples" / name / (name + ".aiem")), name);
}
}  // namespace

TEST_CASE("example jet_tagger builds and emulates bit-exactly", "[aie_backend]") {
  auto r = example("jet_tagger");
  CHECK(r.plan.layers[1].PK == 2);  // @tiles(cascade: 2, parallel: 2)
  CHECK(r.plan.layers[1].PN == 2);
  CHECK(r.plan.total_tiles() <= 18);  // the published latency-optimal design uses 18
}

TEST_CASE("example tau_selection builds and emulates bit-exactly (K = 160 split over 4 stages)", "[aie_backend]") {
  auto r = example("tau_selection");
  CHECK(r.plan.layers[0].PK == 4);
  CHECK(r.plan.layers[0].KS == 40);
  CHECK(r.plan.total_tiles() <= 38);
}

TEST_CASE("example qubit_readout builds and emulates bit-exactly", "[aie_backend]") { example("qubit_readout"); }

TEST_CASE("example residual_mlp (fanout into residual adds) builds and emulates bit-exactly", "[aie_backend]") {
  auto r = example("residual_mlp");
  int adds = 0;
  for (const auto& l : r.plan.layers) adds += !l.is_dense();
  CHECK(adds == 2);
  // Each block's input feeds its first dense layer and its add: one buffer, two readers.
  const auto readers = r.plan.consumers(0);
  CHECK(readers.size() == 2);
}

TEST_CASE("example two_branch (two branches joined by mul, sub and add, tanh and sigmoid tables) builds and "
          "emulates bit-exactly",
          "[aie_backend]") {
  auto r = example("two_branch");
  CHECK(r.plan.layers.size() == 9);
  CHECK(r.plan.outputs.size() == 1);
}

// The oracle fixtures of the movement, broadcasting and table families (tests/fixtures/oracle, checked
// against the numpy oracle by the reference tests) also go through the array.
TEST_CASE("the oracle fixtures of every data-movement op, broadcasting, every table function, the row ops, attention "
          "heads, softmax with a reciprocal and the convs and pools build and emulate bit-exactly",
          "[aie_backend]") {
  for (const char* name :
       {"movement_ops", "broadcast_binary", "lookup_tables", "normalization_rows", "softmax_reciprocal", "attention_heads",
        "conv_windows"}) {
    SECTION(name) {
      backend_test::build_and_emulate_parsed(
          aiem::parse_file(std::filesystem::path(AIEM_SOURCE_DIR) / "tests/fixtures/oracle" / name / "model.aiem"), name);
    }
  }
}

TEST_CASE("example mixer_tagger (imported from PyTorch: three layernorms, token mixing, a mean over particles) builds and "
          "emulates bit-exactly",
          "[aie_backend]") {
  auto r = example("mixer_tagger");
  int norms = 0;
  for (const auto& l : r.plan.layers) norms += l.pw.op == aiem::aie::PointwisePlan::Op::norm;
  CHECK(norms == 3);
}

TEST_CASE("example transformer_tagger (imported from PyTorch: two attention heads through matmul on the mmul path and "
          "softmax) builds and emulates bit-exactly",
          "[aie_backend]") {
  auto r = example("transformer_tagger");
  int products = 0, softmaxes = 0;
  for (const auto& l : r.plan.layers) {
    products += l.streams_weights() && l.pw.label == "matmul";
    softmaxes += !l.is_dense() && l.pw.op == aiem::aie::PointwisePlan::Op::softmax;
  }
  CHECK(products == 2);
  CHECK(softmaxes == 1);
}

TEST_CASE("the standard blocks encoder_layer and mixer_block (std/attention.aiem) build and emulate bit-exactly",
          "[aie_backend]") {
  backend_test::build_and_emulate_parsed(aiem::parse(R"(import "std/attention.aiem"
    model enc {
      batch 2
      type act = fixed<8, 3, RND_CONV, SAT>
      type prob = ufixed<8, 0, RND_CONV, SAT>
      input x : act[8, 16]
      e = encoder_layer(x, 8, 2, 8, 16, 32, act, prob, fixed<8, 8> from random(1), fixed<16, 2> from random(2))
      m = mixer_block(e, 8, 16, act, fixed<8, 8> from random(3), fixed<16, 2> from random(4))
      p = reduce_mean(m, axes: [1]) -> act
      y = dense(p, 5, w: fixed<8, 7> from random(5)) -> act
      output y
    })"), "enc");
}

TEST_CASE("example conv1d_tagger (imported from PyTorch: two Conv1d, ReLU, a dense head) builds its stride-1 conv "
          "as a direct convolution split over bands, its stride-2 conv as an im2col kernel feeding a dense layer, and emulates "
          "bit-exactly",
          "[aie_backend][conv]") {
  auto r = example("conv1d_tagger");
  int bands = 0;
  std::set<aiem::ir::NodeId> direct, im2col;  // convs of each form (each one or more band layers)
  for (const auto& l : r.plan.layers) {
    if (!l.is_dense() && l.pw.op == aiem::aie::PointwisePlan::Op::im2col) im2col.insert(l.node);
    if (l.is_dense() && l.conv.on()) {
      direct.insert(l.node);
      ++bands;
    }
  }
  CHECK(im2col.size() == 1);
  CHECK(direct.size() == 1);
  CHECK(bands > 1);  // the performance model splits it over bands of samples
}

TEST_CASE("example conv2d_classifier (imported from PyTorch: 16x16 images, two Conv2d with per-channel weights, two "
          "MaxPools, a head) builds at batch 8 as graph iterations of fewer samples and emulates bit-exactly",
          "[aie_backend][conv]") {
  auto r = example("conv2d_classifier");
  std::set<aiem::ir::NodeId> pools;
  for (const auto& l : r.plan.layers)
    if (!l.is_dense() && l.pw.op == aiem::aie::PointwisePlan::Op::pool) pools.insert(l.node);
  CHECK(pools.size() == 2);
  CHECK(r.plan.iterations() > 1);
  std::set<aiem::ir::NodeId> direct;
  for (const auto& l : r.plan.layers)
    if (l.is_dense() && l.conv.on()) direct.insert(l.node);
  CHECK(direct.size() == 2);  // both convs read their padded images in place (the first its 1-channel image's words)
}
