// ir::with_batch: the same graph at fewer samples per run computes every sample exactly as the whole
// batch does (the AIE backend relies on it to run a batch as several graph iterations), and it is
// refused where a run would not separate the samples.
#include <catch2/catch.hpp>

#include <filesystem>
#include <random>

#include "aiem/aiem.hpp"
#include "backends/reference/interpreter.hpp"
#include "dsl/api/model_impl.hpp"
#include "ir/passes/passes.hpp"

namespace fs = std::filesystem;
using namespace aiem;

namespace {

std::map<std::string, ir::Tensor> random_inputs(const ir::Graph& g, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::map<std::string, ir::Tensor> in;
  for (ir::ValueId id : g.inputs) {
    const ir::Value& v = g.value(id);
    std::uniform_int_distribution<std::int64_t> d(v.type.format.min_code(), v.type.format.max_code());
    ir::Tensor t{v.type, std::vector<std::int64_t>(std::size_t(v.type.elements()))};
    for (auto& c : t.codes) c = d(rng);
    in[v.name] = std::move(t);
  }
  return in;
}

// Samples [first, first + count) of a batched tensor, as a tensor of `type`.
ir::Tensor samples_of(const ir::Tensor& t, std::int64_t first, const ir::TensorType& type) {
  const std::size_t per = std::size_t(type.elements() / type.shape[0]);
  const auto begin = t.codes.begin() + std::ptrdiff_t(std::size_t(first) * per);
  return {type, std::vector<std::int64_t>(begin, begin + std::ptrdiff_t(type.elements()))};
}

void check_every_divisor(const fs::path& model) {
  auto parsed = parse_file(model);
  INFO(parsed.rendered);
  REQUIRE(parsed.ok());
  const ir::Graph& g = aiem::impl_of(*parsed.model).graph;
  const auto inputs = random_inputs(g, 7);
  const auto whole = reference::run(g, inputs);
  for (std::int64_t s = 1; s < g.batch; ++s) {
    if (g.batch % s != 0) continue;
    INFO(model.filename().string() << " at " << s << " of " << g.batch << " samples per run");
    std::string why;
    const auto folded = ir::with_batch(g, s, why);
    INFO(why);
    REQUIRE(folded);
    CHECK(folded->batch == s);
    for (std::int64_t first = 0; first < g.batch; first += s) {
      std::map<std::string, ir::Tensor> part;
      for (ir::ValueId id : folded->inputs) {
        const ir::Value& v = folded->value(id);
        part[v.name] = samples_of(inputs.at(v.name), first, v.type);
      }
      for (const auto& [name, t] : reference::run(*folded, part)) {
        const ir::Tensor& all = whole.at(name);
        CHECK(t.codes == samples_of(all, first, t.type).codes);
      }
    }
  }
}

}  // namespace

TEST_CASE("a graph at fewer samples per run computes each sample as the whole batch does: every oracle fixture and "
          "example at every divisor of its batch",
          "[reference][with_batch]") {
  std::vector<fs::path> models;
  for (const char* dir : {"tests/fixtures/oracle", "examples"})
    for (const auto& e : fs::recursive_directory_iterator(fs::path(AIEM_SOURCE_DIR) / dir))
      if (e.path().extension() == ".aiem") models.push_back(e.path());
  std::sort(models.begin(), models.end());
  REQUIRE(models.size() >= 20);
  int folded = 0;
  for (const auto& m : models) {
    auto parsed = parse_file(m);
    if (!parsed.ok() || aiem::impl_of(*parsed.model).graph.batch < 2) continue;
    SECTION(m.parent_path().filename().string() + "/" + m.filename().string()) { check_every_divisor(m); }
    ++folded;
  }
  CHECK(folded >= 10);
}

TEST_CASE("with_batch refuses a divisor it cannot take and a graph that reads per-sample constants",
          "[reference][with_batch]") {
  auto parsed = parse(R"(model m { batch 4
    input x : fixed<8, 3>[6]
    y = add(x, c: fixed<8, 2> from random(4)) -> fixed<8, 3>
    output y })",
                      "<test>");
  INFO(parsed.rendered);
  REQUIRE(parsed.ok());
  ir::Graph g = aiem::impl_of(*parsed.model).graph;
  std::string why;
  CHECK(ir::with_batch(g, 2, why));
  CHECK_FALSE(ir::with_batch(g, 3, why));
  CHECK(why.find("does not divide the batch 4") != std::string::npos);
  // The constant made one row per sample: folding would give every iteration the first rows.
  for (ir::Value& v : g.values)
    if (v.is_constant()) {
      const auto row = *v.data;
      std::vector<std::int64_t> rows;
      for (int i = 0; i < 4; ++i) rows.insert(rows.end(), row.begin(), row.end());
      v.type.shape = {4, std::int64_t(row.size())};
      v.data = std::make_shared<const std::vector<std::int64_t>>(std::move(rows));
    }
  CHECK_FALSE(ir::with_batch(g, 2, why));
  CHECK(why.find("per-sample constant") != std::string::npos);
}
