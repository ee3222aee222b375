#include "ir/numeric/quantize_linear.hpp"

#include <cfenv>
#include <cmath>

namespace aiem::num {

std::int64_t quantize_linear(double x, const RealInterface& r, const FixedFormat& f) {
  const float q = static_cast<float>(x) / r.scale;  // float32 division, as ONNX Runtime
  // Round half to even in float32: nearbyint under the default rounding mode (to nearest, ties even).
  const float rounded = std::nearbyint(q);
  const double lo = double(f.min_code()) - double(r.zero), hi = double(f.max_code()) - double(r.zero);
  const double clamped = std::fmin(std::fmax(double(rounded), lo), hi);  // saturate before converting
  return static_cast<std::int64_t>(clamped) + r.zero;
}

double dequantize_linear(std::int64_t code, const RealInterface& r) {
  const float d = static_cast<float>(code - r.zero) * r.scale;  // int -> float32, times the float32 scale
  return static_cast<double>(d);
}

}  // namespace aiem::num
