#include "ir/ops/elementwise/onnx_functions.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "dsl/import/onnx/import_error.hpp"

namespace aiem::onnx_import {
namespace {

float float_attribute(const onnx::NodeProto& n, const std::string& name, float def) {
  for (const auto& a : n.attribute())
    if (a.name() == name) return a.f();
  return def;
}

std::string string_attribute(const onnx::NodeProto& n, const std::string& name, const std::string& def) {
  for (const auto& a : n.attribute())
    if (a.name() == name) return a.s();
  return def;
}

float sigmoid(float x) { return float(1.0 / (1.0 + std::exp(-double(x)))); }

}  // namespace

const std::vector<std::string>& unary_function_types() {
  static const std::vector<std::string> ops = {"Sigmoid", "Tanh",     "Relu", "Clip", "LeakyRelu", "HardSigmoid",
                                               "HardSwish", "Elu",    "Exp",  "Softplus", "Gelu", "Neg",
                                               "Abs",     "Erf",      "Sqrt", "Log"};
  return ops;
}

bool is_unary_function(const std::string& op) {
  const auto& ops = unary_function_types();
  return std::find(ops.begin(), ops.end(), op) != ops.end();
}

UnaryFn unary_function(const onnx::NodeProto& n, std::optional<float> lo, std::optional<float> hi) {
  const std::string& op = n.op_type();
  if (op == "Sigmoid") return sigmoid;
  if (op == "Tanh") return [](float x) { return std::tanh(x); };
  if (op == "Relu") return [](float x) { return std::max(x, 0.0f); };
  if (op == "Neg") return [](float x) { return -x; };
  if (op == "Abs") return [](float x) { return std::fabs(x); };
  if (op == "Exp") return [](float x) { return std::exp(x); };
  if (op == "Erf") return [](float x) { return std::erf(x); };
  if (op == "Sqrt") return [](float x) { return std::sqrt(x); };
  if (op == "Log") return [](float x) { return std::log(x); };
  if (op == "Softplus") return [](float x) { return std::log1p(std::exp(x)); };
  if (op == "Clip") {
    const float a = lo.value_or(-std::numeric_limits<float>::infinity());
    const float b = hi.value_or(std::numeric_limits<float>::infinity());
    return [a, b](float x) { return std::min(std::max(x, a), b); };
  }
  if (op == "LeakyRelu") {
    const float alpha = float_attribute(n, "alpha", 0.01f);
    return [alpha](float x) { return x >= 0 ? x : alpha * x; };
  }
  if (op == "Elu") {
    const float alpha = float_attribute(n, "alpha", 1.0f);
    return [alpha](float x) { return x >= 0 ? x : alpha * std::expm1(x); };
  }
  if (op == "HardSigmoid") {
    const float alpha = float_attribute(n, "alpha", 0.2f), beta = float_attribute(n, "beta", 0.5f);
    return [alpha, beta](float x) { return std::min(std::max(alpha * x + beta, 0.0f), 1.0f); };
  }
  if (op == "HardSwish") return [](float x) { return x * std::min(std::max(x / 6.0f + 0.5f, 0.0f), 1.0f); };
  if (op == "Gelu") {
    if (string_attribute(n, "approximate", "none") == "tanh")
      return [](float x) {
        const double v = x;
        return float(0.5 * v * (1.0 + std::tanh(std::sqrt(2.0 / M_PI) * (v + 0.044715 * v * v * v))));
      };
    return [](float x) { return float(0.5 * double(x) * (1.0 + std::erf(double(x) / std::sqrt(2.0)))); };
  }
  throw ImportError(fmt::format("node '{}' ({})", n.name(), op), "is not a unary function aiemc tabulates");
}

std::vector<std::int64_t> unary_table(const std::vector<UnaryFn>& f, const Quantizer& in, const Quantizer& out) {
  std::vector<std::int64_t> t;
  for (std::int64_t c = in.min_code(); c <= in.max_code(); ++c) {
    float x = float(c - in.zero_of(0)) * in.scale_of(0);  // DequantizeLinear, in float32
    for (const auto& fn : f) x = fn(x);
    if (std::isnan(x)) x = 0;
    t.push_back(out.quantize(x, 0));
  }
  return t;
}

}  // namespace aiem::onnx_import
