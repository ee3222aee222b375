#pragma once
// The AIE scalar type names (int8 ... uint64) and accumulator tags (acc32 ... acc64) that kernel and
// graph code use unqualified. On hardware the kernel compiler provides them and ADF declares them for
// the graph front end (kernel prototypes name input_cascade<acc32> in graph-visible headers); here
// adf.h and the AIE API both include this one definition.
#include <cstdint>

typedef std::int8_t int8;
typedef std::uint8_t uint8;
typedef std::int16_t int16;
typedef std::uint16_t uint16;
typedef std::int32_t int32;
typedef std::uint32_t uint32;
// 64-bit scalars exist on the ADF side (UG1603 "Stream and Cascade Data Types": input_stream<int64>),
// but not as AIE API vector elements (aie_api declares no int64).
typedef std::int64_t int64;
typedef std::uint64_t uint64;

// Accumulator tags: the number is the minimum number of accumulation bits requested. AIE-ML has two
// native integer widths, 32 and 64, so acc40/48/56 are stored (and wrap) as 64-bit lanes.
struct acc32 {};
struct acc40 {};
struct acc48 {};
struct acc56 {};
struct acc64 {};
