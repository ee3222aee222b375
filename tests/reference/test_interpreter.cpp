// Interpreter and pass behaviour on small hand-computed models.
#include <catch2/catch.hpp>

#include "aiem/aiem.hpp"

TEST_CASE("dense with bias and fused relu on hand-computed values", "[reference]") {
  auto p = aiem::parse(R"(model tiny {
    batch 2
    input x : int8[4]
    y = dense(x, 3, w: int8 from [[1, 0, -1], [2, 1, 0], [0, 3, 1], [-1, -1, 2]], b: int32 from [10, -20, 5])
        -> int8 |> relu
    output y
  })");
  INFO(p.rendered);
  REQUIRE(p.ok());
  auto out = aiem::run(*p.model, {{"x", aiem::Tensor::from_codes({2, 4}, {1, 2, 3, 4, -5, 6, -7, 8})}});
  REQUIRE(out.size() == 1);
  CHECK(out[0].codes == std::vector<std::int64_t>{11, 0, 15, 9, 0, 19});
  CHECK(p.model->ir_text().find("units=3 relu acc=int32/frac0") != std::string::npos);
}

TEST_CASE("relu with another output type is not fused, and the IR says why", "[reference][passes]") {
  auto p = aiem::parse(R"(model m {
    input x : fixed<8,3>[2]
    y = dense(x, 2, w: fixed<8,2> from [[0.5, -0.5], [0.25, 1]]) -> fixed<8,3> |> relu -> ufixed<8,2>
    output y
  })");
  REQUIRE(p.ok());
  auto ir = p.model->ir_text();
  CHECK(ir.find("node   y.relu = relu(y.dense) -> y : ufixed<8,2>[1,2]") != std::string::npos);
  CHECK(ir.find("remark relu 'y.relu' not fused into 'y': it converts to another number format") != std::string::npos);
  auto out = aiem::run(*p.model, {{"x", aiem::Tensor::from_values({1, 2}, {1.5, -2.0})}});
  // dense: 1.5*0.5 + -2*0.25 = 0.25 ; 1.5*-0.5 + -2*1 = -2.75 -> relu -> 0.25, 0
  CHECK(out[0].values == std::vector<double>{0.25, 0.0});
}

TEST_CASE("run rejects inputs that do not fit the model", "[reference]") {
  auto p = aiem::parse("model m { batch 2 input x : int8[3] y = relu(x) output y }");
  REQUIRE(p.ok());
  CHECK_THROWS_WITH(aiem::run(*p.model, {}), "missing input 'x' (int8[2,3])");
  CHECK_THROWS_WITH(aiem::run(*p.model, {{"x", aiem::Tensor::from_codes({3, 2}, {1, 2, 3, 4, 5, 6})}}),
                    "input 'x' has shape [3,2], the model expects [2,3]");
  CHECK_THROWS_WITH(aiem::run(*p.model, {{"x", aiem::Tensor::from_codes({2, 3}, {1, 2, 3, 4, 5, 300})}}),
                    "input 'x': code 300 at flat index 5 is outside int8 (codes -128 .. 127)");
  CHECK_THROWS_WITH(aiem::run(*p.model, {{"x", aiem::Tensor::from_codes({2, 3}, {1, 2, 3, 4, 5, 6})},
                                         {"z", aiem::Tensor::from_codes({1}, {1})}}),
                    "model 'm' has no input 'z' (its inputs: x)");
}

TEST_CASE("blocks from the standard library are inlined with prefixed names", "[reference][blocks]") {
  auto p = aiem::parse(R"(import "std/mlp.aiem"
    model m {
      batch 1
      input x : int8[2]
      h = dense_relu(x, 2, int8, int8 from random(1), int32 from random(2))
      r = residual(h, 2, int8, int8 from random(3), int32 from random(4))
      output r
    })");
  INFO(p.rendered);
  REQUIRE(p.ok());
  auto ir = p.model->ir_text();
  CHECK(ir.find("node   h.y = dense(x, h.y.w, h.y.b)") != std::string::npos);
  CHECK(ir.find("node   r.y = add(r.h, h)") != std::string::npos);
  auto out = aiem::run(*p.model, {{"x", aiem::Tensor::from_codes({1, 2}, {3, -4})}});
  REQUIRE(out.size() == 1);
  CHECK(out[0].info.name == "r");
}

TEST_CASE("the attention blocks of the standard library inline with prefixed names and run", "[reference][blocks]") {
  auto p = aiem::parse(R"(import "std/attention.aiem"
    model m {
      batch 1
      type act = fixed<8, 3, RND_CONV, SAT>
      input x : act[4, 8]
      a = self_attention(x, 4, 2, 4, 8, act, ufixed<8, 0, RND_CONV, SAT>, fixed<8, 8> from random(1))
      output a
    })");
  INFO(p.rendered);
  REQUIRE(p.ok());
  auto ir = p.model->ir_text();
  CHECK(ir.find("node   a.s = matmul(a.q, a.k) transpose_b") != std::string::npos);
  CHECK(ir.find("node   a.p = softmax(a.s)") != std::string::npos);
  auto out = aiem::run(*p.model, {{"x", aiem::Tensor::from_codes({1, 4, 8}, std::vector<std::int64_t>(32, 5))}});
  REQUIRE(out.size() == 1);
  CHECK(out[0].info.shape == std::vector<std::int64_t>{1, 4, 8});
}
