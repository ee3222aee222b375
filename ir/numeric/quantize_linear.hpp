#pragma once
// ONNX's QuantizeLinear / DequantizeLinear for a model's real-valued interface (an input or output
// declared `@real(scale: S, zero: Z)`), computed exactly as ONNX Runtime computes them: in float32.
//   code = saturate(round_half_even(float32(x) / S) + Z)     (S a float32, saturation to the code type)
//   real = float32(float32(code - Z) * S)
// so a float input an ONNX model takes gives the codes ONNX Runtime's QuantizeLinear gives, and
// dequantized outputs are ONNX Runtime's DequantizeLinear outputs bit for bit.
#include <cstdint>

#include "ir/numeric/fixed_format.hpp"

namespace aiem::num {

struct RealInterface {
  float scale = 1.0f;     // > 0, finite
  std::int64_t zero = 0;  // a code of the tensor's type
  bool operator==(const RealInterface&) const = default;
};

// `x` must be finite (callers report NaN/inf with their location). Saturates to `f`'s code range.
std::int64_t quantize_linear(double x, const RealInterface& r, const FixedFormat& f);
double dequantize_linear(std::int64_t code, const RealInterface& r);

}  // namespace aiem::num
