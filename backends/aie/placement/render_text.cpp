#include <fmt/format.h>

#include <map>

#include "backends/aie/placement/render.hpp"

namespace aiem::aie::placement {

char layer_symbol(std::size_t i) {
  static constexpr std::string_view symbols = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  return i < symbols.size() ? symbols[i] : '?';
}

std::string describe_bound(const Placement& pl) {
  const SearchStats& s = pl.stats;
  const double saved = s.first_handoff - pl.cost.handoff;
  if (pl.optimal()) return "optimal";
  if (s.proven_optimal)
    return fmt::format("optimum {:.2f} proven, this one +{:.2f} ({:.1f}%) for {:g} fewer hand-off hops", s.lower_bound,
                       pl.cost.total - s.lower_bound, 100 * s.gap(pl.cost.total), saved);
  return fmt::format("best found; lower bound {:.2f}, gap <= {:.1f}%{}", s.lower_bound, 100 * s.gap(pl.cost.total),
                     saved > 0 ? fmt::format(", {:g} fewer hand-off hops than the first pass's", saved) : std::string());
}

std::string render_text_map(const PlacementProblem& p, const Placement& pl) {
  const Device& d = p.device;
  const Region r = resolved_region(p);
  const int C = d.columns;
  std::vector<std::string> grid(d.rows, std::string(C, '.'));
  for (int row = 0; row < d.rows; ++row)
    for (int c = 0; c < C; ++c)
      if (c < r.col_first || c > r.col_last || row < r.row_first || row > r.row_last) grid[row][c] = ':';
  for (const auto& k : p.keep_out) grid[k.row][k.col] = '#';
  for (std::size_t l = 0; l < pl.layers.size(); ++l)
    for (const auto& ch : pl.layers[l].tiles)
      for (const auto& t : ch)
        if (t.row >= 0 && t.row < d.rows && t.col >= 0 && t.col < C) grid[t.row][t.col] = layer_symbol(l);

  std::string out = fmt::format("{} ({}): {} layer(s); cost {:.2f} = wire {:g}, bbox {:g}, rows {:g}, pressure {:.2f}; "
                                "hand-off hops {:g} ({})\n",
                                d.name, d.part, pl.layers.size(), pl.cost.total, pl.cost.wire, pl.cost.bbox, pl.cost.rows,
                                pl.cost.pressure, pl.cost.handoff, describe_bound(pl));
  const std::string pad(6, ' ');
  std::string tens, units;
  for (int c = 0; c < C; ++c) tens += c % 10 == 0 ? static_cast<char>('0' + (c / 10) % 10) : ' ', units += static_cast<char>('0' + c % 10);
  out += pad + tens + "\n" + pad + units + "\n";
  for (int row = d.rows - 1; row >= 0; --row) out += fmt::format("r{:<4} {}\n", row, grid[row]);

  // Memtile channels in use per column (S2MM + MM2S; '+' above 9) and PLIO directions per shim column.
  std::map<int, int> mt;
  std::map<int, std::pair<bool, bool>> io;
  for (std::size_t i = 0; i < p.edges.size() && i < pl.memtile_column.size(); ++i)
    if (p.edges[i].kind == EdgeKind::memtile) mt[pl.memtile_column[i]] += p.edges[i].s2mm + p.edges[i].mm2s;
  for (std::size_t i = 0; i < p.plios.size() && i < pl.shim_column.size(); ++i) {
    const Plio& x = p.plios[i];
    if (x.via_memtile) mt[pl.shim_column[i]] += x.s2mm + x.mm2s;
    (x.dir == IoDir::input ? io[pl.shim_column[i]].first : io[pl.shim_column[i]].second) = true;
  }
  std::string mrow(C, '.'), srow(C, '-');
  for (auto [c, n] : mt)
    if (c >= 0 && c < C) mrow[c] = n > 9 ? '+' : static_cast<char>('0' + n);
  for (int c = 0; c < C; ++c)
    if (d.has_plio(c)) srow[c] = '.';
  for (auto [c, dirs] : io)
    if (c >= 0 && c < C) srow[c] = dirs.first && dirs.second ? '*' : dirs.first ? 'i' : 'o';
  out += fmt::format("{:<6}{}   memtile DMA channels in use\n", "mem", mrow);
  out += fmt::format("{:<6}{}   PLIO: i in, o out, * both, . free, - no PL\n", "shim", srow);

  for (std::size_t l = 0; l < pl.layers.size(); ++l) {
    const Layer& L = p.layers[l];
    const auto& t = pl.layers[l].tiles;
    out += fmt::format("  {} {:<12} {}x{} = {:>3} tiles at ({},{}){}\n", layer_symbol(l), L.name, L.pk, L.pn, L.tiles(),
                       t.empty() || t[0].empty() ? -1 : t[0][0].col, t.empty() || t[0].empty() ? -1 : t[0][0].row,
                       L.pin ? " pinned" : "");
  }
  return out;
}

}  // namespace aiem::aie::placement
