#pragma once
// The bounds aiemc puts on its inputs, so that a hostile or mistaken model is refused with a
// located message in bounded time and memory instead of exhausting the stack, the memory or the
// user's patience (docs/language.md, "Limits"). Each is far above what an AIE array can hold.
#include <cstdint>

namespace aiem::limits {

inline constexpr int kNesting = 200;                      // ( [ { nested in one file
inline constexpr int kImportDepth = 64;                   // a chain of imports
inline constexpr int kFiles = 1024;                       // files loaded by one model
inline constexpr std::int64_t kBlockInstances = 10'000;   // block uses expanded, in all
inline constexpr std::int64_t kBatch = 65'536;            // a model's batch
inline constexpr std::int64_t kLayers = 10'000;           // ops in one model
inline constexpr std::int64_t kTensorElements = std::int64_t(1) << 28;  // per tensor (a batch, weights)
// A constant the ONNX importer computes by folding (shape arithmetic, ConstantOfShape, a Concat
// of constants): a few bytes of a file must not make gigabytes.
inline constexpr std::int64_t kFoldedElements = std::int64_t(1) << 20;
inline constexpr std::uint64_t kArchiveBytes = std::uint64_t(1) << 31;  // a .npz, decompressed, in all
inline constexpr int kDeviceColumns = 1024;              // a device catalog's array
inline constexpr int kDeviceRows = 64;
inline constexpr int kTableInputBits = 12;              // a lookup table's input width (4096 entries)
inline constexpr std::int64_t kWindowSize = 1024;       // a conv's or pool's kernel, stride, dilation, padding per axis
// A conv's or pool's work: results x window elements (x channels per group), what the interpreter
// computes one by one (about a minute at its worst).
inline constexpr std::int64_t kWindowWork = std::int64_t(1) << 34;

}  // namespace aiem::limits
