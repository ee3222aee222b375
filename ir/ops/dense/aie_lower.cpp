// The dense family on the array: PK x PN cascade chains of the dense kernel (stdlib/aie dense.hpp).
#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <stdexcept>

#include "ir/numeric/int128.hpp"
#include "ir/ops/dense/dense_layer.hpp"

namespace aiem::aie {
namespace {

// Per-unit factors M_n * 2^-T_n as one shift S and int32 multipliers m_n = M_n * 2^(S - T_n), which
// is exact when the factors' significant bits fit 31 bits together (trailing zeros of M_n are
// dropped first: scales from float32 carry at most 24 significant bits).
bool column_scales(Planner& p, const ir::Node& n, const ir::DenseAttrs& a, const num::FixedFormat& out, LayerPlan& l) {
  std::vector<std::int64_t> m(a.scale.size());
  std::vector<int> t(a.scale.size());
  int S = std::numeric_limits<int>::min();
  for (std::size_t i = 0; i < a.scale.size(); ++i) {
    std::int64_t M = a.scale[i].multiplier;
    int T = a.scale[i].shift + a.acc->frac - out.frac();
    while (M != 0 && M % 2 == 0) {
      M /= 2;
      --T;
    }
    m[i] = M;
    t[i] = T;
    if (M != 0) S = std::max(S, T);
  }
  if (S == std::numeric_limits<int>::min()) S = 0;
  for (std::size_t i = 0; i < m.size(); ++i) {
    if (m[i] == 0) continue;
    if (S - t[i] > 31 || (m[i] << (S - t[i])) > std::numeric_limits<std::int32_t>::max()) {
      p.diags().error(n.loc, fmt::format("'{}': its per-unit scales span more than 31 bits, which one shift cannot "
                                      "express exactly on the AIE datapath",
                                      n.name));
      return false;
    }
    m[i] <<= (S - t[i]);
  }
  l.requant.shift = S;
  l.requant.column_multipliers.assign(m.begin(), m.end());
  return true;
}

// Whether PN cascade chains of PK tiles can be packed into the array as the placement's templates
// pack them: chains along rows (west to east), several side by side, or along columns (north to
// south). A split no block of the array holds is not a candidate.
bool block_fits(int pk, int pn, const Device& d) {
  const int W = d.columns, H = d.rows;
  auto packs = [&](int along, int across) {
    if (pk > along) return false;
    const int per_line = along / pk;
    return (pn + per_line - 1) / per_line <= across;
  };
  return (d.allows(CascadeDir::west_to_east) && packs(W, H)) || (d.allows(CascadeDir::north_to_south) && packs(H, W)) ||
         (pk == 1 && pn <= W * H);
}

// The splits the whole-model refinement tries for a layer (it rebuilds the plumbing for each, so
// not all of a large layer's thousands): the small ones (up to 8 x 8, where a layer's neighbours
// meet it on direct edges), the 8 fastest larger ones that beat all of those, and the 4 with the
// fewest tiles.
std::vector<std::pair<int, int>> refinement_candidates(std::vector<std::pair<double, std::pair<int, int>>> feasible) {
  std::vector<std::pair<int, int>> out;
  auto add = [&](std::pair<int, int> s) {
    if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
  };
  double small_best = std::numeric_limits<double>::infinity();
  for (auto& f : feasible)
    if (f.second.first <= 8 && f.second.second <= 8) {
      add(f.second);
      small_best = std::min(small_best, f.first);
    }
  std::stable_sort(feasible.begin(), feasible.end(), [](auto& a, auto& b) { return a.first < b.first; });
  for (std::size_t i = 0, n = 0; i < feasible.size() && n < 8 && feasible[i].first < small_best; ++i, ++n)
    add(feasible[i].second);
  std::stable_sort(feasible.begin(), feasible.end(),
                   [](auto& a, auto& b) { return a.second.first * a.second.second < b.second.first * b.second.second; });
  for (std::size_t i = 0; i < feasible.size() && i < 4; ++i) add(feasible[i].second);
  return out;
}

}  // namespace

bool choose_split(Planner& p, const ir::Node& n, LayerPlan& l, int max_parallel) {
  const int max_k = int((l.K + l.mt.k - 1) / l.mt.k), max_n = int((l.N + l.mt.n - 1) / l.mt.n);
  if (n.schedule.cascade || n.schedule.parallel) {
    l.from_hint = true;
    int pk = n.schedule.cascade.value_or(1), pn = n.schedule.parallel.value_or(1);
    if (pk > max_k || pn > max_n) {
      p.diags().error(n.loc, fmt::format("'{}': @tiles(cascade: {}, parallel: {}) leaves stages without data: K = {} "
                                      "allows at most {} stages of {} and N = {} at most {} chains of {}",
                                      n.name, pk, pn, l.K, max_k, l.mt.k, l.N, max_n, l.mt.n));
      return false;
    }
    if (!product_split_allowed(l, pk, pn)) {
      p.diags().error(n.loc, fmt::format("'{}': a product of {} matrices {} (the memory tile slices all the matrices "
                                         "at once); use @tiles({}: {})",
                                         n.name, l.product.matrices,
                                         l.product.transposed ? "by a transposed operand has one chain"
                                                              : "has one cascade stage",
                                         l.product.transposed ? "cascade" : "parallel",
                                         l.product.transposed ? pk : pn));
      return false;
    }
    apply_split(l, pk, pn);
    if (!p.fits(l)) {
      p.diags().error(n.loc, fmt::format("'{}': with @tiles(cascade: {}, parallel: {}) a kernel does not fit its tile: {}",
                                      n.name, pk, pn, tile_memory_problem(l, p.device())));
      return false;
    }
    return true;
  }
  const int tiles = p.device().tiles();
  const int lim_k = std::min(max_k, p.options().max_cascade > 0 ? p.options().max_cascade : p.device().columns);
  const auto feasible = feasible_splits(p, l, max_parallel);
  p.add_candidates(refinement_candidates(feasible));
  if (feasible.empty()) {
    const int lim_n = std::min(max_n, p.options().max_parallel > 0 ? p.options().max_parallel : tiles);
    // Name what overflows at the widest split tried: the weights, or (at a large batch) the
    // activation buffers, which no split makes smaller.
    LayerPlan widest = l;
    const int wk = lim_k, wn = std::max(1, std::min(lim_n, tiles / std::max(1, lim_k)));
    apply_split(widest, wk, wn);
    p.diags().error(n.loc, fmt::format("'{}' ({}x{} weights, batch {}) does not fit the tiles' data memory in any split of "
                                       "the {} tiles (chains of up to {} stages); at cascade {} x parallel {}: {}",
                                       n.name, l.K, l.N, p.graph().batch, tiles, lim_k, wk, wn,
                                       tile_memory_problem(widest, p.device())));
    return false;
  }
  const auto pick = pick_split(feasible);
  apply_split(l, pick->second.first, pick->second.second);
  return true;
}

std::vector<std::pair<double, std::pair<int, int>>> feasible_splits(const Planner& p, const LayerPlan& l,
                                                                    int max_parallel) {
  auto time = p.options().layer_time_ns ? p.options().layer_time_ns : predicted_layer_ns;
  std::vector<std::pair<double, std::pair<int, int>>> feasible;
  // Every split of the device that leaves no stage or chain empty and whose kernels fit their
  // tiles (the bank map): chains of up to a row of the array, at most every tile in all.
  const int max_k = int((l.K + l.mt.k - 1) / l.mt.k), max_n = int((l.N + l.mt.n - 1) / l.mt.n);
  const int tiles = p.device().tiles();
  const int lim_k = std::min(max_k, p.options().max_cascade > 0 ? p.options().max_cascade : p.device().columns);
  int lim_n = std::min(max_n, p.options().max_parallel > 0 ? p.options().max_parallel : tiles);
  if (max_parallel > 0) lim_n = std::min(lim_n, max_parallel);
  for (int pk = 1; pk <= lim_k; ++pk)
    for (int pn = 1; pn <= lim_n && pk * pn <= tiles; ++pn) {
      if (!product_split_allowed(l, pk, pn) || !block_fits(pk, pn, p.device())) continue;
      LayerPlan c = l;
      apply_split(c, pk, pn);
      if (c.KS * (pk - 1) >= c.K || c.NS * (pn - 1) >= c.N || !p.fits(c)) continue;  // no empty stages
      feasible.push_back({time(c, p.device()), {pk, pn}});
    }
  return feasible;
}

std::optional<std::pair<double, std::pair<int, int>>> pick_split(
    const std::vector<std::pair<double, std::pair<int, int>>>& feasible) {
  double best = std::numeric_limits<double>::infinity();
  for (const auto& f : feasible) best = std::min(best, f.first);
  // Fewest tiles within 1% of the fastest; then the faster; then the shorter cascade.
  std::optional<std::pair<double, std::pair<int, int>>> pick;
  for (const auto& [t, s] : feasible) {
    if (t > best * 1.01) continue;
    const int tiles = s.first * s.second;
    if (!pick || tiles < pick->second.first * pick->second.second ||
        (tiles == pick->second.first * pick->second.second && t < pick->first))
      pick = {t, s};
  }
  return pick;
}

std::optional<LayerPlan> dense_layer(Planner& p, const ir::Node& n, const ir::DenseAttrs& a, const DenseOperands& o) {
  const ir::Value& y = p.graph().value(n.outputs[0]);
  LayerPlan l = p.new_layer(n, Family::dense);
  l.pw.label = std::string(ir::op_label(n.attrs));  // "dense", or the op lowered to one ("conv2d", "matmul")
  l.K = o.K;
  l.M = o.M;
  l.N = a.units;
  l.a = container_of(o.x);
  l.w = container_of(o.w);
  l.out = container_of(y.type.format);
  l.acc_bits = a.acc->bits;  // what the sums need (resolve_quantization's proof); the kernel's may be wider
  l.requant.acc_bound_bits = a.acc->bits <= 32 ? 32 : 0;
  l.has_bias = a.has_bias;
  l.w_codes = o.w_codes;
  l.b_codes = o.b_codes;
  if (!l.w_codes || (a.has_bias && !l.b_codes)) {
    p.diags().error(n.loc, fmt::format("'{}': the AIE backend needs constant weights and bias", n.name));
    return std::nullopt;
  }
  l.requant.out = y.type.format;
  l.requant.relu = a.relu;
  l.requant.zero = a.zero;
  if (a.scale.size() > 1) {
    if (!column_scales(p, n, a, y.type.format, l)) return std::nullopt;
  } else if (a.scale.empty()) {
    l.requant.shift = a.acc->frac - y.type.format.frac();
  } else {
    l.requant.multiplier = num::ScaleMultiplier{a.scale[0].multiplier, 0};
    l.requant.shift = a.scale[0].shift + a.acc->frac - y.type.format.frac();
  }
  auto mt = choose_microtile(p.plan().aie_arch, l.a, l.w, l.acc_bits, l.M);
  if (!mt) {
    p.diags().error(n.loc, l.acc_bits > 32 && l.a.bits == 8 && l.w.bits == 8
                            ? fmt::format("'{}' needs a 64-bit accumulator, which int8 x int8 aie::mmul does not "
                                          "have; use fewer input features or narrower types",
                                          n.name)
                            : fmt::format("'{}': no aie::mmul shape multiplies {} by {} into a {}-bit accumulator on "
                                          "this architecture",
                                          n.name, l.a.ctype(), l.w.ctype(), l.acc_bits));
    return std::nullopt;
  }
  l.mt = mt->mt;
  l.acc_bits = mt->acc_bits;  // the kernel's accumulator: the shape's, at least what the sums need
  if (o.conv.on()) {
    if (o.conv.image.tk != unsigned(l.mt.k) || o.conv.image.tm != unsigned(l.mt.m))
      throw std::logic_error("dense_layer: a direct convolution's image was laid out for another microtile");
    l.conv = o.conv;
  }
  if (auto why = requant_problem(l); !why.empty()) {
    p.diags().error(n.loc, fmt::format("'{}': its output conversion cannot be done on the AIE datapath: {}", n.name, why));
    return std::nullopt;
  }
  if (o.split && !choose_split(p, n, l)) return std::nullopt;
  return l;
}

// PN parallel cascade chains of PK stages: the microtile and blocking for the operand types, the
// output conversion, and the split (@tiles or the fastest within 1% with the fewest tiles).
bool lower(Planner& p, const ir::Node& n, const ir::DenseAttrs& a) {
  const ir::Value& x = p.graph().value(n.inputs[0]);
  const ir::Value& w = p.graph().value(n.inputs[1]);
  DenseOperands o;
  o.K = x.type.shape.back();
  o.M = x.type.elements() / o.K;
  o.x = x.type.format;
  o.w = w.type.format;
  o.w_codes = w.is_constant() ? w.data.get() : nullptr;
  o.b_codes = a.has_bias ? p.graph().value(n.inputs[2]).data.get() : nullptr;
  auto l = dense_layer(p, n, a, o);
  return l && p.add_layer(n, std::move(*l), 1);
}

namespace {

// The product of two activations on the dense kernel's mmul path (LayerPlan::Product): the second
// operand streams into each kernel from its memory-tile buffer, B-tiled or as transposed blocks.
// nullopt when the product has no such form: a result scale above the product's (a left shift),
// operand types without an mmul shape, or several matrices whose rows do not fill whole blocks
// (M of each a multiple of TM, and K of each, or N transposed, of TK / TN: the memory tile does not
// pad between matrices).
std::optional<LayerPlan> product_layer(Planner& p, const ir::Node& n, const ir::MatMulAttrs& m) {
  const ir::Graph& g = p.graph();
  const ir::Value& a = g.value(n.inputs[0]);
  const ir::Value& b = g.value(n.inputs[1]);
  const ir::Value& y = g.value(n.outputs[0]);
  const auto& as = a.type.shape;
  LayerPlan l = p.new_layer(n, Family::dense);
  l.pw.label = "matmul";
  l.K = as.back();
  const std::int64_t rows = as[as.size() - 2];
  l.product = {true, a.type.elements() / (l.K * rows), m.transpose_b};
  l.M = a.type.elements() / l.K;
  l.N = y.type.shape.back();
  l.a = container_of(a.type.format);
  l.w = container_of(b.type.format);
  l.out = container_of(y.type.format);
  const int shift = a.type.format.frac() + b.type.format.frac() - y.type.format.frac();
  if (shift < 0) return std::nullopt;
  // The sums' width, as resolve_quantization proved them within 62 bits.
  const num::int128 bound = num::int128(l.K) *
                            std::max(-num::int128(a.type.format.min_code()), num::int128(a.type.format.max_code())) *
                            std::max(-num::int128(b.type.format.min_code()), num::int128(b.type.format.max_code()));
  l.acc_bits = bound < (num::int128(1) << 31) ? 32 : 64;
  l.requant.acc_bound_bits = l.acc_bits <= 32 ? 32 : 0;
  l.requant.out = y.type.format;
  l.requant.shift = shift;
  auto mt = choose_microtile(p.plan().aie_arch, l.a, l.w, l.acc_bits, rows);
  if (!mt) return std::nullopt;
  l.mt = mt->mt;
  l.acc_bits = mt->acc_bits;
  if (!requant_problem(l).empty()) return std::nullopt;
  if (l.product.matrices > 1 &&
      (rows % l.mt.m != 0 || (m.transpose_b ? l.N % l.mt.n : l.K % l.mt.k) != 0))
    return std::nullopt;
  return l;
}

}  // namespace

// The product of two activations: on the dense kernel's mmul path when it has that form
// (product_layer), split like dense; otherwise one row kernel (rows.hpp matmul) holding both
// operands whole, a scalar 64-bit sum per result.
bool lower(Planner& p, const ir::Node& n, const ir::MatMulAttrs& m) {
  if (auto l = product_layer(p, n, m)) {
    if (!choose_split(p, n, *l)) return false;
    return p.add_layer_reading(n, std::move(*l), {n.inputs[0], n.inputs[1]});
  }
  const ir::Graph& g = p.graph();
  const ir::Value& a = g.value(n.inputs[0]);
  const ir::Value& b = g.value(n.inputs[1]);
  const ir::Value& y = g.value(n.outputs[0]);
  LayerPlan l = p.pointwise_layer(n);
  l.pw.op = PointwisePlan::Op::matmul;
  l.K = a.type.shape.back();
  l.pw.in_rows = a.type.elements() / l.K;
  l.pw.b = container_of(b.type.format);
  l.pw.b_cols = b.type.shape.back();
  l.pw.b_rows = b.type.elements() / l.pw.b_cols;
  l.pw.rows.outer = a.type.elements() / (l.K * a.type.shape[a.type.shape.size() - 2]);
  l.pw.rows.transpose_b = m.transpose_b;
  const int s = a.type.format.frac() + b.type.format.frac() - y.type.format.frac();
  l.pw.rows.up = std::max(0, -s);
  l.pw.rows.down = std::max(0, s);
  if (l.a.bits > 16 || l.pw.b.bits > 16 || l.out.bits > 16 || l.pw.rows.up >= 32 || s >= 62) {
    p.diags().error(n.loc, fmt::format("'{}': matmul of {} and {} into {} is beyond the AIE row kernel (8- and 16-bit "
                                       "operands and results)",
                                       n.name, num::to_string(a.type.format), num::to_string(b.type.format),
                                       num::to_string(y.type.format)));
    return false;
  }
  if (!p.choose_column_split(n, l)) return false;
  return p.add_layer_reading(n, std::move(l), {n.inputs[0], n.inputs[1]});
}

}  // namespace aiem::aie
