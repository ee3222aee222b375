// Quantization resolution of dense: the accumulator's width (32 or 64 bits) proved from the operand
// ranges, and the bias moved to accumulator scale.
#include <algorithm>
#include <fmt/format.h>

#include "ir/diag/diagnostic.hpp"
#include "ir/graph.hpp"
#include "ir/numeric/int128.hpp"
#include "ir/numeric/rounding.hpp"

namespace aiem::ir {
namespace {

// Largest |code| a value can hold: from its data for constants, from its format otherwise.
num::int128 max_magnitude(const Value& v) {
  if (v.is_constant()) {
    num::int128 m = 0;
    for (auto c : *v.data) m = std::max<num::int128>(m, c < 0 ? -static_cast<num::int128>(c) : c);
    return m;
  }
  const auto& f = v.type.format;
  return std::max<num::int128>(-static_cast<num::int128>(f.min_code()), f.max_code());
}

int bits_for(num::int128 magnitude) {  // signed bits needed to hold +-magnitude
  int bits = 1;
  while (magnitude > 0) {
    magnitude >>= 1;
    ++bits;
  }
  return bits;
}

}  // namespace

std::optional<AccumulatorPlan> resolve_accumulator(Graph& g, Node& n, std::int64_t terms, bool has_bias,
                                                  const std::vector<num::ScaleMultiplier>& scale, Diagnostics& diags) {
  // Copies (cheap: the data is shared): adding the aligned bias below grows the value table.
  const Value x = g.value(n.inputs[0]);
  const Value w = g.value(n.inputs[1]);
  int acc_frac = x.type.format.frac() + w.type.format.frac();
  num::int128 bound = static_cast<num::int128>(terms) * max_magnitude(x) * max_magnitude(w);
  if (has_bias) {
    Value bias = g.value(n.inputs[2]);
    auto codes = std::make_shared<std::vector<std::int64_t>>();
    num::int128 bmax = 0;
    for (auto c : *bias.data) {
      // Bias joins the sum at accumulator scale; extra fractional bits go with the bias's own rounding.
      num::int128 aligned = num::shift_round(c, bias.type.format.frac() - acc_frac, bias.type.format.rounding);
      if (aligned > INT64_MAX || aligned < INT64_MIN) {
        diags.error(n.loc, fmt::format("bias of '{}' does not fit a 64-bit accumulator at scale 2^-{}", n.name, acc_frac));
        return std::nullopt;
      }
      codes->push_back(static_cast<std::int64_t>(aligned));
      bmax = std::max<num::int128>(bmax, aligned < 0 ? -aligned : aligned);
    }
    bound += bmax;
    int bits = bits_for(bound) <= 32 ? 32 : 64;
    bias.data = std::move(codes);
    bias.type.format = num::FixedFormat{bits, bits - acc_frac, true, bias.type.format.rounding, num::Overflow::WRAP};
    bias.producer.reset();
    n.inputs[2] = g.add_value(std::move(bias));
  }
  int need = bits_for(bound);
  if (need > 64) {
    diags.error(n.loc, fmt::format("'{}' can accumulate values of {} bits, beyond the 64-bit accumulator; use "
                                "narrower types or fewer input features",
                                n.name, need));
    return std::nullopt;
  }
  // AIE-ML multiplies 16x16-bit operands into 64-bit accumulators; otherwise 32 bits when the bound allows.
  bool wide_operands = x.type.format.container_bits() >= 16 && w.type.format.container_bits() >= 16;
  int bits = (need <= 32 && !wide_operands) ? 32 : 64;
  const Value& y = g.value(n.outputs[0]);
  // A scale multiplies the accumulator by a 31-bit multiplier, then shifts by shift + fa - fy.
  for (std::size_t j = 0; j < scale.size(); ++j) {
    int left = -(scale[j].shift + acc_frac - y.type.format.frac());
    if (bits + 32 + std::max(left, 0) > 120) {
      diags.error(n.loc, fmt::format("'{}' scale {} >> {} into {} needs a left shift of {} bits from the accumulator",
                                  n.name, scale[j].multiplier, scale[j].shift, num::to_string(y.type.format),
                                  left));
      return std::nullopt;
    }
  }
  if (scale.empty() && bits + (y.type.format.frac() - acc_frac) > 120) {
    diags.error(n.loc, fmt::format("'{}' output type {} needs a left shift of {} bits from the accumulator", n.name,
                                num::to_string(y.type.format), y.type.format.frac() - acc_frac));
    return std::nullopt;
  }
  if (has_bias) {
    Value& b = g.value(n.inputs[2]);
    b.type.format.width = bits;
    b.type.format.int_bits = bits - acc_frac;
  }
  return AccumulatorPlan{bits, acc_frac};
}

void resolve_quantization(Graph& g, Node& n, DenseAttrs& a, Diagnostics& diags) {
  a.acc = resolve_accumulator(g, n, g.value(n.inputs[0]).type.shape.back(), a.has_bias, a.scale, diags);
}


// The exact sum at fa + fb fractional bits fits 63 bits for any codes (K·max|a|·max|b|).
void resolve_quantization(Graph& g, Node& n, MatMulAttrs&, Diagnostics& diags) {
  const auto& fa = g.value(n.inputs[0]).type.format;
  const auto& fb = g.value(n.inputs[1]).type.format;
  const std::int64_t k = g.value(n.inputs[0]).type.shape.back();
  const num::int128 bound = num::int128(k) * std::max(-num::int128(fa.min_code()), num::int128(fa.max_code())) *
                            std::max(-num::int128(fb.min_code()), num::int128(fb.max_code()));
  if (bound >= (num::int128(1) << 62))
    diags.error(n.loc, fmt::format("matmul '{}': a sum of {} products of {} and {} can exceed 62 bits", n.name, k,
                                   num::to_string(fa), num::to_string(fb)));
}

}  // namespace aiem::ir
