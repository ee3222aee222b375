#pragma once
// The placement problem: what the backend's physical plan asks of the array. Each layer is a block
// of PK x PN compute tiles (PN parallel cascade chains of PK stages); edges hand data from layer to
// layer either directly through a neighbour's memory or through a memtile; graph inputs and outputs
// enter and leave through PLIOs in shim columns. Coordinates are ADF's: (col, row) with row 0 the
// compute row next to the memtiles; north is row + 1.
#include <compare>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "backends/aie/device/device.hpp"

namespace aiem::aie::placement {

struct Tile {
  int col = 0;
  int row = 0;
  friend auto operator<=>(const Tile&, const Tile&) = default;
};

// Columns and rows the design may use (inclusive). -1 for a last index means "to the array edge".
struct Region {
  int col_first = 0;
  int col_last = -1;
  int row_first = 0;
  int row_last = -1;
};

// Parses a CLI column range "7..37" (or a single column "7") into a region with all rows.
Region parse_columns(std::string_view text);

// One bit per logical data-memory bank (bank 0 = bit 0).
using BankMask = std::uint8_t;

struct Layer {
  std::string name;
  int pk = 1;  // cascade length (K split)
  int pn = 1;  // parallel chains (N split)
  std::optional<Tile> pin;  // @at(col,row): where tile [0][0] (head of chain 0) must land
  // Data-memory footprint, which is what creates keep-outs between blocks. The defaults are the
  // dense kernel's bank map: weights and stack in banks 1-2 of the tile, the output ping-pong in
  // banks 0/3 of each chain tail, and the input ping-pong in banks 0/3 of the west neighbour.
  BankMask own_banks = 0b0110;     // every tile, in its own memory
  BankMask output_banks = 0b1001;  // chain tails, in their own memory
  BankMask input_banks = 0b1001;   // tiles not fed by a direct hand-off, in `input_memory`
  MemDir input_memory = MemDir::west;
  // Cascade hops this layer's chains may use; empty = every direction the device allows.
  std::vector<CascadeDir> cascade;

  int tiles() const { return pk * pn; }
};

// direct: in place through a neighbour's memory (a hard constraint); memtile: stored and forwarded
// by a memtile column the search picks; stream: a tile DMA from each producer chain tail to the
// consumer stages it feeds over the stream switch, costed by its longest hop count (0 when every
// consumer tile addresses its producer's memory and the hand-off stays in place).
enum class EdgeKind { direct, memtile, stream };

// A stage of a layer: chain `pn`, cascade position `pk` (pk = PK-1 is the chain tail).
struct Stage {
  int pn = 0;
  int pk = 0;
  friend auto operator<=>(const Stage&, const Stage&) = default;
};

// Direct edges: the consumer stage reads the producer stage's output buffer in place, so the
// consumer tile must be able to address the producer tile's memory (producer to its west, north or
// south) and does not allocate an input buffer of its own.
struct HandOff {
  Stage from;  // producer stage
  Stage to;    // consumer stage
};

struct Edge {
  int producer = 0;  // layer index
  int consumer = 0;
  EdgeKind kind = EdgeKind::memtile;
  std::vector<HandOff> handoffs;  // direct and stream edges
  // Memtile edges: DMA channels this edge needs in the memtile column the placer picks. An edge
  // needing more than one column offers must be split into several edges by the caller.
  int s2mm = 1;  // producer streams written into the memtile
  int mm2s = 1;  // streams read out to the consumer
};

// Chain j's tail of `producer` hands to chain j's head of `consumer`, for every chain both have.
std::vector<HandOff> chain_handoffs(const Layer& producer, const Layer& consumer);
// Stage k of every chain of `consumer` reads chain k's tail of `producer` (a K split fed by an N
// split, kernel to kernel: the plan's direct_input layers), for k below both.
std::vector<HandOff> stage_handoffs(const Layer& producer, const Layer& consumer);
// Whether the core at `reader` can address the data memory of the tile at `owner`: its own, or a
// west, north or south neighbour's where the device allows it (a hand-off that stays in place).
bool addresses(const Device& d, Tile reader, Tile owner);
// "direct", "memtile", "stream".
const char* kind_name(EdgeKind k);

enum class IoDir { input, output };

// One PLIO stream between the PL and a layer. A PLIO staged through a memtile uses the memtile of
// its own shim column (the stream goes straight north), which then needs s2mm/mm2s channels.
struct Plio {
  std::string name;
  IoDir dir = IoDir::input;
  int layer = 0;
  int width_bits = 0;  // 0 = the device's default PLIO width
  bool via_memtile = false;
  int s2mm = 1;
  int mm2s = 1;
};

// Weights of the cost terms (see docs/placement.md): all >= 0.
struct Weights {
  double wire = 1.0;      // Manhattan hops producer -> memtile -> consumer and shim -> layer
  double bbox = 1.0;      // half-perimeter of the bounding box of every used tile
  double rows = 0.25;     // sum over layers of (top row + 1): pulls blocks toward the memtiles
  double pressure = 1.0;  // sum over memtile columns of used^2 / capacity: spreads DMA load
  double handoff = 1.0;   // per switch hop of a stream edge's longest tile-DMA hand-off (refinement)
};

struct PlacementProblem {
  Device device;
  Region region;               // default: the whole array
  std::vector<Tile> keep_out;  // neither the core nor the memory of these tiles may be used
  std::vector<Layer> layers;
  std::vector<Edge> edges;
  std::vector<Plio> plios;
  Weights weights;
};

// Something the array cannot hold. `layer` names the layer that does not fit (empty when the
// problem is a memtile / PLIO budget), `tiles_needed` what it asked for, `tiles_available` what the
// region offered at that point.
struct PlacementError : std::runtime_error {
  PlacementError(const std::string& what, std::string layer_name, int needed, int available)
      : std::runtime_error(what), layer(std::move(layer_name)), tiles_needed(needed), tiles_available(available) {}
  std::string layer;
  int tiles_needed = 0;
  int tiles_available = 0;
};

// A malformed problem (a caller bug): bad indices, sizes, masks, directions.
struct ProblemError : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

// The region with "-1" resolved and clipped against the device; throws ProblemError if empty or
// outside the array.
Region resolved_region(const PlacementProblem& p);

// Checks indices, sizes, bank masks, hand-offs, pins and channel demands; throws ProblemError for
// malformed input and PlacementError for budgets no placement can meet.
void validate(const PlacementProblem& p);

// Cascade directions a layer may use on the problem's device.
std::vector<CascadeDir> layer_cascade(const PlacementProblem& p, const Layer& l);

// Memtile channel capacity of one column, and shim channels a PLIO of this problem occupies.
int memtile_s2mm_per_column(const Device& d);
int memtile_mm2s_per_column(const Device& d);
int plio_channels(const Device& d, const Plio& io);

}  // namespace aiem::aie::placement
