#pragma once
// 128-bit integers for exact intermediate products (64-bit accumulator x 32-bit multiplier).
// GCC and Clang provide them; __extension__ keeps -Wpedantic quiet about it.
namespace aiem::num {
__extension__ typedef __int128 int128;
__extension__ typedef unsigned __int128 uint128;
}  // namespace aiem::num
