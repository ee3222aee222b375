// The installed C++ API, used as a program that includes only <aiem/aiem.hpp> would use it.
#include <catch2/catch.hpp>

#include <aiem/aiem.hpp>

#include <cstdint>
#include <filesystem>
#include <cstring>
#include <fstream>
#include <random>
#include <span>

namespace fs = std::filesystem;

namespace {

const std::string kTiny = R"(
model tiny {
  batch 2
  input x : int8[4]
  y = dense(x, 3, w: int8 from [[1, 0, -1], [2, 1, 0], [0, 3, 1], [-1, -1, 2]], b: int32 from [10, -20, 5]) -> int8 |> relu
  output y
})";

aiem::Model tiny() {
  auto r = aiem::parse(kTiny, "tiny.aiem");
  REQUIRE(r.ok());
  return *r.model;
}

fs::path fresh_dir(const std::string& name) {
  fs::path d = fs::temp_directory_path() / ("aiem_api_" + name + "_" + std::to_string(std::random_device{}()));
  fs::remove_all(d);
  return d;
}

// Reads a float32 or integer .npy written by numpy (little-endian, C order) as doubles.
std::vector<double> read_npy(const fs::path& p, std::vector<std::int64_t>& shape) {
  std::ifstream f(p, std::ios::binary);
  std::string all((std::istreambuf_iterator<char>(f)), {});
  const std::uint16_t header = std::uint16_t(std::uint8_t(all[8]) | (std::uint8_t(all[9]) << 8));
  const std::string dict = all.substr(10, header);
  shape.clear();
  auto open = dict.find('(', dict.find("shape"));
  auto close = dict.find(')', open);
  std::string dims = dict.substr(open + 1, close - open - 1);
  for (std::size_t at = 0; at < dims.size();) {
    auto comma = dims.find(',', at);
    std::string d = dims.substr(at, comma == std::string::npos ? std::string::npos : comma - at);
    if (d.find_first_of("0123456789") != std::string::npos) shape.push_back(std::stoll(d));
    if (comma == std::string::npos) break;
    at = comma + 1;
  }
  const char* data = all.data() + 10 + header;
  std::size_t n = 1;
  for (auto d : shape) n *= std::size_t(d);
  std::vector<double> v(n);
  const bool f4 = dict.find("'<f4'") != std::string::npos, u1 = dict.find("'|u1'") != std::string::npos,
             i1 = dict.find("'|i1'") != std::string::npos;
  for (std::size_t i = 0; i < n; ++i) {
    if (f4) {
      float x;
      std::memcpy(&x, data + 4 * i, 4);
      v[i] = x;
    } else if (u1) {
      v[i] = std::uint8_t(data[i]);
    } else if (i1) {
      v[i] = std::int8_t(data[i]);
    } else {
      std::int64_t x;
      std::memcpy(&x, data + 8 * i, 8);
      v[i] = double(x);
    }
  }
  return v;
}

}  // namespace

TEST_CASE("run takes typed views and k stacked batches and gives typed outputs", "[api]") {
  const aiem::Model m = tiny();
  const std::int8_t codes[] = {1, 2, 3, 4, -5, 6, -7, 8};
  auto one = aiem::run(m, {{"x", aiem::Tensor::from<std::int8_t>({2, 4}, std::span<const std::int8_t>(codes))}});
  REQUIRE(one.size() == 1);
  CHECK(one[0].codes == std::vector<std::int64_t>{11, 0, 15, 9, 0, 19});
  CHECK(one[0].as<std::int8_t>() == std::vector<std::int8_t>{11, 0, 15, 9, 0, 19});
  std::vector<float> values(6);
  one[0].copy_to(std::span<float>(values));
  CHECK(values[0] == 11.0f);
  std::int8_t small[5];
  CHECK_THROWS_AS(one[0].copy_to(std::span<std::int8_t>(small)), aiem::Error);

  // Two batches stacked give the two batches' outputs in order.
  std::vector<std::int16_t> twice(codes, codes + 8);
  twice.insert(twice.end(), codes, codes + 8);
  twice[8] = 0;
  auto two = aiem::run(m, {{"x", aiem::Tensor::from<std::int16_t>({4, 4}, twice)}});
  REQUIRE(two[0].codes.size() == 12);
  CHECK(two[0].info.shape == std::vector<std::int64_t>{4, 3});
  CHECK(std::vector<std::int64_t>(two[0].codes.begin() + 9, two[0].codes.end()) == std::vector<std::int64_t>{9, 0, 19});
  CHECK(two[0].codes[6] != 11);  // the changed first sample of the second batch
  CHECK_THROWS_WITH(aiem::run(m, {{"x", aiem::Tensor::from_codes({3, 4}, std::vector<std::int64_t>(12, 0))}}),
                    Catch::Contains("x"));
}

