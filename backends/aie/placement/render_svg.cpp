#include <fmt/format.h>

#include "backends/aie/placement/geometry.hpp"
#include "backends/aie/placement/render.hpp"

namespace aiem::aie::placement {

namespace {

constexpr int cell = 28;    // tile pitch in px
constexpr int margin = 40;  // room for axis labels

// A fixed palette (no randomness: the drawing must be reproducible).
constexpr std::string_view palette[] = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948",
                                        "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac", "#86bcb6", "#d37295"};
std::string_view colour(std::size_t i) { return palette[i % std::size(palette)]; }

std::string xml(std::string_view s) {
  std::string o;
  for (char c : s) {
    switch (c) {
      case '&': o += "&amp;"; break;
      case '<': o += "&lt;"; break;
      case '>': o += "&gt;"; break;
      case '"': o += "&quot;"; break;
      default: o += c;
    }
  }
  return o;
}

struct Frame {
  int columns, rows, memrows;
  // Pixel centre of tile (col,row); memtile row m (0 = top memtile row) and the shim row sit below row 0.
  int cx(int col) const { return margin + col * cell + cell / 2; }
  int cy(int row) const { return margin + (rows - 1 - row) * cell + cell / 2; }
  int mem_cy() const { return cy(-1); }
  int shim_cy() const { return cy(-1 - memrows); }
  int width() const { return 2 * margin + columns * cell + 220; }
  int height() const { return 2 * margin + (rows + memrows + 1) * cell; }
};

}  // namespace

std::string render_svg(const PlacementProblem& p, const Placement& pl) {
  const Device& d = p.device;
  const Region r = resolved_region(p);
  const Frame f{d.columns, d.rows, d.memtile.rows};
  std::string s = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" font-family=\"monospace\" "
      "font-size=\"10\">\n",
      f.width(), f.height(), f.width(), f.height());
  s += "<defs><marker id=\"arrow\" viewBox=\"0 0 6 6\" refX=\"5\" refY=\"3\" markerWidth=\"5\" markerHeight=\"5\" "
       "orient=\"auto\"><path d=\"M0,0 L6,3 L0,6 z\" fill=\"#222\"/></marker></defs>\n";
  s += fmt::format("<text x=\"{}\" y=\"16\" font-size=\"13\">{} ({}) placement: cost {:.2f}</text>\n", margin,
                   xml(d.name), xml(d.part), pl.cost.total);

  // The grid: free tiles, tiles outside the region, keep-outs; then memtiles and shim tiles.
  const int half = cell / 2 - 1;
  for (int row = d.rows - 1; row >= 0; --row) {
    s += fmt::format("<text x=\"{}\" y=\"{}\">{}</text>\n", 8, f.cy(row) + 4, row);
    for (int c = 0; c < d.columns; ++c) {
      const bool inside = c >= r.col_first && c <= r.col_last && row >= r.row_first && row <= r.row_last;
      s += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" stroke=\"#bbb\"/>\n", f.cx(c) - half,
                       f.cy(row) - half, 2 * half, 2 * half, inside ? "#f4f4f4" : "#dcdcdc");
    }
  }
  for (const auto& k : p.keep_out)
    s += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#555\"/>\n", f.cx(k.col) - half,
                     f.cy(k.row) - half, 2 * half, 2 * half);
  for (int c = 0; c < d.columns; ++c) {
    s += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n", f.cx(c), margin - 6, c);
    if (d.memtile.rows > 0)
      s += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#e8e0f0\" stroke=\"#bbb\"/>\n",
                       f.cx(c) - half, f.cy(-1) - half, 2 * half, d.memtile.rows * cell - 2);
    s += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" stroke=\"#bbb\"/>\n", f.cx(c) - half,
                     f.shim_cy() - half, 2 * half, 2 * half, d.has_plio(c) ? "#e0f0e0" : "#eeeeee");
  }
  s += fmt::format("<text x=\"{}\" y=\"{}\">mem</text>\n", 4, f.mem_cy() + 4);
  s += fmt::format("<text x=\"{}\" y=\"{}\">shim</text>\n", 4, f.shim_cy() + 4);

  // Layer blocks, labels and cascade arrows.
  for (std::size_t l = 0; l < pl.layers.size(); ++l) {
    const auto& tiles = pl.layers[l].tiles;
    s += fmt::format("<g id=\"layer-{}\">\n", xml(p.layers[l].name));
    for (const auto& ch : tiles)
      for (const auto& t : ch)
        s += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" stroke=\"#333\"/>\n", f.cx(t.col) - half,
                         f.cy(t.row) - half, 2 * half, 2 * half, colour(l));
    for (const auto& ch : tiles)
      for (std::size_t k = 1; k < ch.size(); ++k)
        s += fmt::format(
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#222\" stroke-width=\"1.5\" marker-end=\"url(#arrow)\"/>\n",
            f.cx(ch[k - 1].col), f.cy(ch[k - 1].row), f.cx(ch[k].col), f.cy(ch[k].row));
    if (!tiles.empty() && !tiles[0].empty())
      s += fmt::format("<text x=\"{}\" y=\"{}\" font-weight=\"bold\">{}</text>\n", f.cx(tiles[0][0].col) - half + 2,
                       f.cy(tiles[0][0].row) - half + 10, layer_symbol(l));
    s += "</g>\n";
  }

  // Memtile edges: producer tails -> memtile column -> consumer tiles, dashed, producer's colour.
  auto centre = [&](const Box& b) { return std::pair{(f.cx(b.x0) + f.cx(b.x1)) / 2, (f.cy(b.y0) + f.cy(b.y1)) / 2}; };
  for (std::size_t i = 0; i < p.edges.size() && i < pl.memtile_column.size(); ++i) {
    const Edge& e = p.edges[i];
    if (e.kind != EdgeKind::memtile) continue;
    auto [ax, ay] = centre(tails_box(pl.layers[e.producer]));
    auto [bx, by] = centre(tiles_box(pl.layers[e.consumer]));
    const int mx = f.cx(pl.memtile_column[i]), my = f.mem_cy();
    s += fmt::format("<polyline points=\"{},{} {},{} {},{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\" "
                     "stroke-dasharray=\"5,3\" marker-end=\"url(#arrow)\"/>\n",
                     ax, ay, mx, my, bx, by, colour(e.producer));
  }
  for (std::size_t i = 0; i < p.plios.size() && i < pl.shim_column.size(); ++i) {
    const Plio& io = p.plios[i];
    auto [bx, by] = centre(plio_box(io, pl.layers[io.layer]));
    const int sx = f.cx(pl.shim_column[i]), sy = f.shim_cy();
    const bool in = io.dir == IoDir::input;
    s += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#2a7\" stroke-width=\"2\" "
                     "stroke-dasharray=\"2,2\" marker-end=\"url(#arrow)\"><title>{}</title></line>\n",
                     in ? sx : bx, in ? sy : by, in ? bx : sx, in ? by : sy, xml(io.name));
  }

  // Legend.
  const int lx = margin + d.columns * cell + 16;
  for (std::size_t l = 0; l < p.layers.size(); ++l) {
    const int ly = margin + static_cast<int>(l) * 16;
    s += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"{}\"/>\n", lx, ly, colour(l));
    s += fmt::format("<text x=\"{}\" y=\"{}\">{} {} {}x{}</text>\n", lx + 16, ly + 10, layer_symbol(l), xml(p.layers[l].name),
                     p.layers[l].pk, p.layers[l].pn);
  }
  s += "</svg>\n";
  return s;
}

}  // namespace aiem::aie::placement
