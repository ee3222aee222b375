#include "backends/aie/plan/plumbing.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace aiem::aie {

namespace {

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
Tiling a_tiled(const std::vector<std::int64_t>& dims, const DenseLayerPlan& c, int pk, std::int64_t cols,
               std::int64_t rows) {
  Tiling t;
  t.buffer_dimension = dims;
  t.tiling_dimension = {c.mt.k, c.mt.m};
  t.offset = {pk * c.KS, 0};
  t.traversal = {{0, c.mt.k, c.KS / c.mt.k}, {1, c.mt.m, c.M_pad / c.mt.m}};
  t.boundary_dimension = {cols, rows};
  return t;
}

// Producer chain pn's y slice arrives C-tiled: TM x TN blocks, n blocks fastest.
Tiling c_tiled(const std::vector<std::int64_t>& dims, const DenseLayerPlan& p, int pn) {
  Tiling t;
  t.buffer_dimension = dims;
  t.tiling_dimension = {p.mt.n, p.mt.m};
  t.offset = {pn * p.NS, 0};
  t.traversal = {{0, p.mt.n, p.NS / p.mt.n}, {1, p.mt.m, p.M_pad / p.mt.m}};
  return t;
}

class Builder {
 public:
  Builder(Plan& p, int s2mm, int mm2s) : plan_(p), s2mm_(s2mm), mm2s_(mm2s) {}

  int add_buffer(std::string name, ElemType elem, std::vector<std::int64_t> dims) {
    SharedBufferPlan b;
    b.name = std::move(name);
    b.elem = elem;
    b.dims = std::move(dims);
    plan_.buffers.push_back(std::move(b));
    return int(plan_.buffers.size() - 1);
  }

  // Writers: (tiling, source) pairs; more than the memtile's S2MM channels go through gather
  // buffers, each forwarding its writers' column range.
  void add_writers(int buf, const std::vector<std::pair<Tiling, Endpoint>>& writers,
                   const std::vector<std::pair<std::int64_t, std::int64_t>>& col_ranges) {
    const auto dims = plan_.buffers[buf].dims;  // a copy: add_buffer below reallocates
    if (int(writers.size()) <= s2mm_) {
      for (auto& [t, src] : writers) plan_.buffers[buf].in.push_back({t, {src}});
      return;
    }
    const int groups = int((writers.size() + s2mm_ - 1) / s2mm_);
    if (groups > s2mm_)
      throw std::runtime_error(fmt::format("{} writers into '{}' exceed {} gather buffers of {} channels", writers.size(),
                                           plan_.buffers[buf].name, s2mm_, s2mm_));
    for (int g = 0; g < groups; ++g) {
      int gb = add_buffer(fmt::format("{}_g{}", plan_.buffers[buf].name, g), plan_.buffers[buf].elem, dims);
      std::size_t first = std::size_t(g) * s2mm_, last = std::min(writers.size(), first + s2mm_);
      for (std::size_t i = first; i < last; ++i) plan_.buffers[gb].in.push_back({writers[i].first, {writers[i].second}});
      std::int64_t c0 = col_ranges[first].first, c1 = col_ranges[last - 1].second;
      Tiling t = columns(dims, c0, c1 - c0);
      plan_.buffers[gb].out.push_back({t, {Endpoint::of_buffer(buf, int(plan_.buffers[buf].in.size()))}});
      plan_.buffers[buf].in.push_back({t, {Endpoint::of_buffer(gb, 0)}});
    }
  }

  // Readers: (tiling, destinations); more than the memtile's MM2S channels read from copies.
  void add_readers(int buf, const std::vector<std::pair<Tiling, std::vector<Endpoint>>>& readers) {
    if (int(readers.size()) <= mm2s_) {
      for (auto& [t, dst] : readers) plan_.buffers[buf].out.push_back({t, dst});
      return;
    }
    const int groups = int((readers.size() + mm2s_ - 1) / mm2s_);
    if (groups > mm2s_)
      throw std::runtime_error(fmt::format("{} readers of '{}' exceed {} relay buffers of {} channels", readers.size(),
                                           plan_.buffers[buf].name, mm2s_, mm2s_));
    auto dims = plan_.buffers[buf].dims;
    for (int g = 0; g < groups; ++g) {
      int rb = add_buffer(fmt::format("{}_r{}", plan_.buffers[buf].name, g), plan_.buffers[buf].elem, dims);
      plan_.buffers[buf].out.push_back({linear(dims), {Endpoint::of_buffer(rb, 0)}});
      plan_.buffers[rb].in.push_back({linear(dims), {Endpoint::of_buffer(buf, int(plan_.buffers[buf].out.size() - 1))}});
      std::size_t first = std::size_t(g) * mm2s_, last = std::min(readers.size(), first + mm2s_);
      for (std::size_t i = first; i < last; ++i) {
        Tiling t = readers[i].first;
        t.buffer_dimension = dims;
        plan_.buffers[rb].out.push_back({t, readers[i].second});
      }
    }
  }