TEST_CASE("a model with errors is a value with located diagnostics, not an exception", "[api]") {
  auto r = aiem::parse("model m {\n  batch 1\n  input x : int8[4]\n  y = dense(x, 3, w: nosuch(1))\n  output y\n}\n", "bad.aiem");
  CHECK_FALSE(r.ok());
  REQUIRE(r.has_errors());
  CHECK(r.diagnostics[0].location.file == "bad.aiem");
  CHECK(r.diagnostics[0].location.line == 4);
  CHECK(r.diagnostics[0].location.column > 1);
  CHECK_THAT(r.rendered, Catch::Contains("bad.aiem:4:"));
}

TEST_CASE("check and report give the design's figures as structs", "[api]") {
  const aiem::Model m = tiny();
  CHECK_FALSE(aiem::check(m).has_errors());
  auto r = aiem::report(m);
  REQUIRE(r.ok());
  const aiem::Report& rep = *r.report;
  CHECK(rep.model == "tiny");
  CHECK(rep.device == "vek280");
  CHECK(rep.latency_ns > 0);
  CHECK(rep.latency_cycles > rep.latency_ns);  // the array runs above 1 GHz
  CHECK(rep.tiles >= 1);
  REQUIRE(rep.layers.size() == 1);
  CHECK(rep.layers[0].name == "y");
  CHECK(rep.layers[0].K == 4);
  CHECK(rep.layers[0].N == 3);
  CHECK_THAT(rep.json, Catch::Contains("\"latency_ns\""));
  CHECK_THAT(rep.html, Catch::StartsWith("<!DOCTYPE html>"));

  aiem::ArrayOptions far;
  far.device = "ve2302";
  auto small = aiem::report(m, far);
  REQUIRE(small.ok());
  CHECK(small.report->device == "ve2302");
  aiem::ArrayOptions bad;
  bad.device = "nosuch";
  auto none = aiem::report(m, bad);
  CHECK_FALSE(none.ok());
  CHECK_THAT(none.rendered, Catch::Contains("nosuch"));
  bad.device.clear();
  bad.columns = "9..2";
  CHECK_THROWS_AS(aiem::report(m, bad), aiem::Error);
}

