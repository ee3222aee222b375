#include "ir/ops/elementwise/broadcast.hpp"

#include <algorithm>

namespace aiem::ir {

std::optional<Shape> broadcast_shapes(const Shape& a, const Shape& b) {
  const std::size_t r = std::max(a.size(), b.size());
  Shape out(r, 1);
  for (std::size_t i = 0; i < r; ++i) {
    const std::int64_t da = i < r - a.size() ? 1 : a[i - (r - a.size())];
    const std::int64_t db = i < r - b.size() ? 1 : b[i - (r - b.size())];
    if (da != db && da != 1 && db != 1) return std::nullopt;
    out[i] = da == 1 ? db : da;
  }
  return out;
}

std::vector<std::int64_t> broadcast_index(const Shape& in, const Shape& out) {
  const std::size_t r = out.size();
  // Strides of `in` aligned to out's axes; 0 on broadcast axes.
  std::vector<std::int64_t> stride(r, 0);
  std::int64_t s = 1;
  for (std::size_t k = 0; k < in.size(); ++k) {
    const std::size_t ii = in.size() - 1 - k, oi = r - 1 - k;
    stride[oi] = in[ii] == 1 ? 0 : s;
    s *= in[ii];
  }
  std::int64_t total = 1;
  for (auto d : out) total *= d;
  std::vector<std::int64_t> idx(std::size_t(total), 0);
  std::vector<std::int64_t> pos(r, 0);
  std::int64_t at = 0;
  for (std::int64_t f = 0; f < total; ++f) {
    idx[std::size_t(f)] = at;
    for (std::size_t k = r; k-- > 0;) {
      ++pos[k];
      at += stride[k];
      if (pos[k] < out[k]) break;
      at -= stride[k] * pos[k];
      pos[k] = 0;
    }
  }
  return idx;
}

}  // namespace aiem::ir
