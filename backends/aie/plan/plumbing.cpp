#include "backends/aie/plan/plumbing.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <optional>
#include <stdexcept>

#include "backends/aie/plan/identifiers.hpp"

namespace aiem::aie {

namespace {

std::int64_t round_up(std::int64_t v, std::int64_t m) { return (v + m - 1) / m * m; }

// The widest PLIO (128, 64 or 32 bits) whose beats divide one iteration's bytes exactly, at most
// `max_bits`: a transfer of a fractional number of beats never completes on the board.
int plio_width_for(std::int64_t bytes, int max_bits) {
  for (int bits : {128, 64, 32})
    if (bits <= max_bits && bytes % (bits / 8) == 0) return bits;
  return 32;
}

// The whole buffer, row-major.
Tiling linear(const std::vector<std::int64_t>& dims) {
  Tiling t;
  t.buffer_dimension = dims;
  t.tiling_dimension = dims;
  t.offset = {0, 0};
  return t;
}

// A column range [c0, c0 + cols) of every row, row-major.
Tiling columns(const std::vector<std::int64_t>& dims, std::int64_t c0, std::int64_t cols) {
  Tiling t;
  t.buffer_dimension = dims;
  t.tiling_dimension = {cols, dims[1]};
  t.offset = {c0, 0};
  return t;
}

// Consumer stage pk's x slice, A-tiled: TM x TK blocks, k blocks fastest; zeros beyond the real
// `cols` x `rows` data.
Tiling a_tiled(const std::vector<std::int64_t>& dims, const LayerPlan& c, int pk, std::int64_t cols,
               std::int64_t rows) {
  Tiling t;
  t.buffer_dimension = dims;
  t.tiling_dimension = {c.mt.k, c.mt.m};
  t.offset = {pk * c.KS, 0};
  t.traversal = {{0, c.mt.k, c.KS / c.mt.k}, {1, c.mt.m, c.M_pad / c.mt.m}};
  t.boundary_dimension = {cols, rows};
  return t;
}

// A direct convolution's image (LayerPlan::Conv), the same for every kernel: the buffer's rows
// (pixels, channels-last, `c0` the first column of the consumer's window) seen as [samples][h][w]
// of channel rows, read as the CB planes of TK channels of the padded image. One 4-D tile per
// plane: TK channels x wp x hp x batch from (plane's first channel, x0 - pw, r0 · sh - ph, s0); the
// memory tile gives zeros outside the real image and channels (the boundary), which is the conv's
// padding.
Tiling conv_image(const std::vector<std::int64_t>& dims, const LayerPlan& c, std::int64_t c0) {
  const auto& im = c.conv.image;
  Tiling t;
  t.buffer_dimension = {dims[0], c.conv.w, c.conv.h, c.conv.samples};
  t.tiling_dimension = {im.tk, im.wp, im.hp, im.batch};
  t.offset = {c0, c.conv.x0 - c.conv.pw, c.conv.r0 * im.sh - c.conv.ph, c.conv.s0};
  if (im.cb > 1) t.traversal = {{0, im.tk, im.cb}};
  t.boundary_dimension = {c0 + c.conv.c, c.conv.w, c.conv.h, c.conv.samples};
  return t;
}

// A window band's image (PointwisePlan::Window::band): the buffer's rows seen as [src_samples]
// [src_h][src_w], `w` columns from `col` of the part its windows reach; zeros beyond the real
// `cols` (the source's padding columns, as for any pointwise reader).
Tiling window_band(const std::vector<std::int64_t>& dims, const LayerPlan& c, std::int64_t col, std::int64_t w,
                   std::int64_t cols) {
  const auto& win = c.pw.window;
  Tiling t;
  t.buffer_dimension = {dims[0], win.src_w, win.src_h, win.src_samples};
  t.tiling_dimension = {w, win.w, win.h, win.batch};
  t.offset = {col, win.x0, win.y0, win.s0};
  t.boundary_dimension = {cols, win.src_w, win.src_h, win.src_samples};
  return t;
}

// Producer chain pn of a band (a row join's part, ViewPlan) writes its y slice C-tiled into the
// view's buffer: TM x TN blocks, n blocks fastest, its rows [row0, row0 + rows) of each of its
// samples, the buffer's rows seen as [samples][per_sample].
Tiling band_c_tiled(const std::vector<std::int64_t>& dims, const LayerPlan& p, int pn, const ViewPlan& v,
                    const ViewPlan::Part& part) {
  const std::int64_t per_sample = v.rows / v.samples;
  Tiling t;
  t.buffer_dimension = {dims[0], per_sample, v.samples};
  t.tiling_dimension = {p.mt.n, p.mt.m, 1};
  t.offset = {pn * p.NS, part.row0, part.sample0};
  t.traversal = {{0, p.mt.n, p.NS / p.mt.n}, {1, p.mt.m, part.rows / p.mt.m}};
  if (part.samples > 1) t.traversal.push_back({2, 1, part.samples});
  return t;
}

// Kernel (pn, pk) of a product's second operand (LayerPlan::Product): its K slice of rows and N
// slice of columns, B-tiled (TK x TN blocks, n blocks fastest) or, transposed, the TN x TK blocks
// of its N x K rows (k blocks fastest); several matrices are their rows one after the other (the
// split keeps one stage or one chain then, so the slice runs through all of them). Zeros beyond
// the real `cols` x `rows`.
Tiling product_operand(const std::vector<std::int64_t>& dims, const LayerPlan& c, int pn, int pk, std::int64_t cols,
                       std::int64_t rows) {
  Tiling t;
  t.buffer_dimension = dims;
  const std::int64_t mats = c.product.matrices;
  if (c.product.transposed) {
    t.tiling_dimension = {c.mt.k, c.mt.n};
    t.offset = {pk * c.KS, pn * c.NS};
    t.traversal = {{0, c.mt.k, c.KS / c.mt.k}, {1, c.mt.n, mats * c.NS / c.mt.n}};
  } else {
    t.tiling_dimension = {c.mt.n, c.mt.k};
    t.offset = {pn * c.NS, pk * c.KS};
    t.traversal = {{0, c.mt.n, c.NS / c.mt.n}, {1, c.mt.k, mats * c.KS / c.mt.k}};
  }
  t.boundary_dimension = {cols, rows};
  return t;
}

// Producer chain pn's y slice arrives C-tiled: TM x TN blocks, n blocks fastest.
Tiling c_tiled(const std::vector<std::int64_t>& dims, const LayerPlan& p, int pn, std::int64_t col_base = 0) {
  Tiling t;
  t.buffer_dimension = dims;
  t.tiling_dimension = {p.mt.n, p.mt.m};
  t.offset = {pn * p.NS - col_base, 0};
  t.traversal = {{0, p.mt.n, p.NS / p.mt.n}, {1, p.mt.m, p.M_pad / p.mt.m}};
  return t;
}

// Kernel pn of a pointwise band writes its column slice row-major into the view's buffer: the
// band's rows [row0, row0 + rows) of each of its samples.
Tiling band_rows(const std::vector<std::int64_t>& dims, const LayerPlan& p, int pn, const ViewPlan& v,
                 const ViewPlan::Part& part) {
  Tiling t;
  t.buffer_dimension = {dims[0], v.rows / v.samples, v.samples};
  t.tiling_dimension = {p.NS, part.rows, part.samples};
  t.offset = {pn * p.NS, part.row0, part.sample0};
  return t;
}

class Builder {
 public:
  Builder(Plan& p, int s2mm, int mm2s) : plan_(p), s2mm_(s2mm), mm2s_(mm2s) {}
  int s2mm() const { return s2mm_; }