TEST_CASE("build makes a project in memory and writes it atomically, never over a user's files", "[api]") {
  const aiem::Model m = tiny();
  aiem::BuildOptions o;
  const std::int8_t codes[] = {1, 2, 3, 4, -5, 6, -7, 8};
  o.inputs["x"] = aiem::Tensor::from<std::int8_t>({2, 4}, codes);
  auto b = aiem::build(m, o);
  REQUIRE(b.ok());
  const aiem::Project& p = *b.project;
  CHECK(p.files.count("src/graph.cpp") == 1);
  CHECK(p.files.count("Makefile") == 1);
  CHECK(p.files.count("host/host.cpp") == 1);
  CHECK(p.files.count("data/x.bin") == 1);
  CHECK(p.files.at("data/x.bin") == std::string("\x01\x02\x03\x04\xfb\x06\xf9\x08", 8));
  CHECK(p.files.at("data/golden_y.bin") == std::string("\x0b\x00\x0f\x09\x00\x13", 6));
  CHECK_THAT(p.summary, Catch::Contains("tiny"));
  CHECK(p.report.tiles >= 1);

  const fs::path dir = fresh_dir("build");
  p.write(dir);
  CHECK(fs::exists(dir / "aiem_project.json"));
  p.write(dir);  // an earlier project is replaced
  const fs::path mine = fresh_dir("mine");
  fs::create_directories(mine);
  std::ofstream(mine / "notes.txt") << "keep me";
  CHECK_THROWS_AS(p.write(mine), aiem::Error);
  CHECK(fs::exists(mine / "notes.txt"));
  fs::remove_all(dir);
  fs::remove_all(mine);

  aiem::BuildOptions wrong;
  wrong.inputs["x"] = aiem::Tensor::from_codes({2, 5}, std::vector<std::int64_t>(10, 0));
  CHECK_THROWS_WITH(aiem::build(m, wrong), Catch::Contains("shape [2, 5]"));
  wrong.inputs.clear();
  wrong.inputs["nosuch"] = aiem::Tensor::from_codes({2, 4}, std::vector<std::int64_t>(8, 0));
  CHECK_THROWS_WITH(aiem::build(m, wrong), Catch::Contains("no input 'nosuch'"));
}

TEST_CASE("an imported ONNX model predicts ONNX Runtime's floats, builds and emulates bit-exactly", "[api]") {
  const fs::path fx = fs::path(AIEM_SOURCE_DIR) / "tests/fixtures/onnx/jet_tagger";
  auto imported = aiem::import_onnx(fx / "model.onnx");
  REQUIRE(imported.ok());
  const aiem::Model& m = *imported.model;
  std::vector<std::int64_t> shape, eshape;
  const auto x = read_npy(fx / "input.npy", shape);
  const auto expected = read_npy(fx / "expected_float.npy", eshape);
  // Any number of samples: the model's batch is 1 here, so the rows are k batches.
  const std::vector<std::int64_t> first{4, shape[1]};
  std::vector<float> xf(x.begin(), x.begin() + 4 * shape[1]);
  auto out = aiem::run(m, {{m.inputs()[0].name, aiem::Tensor::from<float>(first, xf)}});
  REQUIRE(out.size() == 1);
  const auto y = out[0].as<float>();
  REQUIRE(y.size() == std::size_t(4 * eshape[1]));
  for (std::size_t i = 0; i < y.size(); ++i) CHECK(y[i] == float(expected[i]));

  aiem::BuildOptions bo;
  bo.inputs[m.inputs()[0].name] = aiem::Tensor::from<float>(first, xf);
  aiem::EmulateOptions eo;
  eo.work_dir = fresh_dir("emulate");
  auto r = aiem::emulate(m, bo, eo);
  REQUIRE(r.outputs.size() == 1);
  CHECK(r.all_match());
  CHECK(r.outputs[0].tensor == m.outputs()[0].name);
  CHECK(r.outputs[0].shape == std::vector<std::int64_t>{4, eshape[1]});
  CHECK(r.outputs[0].codes == out[0].codes);
  // The project itself, written and emulated as aiemc emulate does.
  auto built = aiem::build(m, bo);
  REQUIRE(built.ok());
  const fs::path dir = fresh_dir("project");
  built.project->write(dir);
  aiem::EmulateOptions again;
  again.work_dir = eo.work_dir / "again";
  auto d = aiem::emulate(dir, again);
  CHECK(d.all_match());
  CHECK(d.outputs[0].codes == out[0].codes);
  fs::remove_all(dir);
  fs::remove_all(eo.work_dir);

  CHECK_THROWS_AS(aiem::emulate(fx, eo), aiem::Error);  // not a project
  auto bad = aiem::import_onnx(fs::path(AIEM_SOURCE_DIR) / "tests/fixtures/onnx/bad/not_onnx.onnx");
  CHECK_FALSE(bad.ok());
  CHECK(bad.has_errors());
}
