#pragma once
// The AIE scalar type names (int8 ... uint64) that kernel and graph code use unqualified. The AIE
// API headers declare the same typedefs; repeating an identical typedef is allowed.
#include <cstdint>

typedef std::int8_t int8;
typedef std::uint8_t uint8;
typedef std::int16_t int16;
typedef std::uint16_t uint16;
typedef std::int32_t int32;
typedef std::uint32_t uint32;
typedef std::int64_t int64;
typedef std::uint64_t uint64;
