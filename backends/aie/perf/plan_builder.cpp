#include "backends/aie/perf/plan_builder.hpp"

#include <stdexcept>

namespace aiem::aie::perf {
namespace {

std::int64_t ceil_div(std::int64_t a, std::int64_t b) { return (a + b - 1) / b; }
std::int64_t round_up(std::int64_t a, std::int64_t m) { return ceil_div(a, m) * m; }

// A row-major [rows][cols] buffer read or written in column slices: ADF dims are {cols, rows}.
Tiling column_slice(std::int64_t cols, std::int64_t rows, std::int64_t offset, std::int64_t width) {
  Tiling t;
  t.buffer_dimension = {cols, rows};
  t.tiling_dimension = {width, rows};
  t.offset = {offset, 0};
  t.boundary_dimension = {cols, rows};  // reads past the logical extent are zero (memtile padding)
  return t;
}

}  // namespace

Plan build_dense_plan(const ChainSpec& spec, const Device& device) {
  if (spec.layers.empty()) throw std::invalid_argument("perf: a chain needs at least one layer");
  if (spec.batch <= 0 || spec.RM <= 0 || spec.RN <= 0 || spec.mt.m <= 0 || spec.mt.k <= 0 || spec.mt.n <= 0)
    throw std::invalid_argument("perf: batch, blocking and microtile sizes must be positive");
  Plan p;
  p.model = spec.model;
  p.device = device;
  p.aie_arch = device.arch == Arch::aie_ml_v2 ? 22 : 20;
  p.batch = spec.batch;

  for (std::size_t i = 0; i < spec.layers.size(); ++i) {
    const DenseLayerSpec& s = spec.layers[i];
    if (s.K <= 0 || s.N <= 0 || s.PK <= 0 || s.PN <= 0)
      throw std::invalid_argument("perf: layer " + std::to_string(i) + " has a zero size or grid");
    if (i > 0 && s.K != spec.layers[i - 1].N)
      throw std::invalid_argument("perf: layer " + std::to_string(i) + " takes " + std::to_string(s.K) +
                                  " inputs but the layer before gives " + std::to_string(spec.layers[i - 1].N));
    LayerPlan l;
    l.name = s.name.empty() ? "fc" + std::to_string(i + 1) : s.name;
    l.node = ir::NodeId(i);
    l.M = spec.batch;
    l.K = s.K;
    l.N = s.N;
    l.a = s.a;
    l.w = s.w;
    l.out = s.out;
    // dense.hpp / ir resolve_quantization: acc32 unless both operands are 16-bit.
    l.acc_bits = (s.a.bits >= 16 && s.w.bits >= 16) ? 64 : 32;
    l.has_bias = true;
    l.requant.relu = i + 1 < spec.layers.size();
    l.mt = spec.mt;
    l.RM = spec.RM;
    l.RN = spec.RN;
    l.aie4ml_kernel = spec.aie4ml_kernel;
    l.PK = s.PK;
    l.PN = s.PN;
    l.M_pad = round_up(spec.batch, spec.mt.m * spec.RM);
    l.KS = round_up(ceil_div(s.K, s.PK), spec.mt.k);
    l.NS = round_up(ceil_div(s.N, s.PN), std::int64_t(spec.mt.n) * spec.RN);
    p.layers.push_back(std::move(l));
  }

  // PLIOs.
  const auto& first = p.layers.front();
  const auto& last = p.layers.back();
  std::vector<std::string> in_names, out_names;
  const int n_in = spec.plios == PlioLayout::per_slice ? first.PK : 1;
  const int n_out = spec.plios == PlioLayout::per_slice ? last.PN : 1;
  for (int i = 0; i < n_in; ++i) {
    PlioPlan io;
    io.name = n_in == 1 ? "x" : "x_p" + std::to_string(i);
    io.is_input = true;
    io.elem = first.a;
    io.width_bits = device.plio_width_bits;
    io.file = "data/in_" + io.name + ".txt";
    io.rows = first.M;
    io.cols = n_in == 1 ? first.K : std::min(first.KS, first.K - i * first.KS);
    if (io.cols <= 0) io.cols = 0;  // a K slice made only of padding carries nothing
    io.stream_cols = round_up(io.cols, io.elem.per_word());  // whole 32-bit words, as aiemc builds it
    in_names.push_back(io.name);
    p.plios.push_back(std::move(io));
  }
  for (int i = 0; i < n_out; ++i) {
    PlioPlan io;
    io.name = n_out == 1 ? "y" : "y_p" + std::to_string(i);
    io.is_input = false;
    io.elem = last.out;
    io.width_bits = device.plio_width_bits;
    io.file = "data/out_" + io.name + ".txt";
    io.golden = "data/golden_" + io.name + ".txt";
    io.rows = last.M;
    io.cols = n_out == 1 ? last.N : std::max<std::int64_t>(0, std::min(last.NS, last.N - i * last.NS));
    io.stream_cols = round_up(io.cols, io.elem.per_word());
    out_names.push_back(io.name);
    p.plios.push_back(std::move(io));
  }

  // Shared buffers: graph input, one between each pair of layers, graph output. Writers write
  // their column slice; reader pk reads K slice pk and broadcasts it to the PN chains.
  auto add_buffer = [&](std::string name, ElemType elem, std::int64_t cols, std::int64_t rows) -> SharedBufferPlan& {
    SharedBufferPlan b;
    b.name = std::move(name);
    b.elem = elem;
    b.dims = {cols, rows};
    p.buffers.push_back(std::move(b));
    return p.buffers.back();
  };
  auto add_readers = [&](SharedBufferPlan& b, int layer) {
    const auto& l = p.layers[std::size_t(layer)];
    for (int pk = 0; pk < l.PK; ++pk) {
      SharedBufferPlan::Port port;
      port.tiling = column_slice(b.dims[0], b.dims[1], pk * l.KS, l.KS);
      for (int pn = 0; pn < l.PN; ++pn) port.peers.push_back(Endpoint::of_kernel(layer, pn, pk));
      b.out.push_back(std::move(port));
    }
  };
  auto add_writers = [&](SharedBufferPlan& b, int layer) {
    const auto& l = p.layers[std::size_t(layer)];
    for (int pn = 0; pn < l.PN; ++pn) {
      SharedBufferPlan::Port port;
      port.tiling = column_slice(b.dims[0], b.dims[1], pn * l.NS, l.NS);
      port.peers.push_back(Endpoint::of_kernel(layer, pn, l.PK - 1));
      b.in.push_back(std::move(port));
    }
  };

  {
    auto& b = add_buffer("mt_x", first.a, first.K, first.M);
    std::int64_t off = 0;
    for (std::size_t i = 0; i < in_names.size(); ++i) {
      SharedBufferPlan::Port port;
      const std::int64_t width = p.plios[i].cols;
      port.tiling = column_slice(first.K, first.M, off, width);
      port.peers.push_back(Endpoint::of_plio(in_names[i]));
      off += width;
      b.in.push_back(std::move(port));
    }
    add_readers(b, 0);
  }
  for (std::size_t i = 0; i + 1 < p.layers.size(); ++i) {
    const auto& l = p.layers[i];
    auto& b = add_buffer("mt_" + l.name + "_" + p.layers[i + 1].name, l.out, l.N, l.M);
    add_writers(b, int(i));
    add_readers(b, int(i + 1));
  }
  {
    auto& b = add_buffer("mt_" + last.name + "_out", last.out, last.N, last.M);
    add_writers(b, int(p.layers.size() - 1));
    std::int64_t off = 0;
    for (std::size_t i = 0; i < out_names.size(); ++i) {
      SharedBufferPlan::Port port;
      const std::int64_t width = p.plios[in_names.size() + i].cols;
      port.tiling = column_slice(last.N, last.M, off, width);
      port.peers.push_back(Endpoint::of_plio(out_names[i]));
      off += width;
      b.out.push_back(std::move(port));
    }
  }
  return p;
}

}  // namespace aiem::aie::perf
