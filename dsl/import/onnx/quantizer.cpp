#include "dsl/import/onnx/quantizer.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace aiem::onnx_import {

std::int64_t Quantizer::min_code() const {
  if (!is_signed) return 0;
  return -(std::int64_t{1} << (bits - 1)) + (narrow ? 1 : 0);
}

std::int64_t Quantizer::max_code() const {
  if (!is_signed) return (std::int64_t{1} << bits) - 1 - (narrow ? 1 : 0);
  return (std::int64_t{1} << (bits - 1)) - 1;
}

bool Quantizer::same_numbers(const Quantizer& o) const {
  return scale == o.scale && zero == o.zero && bits == o.bits && is_signed == o.is_signed && narrow == o.narrow &&
         rounding == o.rounding && (scale.size() == 1 || axis == o.axis);
}

std::int64_t Quantizer::quantize(float x, std::size_t channel) const {
  // Float32 arithmetic on purpose: this is how both definitions are written and run.
  float t = x / scale_of(channel);
  double r = 0;
  if (flavor == Flavor::Qdq) {
    r = std::nearbyint(t) + static_cast<double>(zero_of(channel));  // default rounding mode: half to even
  } else {
    float u = t + static_cast<float>(zero_of(channel));
    switch (rounding) {
      case num::Rounding::TRN: r = std::floor(u); break;
      default: r = std::nearbyint(u); break;
    }
  }
  // NaN has no code; callers refuse NaN constants with a located error, this keeps it defined.
  if (std::isnan(r)) r = static_cast<double>(zero_of(channel));
  return static_cast<std::int64_t>(std::clamp(r, static_cast<double>(min_code()), static_cast<double>(max_code())));
}

std::string Quantizer::describe() const {
  std::string type = bits == 8 || bits == 16 || bits == 32 ? fmt::format("{}int{}", is_signed ? "" : "u", bits)
                                                           : fmt::format("{} {}-bit", is_signed ? "signed" : "unsigned", bits);
  if (per_channel()) return fmt::format("{}, {} per-channel scales (axis {})", type, scale.size(), axis);
  return fmt::format("{}, scale {}, zero point {}", type, scale[0], zero[0]);
}

}  // namespace aiem::onnx_import