  int add_buffer(std::string name, ElemType elem, std::vector<std::int64_t> dims, SharedBufferPlan::Site site,
                 int site_index) {
    SharedBufferPlan b;
    b.name = name;
    for (int k = 2; std::any_of(plan_.buffers.begin(), plan_.buffers.end(), [&](auto& o) { return o.name == b.name; }); ++k)
      b.name = fmt::format("{}_{}", name, k);
    b.site = site;
    b.site_index = site_index;
    b.elem = elem;
    b.dims = std::move(dims);
    plan_.buffers.push_back(std::move(b));
    return int(plan_.buffers.size() - 1);
  }

  // A relay of `buf`: same element type, dimensions and site.
  int add_relay(int buf, const std::string& suffix) {
    const SharedBufferPlan& m = plan_.buffers[std::size_t(buf)];
    return add_buffer(m.name + suffix, m.elem, m.dims, m.site, m.site_index);
  }

  struct Writer {
    Tiling tiling;
    Endpoint source;
    std::int64_t c0 = 0, c1 = 0;  // the column range it writes
  };
  struct Reader {
    Tiling tiling;
    std::vector<Endpoint> destinations;  // broadcast
  };

  // Writers into `buf`. More than the memtile's S2MM channels go through gather buffers, each
  // taking up to that many writers and forwarding their column range; the gather buffers are then
  // `buf`'s writers, recursively (6 channels serve 36 writers in one level, 216 in two).
  void add_writers(int buf, const std::vector<Writer>& writers, int level = 0) {
    if (int(writers.size()) <= s2mm_) {
      for (const auto& w : writers) {
        const int port = int(plan_.buffers[std::size_t(buf)].in.size());
        plan_.buffers[std::size_t(buf)].in.push_back({w.tiling, {w.source}});
        if (w.source.kind == Endpoint::Kind::SharedBuffer)
          plan_.buffers[std::size_t(w.source.buffer)].out[std::size_t(w.source.port)].peers = {Endpoint::of_buffer(buf, port)};
      }
      return;
    }
    const auto dims = plan_.buffers[std::size_t(buf)].dims;  // a copy: add_relay below reallocates
    std::vector<Writer> next;
    for (std::size_t first = 0, g = 0; first < writers.size(); first += std::size_t(s2mm_), ++g) {
      const std::size_t last = std::min(writers.size(), first + std::size_t(s2mm_));
      const int gb = add_relay(buf, fmt::format("_g{}_{}", level, g));
      add_writers(gb, {writers.begin() + std::ptrdiff_t(first), writers.begin() + std::ptrdiff_t(last)}, level + 1);
      const std::int64_t c0 = writers[first].c0, c1 = writers[last - 1].c1;
      Tiling t = columns(dims, c0, c1 - c0);
      plan_.buffers[std::size_t(gb)].out.push_back({t, {}});  // peer set when it joins `buf`
      next.push_back({t, Endpoint::of_buffer(gb, 0), c0, c1});
    }
    add_writers(buf, next, level + 1);
  }

