#include "ir/ops/dense/onnx_dense_lowering.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "dsl/import/onnx/dyadic.hpp"
#include "dsl/import/onnx/import_error.hpp"
#include "ir/ops/shape_rules.hpp"

namespace aiem::onnx_import {
std::optional<int> pow2_exponent(float s) {
  Dyadic d = Dyadic::from_double(s);
  if (!d.is_power_of_two()) return std::nullopt;
  return d.exponent();
}

namespace {

using num::int128;

// Fractional bits of a weight quantizer: a single power-of-two scale goes into the format.
int weight_frac(const Quantizer& q) {
  if (q.per_channel()) {
    for (float s : q.scale)
      if (s != q.scale[0]) return 0;
  }
  auto e = pow2_exponent(q.scale[0]);
  return e ? -*e : 0;
}

num::FixedFormat code_format(int width, int frac) {
  if (frac == 0 && (width == 8 || width == 16 || width == 32)) return num::int_format(width, true);
  return num::FixedFormat{width, width - frac, true, num::Rounding::TRN, num::Overflow::WRAP};
}

int signed_bits(int128 lo, int128 hi) {
  int bits = 2;
  while (lo < -(static_cast<int128>(1) << (bits - 1)) || hi > (static_cast<int128>(1) << (bits - 1)) - 1) ++bits;
  return bits;
}

class DenseLowering {
 public:
  DenseLowering(ir::Graph& g, const std::string& name, const Accumulation& a, const Quantizer& out,
                const std::string& qnode)
      : g_(g), name_(name), a_(a), out_(out), qnode_(qnode) {}

  ir::ValueId run() {
    const ir::Value& xv = g_.value(*a_.x.value);
    K_ = a_.w.codes.dims[0];
    N_ = a_.w.codes.dims[1];
    const std::int64_t features = a_.conv ? K_ / a_.conv->window.positions() * a_.conv->groups : K_;
    if (xv.type.shape.back() != features)
      throw ImportError(where(a_.node), fmt::format("inconsistent shapes: the input has {} features but the weights "
                                                    "have shape [{}, {}] ({} input features)",
                                                    xv.type.shape.back(), K_, N_, K_));
    check_output_quantizer();
    fx_ = xv.type.format.frac();
    fw_ = weight_frac(a_.w.q);
    yf_ = activation_format(out_, where(qnode_));
    weights();
    bool rescaled = factors();
    bias();
    return emit(rescaled);
  }

 private:
  static std::string where(const std::string& node) { return fmt::format("node '{}'", node); }

  void check_output_quantizer() {
    if (out_.per_channel())
      throw ImportError(where(qnode_), "per-channel activation quantizers are not supported (only weights may be per channel)");
    if (out_.narrow)
      throw ImportError(where(qnode_), "narrow-range activation quantizers are not supported (narrow=1 on an activation)");
    if (out_.flavor == Flavor::Qonnx && out_.zero[0] != 0)
      throw ImportError(where(qnode_), fmt::format("QONNX activation zero point {} is not supported (Quant adds it "
                                                   "before rounding; only 0 is exact here)",
                                                   out_.zero[0]));
    if (a_.x.q.per_channel()) throw ImportError(where(a_.node), "the input of a dense layer has per-channel scales");
  }

  // Weight codes [K, N] with their zero points removed: w' = w - zero_w[n].
  void weights() {
    w_.resize(static_cast<std::size_t>(K_ * N_));
    for (std::int64_t k = 0; k < K_; ++k)
      for (std::int64_t n = 0; n < N_; ++n) {
        auto i = static_cast<std::size_t>(k * N_ + n);
        w_[i] = a_.w.codes.ints[i] - a_.w.q.zero_of(static_cast<std::size_t>(n));
      }
  }

  Dyadic exact(float v) const { return Dyadic::from_double(v); }

  std::optional<Dyadic> bn_slope(std::size_t n) const {  // gamma / sqrt(var + eps)
    const BatchNorm& bn = *a_.bn;
    auto v = exact(bn.var.reals[n]) + exact(bn.epsilon);
    if (!v) return std::nullopt;
    auto root = v->sqrt();
    if (!root) return std::nullopt;
    return exact(bn.gamma.reals[n]).divide(*root);
  }

