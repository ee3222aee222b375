#pragma once
// The options that say where on the array a design may go and how a batch is cut, shared by aiemc
// build, place and report: --device, --columns A..B, --keep-out COL,ROW (repeatable),
// --samples-per-iteration S.
#include <CLI/CLI.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "aiem/build.hpp"
#include "dsl/api/array_options.hpp"

namespace aiemc {

struct ArrayOptions {
  std::string device;
  std::string columns;
  std::vector<std::string> keep_out;
  std::int64_t samples_per_iteration = 0;  // 0: the largest divisor of the batch that fits
};

inline void add_array_options(CLI::App* cmd, ArrayOptions& o) {
  cmd->add_option("--device", o.device, "Device catalog name or .json (default: the model's target)");
  cmd->add_option("--columns", o.columns, "Columns the design may use, e.g. 7..37");
  cmd->add_option("--keep-out", o.keep_out, "A tile the design must not use, as COL,ROW (repeatable)")->allow_extra_args(false);
  cmd->add_option("--samples-per-iteration", o.samples_per_iteration,
                  "Samples per graph iteration, a divisor of the batch (default: the largest that fits)")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{1} << 20));
}

inline aiem::aie::PlanOptions plan_options(const ArrayOptions& o) {
  aiem::ArrayOptions a;
  a.samples_per_iteration = o.samples_per_iteration;
  return aiem::plan_options(a);
}

inline aiem::aie::placement::Tile parse_tile(const std::string& v) {
  auto comma = v.find(',');
  std::size_t a = 0, b = 0;
  int col = -1, row = -1;
  try {
    if (comma != std::string::npos) {
      col = std::stoi(v.substr(0, comma), &a);
      row = std::stoi(v.substr(comma + 1), &b);
    }
  } catch (const std::exception&) {
    comma = std::string::npos;
  }
  if (comma == std::string::npos || a != comma || b != v.size() - comma - 1 || col < 0 || row < 0)
    throw std::invalid_argument("--keep-out '" + v + "': expected COL,ROW with non-negative integers");
  return {col, row};
}

// std::invalid_argument naming the flag for a malformed value.
inline aiem::aie::PlaceOptions place_options(const ArrayOptions& o) {
  aiem::ArrayOptions a;
  a.columns = o.columns;
  for (const auto& v : o.keep_out) {
    const auto t = parse_tile(v);
    a.keep_out.emplace_back(t.col, t.row);
  }
  try {
    return aiem::place_options(a);
  } catch (const aiem::aie::placement::ProblemError& e) {
    throw std::invalid_argument(std::string("--columns: ") + e.what());
  }
}

}  // namespace aiemc
