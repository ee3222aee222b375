#include "backends/aie/plan/place_plan.hpp"

#include <algorithm>

#include "backends/aie/placement/verify.hpp"

namespace aiem::aie {

PlanProblem placement_problem(const Plan& plan, const PlaceOptions& options) {
  PlanProblem out;
  auto& p = out.problem;
  p.device = plan.device;
  p.region = options.region;
  p.keep_out = options.keep_out;
  const int s2mm_cap = plan.device.memtile.dma_s2mm, mm2s_cap = plan.device.memtile.dma_mm2s;
  for (const auto& l : plan.layers) {
    placement::Layer pl;
    pl.name = l.name;
    pl.pk = l.PK;
    pl.pn = l.PN;
    if (l.at) pl.pin = placement::Tile{(*l.at)[0], (*l.at)[1]};
    // Every buffer of our kernels is in the tile's own memory (inputs arrive by DMA), spread
    // over all its banks by the kernel's bank map (plan/bank_map.hpp): ping/pong in banks 0/1 and
    // 2/3, tables and stack where they fit. So each kernel claims its whole memory and nothing else.
    pl.own_banks = placement::BankMask((1u << plan.device.tile.data_banks) - 1);
    pl.output_banks = 0;
    pl.input_banks = 0;
    pl.input_memory = MemDir::own;
    p.layers.push_back(pl);
  }
  // Memtile edges get a column from the search; direct edges (kernel to kernel through the stream
  // switch, or in place between neighbours) need none. A result read by several layers is one
  // buffer with an edge to each reader; edge_of[i]: the first placement edge of layer i's result,
  // whose column the buffer takes.
  // (A product's second operand has a read port per kernel; its first, one per stage: the edge
  // counts the larger.)
  auto read_ports = [&](const LayerPlan& c) {
    return std::min(c.is_dense() ? (c.streams_weights() ? c.PK * c.PN : c.PK) : c.PN, mm2s_cap);
  };
  auto& edge_of = out.edge_of;
  edge_of.assign(plan.layers.size(), -1);
  for (std::size_t i = 0; i < plan.layers.size(); ++i)
    for (int c : plan.consumers(int(i))) {
      const LayerPlan& cl = plan.layers[std::size_t(c)];
      if (cl.direct_input) continue;
      if (edge_of[i] < 0) edge_of[i] = int(p.edges.size());
      placement::Edge e;
      e.producer = int(i);
      e.consumer = c;
      e.kind = placement::EdgeKind::memtile;
      e.s2mm = std::min(plan.layers[i].PN, s2mm_cap);
      e.mm2s = read_ports(cl);
      p.edges.push_back(e);
    }
  // A view's buffer sits between its parts' producers and its consumers: an edge from each producing
  // layer to each consumer keeps them close; view_edge[v]: the first, whose column the buffer takes.
  auto& view_edge = out.view_edge;
  auto& view_reader = out.view_reader;
  view_edge.assign(plan.views.size(), -1);
  view_reader.assign(plan.views.size(), -1);
  for (std::size_t v = 0; v < plan.views.size(); ++v) {
    std::vector<int> readers;
    for (std::size_t c = 0; c < plan.layers.size(); ++c)
      for (const Source& src : plan.layers[c].sources)
        if (src.view == int(v)) {
          readers.push_back(int(c));
          break;
        }
    if (!readers.empty()) view_reader[v] = readers[0];
    for (const auto& part : plan.views[v].parts) {
      if (part.source.layer < 0) continue;
      for (int c : readers) {
        if (view_edge[v] < 0) view_edge[v] = int(p.edges.size());
        placement::Edge e;
        e.producer = part.source.layer;
        e.consumer = c;
        e.kind = placement::EdgeKind::memtile;
        // A part's buffer copies into the view on one channel; a row join's band writes it from
        // each of its chains.
        e.s2mm = plan.views[v].row_join ? std::min(plan.layers[std::size_t(part.source.layer)].PN, s2mm_cap) : 1;
        e.mm2s = read_ports(plan.layers[std::size_t(c)]);
        p.edges.push_back(e);
      }
    }
  }
  // Kernel-to-kernel hand-offs need no memtile, but each one not in a neighbour's memory is a tile
  // DMA over the stream switch (perf/model.cpp hand_offs): stage [cn][pk] reads chain pk's tail.
  for (std::size_t c = 0; c < plan.layers.size(); ++c) {
    const LayerPlan& cl = plan.layers[c];
    if (!cl.direct_input || cl.sources.empty() || cl.sources[0].layer < 0) continue;
    placement::Edge e;
    e.producer = cl.sources[0].layer;
    e.consumer = int(c);
    e.kind = placement::EdgeKind::stream;
    e.handoffs = placement::stage_handoffs(p.layers[std::size_t(e.producer)], p.layers[c]);
    p.edges.push_back(e);
  }
  // An output buffer's writers are counted once, at the first PLIO reading it (its site).
  std::vector<int> output_writers(plan.plios.size(), -1);
  for (const auto& b : plan.buffers)
    if (b.site == SharedBufferPlan::Site::output) output_writers[std::size_t(b.site_index)] = int(b.in.size());
  for (const auto& io : plan.plios) {
    placement::Plio pio;
    pio.name = io.name;
    pio.dir = io.is_input ? placement::IoDir::input : placement::IoDir::output;
    pio.width_bits = io.width_bits;
    pio.via_memtile = true;
    if (io.is_input) {
      // The first layer reading this input (the PLIO's buffer serves every reader).
      pio.layer = 0;
      for (std::size_t i = 0; i < plan.layers.size(); ++i)
        if (std::any_of(plan.layers[i].sources.begin(), plan.layers[i].sources.end(),
                        [&](const Source& s) { return s.input == io.io; })) {
          pio.layer = int(i);
          break;
        }
      pio.s2mm = 1;
      pio.mm2s = read_ports(plan.layers[std::size_t(pio.layer)]);
    } else {
      pio.layer = plan.outputs.at(std::size_t(io.io)).layer;
      // The output's chains write its buffer once, whatever the number of PLIO slices reading it.
      const int site = output_writers[std::size_t(&io - plan.plios.data())];
      pio.s2mm = site >= 0    ? std::min(site, s2mm_cap)
                 : io.col0 == 0 ? std::min(plan.layers[std::size_t(pio.layer)].PN, s2mm_cap)
                                : 0;
      pio.mm2s = 1;
    }
    p.plios.push_back(pio);
  }
  return out;
}

namespace {

// Writes a placement's tiles, PLIO columns and buffer columns into the plan.
void write_back(Plan& plan, const PlanProblem& pp, const placement::Placement& placement) {
  const auto& edge_of = pp.edge_of;
  const auto& view_edge = pp.view_edge;
  const auto& view_reader = pp.view_reader;
  const int s2mm_cap = plan.device.memtile.dma_s2mm, mm2s_cap = plan.device.memtile.dma_mm2s;
  plan.tiles.assign(plan.layers.size(), {});
  for (std::size_t l = 0; l < plan.layers.size(); ++l) {
    auto& lt = plan.tiles[l];
    lt.assign(plan.layers[l].PN, std::vector<std::array<int, 2>>(plan.layers[l].PK));
    for (int pn = 0; pn < plan.layers[l].PN; ++pn)
      for (int pk = 0; pk < plan.layers[l].PK; ++pk) {
        auto t = placement.layers[l].tiles[pn][pk];
        lt[pn][pk] = {t.col, t.row};
      }
  }
  for (std::size_t i = 0; i < plan.plios.size(); ++i) plan.plios[i].column = placement.shim_column[i];
  // Buffers go to the memtile column of their edge (the input and output buffers to their PLIO's
  // column); a buffer that would overrun that memtile's DMA channels or memory (relays add ports)
  // goes to the nearest column with room.
  const int columns = plan.device.columns;
  std::vector<int> s2mm_used(std::size_t(columns), 0), mm2s_used(std::size_t(columns), 0);
  std::vector<std::int64_t> bytes_used(std::size_t(columns), 0);
  for (auto& b : plan.buffers) {
    const auto site = std::size_t(b.site_index);
    int want = 0;
    switch (b.site) {
      case SharedBufferPlan::Site::edge:
        // Read by layers: its first edge's column; read only by views and output PLIOs: under its producer.
        want = edge_of[site] >= 0 ? placement.memtile_column[std::size_t(edge_of[site])]
                                  : placement.layers[site].tiles[0][0].col;
        break;
      case SharedBufferPlan::Site::input:
      case SharedBufferPlan::Site::output: want = plan.plios[site].column; break;
      case SharedBufferPlan::Site::view:
        want = view_edge[site] >= 0 ? placement.memtile_column[std::size_t(view_edge[site])]
               : view_reader[site] >= 0 ? placement.layers[std::size_t(view_reader[site])].tiles[0][0].col
                                        : 0;
        break;
    }
    const std::int64_t bytes = 2 * b.bytes();  // ping-pong
    for (int d = 0; d < 2 * columns; ++d) {
      int c = want + (d % 2 ? -(d + 1) / 2 : d / 2);
      if (c < 0 || c >= columns) continue;
      auto cc = std::size_t(c);
      if (s2mm_used[cc] + int(b.in.size()) > s2mm_cap || mm2s_used[cc] + int(b.out.size()) > mm2s_cap ||
          bytes_used[cc] + bytes > plan.device.memtile.bytes)
        continue;
      b.column = c;
      s2mm_used[cc] += int(b.in.size());
      mm2s_used[cc] += int(b.out.size());
      bytes_used[cc] += bytes;
      break;
    }
    if (b.column < 0)
      throw placement::PlacementError("no memory tile has DMA channels and memory left for buffer '" + b.name + "'", "", 0, 0);
  }
}

}  // namespace

PlacedPlan place_plan(Plan& plan, const PlaceOptions& options) {
  PlanProblem pp = placement_problem(plan, options);
  PlacedPlan out;
  out.placement = placement::place(pp.problem, options.search);
  placement::verify_or_throw(pp.problem, out.placement);
  // The refinement trades objective for hand-off hops by the objective's weights; the latency
  // model judges the trade, and the first pass's placement stays when it predicts no gain.
  if (options.latency && !out.placement.first_pass.empty()) {
    placement::Placement first = std::move(out.placement.first_pass.front());
    out.placement.first_pass.clear();
    placement::verify_or_throw(pp.problem, first);
    Plan refined = plan;
    bool fits = true;
    try {
      write_back(refined, pp, out.placement);
    } catch (const placement::PlacementError&) {
      fits = false;  // its buffers find no memtile room: the first pass's placement
    }
    write_back(plan, pp, first);
    if (fits && options.latency(refined) < options.latency(plan)) {
      plan = std::move(refined);
    } else {
      first.stats = out.placement.stats;
      first.stats.refine_kept = false;
      out.placement = std::move(first);
    }
  } else {
    write_back(plan, pp, out.placement);
  }
  out.problem = std::move(pp.problem);
  return out;
}

}  // namespace aiem::aie
