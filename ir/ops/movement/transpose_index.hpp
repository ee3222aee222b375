#pragma once
// The index arithmetic of a transpose, shared by the interpreter kernel, the AIE backend's
// transpose at the graph edge (InputPlan::arriving) and the fold of a transpose into a dense
// layer's weight rows (ir/passes/fold_flatten_transpose.cpp).
#include <cstddef>
#include <cstdint>
#include <vector>

namespace aiem::ir {

// For each element of transpose(x, perm) in row-major order (axis k of the result is axis perm[k]
// of x), the row-major index in x of the element it holds; x has shape `shape`.
inline std::vector<std::int64_t> transpose_sources(const std::vector<std::int64_t>& shape, const std::vector<int>& perm) {
  const std::size_t r = shape.size();
  std::vector<std::int64_t> xstride(r, 1);
  for (std::size_t k = r; k-- > 1;) xstride[k - 1] = xstride[k] * shape[k];
  std::int64_t n = 1;
  for (auto d : shape) n *= d;
  std::vector<std::int64_t> sources(static_cast<std::size_t>(n));
  std::vector<std::int64_t> pos(r, 0);  // position in the result
  for (std::size_t f = 0; f < sources.size(); ++f) {
    std::int64_t at = 0;
    for (std::size_t k = 0; k < r; ++k) at += pos[k] * xstride[std::size_t(perm[k])];
    sources[f] = at;
    for (std::size_t k = r; k-- > 0;) {
      if (++pos[k] < shape[std::size_t(perm[k])]) break;
      pos[k] = 0;
    }
  }
  return sources;
}

}  // namespace aiem::ir
