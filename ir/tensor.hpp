#pragma once
// A tensor's contents: integer codes in row-major order (the real value of code c is c * 2^-frac).
// Codes are held as int64 whatever the format's container, so that every path shares one layout.
#include <cstdint>
#include <vector>

#include "ir/tensor_type.hpp"

namespace aiem::ir {

struct Tensor {
  TensorType type;
  std::vector<std::int64_t> codes;
};

}  // namespace aiem::ir
