#pragma once
// A tensor's static type: full shape (batch first) and the quantized number format of its elements.
#include <cstdint>
#include <numeric>
#include <string>
#include <vector>

#include "ir/numeric/fixed_format.hpp"

namespace aiem::ir {

using Shape = std::vector<std::int64_t>;

struct TensorType {
  Shape shape;
  num::FixedFormat format;

  std::int64_t elements() const {
    return std::accumulate(shape.begin(), shape.end(), std::int64_t{1}, std::multiplies<>());
  }
  bool operator==(const TensorType&) const = default;
};

std::string to_string(const Shape& s);       // "[8,16]"
std::string to_string(const TensorType& t);  // "fixed<8,3,RND_CONV,SAT>[8,16]"

}  // namespace aiem::ir
