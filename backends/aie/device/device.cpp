#include "backends/aie/device/device.hpp"

#include "ir/limits.hpp"

#include "ir/io/data_dir.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

namespace aiem::aie {
namespace fs = std::filesystem;
using nlohmann::json;

bool Device::has_plio(int column) const {
  return std::binary_search(shim.plio_columns.begin(), shim.plio_columns.end(), column);
}
bool Device::allows(CascadeDir d) const { return std::find(cascade.begin(), cascade.end(), d) != cascade.end(); }
bool Device::can_address(MemDir d) const {
  return d == MemDir::own || std::find(tile.neighbour_memory.begin(), tile.neighbour_memory.end(), d) !=
                                 tile.neighbour_memory.end();
}

std::string_view to_string(Arch a) { return a == Arch::aie_ml ? "aie-ml" : "aie-ml-v2"; }
std::string_view to_string(CascadeDir d) { return d == CascadeDir::west_to_east ? "west_to_east" : "north_to_south"; }
std::string_view to_string(MemDir d) {
  switch (d) {
    case MemDir::own: return "own";
    case MemDir::west: return "west";
    case MemDir::north: return "north";
    case MemDir::south: return "south";
  }
  return "?";
}

namespace {

// Reads one catalog object, remembering the JSON path so every error names the field, and
// rejecting unknown keys so a misspelt field is an error rather than a silently missing value.
class Reader {
 public:
  Reader(const json& j, std::string origin, std::string path) : j_(j), origin_(std::move(origin)), path_(std::move(path)) {
    if (!j_.is_object()) fail(path_.empty() ? "the catalog" : path_, "must be a JSON object");
  }

  [[noreturn]] void fail(const std::string& field, const std::string& what) const {
    throw DeviceError(fmt::format("device catalog {}: field '{}' {}", origin_, field, what));
  }

  std::string field(std::string_view key) const { return path_.empty() ? std::string(key) : path_ + "." + std::string(key); }

  const json& at(std::string_view key) {
    seen_.insert(std::string(key));
    auto it = j_.find(std::string(key));
    if (it == j_.end()) fail(field(key), "is missing");
    return *it;
  }

  Reader object(std::string_view key) { return Reader(at(key), origin_, field(key)); }