  // Readers of `buf`. More than the memtile's MM2S channels read from copy buffers, each serving up
  // to that many readers; the copies are then `buf`'s readers, recursively.
  void add_readers(int buf, const std::vector<Reader>& readers, int level = 0) {
    if (int(readers.size()) <= mm2s_) {
      for (const auto& r : readers) {
        const int port = int(plan_.buffers[std::size_t(buf)].out.size());
        Tiling t = r.tiling;
        // The buffer's (or its relay's: the same) dimensions, unless the reader sees them
        // reshaped (a direct convolution's image).
        if (t.buffer_dimension.size() == plan_.buffers[std::size_t(buf)].dims.size())
          t.buffer_dimension = plan_.buffers[std::size_t(buf)].dims;
        plan_.buffers[std::size_t(buf)].out.push_back({t, r.destinations});
        for (const auto& d : r.destinations)
          if (d.kind == Endpoint::Kind::SharedBuffer)
            plan_.buffers[std::size_t(d.buffer)].in[std::size_t(d.port)].peers = {Endpoint::of_buffer(buf, port)};
      }
      return;
    }
    const auto dims = plan_.buffers[std::size_t(buf)].dims;
    std::vector<Reader> feeds;
    for (std::size_t first = 0, g = 0; first < readers.size(); first += std::size_t(mm2s_), ++g) {
      const std::size_t last = std::min(readers.size(), first + std::size_t(mm2s_));
      const int rb = add_relay(buf, fmt::format("_r{}_{}", level, g));
      plan_.buffers[std::size_t(rb)].in.push_back({linear(dims), {}});  // peer set when it joins `buf`
      add_readers(rb, {readers.begin() + std::ptrdiff_t(first), readers.begin() + std::ptrdiff_t(last)}, level + 1);
      feeds.push_back({linear(dims), {Endpoint::of_buffer(rb, 0)}});
    }
    add_readers(buf, feeds, level + 1);
  }

