#pragma once
// numpy broadcasting of two shapes: aligned at the last axis, each axis equal or 1 in one of them.
#include <optional>
#include <vector>

#include "ir/tensor_type.hpp"

namespace aiem::ir {

// The broadcast shape, or nullopt when the shapes do not broadcast.
std::optional<Shape> broadcast_shapes(const Shape& a, const Shape& b);

// For each flat index of `out`, the flat index of the element of `in` it reads (in broadcast to out).
std::vector<std::int64_t> broadcast_index(const Shape& in, const Shape& out);

}  // namespace aiem::ir
