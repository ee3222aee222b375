#pragma once
// Where one kernel's data lives in its tile's data memory (4 logical banks of 16 KiB on
// AIE-ML and AIE-MLv2): the one bank map that emission writes as location constraints, the
// resource check verifies and placement reserves. Every buffer of our kernels is in the tile's own
// memory (inputs arrive by DMA or are the producer's buffer), so a kernel claims its own memory only.
//
//   bank 0: input ping      bank 1: input pong      (ping and pong in different banks: the DMA
//   bank 2: output ping     bank 3: output pong      fills one while the kernel reads the other)
//   (a pointwise kernel's second operand: ping in bank 0, pong in bank 1, after the first's)
//   weights or lookup table, bias, column multipliers, stack, heap and the sync buffer: first fit, largest first,
//   into the bank with the most room left.
// When the weights or a table then fit no bank (a 128 x 128 int8 tail stage: 16 KiB of weights),
// the output's pong joins its ping in bank 2, and if that is not enough the input's pong joins its
// ping in bank 0, so that a whole bank is free.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "backends/aie/plan/physical_plan.hpp"

namespace aiem::aie {

constexpr std::int64_t kStackBytes = 1024;  // aie.cfg stacksize (ADF default, UG1603 "AI Engine-ML Memory")
constexpr std::int64_t kHeapBytes = 1024;   // aie.cfg heapsize (ADF default; our kernels allocate nothing)
constexpr std::int64_t kSyncBytes = 32;     // the kernel's synchronisation buffer that ADF allocates per tile

struct BankItem {
  enum class What {
    input_ping, input_pong, input2_ping, input2_pong, output_ping, output_pong, weights, table, bias, scale, stack,
    heap_and_sync
  };
  What what;
  std::int64_t bytes = 0;
  int bank = -1;  // -1: does not fit any bank on its own (the compiler places it)
};

struct BankMap {
  std::vector<BankItem> items;
  std::vector<std::int64_t> used;  // bytes per bank
  std::int64_t total = 0;          // bytes of data memory the kernel needs
  bool complete = false;           // every item has a bank
  const BankItem* find(BankItem::What w) const;
};

// The bank map of cascade stage `pk` of layer `l` on a device with `banks` banks of `bank_bytes`.
BankMap bank_map(const LayerPlan& l, int pk, int banks, std::int64_t bank_bytes);

std::string to_string(BankItem::What w);

}  // namespace aiem::aie
