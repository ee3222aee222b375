#pragma once
// 128-bit integers for exact intermediate products (64-bit accumulator x 32-bit multiplier) and a few
// helpers the standard library lacks for them. GCC and Clang provide the types; __extension__ keeps
// -Wpedantic quiet about it.
#include <string>

namespace aiem::num {
__extension__ typedef __int128 int128;
__extension__ typedef unsigned __int128 uint128;

inline constexpr int128 int128_max = static_cast<int128>(~static_cast<uint128>(0) >> 1);
inline constexpr int128 int128_min = -int128_max - 1;

// |v| as unsigned, correct for int128_min too (negating in the unsigned type cannot overflow).
constexpr uint128 uabs(int128 v) { return v < 0 ? -static_cast<uint128>(v) : static_cast<uint128>(v); }

// Decimal text for diagnostics and test messages (std::to_string and iostreams stop at 64 bits).
inline std::string int128_to_string(int128 v) {
  uint128 u = uabs(v);
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(u % 10)));
    u /= 10;
  } while (u != 0);
  return v < 0 ? "-" + digits : digits;
}
}  // namespace aiem::num
