// ir::fold_flatten_transpose: a dense over the flatten of a transpose reads the flatten of the
// transpose's input with its weight rows permuted; the sums, and so every output, are unchanged.
#include <catch2/catch.hpp>

#include <random>
#include <set>

#include "aiem/aiem.hpp"
#include "backends/reference/interpreter.hpp"
#include "dsl/api/model_impl.hpp"
#include "ir/passes/passes.hpp"

using namespace aiem;

namespace {

std::size_t transposes(const ir::Graph& g) {
  std::size_t n = 0;
  for (const auto& node : g.nodes) n += node.kind() == ir::OpKind::Transpose;
  return n;
}

}  // namespace

TEST_CASE("a dense over the flatten of a transpose reads the untransposed flatten with permuted weight rows, with "
          "the same outputs",
          "[reference][passes]") {
  // y and z compute the same thing; z's transpose is also a graph output, so it stays.
  auto parsed = parse(R"(model m { batch 3
    input x : fixed<8, 3>[4, 3, 5]
    t = transpose(x, perm: [0, 3, 1, 2])
    f = reshape(t, shape: [60])
    y = dense(f, 7, w: fixed<8, 7> from random(1), b: fixed<16, 6> from random(2)) -> fixed<16, 12, RND_CONV, SAT>
    u = transpose(x, perm: [0, 3, 1, 2])
    k = reshape(u, shape: [60])
    z = dense(k, 7, w: fixed<8, 7> from random(1), b: fixed<16, 6> from random(2)) -> fixed<16, 12, RND_CONV, SAT>
    output y, z, u })",
                      "<test>");
  INFO(parsed.rendered);
  REQUIRE(parsed.ok());
  const ir::Graph& g = aiem::impl_of(*parsed.model).graph;  // parse lowers with the standard pipeline
  CHECK(transposes(g) == 1);
  bool remark = false;
  for (const auto& r : g.remarks) remark |= r.message.find("transpose 't' folded into the weight rows of 'y'") != std::string::npos;
  CHECK(remark);

  std::mt19937_64 rng(5);
  std::uniform_int_distribution<std::int64_t> code(-128, 127);
  const ir::Value& in = g.value(g.inputs[0]);
  ir::Tensor x{in.type, std::vector<std::int64_t>(std::size_t(in.type.elements()))};
  for (auto& c : x.codes) c = code(rng);
  const auto out = reference::run(g, {{"x", x}});
  CHECK(out.at("y").codes == out.at("z").codes);
  std::set<std::int64_t> distinct(out.at("y").codes.begin(), out.at("y").codes.end());
  CHECK(distinct.size() > 10);  // not a saturated or constant result
}