  // Reader of a slice buffer for consumer stage pk of dense layer ci (all its chains); the buffer
  // holds exactly that stage's columns, so the tiling starts at column 0.
  void feed_stage(int buf, int ci, int pk, std::int64_t cols, std::int64_t rows) {
    const LayerPlan& c = plan_.layers[std::size_t(ci)];
    std::vector<Endpoint> dst;
    for (int pn = 0; pn < c.PN; ++pn) dst.push_back(Endpoint::of_kernel(ci, pn, pk));
    add_readers(buf, {{a_tiled(plan_.buffers[std::size_t(buf)].dims, c, 0, cols, rows), dst}});
  }

  // The readers consumer layer `ci` needs on buffer `buf` for its operand `slot`: a dense layer
  // reads one A-tiled K slice per cascade stage (broadcast to its chains); a pointwise layer reads
  // one row-major column slice per kernel. Zeros beyond the real `cols` x `rows`.
  // `c0`: the first column of the consumer's window (a slice), a whole word.
  std::vector<Reader> readers_of(int buf, int ci, int slot, std::int64_t cols, std::int64_t rows, std::int64_t c0 = 0) const {
    const LayerPlan& c = plan_.layers[std::size_t(ci)];
    const auto& dims = plan_.buffers[std::size_t(buf)].dims;
    std::vector<Reader> readers;
    if (c.is_dense() && slot == 1) {  // a product's second operand: each kernel its own slice
      for (int pn = 0; pn < c.PN; ++pn)
        for (int pk = 0; pk < c.PK; ++pk) {
          Tiling t = product_operand(dims, c, pn, pk, cols, rows);
          t.offset[0] += c0;
          Endpoint e = Endpoint::of_kernel(ci, pn, pk);
          e.port = 1;
          readers.push_back({t, {e}});
        }
      return readers;
    }
    if (c.is_dense() && c.conv.on()) {  // every kernel reads the whole image
      std::vector<Endpoint> dst;
      for (int pk = 0; pk < c.PK; ++pk)
        for (int pn = 0; pn < c.PN; ++pn) dst.push_back(Endpoint::of_kernel(ci, pn, pk));
      readers.push_back({conv_image(dims, c, c0), dst});
      return readers;
    }
    if (c.is_dense()) {
      for (int pk = 0; pk < c.PK; ++pk) {
        std::vector<Endpoint> dst;
        for (int pn = 0; pn < c.PN; ++pn) dst.push_back(Endpoint::of_kernel(ci, pn, pk));
        Tiling t = a_tiled(dims, c, pk, cols, rows);
        t.offset[0] += c0;
        readers.push_back({t, dst});
      }
      return readers;
    }
    for (int pn = 0; pn < c.PN; ++pn) {
      const std::int64_t w = c.slot_cols(slot);
      Tiling t = columns(dims, c0 + c.slot_col0(slot, pn), w);
      t.tiling_dimension = {w, c.slot_rows(slot)};
      t.boundary_dimension = {cols, rows};
      if (slot == 0 && c.pw.window.band()) t = window_band(dims, c, c0 + c.slot_col0(slot, pn), w, cols);
      Endpoint e = Endpoint::of_kernel(ci, pn, 0);
      e.port = slot;
      readers.push_back({t, {e}});
    }
    return readers;
  }

