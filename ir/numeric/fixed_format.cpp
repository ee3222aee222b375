#include "ir/numeric/fixed_format.hpp"

#include <array>
#include <fmt/format.h>

namespace aiem::num {
namespace {
constexpr std::array<std::string_view, 7> rounding_names{"TRN",     "TRN_ZERO",    "RND",     "RND_ZERO",
                                                         "RND_INF", "RND_MIN_INF", "RND_CONV"};
constexpr std::array<std::string_view, 4> overflow_names{"WRAP", "SAT", "SAT_ZERO", "SAT_SYM"};
}  // namespace

std::string_view to_string(Rounding r) { return rounding_names[static_cast<std::size_t>(r)]; }
std::string_view to_string(Overflow o) { return overflow_names[static_cast<std::size_t>(o)]; }

std::optional<Rounding> rounding_from_string(std::string_view s) {
  for (std::size_t i = 0; i < rounding_names.size(); ++i)
    if (rounding_names[i] == s) return static_cast<Rounding>(i);
  return std::nullopt;
}

std::optional<Overflow> overflow_from_string(std::string_view s) {
  for (std::size_t i = 0; i < overflow_names.size(); ++i)
    if (overflow_names[i] == s) return static_cast<Overflow>(i);
  return std::nullopt;
}

std::string to_string(const FixedFormat& f) {
  if (f == int_format(f.width, f.is_signed)) return fmt::format("{}int{}", f.is_signed ? "" : "u", f.width);
  std::string s = fmt::format("{}fixed<{},{}", f.is_signed ? "" : "u", f.width, f.int_bits);
  if (f.rounding != Rounding::TRN || f.overflow != Overflow::WRAP) s += fmt::format(",{}", to_string(f.rounding));
  if (f.overflow != Overflow::WRAP) s += fmt::format(",{}", to_string(f.overflow));
  return s + ">";
}

}  // namespace aiem::num
