#include "ir/ops/elementwise/lookup_functions.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "ir/diag/diagnostic.hpp"
#include "ir/limits.hpp"
#include "ir/numeric/requantize.hpp"

namespace aiem::ir {

double lookup_function(const LookupAttrs& a, double x) {
  auto sigmoid = [](double v) { return 1.0 / (1.0 + std::exp(-v)); };
  auto relu6 = [](double v) { return std::min(std::max(v, 0.0), 6.0); };
  switch (a.fn) {
    case LookupFn::sigmoid: return sigmoid(x);
    case LookupFn::tanh: return std::tanh(x);
    case LookupFn::gelu: return 0.5 * x * (1.0 + std::erf(x / std::sqrt(2.0)));
    case LookupFn::silu: return x * sigmoid(x);
    case LookupFn::exp: return std::exp(x);
    case LookupFn::hardsigmoid: return std::min(std::max(a.alpha * x + a.beta, 0.0), 1.0);
    case LookupFn::hardswish: return x * relu6(x + 3.0) / 6.0;
    case LookupFn::relu6: return relu6(x);
    case LookupFn::leaky_relu: return x >= 0 ? x : a.alpha * x;
    case LookupFn::clip: return std::min(std::max(x, a.lo), a.hi);
    case LookupFn::table: break;
  }
  throw InternalError("lookup_function: a user table has no function");
}

std::string table_problem(const num::FixedFormat& in) {
  if (in.width <= limits::kTableInputBits) return {};
  return fmt::format("its input {} has {} bits; a lookup table covers inputs of at most {} bits ({} entries); "
                     "convert the input to a narrower type first",
                     num::to_string(in), in.width, limits::kTableInputBits, 1 << limits::kTableInputBits);
}

std::vector<std::int64_t> build_table(const LookupAttrs& a, const num::FixedFormat& in, const num::FixedFormat& out) {
  std::vector<std::int64_t> t;
  t.reserve(std::size_t(in.max_code() - in.min_code() + 1));
  // Beyond any 64-bit code at any scale, so the result format's overflow mode decides.
  const double big = 1e300;
  for (std::int64_t c = in.min_code(); c <= in.max_code(); ++c) {
    double y = lookup_function(a, num::dequantize(c, in));
    if (std::isnan(y)) y = 0;
    t.push_back(num::quantize_real(std::clamp(y, -big, big), out));
  }
  return t;
}

}  // namespace aiem::ir
