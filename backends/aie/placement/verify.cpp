#include "backends/aie/placement/verify.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace aiem::aie::placement {

std::string_view to_string(ViolationKind k) {
  switch (k) {
    case ViolationKind::malformed: return "malformed";
    case ViolationKind::outside_region: return "outside-region";
    case ViolationKind::keep_out: return "keep-out";
    case ViolationKind::tile_reused: return "tile-reused";
    case ViolationKind::cascade: return "cascade";
    case ViolationKind::bank_conflict: return "bank-conflict";
    case ViolationKind::memory_unavailable: return "memory-unavailable";
    case ViolationKind::handoff: return "handoff";
    case ViolationKind::memtile_budget: return "memtile-budget";
    case ViolationKind::plio_column: return "plio-column";
    case ViolationKind::plio_budget: return "plio-budget";
    case ViolationKind::pin: return "pin";
  }
  return "?";
}

namespace {

class Checker {
 public:
  Checker(const PlacementProblem& p, const Placement& pl) : p_(p), pl_(pl), r_(resolved_region(p)) {}

  std::vector<Violation> run() {
    if (!shapes_match()) return out_;
    tiles();
    cascades();
    memory();
    handoffs();
    memtiles_and_plios();
    return out_;
  }

 private:
  template <class... A>
  void add(ViolationKind k, fmt::format_string<A...> f, A&&... a) {
    out_.push_back({k, fmt::format(f, std::forward<A>(a)...)});
  }

  bool in_device(Tile t) const { return t.col >= 0 && t.row >= 0 && t.col < p_.device.columns && t.row < p_.device.rows; }
  bool in_region(Tile t) const {
    return t.col >= r_.col_first && t.col <= r_.col_last && t.row >= r_.row_first && t.row <= r_.row_last;
  }
  bool kept_out(Tile t) const {
    for (const auto& k : p_.keep_out)
      if (k == t) return true;
    return false;
  }
  std::string stage(int l, int j, int k) const { return fmt::format("'{}'[{}][{}]", p_.layers[l].name, j, k); }

  bool shapes_match() {
    if (pl_.layers.size() != p_.layers.size() || pl_.memtile_column.size() != p_.edges.size() ||
        pl_.shim_column.size() != p_.plios.size()) {
      add(ViolationKind::malformed, "placement has {} layers / {} memtile columns / {} shim columns for a problem with {} / {} / {}",
          pl_.layers.size(), pl_.memtile_column.size(), pl_.shim_column.size(), p_.layers.size(), p_.edges.size(),
          p_.plios.size());
      return false;
    }
    bool ok = true;
    for (std::size_t l = 0; l < p_.layers.size(); ++l) {
      const Layer& L = p_.layers[l];
      const auto& t = pl_.layers[l].tiles;
      bool good = static_cast<int>(t.size()) == L.pn;
      for (const auto& ch : t) good = good && static_cast<int>(ch.size()) == L.pk;
      if (!good) {
        add(ViolationKind::malformed, "layer '{}' is placed with a tile grid that is not {} chains of {}", L.name, L.pn, L.pk);
        ok = false;
      }
    }
    return ok;
  }

  void tiles() {
    std::map<Tile, std::string> used;
    for (std::size_t l = 0; l < p_.layers.size(); ++l) {
      const auto& t = pl_.layers[l].tiles;
      for (int j = 0; j < static_cast<int>(t.size()); ++j)
        for (int k = 0; k < static_cast<int>(t[j].size()); ++k) {
          const Tile x = t[j][k];
          const std::string who = stage(static_cast<int>(l), j, k);
          if (!in_device(x) || !in_region(x))
            add(ViolationKind::outside_region, "{} at ({},{}) is outside the region (columns {}..{}, rows {}..{})", who, x.col,
                x.row, r_.col_first, r_.col_last, r_.row_first, r_.row_last);
          if (kept_out(x)) add(ViolationKind::keep_out, "{} is on keep-out tile ({},{})", who, x.col, x.row);
          auto [it, fresh] = used.emplace(x, who);
          if (!fresh) add(ViolationKind::tile_reused, "{} and {} both use tile ({},{})", it->second, who, x.col, x.row);
        }
      const Layer& L = p_.layers[l];
      if (L.pin && !(t[0][0] == *L.pin))
        add(ViolationKind::pin, "layer '{}' is pinned @at({},{}) but its first tile is at ({},{})", L.name, L.pin->col,
            L.pin->row, t[0][0].col, t[0][0].row);
    }
  }

