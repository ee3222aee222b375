// The convolution family on the array. A conv is an im2col re-layout kernel (each output position's
// window of codes as one row, 0 for padding; window.hpp) feeding the dense kernel with the weights
// as a [positions · C, N] matrix: the dense kernel's mmul efficiency and splits, at the cost of the
// re-layout. Its vector form moves a window pixel per 128-bit load and store, its channels padded
// to whole vectors (zero weight rows for the padding); the performance model chooses it when that
// costs less than the scalar moves plus the smaller product. A 1x1 conv of stride 1 without padding
// reads its input directly. Groups are a block-diagonal weight matrix (zeros outside each group's
// block). A pool is one window kernel; a maxpool that keeps its format takes the vector form (in
// pixel pairs for 8-byte pixels under a 2-wide window of stride 2).
// A conv of W stride 1 whose output rows are whole row blocks has a direct form, which the model
// takes where it is faster: no im2col, the dense kernel reading the padded image the memory tile
// makes (LayerPlan::Conv), with the channels in planes of TK (zero weight rows for the padding).
#include <fmt/format.h>

#include <limits>
#include <numeric>
#include <memory>
#include <optional>

#include "backends/aie/perf/kernel_cost.hpp"
#include "ir/ops/conv/aie_bands.hpp"
#include "ir/ops/conv/conv.hpp"
#include "ir/ops/dense/dense_layer.hpp"

