#pragma once
// The device catalog: one JSON file per device (stdlib/devices/<name>.json, installed to
// <datadir>/aiem/devices) describing the AIE array the backend and the placer target. Every number
// a backend decision depends on lives here, so supporting a new part means writing a file, not code.
#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace aiem::aie {

enum class Arch { aie_ml, aie_ml_v2 };

// Cascade hops a chain may take between consecutive stages (AIE-ML: set per tile by a register).
enum class CascadeDir { west_to_east, north_to_south };

// Neighbour whose data memory a core can address besides its own (AIE-ML: west, north, south).
enum class MemDir { own, west, north, south };

struct Device {
  std::string name;          // catalog key, e.g. "vek280"
  std::string board;         // e.g. "VEK280"; empty when the catalog describes a bare device
  std::string part;          // e.g. "xcve2802-vsvh1760-2MP-e-S"
  Arch arch = Arch::aie_ml;
  int columns = 0;           // compute-tile columns
  int rows = 0;              // compute-tile rows; row 0 is the one next to the memtiles

  struct Tile {
    int data_memory_bytes = 0;
    int data_banks = 0;      // logical banks the programmer addresses (ADF bank ids 0..data_banks-1)
    int physical_banks = 0;
    int program_memory_bytes = 0;
    std::vector<MemDir> neighbour_memory;  // neighbours whose memory a core can address
    int dma_s2mm = 0;        // tile DMA channels into the tile's memory
    int dma_mm2s = 0;        // tile DMA channels out of it
    int buffer_descriptors = 0;  // tile DMA buffer descriptors, shared by its channels
  } tile;

  struct MemTile {
    int rows = 0;            // memtiles per column, between the shim row and compute row 0
    int bytes = 0;
    int banks = 0;
    int dma_s2mm = 0;        // stream-to-memory channels per memtile (data coming in)
    int dma_mm2s = 0;        // memory-to-stream channels per memtile (data going out)
    int buffer_descriptors = 0;  // per memtile
  } memtile;

  struct Shim {
    std::vector<int> plio_columns;  // shim columns with a PL stream interface (sorted)
    std::vector<int> noc_columns;   // shim columns with a NoC interface / shim DMA (sorted)
    int pl_to_aie_channels = 0;     // per PLIO column
    int aie_to_pl_channels = 0;
    int channel_bits = 0;
  } shim;

  std::vector<CascadeDir> cascade;  // legal cascade hops
  double aie_clock_mhz = 0;
  double pl_clock_mhz = 0;          // default PLIO clock
  int plio_width_bits = 0;          // default PLIO width
  std::map<std::string, std::string> sources;  // provenance of the numbers, per section
  std::filesystem::path file;       // where it was loaded from (empty when parsed from text)

  int tiles() const { return columns * rows; }
  int bank_bytes() const { return tile.data_banks ? tile.data_memory_bytes / tile.data_banks : 0; }
  bool has_plio(int column) const;
  bool allows(CascadeDir d) const;
  bool can_address(MemDir d) const;  // own memory is always addressable
};

// A catalog file that cannot be read or does not describe a device. The message names the file
// and the offending field (as a JSON path, e.g. "memtile.dma_s2mm").
struct DeviceError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// `name_or_path`: a catalog name ("vek280", case-insensitive) looked up in device_catalog_dir(),
// or a path to a .json file (anything containing '/' or ending in ".json").
Device load_device(std::string_view name_or_path);

// Parses catalog text; `origin` names it in error messages.
Device parse_device(std::string_view json_text, const std::string& origin);

// The catalog directory: the source tree's stdlib/devices when it exists (developers, tests),
// else the installed <datadir>/aiem/devices.
std::filesystem::path device_catalog_dir();

// Catalog names available in device_catalog_dir(), sorted.
std::vector<std::string> list_devices();

std::string_view to_string(Arch a);
std::string_view to_string(CascadeDir d);
std::string_view to_string(MemDir d);

}  // namespace aiem::aie
