#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "ir/numeric/rounding.hpp"
#include "ir/ops/lookup_functions.hpp"
#include "ir/passes/passes.hpp"

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

class Resolver {
 public:
  Resolver(Graph& g, Diagnostics& d) : g_(g), d_(d) {}

  void run() {
    for (Node& n : g_.nodes) {
      if (auto* a = std::get_if<DenseAttrs>(&n.attrs)) dense(n, *a);
      if (auto* a = std::get_if<BinaryAttrs>(&n.attrs)) binary(n, *a);
      if (auto* a = std::get_if<LookupAttrs>(&n.attrs)) lookup(n, *a);
      if (n.kind() == OpKind::Relu || n.kind() == OpKind::Binary || n.kind() == OpKind::Lookup) operands_of_offset_codes(n);
    }
  }

 private:
  void dense(Node& n, DenseAttrs& a) {
    // Copies (cheap: the data is shared): adding the aligned bias below grows the value table.
    const Value x = g_.value(n.inputs[0]);
    const Value w = g_.value(n.inputs[1]);
    int acc_frac = x.type.format.frac() + w.type.format.frac();
    num::int128 bound = static_cast<num::int128>(x.type.shape.back()) * max_magnitude(x) * max_magnitude(w);
    if (a.has_bias) {
      Value bias = g_.value(n.inputs[2]);
      auto codes = std::make_shared<std::vector<std::int64_t>>();
      num::int128 bmax = 0;
      for (auto c : *bias.data) {
        // Bias joins the sum at accumulator scale; extra fractional bits go with the bias's own rounding.
        num::int128 aligned = num::shift_round(c, bias.type.format.frac() - acc_frac, bias.type.format.rounding);
        if (aligned > INT64_MAX || aligned < INT64_MIN) {
          d_.error(n.loc, fmt::format("bias of '{}' does not fit a 64-bit accumulator at scale 2^-{}", n.name, acc_frac));
          return;
        }
        codes->push_back(static_cast<std::int64_t>(aligned));
        bmax = std::max<num::int128>(bmax, aligned < 0 ? -aligned : aligned);
      }
      bound += bmax;
      int bits = bits_for(bound) <= 32 ? 32 : 64;
      bias.data = std::move(codes);
      bias.type.format = num::FixedFormat{bits, bits - acc_frac, true, bias.type.format.rounding, num::Overflow::WRAP};
      bias.producer.reset();
      n.inputs[2] = g_.add_value(std::move(bias));
    }
    int need = bits_for(bound);
    if (need > 64) {
      d_.error(n.loc, fmt::format("'{}' can accumulate values of {} bits, beyond the 64-bit accumulator; use "
                                  "narrower types or fewer input features",
                                  n.name, need));
      return;
    }
    // AIE-ML multiplies 16x16-bit operands into 64-bit accumulators; otherwise 32 bits when the bound allows.
    bool wide_operands = x.type.format.container_bits() >= 16 && w.type.format.container_bits() >= 16;
    int bits = (need <= 32 && !wide_operands) ? 32 : 64;
    const Value& y = g_.value(n.outputs[0]);
    // A scale multiplies the accumulator by a 31-bit multiplier, then shifts by shift + fa - fy.
    for (std::size_t j = 0; j < a.scale.size(); ++j) {
      int left = -(a.scale[j].shift + acc_frac - y.type.format.frac());
      if (bits + 32 + std::max(left, 0) > 120) {
        d_.error(n.loc, fmt::format("'{}' scale {} >> {} into {} needs a left shift of {} bits from the accumulator",
                                    n.name, a.scale[j].multiplier, a.scale[j].shift, num::to_string(y.type.format),
                                    left));
        return;
      }
    }
    if (a.scale.empty() && bits + (y.type.format.frac() - acc_frac) > 120) {
      d_.error(n.loc, fmt::format("'{}' output type {} needs a left shift of {} bits from the accumulator", n.name,
                                  num::to_string(y.type.format), y.type.format.frac() - acc_frac));
      return;
    }
    if (a.has_bias) {
      Value& b = g_.value(n.inputs[2]);
      b.type.format.width = bits;
      b.type.format.int_bits = bits - acc_frac;
    }
    a.acc = AccumulatorPlan{bits, acc_frac};
  }