  [[noreturn]] void bn_error(std::size_t n, const std::string& why) const {
    throw ImportError(where(a_.bn->node), fmt::format("BatchNormalization cannot be folded exactly into the dense layer "
                                                      "'{}' (channel {}): {}",
                                                      a_.node, n, why));
  }

  // Per output unit: factor F_n = s_x * s_w[n] (* bn slope) / s_y, times 2^(fx + fw - fy) because
  // the formats already carry the power-of-two parts. Returns whether any F_n differs from 1.
  bool factors() {
    float sx = a_.x.q.scale[0];
    float sy = out_.scale[0];
    Dyadic to_formats = Dyadic::pow2(fx_ + fw_ - yf_.frac());
    factor_.resize(static_cast<std::size_t>(N_));
    bool rescaled = false;
    // Trained statistics: gamma / sqrt(var + eps) is irrational for some channel. ONNX Runtime
    // computes it in float; here every channel's factor is rounded to a multiple of one 2^-S, the
    // largest with 31 significant bits (one shift for the layer, as the datapath applies it).
    // docs/import.md states the measured agreement with ONNX Runtime.
    std::vector<long double> approx;
    int approx_shift = 0;
    if (a_.bn)
      for (std::size_t n = 0; n < static_cast<std::size_t>(N_) && !approximate_; ++n) approximate_ = !bn_slope(n);
    if (approximate_) {
      long double top = 0;
      for (std::size_t n = 0; n < static_cast<std::size_t>(N_); ++n) {
        const BatchNorm& bn = *a_.bn;
        const long double slope = (long double)bn.gamma.reals[n] / std::sqrt((long double)bn.var.reals[n] + bn.epsilon);
        if (slope == 0 || !std::isfinite(slope)) bn_error(n, "gamma / sqrt(var + epsilon) is 0 or not finite");
        approx.push_back((long double)sx * a_.w.q.scale_of(n) * slope / sy * std::ldexp(1.0L, fx_ + fw_ - yf_.frac()));
        top = std::max(top, std::fabs(approx.back()));
      }
      approx_shift = 30 - std::ilogb(top);
    }
    for (std::size_t n = 0; n < static_cast<std::size_t>(N_); ++n) {
      float sw = a_.w.q.scale_of(n);
      std::optional<Dyadic> f;
      if (out_.flavor == Flavor::Qdq && !a_.bn) {
        // ONNX Runtime's integer kernels requantize with this float32 constant (product, then
        // quotient); it is a dyadic with a 24-bit mantissa, so the multiplier holds it exactly.
        float ratio = (sx * sw) / sy;
        f = Dyadic::from_double(ratio) * to_formats;
      } else if (approximate_) {
        f = Dyadic::from_double(double(std::ldexp(std::round(std::ldexp(approx[n], approx_shift)), -approx_shift)));
      } else {
        auto r = exact(sx) * exact(sw);
        if (r && a_.bn) {
          auto slope = bn_slope(n);
          if (slope->is_zero()) bn_error(n, "gamma is 0");
          r = *r * *slope;
        }
        if (r) r = r->divide(exact(sy));
        if (r) r = *r * to_formats;
        if (!r) {
          if (a_.bn) bn_error(n, fmt::format("the folded rescale factor s_x * s_w * slope / s_y is not exactly representable"));
          throw ImportError(where(qnode_),
                            fmt::format("the requantization factor s_x * s_w / s_y = {} * {} / {} is not an exact binary "
                                        "fraction; QONNX scales must give an exact ratio (powers of two always do)",
                                        sx, sw, sy));
        }
        f = r;
      }
      if (!f || f->is_zero())
        throw ImportError(where(qnode_), fmt::format("output unit {} has a zero or unrepresentable scale factor", n));
      if (f->is_negative()) {  // a negative BatchNormalization slope: negate the unit's weights and bias
        negate_.push_back(n);
        f = f->negate();
      }
      if (f->mantissa() > INT32_MAX)
        throw ImportError(where(a_.bn ? a_.bn->node : qnode_),
                          fmt::format("output unit {} needs a rescale factor {} with more than 31 significant bits", n,
                                      f->to_string()));
      // The .aiem syntax holds shifts -64..127 (`scale: M >> S`): refuse here what check would
      // refuse in the written model (whatever import writes, check accepts).
      if (-f->exponent() < -64 || -f->exponent() > 127)
        throw ImportError(where(a_.bn ? a_.bn->node : qnode_),
                          fmt::format("output unit {} needs a rescale factor {} (shift {}), beyond the shifts -64..127 "
                                      "aiemc represents (the scales of x, w and y are too far apart)",
                                      n, f->to_string(), -f->exponent()));
      factor_[n] = {static_cast<std::int32_t>(f->mantissa()), -f->exponent()};
      if (!(f->mantissa() == 1 && f->exponent() == 0)) rescaled = true;
    }
    return rescaled;
  }

