#include "backends/aie/plan/bank_map.hpp"

#include <algorithm>

namespace aiem::aie {

const BankItem* BankMap::find(BankItem::What w) const {
  for (const auto& i : items)
    if (i.what == w) return &i;
  return nullptr;
}

BankMap bank_map(const LayerPlan& l, int pk, int banks, std::int64_t bank_bytes) {
  using W = BankItem::What;
  BankMap m;
  m.used.assign(std::size_t(std::max(banks, 0)), 0);
  const bool head = pk == 0, tail = pk == l.PK - 1;
  auto put = [&](W what, std::int64_t bytes, int bank) {
    BankItem it{what, bytes, -1};
    if (bank >= 0 && bank < banks && m.used[std::size_t(bank)] + bytes <= bank_bytes) {
      it.bank = bank;
      m.used[std::size_t(bank)] += bytes;
    }
    m.total += bytes;
    m.items.push_back(it);
  };
  // The ping-pong buffers have fixed banks (a pointwise kernel's second operand shares the input's).
  put(W::input_ping, l.x_bytes(), 0);
  put(W::input_pong, l.x_bytes(), 1);
  if (l.x2_bytes() > 0) {
    put(W::input2_ping, l.x2_bytes(), 0);
    put(W::input2_pong, l.x2_bytes(), 1);
  }
  if (tail) {
    put(W::output_ping, l.y_bytes(), 2);
    put(W::output_pong, l.y_bytes(), 3);
  }
  // The rest, largest first, each into the bank with the most room that holds it.
  std::vector<std::pair<W, std::int64_t>> rest;
  if (l.is_dense() && !l.streams_weights()) rest.push_back({W::weights, l.w_bytes()});
  if (l.table_bytes() > 0) rest.push_back({W::table, l.table_bytes()});
  if (head && l.has_bias) rest.push_back({W::bias, l.b_bytes()});
  if (tail && !l.requant.column_multipliers.empty()) rest.push_back({W::scale, l.NS * 4});
  rest.push_back({W::stack, kStackBytes});
  rest.push_back({W::heap_and_sync, kHeapBytes + kSyncBytes});
  std::stable_sort(rest.begin(), rest.end(), [](auto& a, auto& b) { return a.second > b.second; });
  for (auto [what, bytes] : rest) {
    int best = -1;
    for (int b = 0; b < banks; ++b)
      if (m.used[std::size_t(b)] + bytes <= bank_bytes && (best < 0 || m.used[std::size_t(b)] < m.used[std::size_t(best)]))
        best = b;
    put(what, bytes, best);
  }
  m.complete = std::all_of(m.items.begin(), m.items.end(), [](const BankItem& i) { return i.bank >= 0; });
  return m;
}

std::string to_string(BankItem::What w) {
  switch (w) {
    case BankItem::What::input_ping: return "input ping";
    case BankItem::What::input_pong: return "input pong";
    case BankItem::What::output_ping: return "output ping";
    case BankItem::What::output_pong: return "output pong";
    case BankItem::What::weights: return "weights";
    case BankItem::What::input2_ping: return "second input ping";
    case BankItem::What::input2_pong: return "second input pong";
    case BankItem::What::table: return "lookup table";
    case BankItem::What::bias: return "bias";
    case BankItem::What::scale: return "column multipliers";
    case BankItem::What::stack: return "stack";
    case BankItem::What::heap_and_sync: return "heap and sync buffer";
  }
  return "?";
}

}  // namespace aiem::aie
