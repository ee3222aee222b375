#pragma once
// Element types that travel over PLIOs, buffers, streams and cascades, described at run time so
// that PLIO text files can be parsed and printed for whatever type the connected port has.
#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>

namespace aiem_emu {

struct ElemType {
  std::size_t bytes = 0;
  bool is_signed = true;
  bool is_float = false;
  const char* name = "?";
};

template <class T>
constexpr ElemType elem_type_of() {
  if constexpr (std::is_same_v<T, float>) return {4, true, true, "float"};
  else if constexpr (std::is_same_v<T, double>) return {8, true, true, "double"};
  else if constexpr (std::is_integral_v<T>) {
    constexpr bool s = std::is_signed_v<T>;
    if constexpr (sizeof(T) == 1) return {1, s, false, s ? "int8" : "uint8"};
    else if constexpr (sizeof(T) == 2) return {2, s, false, s ? "int16" : "uint16"};
    else if constexpr (sizeof(T) == 4) return {4, s, false, s ? "int32" : "uint32"};
    else return {8, s, false, s ? "int64_t" : "uint64_t"};
  } else {
    // Accumulator tags on cascades: lanes are carried as int64.
    return {8, true, false, "acc lane"};
  }
}

}  // namespace aiem_emu
