#include <fmt/format.h>

#include "backends/aie/emit/emit.hpp"

namespace aiem::aie {

std::string plio_text(const std::vector<std::int64_t>& codes, int width_bits, int elem_bits) {
  const std::size_t per_line = elem_bits >= width_bits ? 1 : std::size_t(width_bits / elem_bits);
  std::string s;
  for (std::size_t i = 0; i < codes.size(); ++i) {
    s += std::to_string(codes[i]);
    s += (i + 1) % per_line == 0 || i + 1 == codes.size() ? '\n' : ' ';
  }
  return s;
}

void emit_data(const Plan& plan, const std::vector<std::int64_t>& input_codes, const std::vector<std::int64_t>& golden_codes,
               Project& p) {
  const auto& first = plan.layers.front();
  for (const auto& io : plan.plios) {
    if (!io.is_input) {
      p.add(io.golden, plio_text(golden_codes, io.width_bits, io.elem.bits));
      continue;
    }
    // This PLIO's columns of every row of every batch.
    std::vector<std::int64_t> slice;
    for (std::size_t row = 0; row * std::size_t(first.K) < input_codes.size(); ++row)
      for (std::int64_t c = io.col0; c < io.col0 + io.cols; ++c) slice.push_back(input_codes[row * std::size_t(first.K) + std::size_t(c)]);
    p.add(io.file, plio_text(slice, io.width_bits, io.elem.bits));
  }
}

}  // namespace aiem::aie
