// The conv family's bands (aie_bands.hpp): one cut of a layer's output positions into `ps` bands
// of samples x `pr` bands of its spatial axis, the band layers that cut makes, and the choice of
// the cut.
#include "ir/ops/conv/aie_bands.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <numeric>

#include "ir/ops/dense/dense_layer.hpp"
#include "stdlib/aie/include/aiem_kernels/window_schedule.hpp"

namespace aiem::aie {
namespace {

struct Cut {
  std::int64_t ps = 1, pr = 1;
  std::int64_t bands() const { return ps * pr; }
};

// The samples the layer computes (all of the node's: it is not cut yet).
std::int64_t samples_of(const LayerPlan& l) { return l.is_dense() ? l.conv.samples : l.pw.window.batch; }

// Whether the spatial axis (output rows, or with one output row output columns) divides into `pr`
// bands: a direct conv's bands of columns are whole row blocks of TM (its A blocks), a window
// kernel's any; every band of a window kernel reads at least one real row (column).
bool divides(const LayerPlan& l, const ir::Geometry2d& q, std::int64_t pr) {
  const bool rows = q.oh > 1;
  const std::int64_t out = rows ? q.oh : q.ow;
  if (out % pr != 0) return false;
  if (l.is_dense()) return rows || (out / pr) % l.mt.m == 0;
  const std::int64_t per = out / pr, stride = rows ? q.sh : q.sw, pad = rows ? q.ph : q.pw, in = rows ? q.h : q.w;
  const std::int64_t span = (per - 1) * stride + ((rows ? q.kh : q.kw) - 1) * (rows ? q.dh : q.dw) + 1;
  for (std::int64_t r = 0; r < pr; ++r) {
    const std::int64_t start = r * per * stride - pad;
    if (std::min(in, start + span) - std::max<std::int64_t>(0, start) < 1) return false;
  }
  return true;
}

// Band (s, r) of cut `c` of a direct conv: samples [s · samples/ps, ...) and output rows
// [r · oh/pr, ...) of each (or output columns [r · ow/pr, ...)); its padded image is the rows and
// columns those windows reach (LayerPlan::Conv s0, r0, x0).
LayerPlan dense_band(const LayerPlan& l, const ir::Geometry2d& q, Cut c, std::int64_t s, std::int64_t r) {
  LayerPlan b = l;
  auto& im = b.conv.image;
  const std::int64_t samples = b.conv.samples / c.ps;
  im.batch = unsigned(samples);
  b.conv.s0 = s * samples;
  if (q.oh > 1) {
    const std::int64_t rows = q.oh / c.pr;
    im.oh = unsigned(rows);
    im.hp = unsigned((rows - 1) * q.sh + (q.kh - 1) * q.dh + 1);
    b.conv.r0 = r * rows;
  } else {
    const std::int64_t cols = q.ow / c.pr;
    im.ow = unsigned(cols);
    im.wp = unsigned(cols + (q.kw - 1) * q.dw);
    b.conv.x0 = r * cols;
  }
  b.M = std::int64_t(im.rows());
  return b;
}

// The real extent [first, first + count) of the source that output positions [o0, o0 + n) of one
// axis reach, and the padding before it: the band's own image along that axis.
struct Extent {
  std::int64_t first = 0, count = 0, pad = 0;
};
Extent reach(std::int64_t o0, std::int64_t n, std::int64_t in, std::int64_t k, std::int64_t stride, std::int64_t dil,
             std::int64_t pad) {
  const std::int64_t start = o0 * stride - pad, span = (n - 1) * stride + (k - 1) * dil + 1;
  Extent e;
  e.first = std::max<std::int64_t>(0, start);
  e.count = std::min(in, start + span) - e.first;
  e.pad = e.first - start;
  return e;
}

// Band (s, r) of cut `c` of a window kernel: the same positions, its Window the image it reads
// (the real rows and columns its windows reach, padding only where the image's edge is) at
// (s0, y0, x0) of the source's (src_samples, src_h, src_w).
LayerPlan window_band(const LayerPlan& l, const ir::Geometry2d& q, Cut c, std::int64_t s, std::int64_t r) {
  LayerPlan b = l;
  auto& w = b.pw.window;
  w.src_samples = w.batch, w.src_h = w.h, w.src_w = w.w;
  const std::int64_t samples = w.batch / c.ps;
  w.batch = samples;
  w.s0 = s * samples;
  if (q.oh > 1) {
    const std::int64_t rows = q.oh / c.pr;
    const Extent e = reach(r * rows, rows, q.h, q.kh, q.sh, q.dh, q.ph);
    w.oh = rows, w.h = e.count, w.ph = e.pad, w.y0 = e.first;
  } else {
    const std::int64_t cols = q.ow / c.pr;
    const Extent e = reach(r * cols, cols, q.w, q.kw, q.sw, q.dw, q.pw);
    w.ow = cols, w.w = e.count, w.pw = e.pad, w.x0 = e.first;
  }
  if (w.pairs) {
    const auto pixel = unsigned(w.c * b.a.bytes());
    w.pairs = aiem_kernels::maxpool_pairs(pixel, pixel, pixel, w.interior(), unsigned(w.w), unsigned(w.ow),
                                          unsigned(w.kw), unsigned(w.sw), unsigned(w.dw));
  }
  b.pw.in_rows = samples * w.h * w.w;
  b.M = samples * w.oh * w.ow;
  return b;
}

LayerPlan band(const LayerPlan& l, const ir::Geometry2d& q, Cut c, std::int64_t s, std::int64_t r) {
  return l.is_dense() ? dense_band(l, q, c, s, r) : window_band(l, q, c, s, r);
}

// The automatic split of band `b` with at most `max_chains` chains, without diagnostics: a dense
// band's pick_split, a window band's fewest column slices that fit. false when none fits.
bool quiet_split(const Planner& p, LayerPlan& b, int max_chains) {
  if (b.is_dense()) {
    const auto pick = pick_split(feasible_splits(p, b, max_chains));
    if (!pick) return false;
    apply_split(b, pick->second.first, pick->second.second);
    return true;
  }
  const std::int64_t lanes = slice_granule(b);
  for (int pn = 1; pn <= max_chains && pn <= (b.N + lanes - 1) / lanes; ++pn) {
    apply_split(b, 1, pn);
    if (b.NS * (pn - 1) < b.N && p.fits(b)) return true;
  }
  return false;
}

// The cut @tiles(bands: B) asks for (whole samples as far as gcd(B, samples), the rest over the
// spatial axis), or nullopt after an error at the node.
std::optional<Cut> hinted_cut(Planner& p, const ir::Node& n, const ir::Geometry2d& q, const LayerPlan& l) {
  const std::int64_t bands = *n.schedule.bands, samples = samples_of(l);
  const int channels = p.device().memtile.dma_s2mm;
  Cut c{std::gcd(bands, samples), 0};
  c.pr = bands / c.ps;
  const int pn = n.schedule.parallel.value_or(1);
  if (divides(l, q, c.pr) && bands * pn <= channels) return c;
  const bool rows = q.oh > 1;
  p.diags().error(n.loc, fmt::format("'{}': @tiles(bands: {}) splits {} sample(s) into {} band(s) of samples x {} of {}; "
                                     "{} and the bands' chains ({} x {}) must be at most the {} write channels of the "
                                     "memory tile joining them",
                                     n.name, bands, samples, c.ps, c.pr, rows ? "output rows" : "output columns",
                                     rows ? fmt::format("the {} output rows must divide evenly", q.oh)
                                     : l.is_dense()
                                         ? fmt::format("the {} output columns must divide into whole blocks of {}", q.ow,
                                                       l.mt.m)
                                         : fmt::format("the {} output columns must divide evenly", q.ow),
                                     bands, pn, channels));
  return std::nullopt;
}

// The performance model's cut: of those of at most one band per write channel, each band at its
// quiet_split (the bands' chains together at most the channels), the fewest bands minimising the
// band's own latency x (1 + tile_weight x the bands' tiles).
Cut chosen_cut(const Planner& p, const ir::Geometry2d& q, const LayerPlan& l) {
  const std::int64_t samples = samples_of(l);
  const int channels = p.device().memtile.dma_s2mm;
  Cut best;
  double best_score = std::numeric_limits<double>::infinity();
  for (std::int64_t bands = 1; bands <= channels; ++bands)
    for (std::int64_t s = 1; s <= bands; ++s) {
      const Cut c{s, bands / s};
      if (bands % s != 0 || samples % s != 0 || !divides(l, q, c.pr)) continue;
      double worst = 0;  // the slowest band (the first and last of a row cut differ)
      int tiles = 0;
      bool fits = true;
      for (std::int64_t r : {std::int64_t{0}, c.pr - 1}) {
        LayerPlan b = band(l, q, c, 0, r);
        if (!quiet_split(p, b, int(channels / bands))) {
          fits = false;
          break;
        }
        worst = std::max(worst, predicted_layer_latency_ns(b, p.device()));
        tiles = std::max(tiles, b.tiles());
      }
      if (!fits) continue;
      const double score = worst * (1.0 + p.options().tile_weight * double(bands * tiles));
      if (score < best_score * (1 - 1e-9)) {
        best_score = score;
        best = c;
      }
    }
  return best;
}

// The final split of a band: the layer's @tiles, else its automatic choice (the whole-DAG search's
// candidates), with at most `max_chains` chains.
bool split(Planner& p, const ir::Node& n, LayerPlan& b, int max_chains) {
  return b.is_dense() ? choose_split(p, n, b, max_chains) : p.choose_column_split(n, b, max_chains);
}

}  // namespace

std::optional<Source> add_banded(Planner& p, const ir::Node& n, const ir::Geometry2d& q, LayerPlan l) {
  Cut c;
  if (n.schedule.bands) {
    const auto h = hinted_cut(p, n, q, l);
    if (!h) return std::nullopt;
    c = *h;
  } else if (!n.schedule.cascade && !n.schedule.parallel && p.options().auto_bands) {
    c = chosen_cut(p, q, l);
  }
  const int channels = p.device().memtile.dma_s2mm;
  if (c.bands() == 1) {  // one layer (or no cut fits: the split names why)
    if (!split(p, n, l, 0)) return std::nullopt;
    return p.add_helper_layer(n, std::move(l));
  }
  ViewPlan v;
  v.name = l.name;
  v.elem = l.out;
  v.rows = l.M;
  v.cols = l.N;
  v.row_join = true;
  v.samples = samples_of(l);
  const std::int64_t per_sample = l.M / v.samples;
  for (std::int64_t s = 0; s < c.ps; ++s)
    for (std::int64_t r = 0; r < c.pr; ++r) {
      LayerPlan b = band(l, q, c, s, r);
      b.name = fmt::format("{}_b{}", l.name, s * c.pr + r);
      if (s + r > 0) b.at.reset();  // @at places the first band
      if (!split(p, n, b, int(channels / c.bands()))) return std::nullopt;
      ViewPlan::Part part;
      part.cols = b.N;
      part.sample0 = s * (v.samples / c.ps);
      part.samples = v.samples / c.ps;
      part.rows = b.M / part.samples;
      part.row0 = r * part.rows;  // a band's positions are a run of each sample's (whole output rows, or columns of one)
      if (part.rows * c.pr != per_sample) throw std::logic_error("add_banded: the bands do not tile the positions");
      auto src = p.add_helper_layer(n, std::move(b));
      if (!src) return std::nullopt;
      part.source = *src;
      v.parts.push_back(part);
    }
  p.plan().views.push_back(std::move(v));
  Source s;
  s.view = int(p.plan().views.size() - 1);
  return s;
}

}  // namespace aiem::aie
