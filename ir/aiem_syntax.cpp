#include "ir/aiem_syntax.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace aiem::ir {

std::string type_text(const num::FixedFormat& f) {
  std::string out;
  for (char c : num::to_string(f)) {  // "fixed<8,3,RND_CONV,SAT>" -> "fixed<8, 3, RND_CONV, SAT>"
    out += c;
    if (c == ',') out += ' ';
  }
  return out;
}

std::string scale_text(const std::vector<num::ScaleMultiplier>& s) {
  std::vector<std::string> parts;
  for (const auto& m : s) parts.push_back(fmt::format("{} >> {}", m.multiplier, m.shift));
  return s.size() == 1 ? parts[0] : fmt::format("[{}]", fmt::join(parts, ", "));
}

}  // namespace aiem::ir
