#include "backends/aie/placement/problem.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <set>

namespace aiem::aie::placement {

namespace {

int parse_int(std::string_view s, std::string_view whole) {
  int v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size() || s.empty())
    throw ProblemError(fmt::format("column range '{}': expected FIRST..LAST, e.g. 7..37", whole));
  return v;
}

}  // namespace

Region parse_columns(std::string_view text) {
  Region r;
  auto dots = text.find("..");
  if (dots == std::string_view::npos) {
    r.col_first = r.col_last = parse_int(text, text);
  } else {
    r.col_first = parse_int(text.substr(0, dots), text);
    r.col_last = parse_int(text.substr(dots + 2), text);
  }
  if (r.col_first < 0 || r.col_last < r.col_first)
    throw ProblemError(fmt::format("column range '{}': FIRST must be >= 0 and <= LAST", text));
  return r;
}

std::vector<HandOff> chain_handoffs(const Layer& producer, const Layer& consumer) {
  std::vector<HandOff> h;
  for (int j = 0; j < std::min(producer.pn, consumer.pn); ++j) h.push_back({{j, producer.pk - 1}, {j, 0}});
  return h;
}

bool addresses(const Device& d, Tile reader, Tile owner) {
  if (owner == reader) return true;
  if (owner.row == reader.row && owner.col == reader.col - 1) return d.can_address(MemDir::west);
  if (owner.col == reader.col && owner.row == reader.row + 1) return d.can_address(MemDir::north);
  if (owner.col == reader.col && owner.row == reader.row - 1) return d.can_address(MemDir::south);
  return false;
}

const char* kind_name(EdgeKind k) {
  switch (k) {
    case EdgeKind::direct: return "direct";
    case EdgeKind::memtile: return "memtile";
    case EdgeKind::stream: return "stream";
  }
  return "?";
}

std::vector<HandOff> stage_handoffs(const Layer& producer, const Layer& consumer) {
  std::vector<HandOff> h;
  for (int cn = 0; cn < consumer.pn; ++cn)
    for (int k = 0; k < std::min(consumer.pk, producer.pn); ++k) h.push_back({{k, producer.pk - 1}, {cn, k}});
  return h;
}

Region resolved_region(const PlacementProblem& p) {
  Region r = p.region;
  const Device& d = p.device;
  if (r.col_last < 0) r.col_last = d.columns - 1;
  if (r.row_last < 0) r.row_last = d.rows - 1;
  if (r.col_first < 0 || r.row_first < 0 || r.col_first > r.col_last || r.row_first > r.row_last ||
      r.col_last >= d.columns || r.row_last >= d.rows)
    throw ProblemError(fmt::format("region columns {}..{}, rows {}..{} is empty or outside {}'s {}x{} array", r.col_first,
                                   r.col_last, r.row_first, r.row_last, d.name, d.columns, d.rows));
  return r;
}

std::vector<CascadeDir> layer_cascade(const PlacementProblem& p, const Layer& l) {
  if (l.cascade.empty()) return p.device.cascade;
  std::vector<CascadeDir> out;
  for (auto c : l.cascade)
    if (p.device.allows(c)) out.push_back(c);
  return out;
}

int memtile_s2mm_per_column(const Device& d) { return d.memtile.rows * d.memtile.dma_s2mm; }
int memtile_mm2s_per_column(const Device& d) { return d.memtile.rows * d.memtile.dma_mm2s; }

int plio_channels(const Device& d, const Plio& io) {
  // Assumption (docs/placement.md): a PLIO wider than one shim channel occupies several channels.
  int w = io.width_bits ? io.width_bits : d.plio_width_bits;
  return (w + d.shim.channel_bits - 1) / d.shim.channel_bits;
}

