#pragma once
// Mismatch collection for the exhaustive loops: they run millions of comparisons, and a Catch
// assertion per iteration would dominate the runtime. One CHECK at the end; the first few
// mismatches are printed with it.
#include <catch2/catch.hpp>
#include <cstddef>
#include <string>
#include <vector>

namespace aiem::num::testref {

struct Mismatches {
  std::size_t count = 0;
  std::vector<std::string> first;
  void add(std::string what) {
    if (count++ < 10) first.push_back(std::move(what));
  }
  void report() const {
    for (const auto& m : first) UNSCOPED_INFO(m);
    CHECK(count == 0);
  }
};

}  // namespace aiem::num::testref
