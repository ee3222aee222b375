#pragma once
// Builds a model with the AIE backend, writes the project, emulates it on the host and checks that
// its outputs equal the reference interpreter's (the golden files) and that the resource check
// passes. Shared by the example and sweep tests.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "aiem/aiem.hpp"
#include "backends/aie/build.hpp"
#include "backends/aie/plan/resource_check.hpp"
#include "backends/aie/placement/verify.hpp"
#include "backends/emulate/emulate_project.hpp"
#include "dsl/api/model_impl.hpp"

namespace backend_test {

inline std::filesystem::path scratch(const std::string& name) {
  auto d = std::filesystem::temp_directory_path() / ("aiem_backend_" + std::to_string(::getpid()) + "_" + name);
  std::filesystem::remove_all(d);
  return d;
}

inline aiem::ParseResult parse(const std::string& text, const std::filesystem::path& base = ".") {
  aiem::ParseOptions po;
  po.base_dir = base;
  auto p = aiem::parse(text, "<test>", po);
  INFO(p.rendered);
  REQUIRE(p.ok());
  return p;
}

// Returns the build result for further checks; emulates and compares.
inline aiem::aie::BuildResult build_and_emulate(const aiem::Model& model, const std::string& name,
                                                aiem::aie::BuildOptions options = {}) {
  aiem::Diagnostics diags;
  auto r = aiem::aie::build_project(aiem::impl_of(model).graph, options, diags);
  INFO(aiem::render(diags, *aiem::impl_of(model).sources));
  REQUIRE(r);
  CHECK(aiem::aie::check_resources(r->plan).empty());
  auto dir = scratch(name);
  aiem::aie::write_project(dir, r->project);
  aiem::emulation::EmulateOptions eo;
  eo.jobs = 1;  // CTest runs tests in parallel already
  auto rep = aiem::emulation::emulate_project(dir, eo);
  for (const auto& o : rep.outputs) {
    INFO(o.output.plio << ": " << o.values << " values, " << o.golden_values << " expected, " << o.mismatches
                       << " differ");
    CHECK(o.matches());
  }
  CHECK(rep.all_match());
  std::filesystem::remove_all(dir);
  return std::move(*r);
}

// A parsed model over two batches (the emulation then also checks that buffers hand over between
// graph iterations).
inline aiem::aie::BuildResult build_and_emulate_parsed(const aiem::ParseResult& p, const std::string& name) {
  INFO(p.rendered);
  REQUIRE(p.ok());
  aiem::aie::BuildOptions o;
  o.batches = 2;
  return build_and_emulate(*p.model, name, o);
}

}  // namespace backend_test