  // Reader of a slice buffer for consumer stage pk of layer ci (all its chains); the buffer holds
  // exactly that stage's columns, so the tiling starts at column 0.
  void feed_stage(int buf, int ci, int pk, std::int64_t cols, std::int64_t rows) {
    const DenseLayerPlan& c = plan_.layers[ci];
    std::vector<Endpoint> dst;
    for (int pn = 0; pn < c.PN; ++pn) dst.push_back(Endpoint::of_kernel(ci, pn, pk));
    Tiling t = a_tiled(plan_.buffers[buf].dims, c, 0, cols, rows);
    add_readers(buf, {{t, dst}});
  }

  // Readers of buffer `buf` for consumer layer `ci`: one port per cascade stage.
  void feed_layer(int buf, int ci, std::int64_t cols, std::int64_t rows) {
    const DenseLayerPlan& c = plan_.layers[ci];
    std::vector<std::pair<Tiling, std::vector<Endpoint>>> readers;
    for (int pk = 0; pk < c.PK; ++pk) {
      std::vector<Endpoint> dst;
      for (int pn = 0; pn < c.PN; ++pn) dst.push_back(Endpoint::of_kernel(ci, pn, pk));
      readers.push_back({a_tiled(plan_.buffers[buf].dims, c, pk, cols, rows), dst});
    }
    add_readers(buf, readers);
  }

  // Writers into buffer `buf` from producer layer `pi`'s chain tails.
  void drain_layer(int buf, int pi) {
    const DenseLayerPlan& p = plan_.layers[pi];
    std::vector<std::pair<Tiling, Endpoint>> writers;
    std::vector<std::pair<std::int64_t, std::int64_t>> ranges;
    for (int pn = 0; pn < p.PN; ++pn) {
      writers.push_back({c_tiled(plan_.buffers[buf].dims, p, pn), Endpoint::of_kernel(pi, pn, p.PK - 1)});
      ranges.push_back({pn * p.NS, (pn + 1) * p.NS});
    }
    add_writers(buf, writers, ranges);
  }

 private:
  Plan& plan_;
  int s2mm_, mm2s_;
};

}  // namespace

void build_plumbing(Plan& plan, const std::string& input_name, const ElemType& input_elem,
                    const std::string& output_name, int plio_bits, bool split_input) {
  Builder b(plan, plan.device.memtile.dma_s2mm, plan.device.memtile.dma_mm2s);
  const auto& first = plan.layers.front();
  const auto& last = plan.layers.back();
  std::int64_t rows = 0;
  for (auto& l : plan.layers) rows = std::max(rows, l.M_pad);

  const int slices = split_input ? first.PK : 1;
  for (int j = 0; j < slices; ++j) {
    PlioPlan in;
    in.name = slices == 1 ? input_name : fmt::format("{}_s{}", input_name, j);
    in.is_input = true;
    in.elem = input_elem;
    in.width_bits = plio_bits;
    in.file = fmt::format("data/in_{}.txt", in.name);
    in.rows = first.M;
    in.col0 = slices == 1 ? 0 : j * first.KS;
    in.cols = slices == 1 ? first.K : std::max<std::int64_t>(0, std::min(first.KS, first.K - in.col0));
    if (in.cols == 0)
      throw std::runtime_error(fmt::format("cascade stage {} of '{}' would only see padding", j, first.name));
    plan.plios.push_back(in);
    int ib = b.add_buffer(fmt::format("mt_in_{}", in.name), input_elem, {in.cols, first.M});
    plan.buffers[std::size_t(ib)].in.push_back({linear({in.cols, first.M}), {Endpoint::of_plio(in.name)}});
    if (slices == 1) {
      b.feed_layer(ib, 0, first.K, first.M);
    } else {
      b.feed_stage(ib, 0, j, in.cols, first.M);
    }
  }
  for (std::size_t i = 0; i + 1 < plan.layers.size(); ++i) {
    const auto& p = plan.layers[i];
    if (plan.layers[i + 1].direct_input) continue;  // kernel to kernel, no memory tile
    int eb = b.add_buffer(fmt::format("mt_{}_{}", p.name, plan.layers[i + 1].name), p.out, {p.N_pad(), rows});
    b.drain_layer(eb, int(i));
    b.feed_layer(eb, int(i + 1), p.N, p.M);
  }

  int ob = b.add_buffer(fmt::format("mt_out_{}", output_name), last.out, {last.N_pad(), rows});
  b.drain_layer(ob, int(plan.layers.size() - 1));
  Tiling crop = columns({last.N_pad(), rows}, 0, last.N);
  crop.tiling_dimension = {last.N, last.M};
  plan.buffers[ob].out.push_back({crop, {Endpoint::of_plio(output_name)}});

  PlioPlan out;
  out.name = output_name;
  out.is_input = false;
  out.elem = last.out;
  out.width_bits = plio_bits;
  out.file = fmt::format("data/out_{}.txt", output_name);
  out.golden = fmt::format("data/golden_{}.txt", output_name);
  out.rows = last.M;
  out.cols = last.N;
  plan.plios.push_back(out);
}

}  // namespace aiem::aie