  // The codes of a dense with a zero point are offset (real 0 is code `zero`), so a relu is only
  // right when it is fused into that dense (it then clamps at `zero`); a separate relu would clamp
  // at 0. Elementwise ops and tables read codes as their format's values, so the same holds.
  void operands_of_offset_codes(const Node& n) {
    // A user table is indexed by code, whatever the code stands for.
    if (const auto* l = std::get_if<LookupAttrs>(&n.attrs); l && l->fn == LookupFn::table) return;
    for (std::size_t i = 0; i < n.inputs.size(); ++i) {
      const Value& x = g_.value(n.inputs[i]);
      if (!x.producer) continue;
      const Node& p = g_.nodes[*x.producer];
      const auto* d = std::get_if<DenseAttrs>(&p.attrs);
      if (d == nullptr || d->zero == 0) continue;
      if (n.kind() == OpKind::Relu)
        d_.error(n.loc, fmt::format("relu '{}' cannot be applied on its own to '{}', whose codes are offset by its zero "
                                    "point {}; chain it as '|> relu' with the same result type so that it is fused",
                                    n.name, x.name, d->zero));
      else
        d_.error(n.loc, fmt::format("{} '{}' reads '{}', whose codes are offset by its zero point {}; elementwise ops "
                                    "and tables read codes as values of their type (zero point 0)",
                                    op_label(n.attrs), n.name, x.name, d->zero));
    }
  }

  void binary(Node& n, BinaryAttrs& a) {
    const auto& fa = g_.value(n.inputs[0]).type.format;
    const auto& fb = g_.value(n.inputs[1]).type.format;
    if (a.fn == BinaryFn::mul) {
      a.common_frac = fa.frac() + fb.frac();
      return;
    }
    int f = std::max(fa.frac(), fb.frac());
    int need = std::max(fa.width + f - fa.frac(), fb.width + f - fb.frac()) + 1;
    if (need > 64) {
      d_.error(n.loc, fmt::format("'{}' aligns {} and {} to a common scale that needs {} bits (more than 64)", n.name,
                                  num::to_string(fa), num::to_string(fb), need));
      return;
    }
    a.common_frac = f;
  }

  void lookup(Node& n, LookupAttrs& a) {
    const auto& in = g_.value(n.inputs[0]).type.format;
    const auto& out = g_.value(n.outputs[0]).type.format;
    if (auto why = table_problem(in); !why.empty()) {
      d_.error(n.loc, fmt::format("{} '{}' cannot be a table: {}", lookup_name(a.fn), n.name, why));
      return;
    }
    a.first_code = in.min_code();
    if (a.fn != LookupFn::table) {
      a.table = build_table(a, in, out);
      return;
    }
    const Value& t = g_.value(n.inputs[1]);
    const std::int64_t want = in.max_code() - in.min_code() + 1;
    if (!t.is_constant() || std::int64_t(t.data->size()) != want) {
      d_.error(n.loc, fmt::format("lookup '{}': its table must be a constant of {} entries, one per code of {} ({} .. {})",
                                  n.name, want, num::to_string(in), in.min_code(), in.max_code()));
      return;
    }
    for (std::size_t i = 0; i < t.data->size(); ++i)
      if ((*t.data)[i] < out.min_code() || (*t.data)[i] > out.max_code()) {
        d_.error(n.loc, fmt::format("lookup '{}': table entry {} (for input code {}) is {}, not a code of the result "
                                    "type {}",
                                    n.name, i, in.min_code() + std::int64_t(i), (*t.data)[i], num::to_string(out)));
        return;
      }
    a.table = *t.data;
  }

  Graph& g_;
  Diagnostics& d_;
};

}  // namespace

Graph resolve_quantization(Graph g, Diagnostics& diags) {
  Resolver(g, diags).run();
  return remove_dead_values(std::move(g));
}

}  // namespace aiem::ir
