#include <fmt/format.h>

#include "backends/reference/interpreter.hpp"
#include "ir/numeric/requantize.hpp"
#include "ir/ops/movement/transpose_index.hpp"
#include "ir/ops/shape_rules.hpp"

namespace aiem::reference {
namespace {

// outer x axis x inner: the flat layout of a row-major tensor around one axis.
struct Around {
  std::int64_t outer = 1, axis = 1, inner = 1;
};
Around around(const ir::Shape& s, int ax) {
  Around r;
  for (int k = 0; k < int(s.size()); ++k) (k < ax ? r.outer : k == ax ? r.axis : r.inner) *= s[std::size_t(k)];
  return r;
}

}  // namespace

// Each input converted to the result type (a no-op when the formats agree), then joined.
ir::Tensor interpret(const ir::Graph& g, const ir::Node& n, const ir::ConcatAttrs& a, const Operands& in) {
  const ir::TensorType& yt = g.value(n.outputs[0]).type;
  const int ax = ir::resolve_axis(a.axis, yt.shape.size());
  const Around y = around(yt.shape, ax);
  ir::Tensor out{yt, std::vector<std::int64_t>(std::size_t(yt.elements()))};
  std::int64_t at = 0;  // position along the axis
  for (const ir::Tensor* t : in) {
    const Around x = around(t->type.shape, ax);
    const bool same = t->type.format == yt.format;
    for (std::int64_t o = 0; o < x.outer; ++o)
      for (std::int64_t k = 0; k < x.axis; ++k)
        for (std::int64_t i = 0; i < x.inner; ++i) {
          const std::int64_t c = t->codes[std::size_t((o * x.axis + k) * x.inner + i)];
          out.codes[std::size_t((o * y.axis + at + k) * y.inner + i)] =
              same ? c : num::requantize(num::int128(c), t->type.format.frac(), yt.format);
        }
    at += x.axis;
  }
  return out;
}

ir::Tensor interpret(const ir::Graph& g, const ir::Node& n, const ir::SliceAttrs& a, const Operands& in) {
  const ir::Tensor& x = *in[0];
  const ir::TensorType& yt = g.value(n.outputs[0]).type;
  const int ax = ir::resolve_axis(a.axis, x.type.shape.size());
  const Around xs = around(x.type.shape, ax), ys = around(yt.shape, ax);
  ir::Tensor out{yt, std::vector<std::int64_t>(std::size_t(yt.elements()))};
  for (std::int64_t o = 0; o < ys.outer; ++o)
    for (std::int64_t k = 0; k < ys.axis; ++k)
      for (std::int64_t i = 0; i < ys.inner; ++i)
        out.codes[std::size_t((o * ys.axis + k) * ys.inner + i)] =
            x.codes[std::size_t((o * xs.axis + a.start + k * a.step) * xs.inner + i)];
  return out;
}

ir::Tensor interpret(const ir::Graph& g, const ir::Node& n, const ir::TransposeAttrs& a,
                         const Operands& in) {
  const ir::Tensor& x = *in[0];
  const ir::TensorType& yt = g.value(n.outputs[0]).type;
  const auto sources = ir::transpose_sources(x.type.shape, a.perm);
  ir::Tensor out{yt, std::vector<std::int64_t>(sources.size())};
  for (std::size_t f = 0; f < sources.size(); ++f) out.codes[f] = x.codes[std::size_t(sources[f])];
  return out;
}

// Row-major order is kept: the codes are the input's.
ir::Tensor interpret(const ir::Graph& g, const ir::Node& n, const ir::ReshapeAttrs&, const Operands& in) {
  return ir::Tensor{g.value(n.outputs[0]).type, in[0]->codes};
}

// Every input element at its place shifted by `before` on each axis, the rest `fill`.
ir::Tensor interpret(const ir::Graph& g, const ir::Node& n, const ir::PadAttrs& a, const Operands& in) {
  const ir::Tensor& x = *in[0];
  const ir::TensorType& yt = g.value(n.outputs[0]).type;
  ir::Tensor y{yt, std::vector<std::int64_t>(std::size_t(yt.elements()), a.fill)};
  const auto& xs = x.type.shape;
  const std::size_t r = xs.size();
  std::vector<std::int64_t> idx(r, 0);  // the input element's index, counted like an odometer
  for (std::size_t i = 0; i < x.codes.size(); ++i) {
    std::int64_t at = 0;
    for (std::size_t k = 0; k < r; ++k) at = at * yt.shape[k] + idx[k] + (k == 0 ? 0 : a.before[k - 1]);
    y.codes[std::size_t(at)] = x.codes[i];
    for (std::size_t k = r; k-- > 0;) {
      if (++idx[k] < xs[k]) break;
      idx[k] = 0;
    }
  }
  return y;
}

}  // namespace aiem::reference