  int positive_int(std::string_view key, bool allow_zero = false) {
    const json& v = at(key);
    if (!v.is_number_integer()) fail(field(key), fmt::format("must be an integer, got {}", v.dump()));
    auto x = v.get<long long>();
    if (x < (allow_zero ? 0 : 1) || x > 1'000'000'000) fail(field(key), fmt::format("must be {}, got {}", allow_zero ? ">= 0" : "> 0", x));
    return static_cast<int>(x);
  }

  double positive_number(std::string_view key) {
    const json& v = at(key);
    if (!v.is_number()) fail(field(key), fmt::format("must be a number, got {}", v.dump()));
    double x = v.get<double>();
    if (!(x > 0)) fail(field(key), fmt::format("must be > 0, got {}", v.dump()));
    return x;
  }

  std::string string(std::string_view key, bool allow_empty = false) {
    const json& v = at(key);
    if (!v.is_string()) fail(field(key), fmt::format("must be a string, got {}", v.dump()));
    auto s = v.get<std::string>();
    if (s.empty() && !allow_empty) fail(field(key), "must not be empty");
    return s;
  }

  std::vector<std::string> strings(std::string_view key) {
    const json& v = at(key);
    if (!v.is_array()) fail(field(key), "must be an array of strings");
    std::vector<std::string> out;
    for (const auto& e : v) {
      if (!e.is_string()) fail(field(key), fmt::format("must be an array of strings, found {}", e.dump()));
      out.push_back(e.get<std::string>());
    }
    return out;
  }

  // A sorted, duplicate-free list of column indices inside [0, columns).
  std::vector<int> columns(std::string_view key, int columns) {
    const json& v = at(key);
    if (!v.is_array()) fail(field(key), "must be an array of column indices");
    std::vector<int> out;
    for (const auto& e : v) {
      if (!e.is_number_integer()) fail(field(key), fmt::format("must hold integers, found {}", e.dump()));
      auto c = e.get<long long>();
      if (c < 0 || c >= columns)
        fail(field(key), fmt::format("holds column {}, outside the array's columns 0..{}", c, columns - 1));
      out.push_back(static_cast<int>(c));
    }
    std::sort(out.begin(), out.end());
    if (std::adjacent_find(out.begin(), out.end()) != out.end()) fail(field(key), "lists a column twice");
    return out;
  }

  std::map<std::string, std::string> string_map(std::string_view key) {
    Reader r = object(key);
    std::map<std::string, std::string> out;
    for (const auto& [k, v] : r.j_.items()) {
      if (!v.is_string()) fail(r.field(k), "must be a string");
      out[k] = v.get<std::string>();
      r.seen_.insert(k);
    }
    return out;
  }

  // Call once every expected key was read.
  void no_unknown_keys() const {
    for (const auto& [k, v] : j_.items())
      if (!seen_.count(k)) fail(field(k), "is not a known catalog field (misspelt?)");
  }

 private:
  const json& j_;
  std::string origin_;
  std::string path_;
  std::set<std::string> seen_;
};

MemDir parse_mem_dir(Reader& r, const std::string& field, const std::string& s) {
  if (s == "west") return MemDir::west;
  if (s == "north") return MemDir::north;
  if (s == "south") return MemDir::south;
  r.fail(field, fmt::format("holds '{}'; expected west, north or south (own memory is implied)", s));
}

CascadeDir parse_cascade(Reader& r, const std::string& field, const std::string& s) {
  if (s == "west_to_east") return CascadeDir::west_to_east;
  if (s == "north_to_south") return CascadeDir::north_to_south;
  r.fail(field, fmt::format("holds '{}'; expected west_to_east or north_to_south", s));
}

Device read_device(const json& j, const std::string& origin) {
  Reader top(j, origin, "");
  Device d;
  if (int schema = top.positive_int("schema"); schema != 1)
    top.fail("schema", fmt::format("is {}; this aiemc reads schema 1", schema));
  d.name = top.string("name");
  d.board = top.string("board", /*allow_empty=*/true);
  d.part = top.string("part");
  if (auto a = top.string("architecture"); a == "aie-ml") d.arch = Arch::aie_ml;
  else if (a == "aie-ml-v2") d.arch = Arch::aie_ml_v2;
  else top.fail("architecture", fmt::format("is '{}'; expected aie-ml or aie-ml-v2", a));

  Reader array = top.object("array");
  d.columns = array.positive_int("columns");
  d.rows = array.positive_int("rows");
  // Far above any Versal array (38-50 columns, 8 or fewer AIE rows); what lies beyond is a typo,
  // and would make placement's per-tile tables unbounded.
  if (d.columns > limits::kDeviceColumns)
    array.fail("array.columns", fmt::format("is {}; a device has at most {} columns", d.columns, limits::kDeviceColumns));
  if (d.rows > limits::kDeviceRows)
    array.fail("array.rows", fmt::format("is {}; a device has at most {} AIE rows", d.rows, limits::kDeviceRows));
  array.no_unknown_keys();

  Reader tile = top.object("tile");
  d.tile.data_memory_bytes = tile.positive_int("data_memory_bytes");
  d.tile.data_banks = tile.positive_int("data_banks");
  d.tile.physical_banks = tile.positive_int("physical_banks");
  d.tile.program_memory_bytes = tile.positive_int("program_memory_bytes");
  if (d.tile.data_banks > 8) tile.fail(tile.field("data_banks"), "must be at most 8 (bank masks are 8 bits)");
  if (d.tile.data_memory_bytes % d.tile.data_banks)
    tile.fail(tile.field("data_memory_bytes"), "must be a multiple of data_banks");
  for (const auto& s : tile.strings("neighbour_memory"))
    d.tile.neighbour_memory.push_back(parse_mem_dir(tile, tile.field("neighbour_memory"), s));
  d.tile.dma_s2mm = tile.positive_int("dma_s2mm");
  d.tile.dma_mm2s = tile.positive_int("dma_mm2s");
  d.tile.buffer_descriptors = tile.positive_int("buffer_descriptors");
  tile.no_unknown_keys();

  Reader mt = top.object("memtile");
  d.memtile.rows = mt.positive_int("rows", /*allow_zero=*/true);
  d.memtile.bytes = mt.positive_int("bytes", true);
  d.memtile.banks = mt.positive_int("banks", true);
  d.memtile.dma_s2mm = mt.positive_int("dma_s2mm", true);
  d.memtile.dma_mm2s = mt.positive_int("dma_mm2s", true);
  d.memtile.buffer_descriptors = mt.positive_int("buffer_descriptors", true);
  mt.no_unknown_keys();

  Reader shim = top.object("shim");
  d.shim.plio_columns = shim.columns("plio_columns", d.columns);
  d.shim.noc_columns = shim.columns("noc_columns", d.columns);
  d.shim.pl_to_aie_channels = shim.positive_int("pl_to_aie_channels", true);
  d.shim.aie_to_pl_channels = shim.positive_int("aie_to_pl_channels", true);
  d.shim.channel_bits = shim.positive_int("channel_bits");
  shim.no_unknown_keys();

  for (const auto& s : top.strings("cascade")) d.cascade.push_back(parse_cascade(top, "cascade", s));
  if (d.cascade.empty()) top.fail("cascade", "must list at least one direction");

  Reader clocks = top.object("clocks_mhz");
  d.aie_clock_mhz = clocks.positive_number("aie");
  d.pl_clock_mhz = clocks.positive_number("pl");
  clocks.no_unknown_keys();
  if (d.pl_clock_mhz > d.aie_clock_mhz / 2)
    top.fail("clocks_mhz.pl", fmt::format("is {} MHz, above half the AIE clock ({} MHz)", d.pl_clock_mhz, d.aie_clock_mhz));

  d.plio_width_bits = top.positive_int("plio_width_bits");
  if (d.plio_width_bits != 32 && d.plio_width_bits != 64 && d.plio_width_bits != 128)
    top.fail("plio_width_bits", fmt::format("is {}; PLIO widths are 32, 64 or 128", d.plio_width_bits));
  d.sources = top.string_map("sources");
  top.no_unknown_keys();
  return d;
}

bool looks_like_path(std::string_view s) {
  return s.find('/') != std::string_view::npos || (s.size() > 5 && s.substr(s.size() - 5) == ".json");
}

}  // namespace

Device parse_device(std::string_view json_text, const std::string& origin) {
  json j;
  try {
    j = json::parse(json_text);
  } catch (const json::exception& e) {  // parse_error, and out_of_range for a number like 1E6384
    throw DeviceError(fmt::format("device catalog {}: not valid JSON ({})", origin, e.what()));
  }
  return read_device(j, origin);
}

fs::path device_catalog_dir() { return io::data_dir("devices"); }

std::vector<std::string> list_devices() {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(device_catalog_dir(), ec))
    if (e.path().extension() == ".json") names.push_back(e.path().stem().string());
  std::sort(names.begin(), names.end());
  return names;
}

Device load_device(std::string_view name_or_path) {
  fs::path file;
  if (looks_like_path(name_or_path)) {
    file = fs::path(name_or_path);
  } else {
    std::string lower(name_or_path);
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    file = device_catalog_dir() / (lower + ".json");
    if (!fs::exists(file)) {
      auto names = list_devices();
      throw DeviceError(fmt::format("unknown device '{}': no {} (known devices: {})", name_or_path, file.string(),
                                    names.empty() ? std::string("none") : fmt::format("{}", fmt::join(names, ", "))));
    }
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) throw DeviceError(fmt::format("device catalog {}: cannot be read", file.string()));
  std::stringstream ss;
  ss << in.rdbuf();
  Device d = parse_device(ss.str(), file.string());
  d.file = file;
  return d;
}

}  // namespace aiem::aie