  // Bias in accumulator units (x code * w code): the model's bias, BatchNormalization's shift,
  // and the input zero point: sum_k (x - zx) w' = sum_k x w' - zx sum_k w'.
  void bias() {
    float sx = a_.x.q.scale[0];
    b_.assign(static_cast<std::size_t>(N_), 0);
    has_bias_ = a_.float_bias || a_.int_bias || a_.bn || a_.x.q.zero[0] != 0;
    for (std::size_t n = 0; n < static_cast<std::size_t>(N_); ++n) {
      float sw = a_.w.q.scale_of(n);
      int128 b = 0;
      std::optional<Dyadic> acc_unit = exact(sx) * exact(sw);
      if (a_.int_bias) {
        const QTensor& ib = *a_.int_bias;
        // The int32 bias must be at the accumulator's scale, as ONNX Runtime's quantizer writes it.
        if (ib.q.scale_of(n) != sx * sw || ib.q.zero_of(n) != 0)
          throw ImportError(where(ib.q.node),
                            fmt::format("bias of '{}' (unit {}) has scale {} and zero point {}; an int32 bias must have "
                                        "scale s_x * s_w = {} and zero point 0",
                                        a_.node, n, ib.q.scale_of(n), ib.q.zero_of(n), sx * sw));
        b = ib.codes.ints[n];
      } else if (a_.float_bias) {
        auto q = exact(a_.float_bias->reals[n]).divide(*acc_unit);
        auto v = q ? q->to_integer() : std::nullopt;
        if (!v)
          throw ImportError(where(a_.node),
                            fmt::format("float bias {} of unit {} is not a multiple of the accumulator step s_x * s_w = "
                                        "{} * {}; quantize it to int32 (DequantizeLinear), as ONNX Runtime's quantizer does",
                                        a_.float_bias->reals[n], n, sx, sw));
        b = *v;
      }
      if (a_.bn && approximate_) {
        // beta - slope * mean in accumulator units, rounded to the nearest integer.
        const BatchNorm& bn = *a_.bn;
        const long double slope = (long double)bn.gamma.reals[n] / std::sqrt((long double)bn.var.reals[n] + bn.epsilon);
        const long double v = ((long double)bn.beta.reals[n] - slope * bn.mean.reals[n]) / (slope * sx * sw);
        if (!std::isfinite(v) || std::fabs(v) > 2e9)
          bn_error(n, "its shift beta - slope * mean does not fit 32 bits at accumulator scale");
        b += static_cast<int128>(std::llround(v));
      } else if (a_.bn) {
        auto slope = bn_slope(n);
        auto shift = slope ? *slope * exact(a_.bn->mean.reals[n]) : std::nullopt;
        auto c = shift ? exact(a_.bn->beta.reals[n]) - *shift : std::nullopt;  // beta - slope * mean
        auto unit = slope ? *slope * *acc_unit : std::nullopt;
        auto in_acc = c && unit ? c->divide(*unit) : std::nullopt;
        auto v = in_acc ? in_acc->to_integer() : std::nullopt;
        if (!v)
          bn_error(n, fmt::format("its shift beta - slope * mean = {} - {} * {} is not a multiple of the accumulator "
                                  "step (s_x * s_w * slope)",
                                  a_.bn->beta.reals[n], slope ? slope->to_double() : 0.0, a_.bn->mean.reals[n]));
        b += *v;
      }
      int128 wsum = 0;
      for (std::int64_t k = 0; k < K_; ++k) wsum += w_[static_cast<std::size_t>(k * N_) + n];
      b -= static_cast<int128>(a_.x.q.zero[0]) * wsum;
      if (b > INT32_MAX || b < INT32_MIN)
        throw ImportError(where(a_.node), fmt::format("bias of unit {} does not fit 32 bits at accumulator scale", n));
      b_[n] = static_cast<std::int64_t>(b);
    }
    for (std::size_t n : negate_) {
      b_[n] = -b_[n];
      for (std::int64_t k = 0; k < K_; ++k) w_[static_cast<std::size_t>(k * N_) + n] *= -1;
    }
  }