  // Writers into buffer `buf` from producer layer `pi`: a dense layer's chain tails write C-tiled
  // N slices; a pointwise layer's kernels write row-major column slices.
  // The chains [first, last) of layer pi (all by default) write their slices into `buf`, whose
  // column 0 is the layer's column `col_base`.
  void drain_layer(int buf, int pi, int first = 0, int last = -1, std::int64_t col_base = 0) {
    const LayerPlan& p = plan_.layers[std::size_t(pi)];
    const auto& dims = plan_.buffers[std::size_t(buf)].dims;
    std::vector<Writer> writers;
    for (int pn = first; pn < (last < 0 ? p.PN : last); ++pn) {
      Tiling t;
      if (p.is_dense()) {
        t = c_tiled(dims, p, pn, col_base);
      } else {
        t = columns(dims, pn * p.NS - col_base, p.NS);
        t.tiling_dimension = {p.NS, p.M};
      }
      writers.push_back({t, Endpoint::of_kernel(pi, pn, p.PK - 1), pn * p.NS - col_base, (pn + 1) * p.NS - col_base});
    }
    add_writers(buf, writers);
  }

  // Writers into row join `v`'s buffer `buf` from band layer `pi` (its part `part`): each chain's
  // C-tiled slice of the band's rows, in place. A band's writes are no column range, so no gather
  // buffer can forward them: more chains than write channels cannot connect.
  void drain_band(int buf, int pi, const ViewPlan& v, const ViewPlan::Part& part) {
    const LayerPlan& p = plan_.layers[std::size_t(pi)];
    auto& in = plan_.buffers[std::size_t(buf)].in;
    if (int(in.size()) + p.PN > s2mm_)
      throw std::runtime_error(fmt::format("the bands of '{}' have more chains than a memory tile has write channels ({})",
                                           v.name, s2mm_));
    const auto& dims = plan_.buffers[std::size_t(buf)].dims;
    for (int pn = 0; pn < p.PN; ++pn)
      in.push_back({p.is_dense() ? band_c_tiled(dims, p, pn, v, part) : band_rows(dims, p, pn, v, part),
                    {Endpoint::of_kernel(pi, pn, p.PK - 1)}});
  }