  void cascades() {
    for (std::size_t l = 0; l < p_.layers.size(); ++l) {
      const auto dirs = layer_cascade(p_, p_.layers[l]);
      auto allowed = [&](CascadeDir d) { return std::find(dirs.begin(), dirs.end(), d) != dirs.end(); };
      const auto& t = pl_.layers[l].tiles;
      for (int j = 0; j < static_cast<int>(t.size()); ++j)
        for (int k = 1; k < static_cast<int>(t[j].size()); ++k) {
          const Tile a = t[j][k - 1], b = t[j][k];
          const bool east = b.row == a.row && b.col == a.col + 1;
          const bool south = b.col == a.col && b.row == a.row - 1;
          if ((east && allowed(CascadeDir::west_to_east)) || (south && allowed(CascadeDir::north_to_south))) continue;
          add(ViolationKind::cascade, "cascade {} ({},{}) -> {} ({},{}) is not a legal {} hop", stage(static_cast<int>(l), j, k - 1),
              a.col, a.row, stage(static_cast<int>(l), j, k), b.col, b.row,
              east ? "west->east (not allowed here)" : south ? "north->south (not allowed here)" : "west->east or north->south");
        }
    }
  }

  static Tile toward(Tile t, MemDir d) {
    switch (d) {
      case MemDir::own: return t;
      case MemDir::west: return {t.col - 1, t.row};
      case MemDir::north: return {t.col, t.row + 1};
      case MemDir::south: return {t.col, t.row - 1};
    }
    return t;
  }

  void memory() {
    struct Claim {
      BankMask banks;
      std::string who;
    };
    std::map<Tile, std::vector<Claim>> claims;
    auto claim = [&](Tile at, BankMask banks, std::string who) {
      if (!banks) return;
      if (!in_device(at) || !in_region(at) || kept_out(at)) {
        add(ViolationKind::memory_unavailable, "{} needs banks {:#x} of tile ({},{}), which is {}", who, banks, at.col, at.row,
            !in_device(at) ? "outside the device" : !in_region(at) ? "outside the region" : "kept out");
        return;
      }
      auto& list = claims[at];
      for (const auto& c : list)
        if (c.banks & banks)
          add(ViolationKind::bank_conflict, "tile ({},{}) bank(s) {:#x}: {} and {} collide", at.col, at.row, c.banks & banks,
              c.who, who);
      list.push_back({banks, std::move(who)});
    };
    for (std::size_t l = 0; l < p_.layers.size(); ++l) {
      const Layer& L = p_.layers[l];
      std::vector<std::vector<bool>> fed(L.pn, std::vector<bool>(L.pk, false));
      for (const auto& e : p_.edges)
        if (e.kind == EdgeKind::direct && e.consumer == static_cast<int>(l))
          for (const auto& h : e.handoffs) fed[h.to.pn][h.to.pk] = true;
      const auto& t = pl_.layers[l].tiles;
      for (int j = 0; j < L.pn; ++j)
        for (int k = 0; k < L.pk; ++k) {
          const std::string who = stage(static_cast<int>(l), j, k);
          claim(t[j][k], L.own_banks, who + " weights/stack");
          if (k == L.pk - 1) claim(t[j][k], L.output_banks, who + " output");
          if (!fed[j][k]) claim(toward(t[j][k], L.input_memory), L.input_banks, who + " input");
        }
    }
  }