void validate(const PlacementProblem& p) {
  const Device& d = p.device;
  Region r = resolved_region(p);
  const int nl = static_cast<int>(p.layers.size());
  if (nl == 0) throw ProblemError("placement problem has no layers");
  const unsigned bank_limit = 1u << d.tile.data_banks;
  std::set<std::string> names;
  for (const auto& l : p.layers) {
    if (l.name.empty()) throw ProblemError("a layer has no name");
    if (!names.insert(l.name).second) throw ProblemError(fmt::format("two layers are named '{}'", l.name));
    if (l.pk < 1 || l.pn < 1)
      throw ProblemError(fmt::format("layer '{}': PK and PN must be >= 1, got {}x{}", l.name, l.pk, l.pn));
    for (BankMask m : {l.own_banks, l.output_banks, l.input_banks})
      if (m >= bank_limit)
        throw ProblemError(fmt::format("layer '{}': bank mask {:#x} names a bank beyond {}'s {} banks", l.name, m, d.name,
                                       d.tile.data_banks));
    if (l.own_banks & l.output_banks)
      throw ProblemError(fmt::format("layer '{}': output banks overlap the tile's own banks", l.name));
    if (l.input_memory == MemDir::own && (l.input_banks & (l.own_banks | l.output_banks)))
      throw ProblemError(fmt::format("layer '{}': input banks in the own memory overlap its other banks", l.name));
    if (!d.can_address(l.input_memory))
      throw ProblemError(fmt::format("layer '{}': a {} core cannot address its {} neighbour's memory", l.name,
                                     to_string(d.arch), to_string(l.input_memory)));
    if (layer_cascade(p, l).empty())
      throw ProblemError(fmt::format("layer '{}': none of its cascade directions is legal on {}", l.name, d.name));
    if (l.pin) {
      const Tile t = *l.pin;
      if (t.col < r.col_first || t.col > r.col_last || t.row < r.row_first || t.row > r.row_last)
        throw PlacementError(fmt::format("layer '{}' is pinned @at({},{}), outside the region (columns {}..{}, rows {}..{})",
                                         l.name, t.col, t.row, r.col_first, r.col_last, r.row_first, r.row_last),
                             l.name, l.tiles(), 0);
    }
  }
  for (const auto& t : p.keep_out)
    if (t.col < 0 || t.col >= d.columns || t.row < 0 || t.row >= d.rows)
      throw ProblemError(fmt::format("keep-out tile ({},{}) is outside {}'s array", t.col, t.row, d.name));

  const int cap_in = memtile_s2mm_per_column(d), cap_out = memtile_mm2s_per_column(d);
  for (std::size_t i = 0; i < p.edges.size(); ++i) {
    const Edge& e = p.edges[i];
    if (e.producer < 0 || e.producer >= nl || e.consumer < 0 || e.consumer >= nl || e.producer == e.consumer)
      throw ProblemError(fmt::format("edge {} joins layers {} -> {}; there are {} layers", i, e.producer, e.consumer, nl));
    const Layer& a = p.layers[e.producer];
    const Layer& b = p.layers[e.consumer];
    if (e.kind != EdgeKind::memtile) {
      if (e.handoffs.empty())
        throw ProblemError(fmt::format("{} edge '{}' -> '{}' lists no hand-offs", kind_name(e.kind), a.name, b.name));
      std::set<Stage> fed;
      for (const auto& h : e.handoffs) {
        if (h.from.pn < 0 || h.from.pn >= a.pn || h.from.pk < 0 || h.from.pk >= a.pk || h.to.pn < 0 ||
            h.to.pn >= b.pn || h.to.pk < 0 || h.to.pk >= b.pk)
          throw ProblemError(fmt::format("{} edge '{}' -> '{}': hand-off [{}][{}] -> [{}][{}] is outside the blocks",
                                         kind_name(e.kind), a.name, b.name, h.from.pn, h.from.pk, h.to.pn, h.to.pk));
        if (h.from.pk != a.pk - 1)
          throw ProblemError(fmt::format("{} edge '{}' -> '{}': hand-off from [{}][{}] is not a chain tail (only "
                                         "tails hold outputs)", kind_name(e.kind), a.name, b.name, h.from.pn, h.from.pk));
        if (!fed.insert(h.to).second)
          throw ProblemError(fmt::format("{} edge '{}' -> '{}': stage [{}][{}] is fed twice", kind_name(e.kind), a.name, b.name,
                                         h.to.pn, h.to.pk));
      }
    } else {
      if (e.s2mm < 1 || e.mm2s < 1)
        throw ProblemError(fmt::format("memtile edge '{}' -> '{}' needs >= 1 channel each way", a.name, b.name));
      if (d.memtile.rows == 0)
        throw PlacementError(fmt::format("edge '{}' -> '{}' needs a memtile; {} has none", a.name, b.name, d.name), "", 0, 0);
      if (e.s2mm > cap_in || e.mm2s > cap_out)
        throw PlacementError(fmt::format("edge '{}' -> '{}' needs {} S2MM / {} MM2S memtile channels; one {} column "
                                         "offers {} / {}: split the edge",
                                         a.name, b.name, e.s2mm, e.mm2s, d.name, cap_in, cap_out),
                             "", 0, 0);
    }
  }
  std::set<std::string> io_names;
  for (const auto& io : p.plios) {
    if (io.name.empty() || !io_names.insert(io.name).second)
      throw ProblemError(fmt::format("PLIO names must be unique and non-empty ('{}')", io.name));
    if (io.layer < 0 || io.layer >= nl)
      throw ProblemError(fmt::format("PLIO '{}' names layer {}; there are {} layers", io.name, io.layer, nl));
    int ch = plio_channels(d, io);
    int cap = io.dir == IoDir::input ? d.shim.pl_to_aie_channels : d.shim.aie_to_pl_channels;
    if (ch > cap)
      throw PlacementError(fmt::format("PLIO '{}' needs {} shim channels; a {} PL column offers {}", io.name, ch, d.name, cap),
                           "", 0, 0);
    // An output slice after the first reads the buffer the first one's writers fill: no S2MM of its own.
    const int min_s2mm = io.dir == IoDir::output ? 0 : 1;
    if (io.via_memtile && (d.memtile.rows == 0 || io.s2mm > cap_in || io.mm2s > cap_out || io.s2mm < min_s2mm || io.mm2s < 1))
      throw PlacementError(fmt::format("PLIO '{}' needs {} S2MM / {} MM2S memtile channels; one {} column offers {} / {}",
                                       io.name, io.s2mm, io.mm2s, d.name, cap_in, cap_out),
                           "", 0, 0);
  }
}

}  // namespace aiem::aie::placement