 private:
  Plan& plan_;
  int s2mm_, mm2s_;
};

}  // namespace

namespace {

// Who reads a source: a layer's operand `slot`, or part `slot` of a view.
struct Use {
  int layer = -1, view = -1, slot = 0;
  Source source;  // as the reader sees it (its window)
};

// The row join and part that layer `layer` is a band of (it writes into the view in place), if any.
std::optional<std::pair<int, int>> band_of(const Plan& plan, int layer) {
  for (std::size_t v = 0; v < plan.views.size(); ++v)
    if (plan.views[v].row_join)
      for (std::size_t p = 0; p < plan.views[v].parts.size(); ++p)
        if (plan.views[v].parts[p].source.layer == layer) return std::pair{int(v), int(p)};
  return std::nullopt;
}

std::vector<Use> uses_of(const Plan& plan, const std::function<bool(const Source&)>& match) {
  std::vector<Use> u;
  for (std::size_t i = 0; i < plan.layers.size(); ++i)
    for (std::size_t s = 0; s < plan.layers[i].sources.size(); ++s)
      if (match(plan.layers[i].sources[s])) u.push_back({int(i), -1, int(s), plan.layers[i].sources[s]});
  for (std::size_t v = 0; v < plan.views.size(); ++v)
    for (std::size_t p = 0; p < plan.views[v].parts.size(); ++p)
      if (match(plan.views[v].parts[p].source)) u.push_back({-1, int(v), int(p), plan.views[v].parts[p].source});
  return u;
}

// A part of graph output `o`'s columns held by one buffer: its columns [c0, c0 + cols) of the
// output are the buffer's [buffer_c0, ...), and `slices` PLIOs carry it, named from `first_name`.
struct OutputPart {
  std::int64_t c0 = 0, cols = -1;  // cols < 0: all of the output
  std::int64_t buffer_c0 = 0;
  int slices = 1;
  int first_name = 0;
  bool suffixed = false;  // name the PLIOs <output>_s<j> even when this part has one
};

// The output PLIOs of (a part of) graph output `o` (appended to the plan's PLIOs), one per slice of
// whole words of its columns, and their readers on the buffer of dimensions `dims` that holds
// them: the real rows and each slice's columns up to a whole word (the padding columns are the
// producer's zero point).
std::vector<Builder::Reader> output_readers(Plan& plan, const OutputPlan& o, const std::vector<std::int64_t>& dims,
                                            int plio_bits, OutputPart part = {}) {
  const ElemType elem = o.source.view >= 0 ? plan.views[std::size_t(o.source.view)].elem
                                           : plan.layers[std::size_t(o.source.layer)].out;
  if (part.cols < 0) {
    part.cols = plan.cols_of(o.source);
    part.buffer_c0 = o.source.col0;
    part.slices = o.plio_slices;
  }
  const std::int64_t cols = part.cols;
  const std::int64_t width = round_up((cols + std::max(1, part.slices) - 1) / std::max(1, part.slices), elem.per_word());
  const int slices = int((cols + width - 1) / width);
  std::vector<Builder::Reader> readers;
  for (int j = 0; j < slices; ++j) {
    PlioPlan out;
    const std::string stem = cpp_identifier(o.name);
    out.name = slices == 1 && !part.suffixed ? stem : fmt::format("{}_s{}", stem, part.first_name + j);
    out.is_input = false;
    out.io = int(&o - plan.outputs.data());
    out.elem = elem;
    out.file = fmt::format("data/out_{}.txt", out.name);
    out.golden = fmt::format("data/golden_{}.txt", out.name);
    out.rows = plan.rows_of(o.source);
    out.col0 = part.c0 + j * width;
    out.cols = std::min(width, cols - j * width);
    out.stream_cols = round_up(out.cols, elem.per_word());  // within the buffer: slices are whole words
    out.width_bits = plio_width_for(out.stream_bytes(), plio_bits);
    Tiling crop = columns(dims, part.buffer_c0 + j * width, out.stream_cols);
    crop.tiling_dimension = {out.stream_cols, out.rows};
    plan.plios.push_back(out);
    readers.push_back({crop, {Endpoint::of_plio(out.name)}});
  }
  return readers;
}

}  // namespace

void build_plumbing(Plan& plan, int plio_bits, bool split_input) {
  Builder b(plan, plan.device.memtile.dma_s2mm, plan.device.memtile.dma_mm2s);
  std::int64_t rows = 0;
  for (auto& l : plan.layers) rows = std::max(rows, l.M_pad);
  for (auto& v : plan.views) rows = std::max(rows, v.rows);

  // Views first: their buffers and write ports exist before their parts' producers connect to them.
  std::vector<int> view_buffer;
  for (std::size_t v = 0; v < plan.views.size(); ++v) {
    const ViewPlan& vp = plan.views[v];
    std::int64_t width = round_up(vp.cols, vp.elem.per_word());
    if (vp.row_join)  // each band writes all its chains' columns, padding included
      for (const auto& part : vp.parts) width = std::max(width, plan.layers.at(std::size_t(part.source.layer)).N_pad());
    const std::vector<std::int64_t> dims = {width, rows};
    const int vb = b.add_buffer(fmt::format("mt_{}", cpp_identifier(vp.name)), vp.elem, dims, SharedBufferPlan::Site::view,
                                int(v));
    view_buffer.push_back(vb);
    if (vp.row_join) continue;  // its bands' chains connect when their layers do
    for (const auto& part : vp.parts) {
      // The last part may end inside a word: it is moved with its padding columns, which land in
      // the view's padding (DMA lengths are whole words).
      const std::int64_t w = &part == &vp.parts.back() ? round_up(part.cols, vp.elem.per_word()) : part.cols;
      Tiling t = columns(dims, part.offset, w);
      t.tiling_dimension = {w, vp.rows};
      plan.buffers[std::size_t(vb)].in.push_back({t, {}});  // the peer is set when the part's buffer connects
    }
  }

  // The readers of `buf`, which holds `cols` real columns x `rows_real` rows of `elem`, for `uses`.
  auto readers_for = [&](int buf, const std::vector<Use>& uses, const ElemType& elem, std::int64_t rows_real) {
    std::vector<Builder::Reader> readers;
    for (const Use& u : uses) {
      const std::int64_t c0 = u.source.col0, cols = plan.cols_of(u.source);
      if (u.layer >= 0) {
        // Zeros beyond the window's whole words and the real rows; columns up to a whole word are
        // the producer's padding (its zero point), which meets zero weight rows in a dense consumer.
        auto r = b.readers_of(buf, u.layer, u.slot, c0 + round_up(cols, elem.per_word()), rows_real, c0);
        readers.insert(readers.end(), r.begin(), r.end());
        continue;
      }
      const ViewPlan& vp = plan.views[std::size_t(u.view)];
      const std::int64_t w = u.slot + 1 == int(vp.parts.size()) ? round_up(cols, elem.per_word()) : cols;
      Tiling t = columns(plan.buffers[std::size_t(buf)].dims, c0, w);
      t.tiling_dimension = {w, rows_real};
      readers.push_back({t, {Endpoint::of_buffer(view_buffer[std::size_t(u.view)], u.slot)}});
    }
    return readers;
  };

  // Graph inputs: one PLIO and buffer each, read by every layer that uses it; an input read whole
  // by one dense layer alone arrives on one PLIO per cascade stage of it (`split_input`), each
  // carrying its K slice, so wide inputs enter in parallel.
  for (std::size_t ii = 0; ii < plan.inputs.size(); ++ii) {
    const InputPlan& gi = plan.inputs[ii];
    const auto uses = uses_of(plan, [&](const Source& s) { return s.input == int(ii); });
    if (uses.empty()) throw std::runtime_error(fmt::format("no layer reads the input '{}'", gi.name));
    const bool one_dense = uses.size() == 1 && uses[0].layer >= 0 && uses[0].slot == 0 && uses[0].source.cols < 0 &&
                           plan.layers[std::size_t(uses[0].layer)].is_dense() &&
                           !plan.layers[std::size_t(uses[0].layer)].conv.on();
    const int slices = split_input && one_dense ? plan.layers[std::size_t(uses[0].layer)].PK : 1;
    const std::string in_ident = cpp_identifier(gi.name);
    for (int j = 0; j < slices; ++j) {
      PlioPlan in;
      in.name = slices == 1 ? in_ident : fmt::format("{}_s{}", in_ident, j);
      in.is_input = true;
      in.io = int(ii);
      in.elem = gi.elem;
      in.file = fmt::format("data/in_{}.txt", in.name);
      in.rows = gi.rows;
      const std::int64_t ks = slices == 1 ? 0 : plan.layers[std::size_t(uses[0].layer)].KS;
      in.col0 = slices == 1 ? 0 : j * ks;
      in.cols = slices == 1 ? gi.cols : std::max<std::int64_t>(0, std::min(ks, gi.cols - in.col0));
      if (in.cols == 0)
        throw std::runtime_error(fmt::format("cascade stage {} of '{}' would only see padding", j,
                                             plan.layers[std::size_t(uses[0].layer)].name));
      // Whole words per row; the stage's K slice (a multiple of TK, itself whole words) holds them.
      in.stream_cols = round_up(in.cols, gi.elem.per_word());
      in.width_bits = plio_width_for(in.stream_bytes(), plio_bits);
      plan.plios.push_back(in);
      const std::vector<std::int64_t> dims = {in.stream_cols, gi.rows};
      int ib = b.add_buffer(fmt::format("mt_in_{}", in.name), gi.elem, dims, SharedBufferPlan::Site::input,
                            int(plan.plios.size() - 1));
      plan.buffers[std::size_t(ib)].in.push_back({linear(dims), {Endpoint::of_plio(in.name)}});
      if (slices > 1) {
        b.feed_stage(ib, uses[0].layer, j, in.stream_cols, gi.rows);
        continue;
      }
      b.add_readers(ib, readers_for(ib, uses, gi.elem, gi.rows));
    }
  }

  // Layer results: one buffer each, written by the producer, read by every consumer that does not
  // take it kernel to kernel and by an output PLIO when it is a graph output.
  for (std::size_t i = 0; i < plan.layers.size(); ++i) {
    const LayerPlan& p = plan.layers[i];
    if (const auto band = band_of(plan, int(i))) {
      b.drain_band(view_buffer[std::size_t(band->first)], int(i), plan.views[std::size_t(band->first)],
                   plan.views[std::size_t(band->first)].parts[std::size_t(band->second)]);
      continue;
    }
    std::vector<Use> uses;
    for (const Use& u : uses_of(plan, [&](const Source& s) { return s.layer == int(i); }))
      if (u.layer < 0 || !plan.layers[std::size_t(u.layer)].direct_input) uses.push_back(u);
    std::vector<const OutputPlan*> outs;
    for (const auto& o : plan.outputs)
      if (o.source.layer == int(i)) outs.push_back(&o);
    if (uses.empty() && outs.empty()) {
      if (plan.consumers(int(i)).empty()) throw std::runtime_error(fmt::format("nothing reads the result of '{}'", p.name));
      continue;  // kernel to kernel, no memory tile
    }
    // A dense result that is only a graph output, written by more chains than a memory tile has
    // write channels: one buffer per group of chains, each read by its own PLIO slices, instead of
    // gather copies into one buffer (a gather forwards six chains' columns on one channel).
    const int groups = uses.empty() && outs.size() == 1 && p.is_dense() && outs[0]->source.col0 == 0 &&
                               outs[0]->source.cols < 0
                           ? (p.PN + b.s2mm() - 1) / b.s2mm()
                           : 1;
    if (groups > 1) {
      const OutputPlan& o = *outs[0];
      const int per = (p.PN + groups - 1) / groups;
      const std::int64_t cols = plan.cols_of(o.source);
      int named = 0;
      for (int g = 0, first = 0; first < p.PN; ++g, first += per) {
        const int last = std::min(p.PN, first + per);
        const std::int64_t c0 = first * p.NS, c1 = last * p.NS;
        if (c0 >= cols) throw std::runtime_error(fmt::format("chains {}.. of '{}' would only hold padding", first, p.name));
        const int eb = b.add_buffer(fmt::format("mt_out_{}_p{}", cpp_identifier(o.name), g), p.out, {c1 - c0, rows},
                                    SharedBufferPlan::Site::output, int(plan.plios.size()));
        b.drain_layer(eb, int(i), first, last, c0);
        OutputPart part{c0, std::min(c1, cols) - c0, 0, std::max(1, (o.plio_slices + groups - 1) / groups), named, true};
        auto readers = output_readers(plan, o, {c1 - c0, rows}, plio_bits, part);
        named += int(readers.size());
        b.add_readers(eb, readers);
      }
      continue;
    }
    std::string name = uses.empty() && outs.size() == 1 ? fmt::format("mt_out_{}", cpp_identifier(outs[0]->name))
                       : uses.size() == 1 && outs.empty() && uses[0].layer >= 0
                           ? fmt::format("mt_{}_{}", p.ident, plan.layers[std::size_t(uses[0].layer)].ident)
                           : fmt::format("mt_{}", p.ident);
    const auto site = uses.empty() ? SharedBufferPlan::Site::output : SharedBufferPlan::Site::edge;
    const int eb = b.add_buffer(name, p.out, {p.N_pad(), rows}, site,
                                uses.empty() ? int(plan.plios.size()) : int(i));  // output: the PLIO appended below
    b.drain_layer(eb, int(i));
    std::vector<Builder::Reader> readers = readers_for(eb, uses, p.out, p.M);
    for (const OutputPlan* o : outs)
      for (auto& r : output_readers(plan, *o, {p.N_pad(), rows}, plio_bits)) readers.push_back(std::move(r));
    b.add_readers(eb, readers);
  }

  // View results: read by their consumers like any buffer.
  for (std::size_t v = 0; v < plan.views.size(); ++v) {
    const auto uses = uses_of(plan, [&](const Source& s) { return s.view == int(v); });
    const int vb = view_buffer[v];
    std::vector<Builder::Reader> readers = readers_for(vb, uses, plan.views[v].elem, plan.views[v].rows);
    for (const auto& o : plan.outputs)
      if (o.source.view == int(v))
        for (auto& r : output_readers(plan, o, plan.buffers[std::size_t(vb)].dims, plio_bits)) readers.push_back(std::move(r));
    if (readers.empty()) throw std::runtime_error(fmt::format("nothing reads '{}'", plan.views[v].name));
    b.add_readers(vb, readers);
  }
}

}  // namespace aiem::aie
