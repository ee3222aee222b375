#pragma once
// --keep-out COL,ROW values of aiemc build / place: parsed into placement tiles, with an error
// naming the offending value.
#include <stdexcept>
#include <string>
#include <vector>

#include "backends/aie/placement/problem.hpp"

namespace aiemc {

inline std::vector<aiem::aie::placement::Tile> parse_keep_out(const std::vector<std::string>& values) {
  std::vector<aiem::aie::placement::Tile> out;
  for (const auto& v : values) {
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
    out.push_back({col, row});
  }
  return out;
}

}  // namespace aiemc
