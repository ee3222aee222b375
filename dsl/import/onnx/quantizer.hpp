#pragma once
// A quantizer as ONNX describes one: real = (code - zero_point) * scale, codes of `bits` bits,
// per tensor or per channel along `axis`. QDQ models state it with QuantizeLinear /
// DequantizeLinear, QONNX models with Quant (which adds narrow ranges and rounding modes).
#include <cstdint>
#include <string>
#include <vector>

#include "ir/numeric/fixed_format.hpp"

namespace aiem::onnx_import {

enum class Flavor { Qdq, Qonnx };

struct Quantizer {
  Flavor flavor = Flavor::Qdq;
  std::vector<float> scale;         // one entry, or one per channel
  std::vector<std::int64_t> zero;   // as many as scale
  int axis = -1;                    // the channel axis of a per-channel quantizer
  int bits = 8;
  bool is_signed = true;
  bool narrow = false;              // QONNX: the most negative (signed) or largest (unsigned) code is unused
  num::Rounding rounding = num::Rounding::RND_CONV;  // QuantizeLinear: round half to even
  std::string node;                 // the ONNX node that defines it, for messages

  bool per_channel() const { return scale.size() > 1; }
  float scale_of(std::size_t c) const { return scale.size() == 1 ? scale[0] : scale.at(c); }
  std::int64_t zero_of(std::size_t c) const { return zero.size() == 1 ? zero[0] : zero.at(c); }
  std::int64_t min_code() const;
  std::int64_t max_code() const;
  // Same codes for the same reals (the defining node does not matter).
  bool same_numbers(const Quantizer& o) const;
  // A float constant to its code, as the defining op computes it in float32:
  //   QuantizeLinear: saturate(round_half_even(x / scale) + zero_point)
  //   Quant:          clip(round_mode(x / scale + zero_point), min, max)
  std::int64_t quantize(float x, std::size_t channel) const;
  std::string describe() const;  // "uint8, scale 0.0288, zero point 137"
};

}  // namespace aiem::onnx_import