namespace aiem::aie {
namespace {

PointwisePlan::Window window_plan(const ir::Geometry2d& q, std::int64_t batch, std::int64_t c) {
  PointwisePlan::Window w;
  w.batch = batch, w.h = q.h, w.w = q.w, w.c = c, w.oh = q.oh, w.ow = q.ow, w.kh = q.kh, w.kw = q.kw, w.sh = q.sh,
  w.sw = q.sw, w.dh = q.dh, w.dw = q.dw, w.ph = q.ph, w.pw = q.pw;
  return w;
}

bool pointwise_direct(const ir::Geometry2d& q) {
  return q.kh == 1 && q.kw == 1 && q.sh == 1 && q.sw == 1 && q.ph == 0 && q.pw == 0 && q.oh == q.h && q.ow == q.w;
}

// [positions][C][N] codes of a grouped conv's [positions][C / G][N] weights: output channel n reads
// the channels of its group, the rest 0.
std::shared_ptr<const std::vector<std::int64_t>> block_diagonal(const std::vector<std::int64_t>& w, std::int64_t positions,
                                                                std::int64_t c, std::int64_t n, std::int64_t groups) {
  const std::int64_t cg = c / groups, ng = n / groups;
  auto out = std::make_shared<std::vector<std::int64_t>>(std::size_t(positions * c * n), 0);
  for (std::int64_t p = 0; p < positions; ++p)
    for (std::int64_t j = 0; j < n; ++j) {
      const std::int64_t g = j / ng;
      for (std::int64_t k = 0; k < cg; ++k)
        (*out)[std::size_t((p * c + g * cg + k) * n + j)] = w[std::size_t((p * cg + k) * n + j)];
    }
  return out;
}

// [positions][cp][N] codes of [positions][c][N] weights: zero rows for the padding channels.
std::shared_ptr<const std::vector<std::int64_t>> pad_channels(const std::vector<std::int64_t>& w, std::int64_t positions,
                                                              std::int64_t c, std::int64_t cp, std::int64_t n) {
  auto out = std::make_shared<std::vector<std::int64_t>>(std::size_t(positions * cp * n), 0);
  for (std::int64_t p = 0; p < positions; ++p)
    for (std::int64_t k = 0; k < c; ++k)
      for (std::int64_t j = 0; j < n; ++j) (*out)[std::size_t((p * cp + k) * n + j)] = w[std::size_t((p * c + k) * n + j)];
  return out;
}

std::int64_t round_up(std::int64_t v, std::int64_t m) { return (v + m - 1) / m * m; }

// The direct form of a conv (no im2col; LayerPlan::Conv), when it has one and the performance
// model finds it faster per output row than the im2col form (`row_c` channels per window pixel,
// `vector`: its re-layout's form): a W stride of 1 and output rows of whole row blocks (an A block
// is TM pixels of one output row), 8- or 16-bit codes. The image holds the source's channel rows
// as the memory tile moves them, whole 32-bit words (columns past c are its padding, met by zero
// weight rows), in planes of TK channels; its rows and columns are those the windows reach.
std::optional<LayerPlan::Conv> direct_form(Planner& p, const ir::Geometry2d& q, std::int64_t batch, std::int64_t c,
                                           std::int64_t n, const ElemType& xt, const ElemType& wt, int acc_bits,
                                           std::int64_t row_c, bool vector, bool banded) {
  if (q.sw != 1 || xt.bits > 16) return std::nullopt;
  // The memory tile pads at most 31 columns (D1) and 15 rows (D2) on each side (resource_check.cpp).
  const std::int64_t right = q.ow + (q.kw - 1) * q.dw - q.pw - q.w;
  const std::int64_t below = (q.oh - 1) * q.sh + (q.kh - 1) * q.dh + 1 - q.ph - q.h;
  if (q.pw > 31 || right > 31 || q.ph > 15 || below > 15) return std::nullopt;
  const std::int64_t M = batch * q.oh * q.ow;
  const auto mt = choose_microtile(p.plan().aie_arch, xt, wt, acc_bits, M);
  if (!mt || q.ow % mt->mt.m != 0) return std::nullopt;
  const std::int64_t cw = round_up(c, xt.per_word()), cd = round_up(cw, mt->mt.k);
  const auto f = perf::conv_form_cycles(q.kh * q.kw, c, row_c, vector, cd, n, mt->mt, xt, wt,
                                        perf::PerfConstants::for_device(p.device()));
  if (f.direct >= f.im2col && !banded) return std::nullopt;
  LayerPlan::Conv v;
  v.h = q.h, v.w = q.w, v.c = cw, v.ph = q.ph, v.pw = q.pw, v.samples = batch;
  auto& im = v.image;
  im.batch = unsigned(batch), im.oh = unsigned(q.oh), im.ow = unsigned(q.ow);
  im.hp = unsigned((q.oh - 1) * q.sh + (q.kh - 1) * q.dh + 1);
  im.wp = unsigned(q.ow + (q.kw - 1) * q.dw);
  im.kh = unsigned(q.kh), im.kw = unsigned(q.kw), im.sh = unsigned(q.sh), im.dh = unsigned(q.dh), im.dw = unsigned(q.dw);
  im.tk = unsigned(mt->mt.k), im.tm = unsigned(mt->mt.m), im.cb = unsigned(cd / mt->mt.k);
  return v;
}

}  // namespace

bool lower(Planner& p, const ir::Node& n, const ir::ConvAttrs& a) {
  const ir::Graph& g = p.graph();
  const ir::Value& x = g.value(n.inputs[0]);
  const ir::Value& w = g.value(n.inputs[1]);
  if (!w.is_constant() || (a.has_bias && !g.value(n.inputs[2]).is_constant())) {
    p.diags().error(n.loc, fmt::format("'{}': the AIE backend needs constant weights and bias", n.name));
    return false;
  }
  const ir::Geometry2d q = ir::geometry(a.window, x.type.shape);
  const std::int64_t batch = x.type.shape[0], c = x.type.shape.back();
  const std::int64_t positions = a.window.positions();
  Source patches = p.source(n.inputs[0]);
  const bool direct = pointwise_direct(q);
  const ElemType xt = container_of(x.type.format);
  const std::int64_t cp = (c + vector_elems(xt) - 1) / vector_elems(xt) * vector_elems(xt);
  const bool vector = !direct && xt.bits <= 16 &&
                      perf::vector_im2col_pays(positions, c, cp, a.channels, xt, container_of(w.type.format),
                                               perf::PerfConstants::for_device(p.device()));
  std::int64_t row_c = vector ? cp : c;  // the channels of a pixel in the window rows
  const auto in_place =
      direct ? std::nullopt
             : direct_form(p, q, batch, c, a.channels, xt, container_of(w.type.format), a.acc->bits, row_c, vector,
                           n.schedule.bands.has_value());
  if (in_place) row_c = std::int64_t(in_place->image.cb * in_place->image.tk);
  if (!direct && !in_place) {
    LayerPlan l = p.new_layer(n, Family::pointwise);
    l.name = n.name + "_im2col";
    l.at.reset();
    l.pw.label = "im2col";
    l.pw.op = PointwisePlan::Op::im2col;
    l.pw.window = window_plan(q, batch, row_c);
    l.pw.window.vector = vector;
    l.a = l.out = xt;
    l.requant.out = x.type.format;
    l.acc_bits = 32;
    l.K = c;
    l.pw.in_rows = batch * q.h * q.w;
    l.N = positions * row_c;
    l.M = batch * q.oh * q.ow;
    l.sources = {patches};
    auto s = add_banded(p, n, q, std::move(l));
    if (!s) return false;
    patches = *s;
  }
  ir::DenseAttrs d;
  d.units = a.channels;
  d.has_bias = a.has_bias;
  d.relu = a.relu;
  d.scale = a.scale;
  d.zero = a.zero;
  d.acc = a.acc;
  DenseOperands o;
  o.M = batch * q.oh * q.ow;
  o.K = positions * row_c;
  o.x = x.type.format;
  o.w = w.type.format;
  std::shared_ptr<const std::vector<std::int64_t>> expanded;
  if (a.groups != 1) expanded = block_diagonal(*w.data, positions, c, a.channels, a.groups);
  if (row_c != c) expanded = pad_channels(expanded ? *expanded : *w.data, positions, c, row_c, a.channels);
  o.w_codes = expanded ? expanded.get() : w.data.get();
  o.b_codes = a.has_bias ? g.value(n.inputs[2]).data.get() : nullptr;
  if (in_place) o.conv = *in_place;
  o.split = false;  // below: a direct form's comes with its bands
  auto l = dense_layer(p, n, d, o);
  if (!l) return false;
  l->w_owned = expanded;
  l->useful_K = positions * c / a.groups;
  l->sources = {patches};
  if (in_place) {
    auto s = add_banded(p, n, q, std::move(*l));
    if (!s) return false;
    p.set_source(n.outputs[0], *s);
    return true;
  }
  if (!choose_split(p, n, *l)) return false;
  auto s = p.add_helper_layer(n, std::move(*l));
  if (!s) return false;
  p.set_source(n.outputs[0], *s);
  return true;
}

bool lower(Planner& p, const ir::Node& n, const ir::PoolAttrs& a) {
  const ir::Value& x = p.graph().value(n.inputs[0]);
  const ir::Value& y = p.graph().value(n.outputs[0]);
  const ir::Geometry2d q = ir::geometry(a.window, x.type.shape);
  LayerPlan l = p.pointwise_layer(n);
  l.pw.op = PointwisePlan::Op::pool;
  l.pw.window = window_plan(q, x.type.shape[0], x.type.shape.back());
  l.pw.window.max = a.fn == ir::PoolFn::max;
  l.pw.window.include_pad = a.count_include_pad;
  l.pw.window.vector = l.pw.window.max && x.type.format == y.type.format && l.a.bits <= 16;
  const std::int64_t pixel_bytes = x.type.shape.back() * l.a.bytes();
  l.pw.window.pairs =
      l.pw.window.vector &&
      aiem_kernels::maxpool_pairs(unsigned(pixel_bytes), unsigned(pixel_bytes), unsigned(pixel_bytes),
                                  l.pw.window.interior(), unsigned(q.w), unsigned(q.ow), unsigned(q.kw), unsigned(q.sw),
                                  unsigned(q.dw));
  const int shift = y.type.format.frac() - x.type.format.frac();
  l.pw.window.up = std::max(shift, 0);
  l.pw.window.down = std::max(-shift, 0);
  l.K = x.type.shape.back();
  l.pw.in_rows = x.type.elements() / l.K;
  if (l.a.bits > 16 || l.out.bits > 16) {
    p.diags().error(n.loc, fmt::format("'{}': the AIE pooling kernel reads and writes 8- and 16-bit codes; this is {} -> {}",
                                       n.name, num::to_string(x.type.format), num::to_string(y.type.format)));
    return false;
  }
  if (x.is_constant()) {
    p.diags().error(n.loc, fmt::format("'{}': its operand '{}' is a constant; the AIE backend takes activations from "
                                       "graph inputs or other layers only",
                                       n.name, x.name));
    return false;
  }
  l.sources = {p.source(n.inputs[0])};
  auto s = add_banded(p, n, q, std::move(l));
  if (!s) return false;
  p.set_source(n.outputs[0], *s);
  return true;
}

}  // namespace aiem::aie
