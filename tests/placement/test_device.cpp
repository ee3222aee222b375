#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "backends/aie/device/device.hpp"

using namespace aiem::aie;
namespace fs = std::filesystem;

namespace {

// Writes `text` to a fresh file and returns its path (the loader takes anything ending in .json).
fs::path write_catalog(const std::string& name, const std::string& text) {
  fs::path dir = fs::path(AIEM_BINARY_DIR) / "test_placement_catalogs";
  fs::create_directories(dir);
  fs::path f = dir / (name + ".json");
  std::ofstream(f) << text;
  return f;
}

std::string vek280_text() {
  std::ifstream in(fs::path(AIEM_SOURCE_DIR) / "stdlib/devices/vek280.json");
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string replace(std::string s, const std::string& from, const std::string& to) {
  auto at = s.find(from);
  REQUIRE(at != std::string::npos);
  return s.replace(at, from.size(), to);
}

std::string load_error(const fs::path& f) {
  try {
    load_device(f.string());
  } catch (const DeviceError& e) {
    return e.what();
  }
  FAIL("catalog " << f << " loaded without error");
  return {};
}

}  // namespace

TEST_CASE("placement/device catalog: VEK280 is a 38x8 AIE-ML xcve2802 with two memtile rows", "[device]") {
  Device d = load_device("vek280");
  CHECK(d.part == "xcve2802-vsvh1760-2MP-e-S");
  CHECK(d.arch == Arch::aie_ml);
  CHECK(d.columns == 38);
  CHECK(d.rows == 8);
  CHECK(d.tiles() == 304);
  CHECK(d.tile.data_memory_bytes == 65536);
  CHECK(d.tile.data_banks == 4);
  CHECK(d.bank_bytes() == 16384);
  CHECK(d.tile.program_memory_bytes == 16384);
  CHECK(d.memtile.rows == 2);
  CHECK(d.memtile.bytes == 512 * 1024);
  CHECK(d.memtile.dma_s2mm == 6);
  CHECK(d.memtile.dma_mm2s == 6);
  CHECK(d.shim.noc_columns.size() == 12);
  CHECK(d.shim.plio_columns.size() == 26);
  CHECK(d.has_plio(0));
  CHECK_FALSE(d.has_plio(2));  // a NoC column
  CHECK(d.allows(CascadeDir::west_to_east));
  CHECK(d.allows(CascadeDir::north_to_south));
  CHECK(d.can_address(MemDir::west));
  CHECK(d.can_address(MemDir::own));
  CHECK(d.aie_clock_mhz == 1250);
  CHECK(d.pl_clock_mhz == 312.5);
  CHECK(d.plio_width_bits == 128);
  CHECK(d.file.filename() == "vek280.json");
  CHECK(d.sources.count("array"));
}

TEST_CASE("placement/device catalog: VE2302 and VEK385", "[device]") {
  Device s = load_device("VE2302");  // names are case-insensitive
  CHECK(s.columns == 17);
  CHECK(s.rows == 2);
  CHECK(s.tiles() == 34);
  CHECK(s.memtile.rows == 1);
  CHECK(s.shim.noc_columns == std::vector<int>{2, 3, 6, 7, 10, 11});
  Device v = load_device("vek385");
  CHECK(v.arch == Arch::aie_ml_v2);
  CHECK(v.part == "xc2ve3858-ssva2112-2LP-e-S");
  CHECK(v.tiles() == 144);
  CHECK(v.aie_clock_mhz == 1050);
  CHECK(v.memtile.banks == 8);
}

TEST_CASE("placement/device catalog: lookup by path, listing, unknown names", "[device]") {
  auto names = list_devices();
  CHECK(names == std::vector<std::string>{"ve2302", "vek280", "vek385"});
  Device d = load_device((device_catalog_dir() / "vek280.json").string());
  CHECK(d.name == "vek280");
  try {
    load_device("vek999");
    FAIL("unknown device accepted");
  } catch (const DeviceError& e) {
    std::string m = e.what();
    CHECK_THAT(m, Catch::Contains("unknown device 'vek999'"));
    CHECK_THAT(m, Catch::Contains("vek280"));
  }
  CHECK_THROWS_WITH(load_device("/nonexistent/dir/x.json"), Catch::Contains("cannot be read"));
}

TEST_CASE("placement/device catalog: a bad catalog names the file and the field", "[device]") {
  const std::string good = vek280_text();
  struct Case {
    std::string name, from, to, expect;
  };
  std::vector<Case> cases = {
      {"missing_field", "\"dma_s2mm\": 6, ", "", "field 'memtile.dma_s2mm' is missing"},
      {"wrong_type", "\"columns\": 38", "\"columns\": \"38\"", "field 'array.columns' must be an integer"},
      {"negative", "\"rows\": 8", "\"rows\": -8", "field 'array.rows' must be > 0"},
      {"unknown_key", "\"banks\": 16,", "\"bank\": 16, \"banks\": 16,", "field 'memtile.bank' is not a known catalog field"},
      {"bad_arch", "\"aie-ml\"", "\"aie-ml3\"", "field 'architecture' is 'aie-ml3'"},
      {"bad_column", "\"noc_columns\": [2,", "\"noc_columns\": [40,", "field 'shim.noc_columns' holds column 40"},
      {"bad_cascade", "\"cascade\": [\"west_to_east\"", "\"cascade\": [\"east_to_west\"", "field 'cascade' holds 'east_to_west'"},
      {"pl_too_fast", "\"pl\": 312.5", "\"pl\": 900", "field 'clocks_mhz.pl' is 900 MHz, above half the AIE clock"},
      {"bad_neighbour", "\"neighbour_memory\": [\"west\"", "\"neighbour_memory\": [\"east\"", "field 'tile.neighbour_memory' holds 'east'"},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    auto f = write_catalog(c.name, replace(good, c.from, c.to));
    std::string m = load_error(f);
    CHECK_THAT(m, Catch::Contains(f.string()));
    CHECK_THAT(m, Catch::Contains(c.expect));
  }
  auto f = write_catalog("not_json", "{ \"schema\": 1, ");
  CHECK_THAT(load_error(f), Catch::Contains("not valid JSON"));
}