  ir::ValueId emit(bool rescaled) {
    auto [lo, hi] = std::minmax_element(w_.begin(), w_.end());
    int wbits = std::max(a_.w.q.bits, signed_bits(*lo, *hi));
    num::FixedFormat wf = code_format(wbits, fw_);
    ir::Value w;
    w.name = name_ + ".w";
    w.type = {{K_, N_}, wf};
    if (a_.conv) {  // [kernel..., C / groups, N]: the same codes in the same order
      w.type.shape.assign(a_.conv->window.kernel.begin(), a_.conv->window.kernel.end());
      w.type.shape.push_back(K_ / a_.conv->window.positions());
      w.type.shape.push_back(N_);
    }
    w.data = std::make_shared<std::vector<std::int64_t>>(w_);
    ir::Node node;
    node.name = name_;
    node.inputs = {*a_.x.value, g_.add_value(std::move(w))};
    ir::DenseAttrs attrs;
    attrs.units = N_;
    attrs.relu = a_.relu;
    attrs.zero = out_.zero[0];
    if (has_bias_) {
      ir::Value b;
      b.name = name_ + ".b";
      b.type = {{N_}, num::FixedFormat{32, 32 - (fx_ + wf.frac()), true}};
      b.data = std::make_shared<std::vector<std::int64_t>>(b_);
      node.inputs.push_back(g_.add_value(std::move(b)));
      attrs.has_bias = true;
    }
    if (rescaled) {
      bool uniform = std::all_of(factor_.begin(), factor_.end(), [&](const auto& f) { return f == factor_[0]; });
      attrs.scale = uniform ? std::vector<num::ScaleMultiplier>{factor_[0]} : factor_;
    }
    ir::Shape shape = g_.value(*a_.x.value).type.shape;
    shape.back() = N_;
    if (a_.conv) {
      ir::ConvAttrs c = *a_.conv;
      c.has_bias = attrs.has_bias;
      c.relu = attrs.relu;
      c.zero = attrs.zero;
      c.scale = attrs.scale;
      node.attrs = c;
      try {
        shape = ir::infer_shape(g_, node);
      } catch (const ir::OpError& e) {
        throw ImportError(where(a_.node), e.message);
      }
    } else {
      node.attrs = attrs;
    }
    ir::Value y;
    y.name = name_;
    y.type = {shape, yf_};
    ir::ValueId out = g_.add_value(std::move(y));
    node.outputs = {out};
    g_.add_node(std::move(node));
    return out;
  }

  ir::Graph& g_;
  std::string name_;
  const Accumulation& a_;
  const Quantizer& out_;
  std::string qnode_;
  std::int64_t K_ = 0, N_ = 0;
  int fx_ = 0, fw_ = 0;
  num::FixedFormat yf_;
  std::vector<std::int64_t> w_, b_;
  std::vector<num::ScaleMultiplier> factor_;
  std::vector<std::size_t> negate_;
  bool has_bias_ = false;
  bool approximate_ = false;  // a BatchNormalization of trained statistics, folded to 31 bits
};

}  // namespace

num::FixedFormat activation_format(const Quantizer& q, const std::string& where) {
  if (q.bits < 2 || q.bits > 32) throw ImportError(where, fmt::format("{}-bit activations are not supported (2 to 32)", q.bits));
  auto e = pow2_exponent(q.scale[0]);
  int frac = e ? -*e : 0;
  if (q.bits - frac < -64 || q.bits - frac > 96)
    throw ImportError(where, fmt::format("scale {} is out of the range of aiem types", q.scale[0]));
  return num::FixedFormat{q.bits, q.bits - frac, q.is_signed, q.rounding, num::Overflow::SAT};
}

ir::ValueId lower_dense(ir::Graph& g, const std::string& name, const Accumulation& acc, const Quantizer& out,
                        const std::string& quantizer_node) {
  return DenseLowering(g, name, acc, out, quantizer_node).run();
}

}  // namespace aiem::onnx_import
