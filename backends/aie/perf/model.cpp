#include "backends/aie/perf/model.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <set>
#include <stdexcept>

#include "backends/aie/perf/transfer_cost.hpp"
#include "backends/aie/plan/dma_usage.hpp"

namespace aiem::aie::perf {
namespace {

std::int64_t ceil_div(std::int64_t a, std::int64_t b) { return b > 0 ? (a + b - 1) / b : 0; }

// Bytes per AIE cycle of one PLIO of the given width (0: the constants' / device's width).
double plio_rate(int width_bits, const Device& d, const PerfConstants& c) {
  PerfConstants k = c;
  if (c.plio_width_bits <= 0 && width_bits > 0) k.plio_width_bits = width_bits;
  return k.plio_bytes_per_cycle(d);
}

// Slowest PLIO of one direction; without PLIOs in the plan, one PLIO carrying `fallback_bytes`.
double plio_cycles(const Plan& p, bool input, std::int64_t fallback_bytes, const PerfConstants& c) {
  double worst = 0;
  bool any = false;
  for (const auto& io : p.plios) {
    if (io.is_input != input) continue;
    any = true;
    const std::int64_t bytes = io.stream_bytes();
    worst = std::max(worst, double(bytes) / plio_rate(io.width_bits, p.device, c));
  }
  if (!any) worst = double(fallback_bytes) / plio_rate(0, p.device, c);
  return worst;
}

int count_plios(const Plan& p, bool input) {
  int n = 0;
  for (const auto& io : p.plios) n += io.is_input == input;
  return std::max(n, 1);
}

// Memtiles one shared buffer needs: enough DMA channels for its ports and room for ping and pong.
int memtiles_for(std::int64_t writers, std::int64_t readers, std::int64_t bytes, const Device& d) {
  const auto& m = d.memtile;
  std::int64_t n = 1;
  n = std::max(n, ceil_div(writers, std::max(1, m.dma_s2mm)));
  n = std::max(n, ceil_div(readers, std::max(1, m.dma_mm2s)));
  if (m.bytes > 0) n = std::max(n, ceil_div(2 * bytes, m.bytes));
  return int(n);
}

int count_memtiles(const Plan& p) {
  if (!p.buffers.empty()) {
    if (auto columns = p.memtile_columns(); !columns.empty()) return int(columns.size());
    int n = 0;
    for (const auto& b : p.buffers) {
      std::int64_t elems = 1;
      for (auto x : b.dims) elems *= x;
      n += memtiles_for(std::int64_t(b.in.size()), std::int64_t(b.out.size()), elems * b.elem.bytes(), p.device);
    }
    return n;
  }
  // The dataflow of the brief: input buffer, one buffer between consecutive layers, output buffer.
  const auto& L = p.layers;
  int n = memtiles_for(count_plios(p, true), L.front().PK, L.front().M * L.front().K * L.front().a.bytes(), p.device);
  for (std::size_t i = 0; i + 1 < L.size(); ++i)
    n += memtiles_for(L[i].PN, L[i + 1].PK, L[i].M * L[i].N * L[i].out.bytes(), p.device);
  n += memtiles_for(L.back().PN, count_plios(p, false), L.back().M * L.back().N * L.back().out.bytes(), p.device);
  return n;
}

// The compute row of the chain farthest from the memtiles (placement when known, else stacked up
// from row 0 as the chains of one layer are).
int farthest_row(const Plan& p, std::size_t layer) {
  const auto& l = p.layers[layer];
  if (layer < p.tiles.size() && !p.tiles[layer].empty()) {
    int row = 0;
    for (const auto& chain : p.tiles[layer])
      for (const auto& t : chain) row = std::max(row, t[1]);
    return row;
  }
  return l.PN - 1;
}

// How each layer's result reaches a consumer that takes it kernel to kernel (direct_input): in the
// consumer's memory when every consumer kernel can address the producer's tile (a lock swap, no
// transfer), else by tile DMA from the chain tail to the consumer's stage over the Manhattan
// distance of switches (placed plans); before placement, a tile DMA as far as the memtile route.
std::vector<LayerTiming::HandOff> hand_offs(const Plan& p, std::vector<int>& hops) {
  std::vector<LayerTiming::HandOff> h(p.layers.size(), LayerTiming::HandOff::memtile);
  hops.assign(p.layers.size(), 0);
  for (std::size_t ci = 0; ci < p.layers.size(); ++ci) {
    const LayerPlan& c = p.layers[ci];
    if (!c.direct_input || c.sources.empty() || c.sources[0].layer < 0) continue;
    const auto pi = std::size_t(c.sources[0].layer);
    const LayerPlan& prod = p.layers[pi];
    const bool placed = pi < p.tiles.size() && ci < p.tiles.size() && !p.tiles[pi].empty() && !p.tiles[ci].empty();
    if (!placed) {
      h[pi] = LayerTiming::HandOff::tile_dma;
      hops[pi] = farthest_row(p, pi) + 1;
      continue;
    }
    h[pi] = LayerTiming::HandOff::in_place;
    for (int pn = 0; pn < prod.PN; ++pn) {
      const auto t = p.tiles[pi][std::size_t(pn)][std::size_t(prod.PK - 1)];
      for (int cn = 0; cn < c.PN; ++cn) {
        const auto ct = p.tiles[ci][std::size_t(cn)][std::size_t(pn)];
        if (addressable(p.device, ct, t)) continue;
        h[pi] = LayerTiming::HandOff::tile_dma;
        hops[pi] = std::max(hops[pi], std::abs(ct[0] - t[0]) + std::abs(ct[1] - t[1]));
      }
    }
  }
  return h;
}

// Memory-tile to memory-tile copies on a layer's paths, which the plumbing adds when a buffer has
// more readers or writers than a memtile has DMA channels (plumbing.cpp: copy relays "_r", gather
// buffers "_g", each sharing the site of the buffer it serves): per layer, the longest chain of
// copies into its kernels and out of them, each one memtile transfer of what it moves. Views are
// costed where they are read (`ready`), so a chain stops at a buffer of another site.
struct RelayCost {
  double in = 0, out = 0;  // on the latency path: the copies before the kernels and after them
  double longest = 0;      // the slowest single copy: a pipeline stage of the interval
};
std::vector<RelayCost> relay_costs(const Plan& p, const PerfConstants& c) {
  std::vector<RelayCost> out(p.layers.size());
  const auto& B = p.buffers;
  auto same_site = [&](int a, int b) {
    return B[std::size_t(a)].site == B[std::size_t(b)].site && B[std::size_t(a)].site_index == B[std::size_t(b)].site_index;
  };
  auto bytes_of = [&](const SharedBufferPlan& b, const Tiling& t) { return t.elements() * b.elem.bytes(); };
  for (std::size_t bi = 0; bi < B.size(); ++bi) {
    const SharedBufferPlan& b = B[bi];
    // Readers: a buffer feeding kernels, copied from a same-site buffer, step by step up the relays.
    for (const auto& port : b.out)
      for (const auto& dst : port.peers) {
        if (dst.kind != Endpoint::Kind::Kernel || dst.layer < 0) continue;
        double path = 0, longest = 0;
        int cur = int(bi);
        while (B[std::size_t(cur)].in.size() == 1 && B[std::size_t(cur)].in[0].peers.size() == 1) {
          const Endpoint& w = B[std::size_t(cur)].in[0].peers[0];
          if (w.kind != Endpoint::Kind::SharedBuffer || !same_site(w.buffer, cur)) break;
          const double t = dma_transfer_cycles(B[std::size_t(cur)].bytes(), c);
          path += t;
          longest = std::max(longest, t);
          cur = w.buffer;
        }
        auto& o = out[std::size_t(dst.layer)];
        o.in = std::max(o.in, path);
        o.longest = std::max(o.longest, longest);
      }
    // Writers: kernels writing a gather buffer, forwarded down to the same-site buffer it serves.
    for (const auto& port : b.in)
      for (const auto& src : port.peers) {
        if (src.kind != Endpoint::Kind::Kernel || src.layer < 0) continue;
        double path = 0, longest = 0;
        int cur = int(bi);
        while (B[std::size_t(cur)].out.size() == 1 && B[std::size_t(cur)].out[0].peers.size() == 1) {
          const Endpoint& d = B[std::size_t(cur)].out[0].peers[0];
          if (d.kind != Endpoint::Kind::SharedBuffer || !same_site(d.buffer, cur)) break;
          const double t = dma_transfer_cycles(bytes_of(B[std::size_t(cur)], B[std::size_t(cur)].out[0].tiling), c);
          path += t;
          longest = std::max(longest, t);
          cur = d.buffer;
        }
        auto& o = out[std::size_t(src.layer)];
        o.out = std::max(o.out, path);  // the chains gather in parallel: the longest chain of copies counts
        o.longest = std::max(o.longest, longest);
      }
  }
  return out;
}

}  // namespace

ModelTiming predict(const Plan& plan, const PerfConstants& c) {
  if (plan.layers.empty()) throw std::invalid_argument("perf: the plan has no layers");
  const Device& d = plan.device;
  ModelTiming t;
  t.model = plan.model;
  t.batch = plan.batch;
  t.aie_clock_mhz = c.aie_mhz(d);
  if (!(t.aie_clock_mhz > 0)) throw std::invalid_argument("perf: no AIE clock (device catalog or override)");

  const auto& first = plan.layers.front();
  const auto& last = plan.layers.back();
  t.input_cycles = plio_cycles(plan, true, first.M * first.K * first.a.bytes(), c);
  t.output_cycles = plio_cycles(plan, false, last.M * last.N * last.out.bytes(), c);
  t.io_fixed_cycles = c.io_fixed_cycles;
  t.latency_cycles = t.io_fixed_cycles + t.input_cycles;
  // The DAG's critical path: a layer starts when its last operand is ready (graph inputs at the
  // end of the input transfer); the latency is the latest output's finish. A chain is the sum.
  std::vector<double> finish(plan.layers.size(), 0.0);
  std::vector<int> waits_for(plan.layers.size(), -1);  // the producer whose result a layer waited for last
  double end = 0;
  int latest = -1;  // the output layer that finishes last
  // A source is ready when its producer finishes; a view (concatenation) one memory-tile to
  // memory-tile transfer after its last part (a row join when its last band finishes).
  // The layer a source's readiness comes from (the latest part of a view), or -1 for graph inputs.
  std::function<int(const Source&)> producer_of = [&](const Source& s) -> int {
    if (s.layer >= 0) return s.layer;
    if (s.input >= 0) return -1;
    int best = -1;
    double t = -1;
    for (const auto& part : plan.views.at(std::size_t(s.view)).parts) {
      const int p = producer_of(part.source);
      const double r = p >= 0 ? finish[std::size_t(p)] : 0.0;
      if (r > t) {
        t = r;
        best = p;
      }
    }
    return best;
  };
  std::function<double(const Source&)> ready = [&](const Source& s) -> double {
    if (s.layer >= 0) return finish[std::size_t(s.layer)];
    if (s.input >= 0) return 0.0;
    const ViewPlan& v = plan.views.at(std::size_t(s.view));
    double t = 0;
    for (const auto& part : v.parts) t = std::max(t, ready(part.source));
    // A row join's bands wrote into it in place: their own output transfers are the writes.
    return v.row_join ? t : t + dma_transfer_cycles(v.rows * v.cols * v.elem.bytes(), c);
  };
  t.interval_cycles = std::max(t.input_cycles, t.output_cycles);
  t.bottleneck = t.input_cycles >= t.output_cycles ? "input PLIO" : "output PLIO";

  const std::vector<RelayCost> relays = relay_costs(plan, c);
  std::vector<int> handoff_hops;
  const std::vector<LayerTiming::HandOff> handoff = hand_offs(plan, handoff_hops);
  for (std::size_t i = 0; i < plan.layers.size(); ++i) {
    const LayerPlan& l = plan.layers[i];
    LayerTiming lt;
    lt.name = l.name;
    lt.PK = l.PK;
    lt.PN = l.PN;
    lt.tiles = l.PK * l.PN;
    lt.macs = l.is_dense() ? l.useful_macs() : 0;
    lt.chain = l.is_dense() ? dense_chain_cost(l, d, c) : pointwise_chain_cost(l, c);
    lt.kernel = l.is_dense() ? dense_kernel_cost(l, d, c) : lt.chain.head;
    // A second operand arrives on its own DMA channel, in parallel with the first: the larger of
    // the two is the one on the path.
    lt.x_bytes = std::max(l.x_bytes(), l.x2_bytes());
    lt.y_bytes = l.M_pad * l.NS * l.out.bytes();
    // A direct input is the producer's hand-off (its y transfer and route below), charged once
    // there: no memtile store and forward, nothing more on this side.
    lt.output = handoff[i];
    lt.x_dma_cycles = l.direct_input ? 0.0 : dma_transfer_cycles(lt.x_bytes, c);
    lt.y_dma_cycles = lt.output == LayerTiming::HandOff::in_place ? 0.0 : dma_transfer_cycles(lt.y_bytes, c);
    const double memtile_route = row_route_cycles(farthest_row(plan, i), c);
    lt.route_cycles = (l.direct_input ? 0.0 : memtile_route) +
                      (lt.output == LayerTiming::HandOff::memtile    ? memtile_route
                       : lt.output == LayerTiming::HandOff::tile_dma ? handoff_hops[i] * c.row_hop_cycles
                                                                     : 0.0);
    lt.relay_cycles = relays[i].in + relays[i].out;
    lt.latency_cycles = lt.x_dma_cycles + lt.route_cycles + lt.chain.latency_cycles + lt.y_dma_cycles + lt.relay_cycles;
    lt.interval_cycles = std::max({lt.x_dma_cycles, lt.chain.busy_cycles, lt.y_dma_cycles, relays[i].longest});
    const int peak = c.macs_per_cycle(l.a.bits, l.w.bits);
    lt.mac_utilisation = l.is_dense() ? double(lt.macs) / (double(lt.tiles) * peak * lt.chain.busy_cycles) : 0.0;

    double start = 0;
    for (const Source& s : l.sources)
      if (const double r = ready(s); r > start || waits_for[i] < 0) {
        start = std::max(start, r);
        waits_for[i] = producer_of(s);
      }
    if (l.sources.empty() && i > 0) {  // perf-only plans (plan_builder): a chain
      start = finish[i - 1];
      waits_for[i] = int(i) - 1;
    }
    finish[i] = start + lt.latency_cycles;
    if (plan.outputs.empty() && i + 1 == plan.layers.size()) {  // perf-only plans: the last layer
      end = finish[i];
      latest = int(i);
    }
    if (lt.interval_cycles > t.interval_cycles) {
      t.interval_cycles = lt.interval_cycles;
      const double dma = std::max(lt.x_dma_cycles, lt.y_dma_cycles);
      t.bottleneck = l.name + (lt.chain.busy_cycles >= std::max(dma, relays[i].longest) ? " kernel"
                               : relays[i].longest > dma                               ? " relay copy"
                               : lt.x_dma_cycles >= lt.y_dma_cycles                    ? " input DMA"
                                                                                       : " output DMA");
    }
    t.tiles += lt.tiles;
    t.macs += lt.macs;
    t.layers.push_back(std::move(lt));
  }

  // The latest graph output (a window or view of a layer's result is ready with it, a view one
  // memtile transfer later).
  for (const auto& o : plan.outputs)
    if (const double r = ready(o.source); latest < 0 || r > end) {
      end = r;
      latest = producer_of(o.source);
    }
  t.latency_cycles += end;
  for (int i = latest; i >= 0; i = waits_for[std::size_t(i)]) t.layers[std::size_t(i)].critical = true;
  // A batch of several graph iterations: they follow each other at the iteration interval, so the
  // batch's last output comes (iterations - 1) intervals after the first iteration's.
  t.iterations = plan.iterations();
  t.samples_per_iteration = plan.batch / t.iterations;
  t.iteration_latency_cycles = t.latency_cycles;
  t.iteration_interval_cycles = t.interval_cycles;
  t.latency_cycles += double(t.iterations - 1) * t.interval_cycles;
  t.interval_cycles *= double(t.iterations);
  const double ns_per_cycle = 1e3 / t.aie_clock_mhz;
  t.latency_ns = t.latency_cycles * ns_per_cycle;
  t.interval_ns = t.interval_cycles * ns_per_cycle;
  t.memtiles = count_memtiles(plan);
  t.inferences_per_s = double(plan.batch) / (t.interval_ns * 1e-9);
  t.macs *= t.iterations;                         // the layers count one iteration's
  t.gops = 2.0 * double(t.macs) / t.interval_ns;  // ops per ns = GOP/s
  double peak_macs = 0;
  for (const auto& l : plan.layers)
    if (l.is_dense()) peak_macs += double(l.PK * l.PN) * c.macs_per_cycle(l.a.bits, l.w.bits);
  t.mac_utilisation = peak_macs > 0 ? double(t.macs) / (peak_macs * t.interval_cycles) : 0.0;
  t.device_tile_fraction = d.tiles() > 0 ? double(t.tiles) / d.tiles() : 0;
  return t;
}

std::string iterations_text(std::int64_t iterations, std::int64_t samples_per_iteration) {
  if (iterations <= 1) return {};
  return fmt::format(" in {} graph iterations of {} sample{}", iterations, samples_per_iteration,
                     samples_per_iteration == 1 ? "" : "s");
}

ModelTiming predict(const Plan& plan) { return predict(plan, PerfConstants::for_device(plan.device)); }

}  // namespace aiem::aie::perf