  void handoffs() {
    const Device& d = p_.device;
    for (const auto& e : p_.edges) {
      if (e.kind != EdgeKind::direct) continue;
      for (const auto& h : e.handoffs) {
        const Tile from = pl_.layers[e.producer].at(h.from), to = pl_.layers[e.consumer].at(h.to);
        if (from == to || !addresses(d, to, from))  // (one tile for both is a reuse, reported apart)
          add(ViolationKind::handoff, "{} at ({},{}) cannot read the output of {} at ({},{}): not its west, north or south neighbour",
              stage(e.consumer, h.to.pn, h.to.pk), to.col, to.row, stage(e.producer, h.from.pn, h.from.pk), from.col, from.row);
      }
    }
  }

  void memtiles_and_plios() {
    const Device& d = p_.device;
    std::map<int, std::pair<int, int>> mt, sh;
    auto column_ok = [&](int c) { return c >= r_.col_first && c <= r_.col_last; };
    for (std::size_t i = 0; i < p_.edges.size(); ++i) {
      const Edge& e = p_.edges[i];
      const int c = pl_.memtile_column[i];
      const std::string name = fmt::format("'{}' -> '{}'", p_.layers[e.producer].name, p_.layers[e.consumer].name);
      if (e.kind != EdgeKind::memtile) {
        if (c != -1) add(ViolationKind::memtile_budget, "{} edge {} is given memtile column {}", kind_name(e.kind), name, c);
        continue;
      }
      if (!column_ok(c)) {
        add(ViolationKind::memtile_budget, "memtile edge {} uses memtile column {}, outside the region's columns {}..{}", name, c,
            r_.col_first, r_.col_last);
        continue;
      }
      mt[c].first += e.s2mm, mt[c].second += e.mm2s;
    }
    for (std::size_t i = 0; i < p_.plios.size(); ++i) {
      const Plio& io = p_.plios[i];
      const int c = pl_.shim_column[i];
      if (!column_ok(c) || !d.has_plio(c)) {
        add(ViolationKind::plio_column, "PLIO '{}' is in shim column {}, which {}", io.name, c,
            column_ok(c) ? "has no PL stream interface" : "is outside the region");
        continue;
      }
      (io.dir == IoDir::input ? sh[c].first : sh[c].second) += plio_channels(d, io);
      if (io.via_memtile) mt[c].first += io.s2mm, mt[c].second += io.mm2s;
    }
    const int cin = memtile_s2mm_per_column(d), cout = memtile_mm2s_per_column(d);
    for (const auto& [c, u] : mt)
      if (u.first > cin || u.second > cout)
        add(ViolationKind::memtile_budget, "memtile column {} needs {} S2MM / {} MM2S channels; it has {} / {}", c, u.first,
            u.second, cin, cout);
    for (const auto& [c, u] : sh)
      if (u.first > d.shim.pl_to_aie_channels || u.second > d.shim.aie_to_pl_channels)
        add(ViolationKind::plio_budget, "shim column {} needs {} PL->AIE / {} AIE->PL channels; it has {} / {}", c, u.first,
            u.second, d.shim.pl_to_aie_channels, d.shim.aie_to_pl_channels);
  }

  const PlacementProblem& p_;
  const Placement& pl_;
  Region r_;
  std::vector<Violation> out_;
};

}  // namespace

std::vector<Violation> verify(const PlacementProblem& problem, const Placement& placement) {
  return Checker(problem, placement).run();
}

void verify_or_throw(const PlacementProblem& problem, const Placement& placement) {
  auto v = verify(problem, placement);
  if (v.empty()) return;
  std::string msg = fmt::format("placement is illegal ({} violation{}):", v.size(), v.size() == 1 ? "" : "s");
  for (const auto& x : v) msg += fmt::format("\n  [{}] {}", to_string(x.kind), x.message);
  throw PlacementError(msg, "", 0, 0);
}

}  // namespace aiem::aie::placement
