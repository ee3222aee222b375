#include "backends/aie/plan/bank_map.hpp"

#include <algorithm>

namespace aiem::aie {

const BankItem* BankMap::find(BankItem::What w) const {
  for (const auto& i : items)
    if (i.what == w) return &i;
  return nullptr;
}

namespace {

// `shared`: how many ping-pong pairs give up their second bank (0: none; 1: the output's pong joins
// its ping; 2: the input's pong too), freeing whole banks for weights as large as a bank.
BankMap bank_map_with(const LayerPlan& l, int pk, int banks, std::int64_t bank_bytes, int shared) {
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
  const int input_pong = shared >= 2 ? 0 : 1, output_pong = shared >= 1 ? 2 : 3;
  put(W::input_ping, l.x_bytes(), 0);
  put(W::input_pong, l.x_bytes(), input_pong);
  if (l.x2_bytes() > 0) {
    put(W::input2_ping, l.x2_bytes(), 0);
    put(W::input2_pong, l.x2_bytes(), input_pong);
  }
  if (tail) {
    put(W::output_ping, l.y_bytes(), 2);
    put(W::output_pong, l.y_bytes(), output_pong);
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

}  // namespace

BankMap bank_map(const LayerPlan& l, int pk, int banks, std::int64_t bank_bytes) {
  // Ping and pong in different banks (the DMA fills one while the kernel reads the other); only
  // when the weights or a table then fit no bank, a pair shares one, output first (a tail stage
  // writes its output once per group, after the k loop), then input.
  BankMap m = bank_map_with(l, pk, banks, bank_bytes, 0);
  for (int shared = 1; !m.complete && shared <= 2; ++shared) {
    BankMap t = bank_map_with(l, pk, banks, bank_bytes, shared);
    if (t.complete) m = std::move(t);
  }
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
