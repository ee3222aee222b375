// .npy/.npz: round trips, and hostile input only ever gives TensorFileError.
#include <catch2/catch.hpp>
#include <filesystem>

#include "ir/tensor_io/npy.hpp"

using namespace aiem::io;
namespace fs = std::filesystem;

TEST_CASE("npy round trip for every dtype", "[tensor_io]") {
  for (DType d : {DType::Bool, DType::Int8, DType::UInt8, DType::Int16, DType::UInt16, DType::Int32, DType::UInt32,
                  DType::Int64, DType::Float32, DType::Float64}) {
    Array a;
    a.shape = {2, 3};
    a.dtype = d;
    if (a.is_float()) a.reals = {0.5, -1.25, 3, 0, 2, -7};
    else if (d == DType::Bool) a.ints = {1, 0, 1, 1, 0, 0};
    else a.ints = {1, 0, 5, 100, 7, 9};
    auto bytes = serialize_npy(a);
    CHECK(bytes.size() % 64 == (a.size() * item_size(d)) % 64);
    Array b = parse_npy(bytes, "mem");
    CHECK(b.shape == a.shape);
    CHECK(b.dtype == d);
    CHECK(b.ints == a.ints);
    CHECK(b.reals == a.reals);
  }
}

TEST_CASE("every truncation and byte flip of a valid file is rejected cleanly or parsed", "[tensor_io]") {
  Array a;
  a.shape = {3, 4};
  a.dtype = DType::Int16;
  a.ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
  auto bytes = serialize_npy(a);
  for (std::size_t n = 0; n < bytes.size(); ++n)
    CHECK_THROWS_AS(parse_npy(std::span(bytes.data(), n), "cut.npy"), TensorFileError);
  for (std::size_t i = 0; i < 128; ++i) {
    auto copy = bytes;
    copy[i] ^= std::byte{0x5a};
    try {
      parse_npy(copy, "flip.npy");
    } catch (const TensorFileError&) {
    }
  }
  CHECK_THROWS_WITH(parse_npy(std::span(bytes.data(), 128), "cut.npy"), "cut.npy: truncated data: expected 24 bytes, found 0");
}

TEST_CASE("npz written by aiemc reads back, and the examples' archives read", "[tensor_io]") {
  fs::path dir = fs::temp_directory_path() / "aiem_npz_test";
  fs::create_directories(dir);
  Array w;
  w.shape = {2};
  w.dtype = DType::Int8;
  w.ints = {-3, 4};
  write_npz(dir / "p.npz", {{"fc1.w", w}});
  write_npz(dir / "q.npz", {{"fc1.w", w}});
  auto f = NpzFile::read(dir / "p.npz");
  CHECK(f.names() == std::vector<std::string>{"fc1.w"});
  CHECK(f.get("fc1.w").ints == w.ints);
  CHECK_THROWS_WITH(f.get("fc2.w"), (dir / "p.npz").string() + ": no array named 'fc2.w' (it has: fc1.w)");
  CHECK(fs::file_size(dir / "p.npz") == fs::file_size(dir / "q.npz"));
  auto jet = NpzFile::read(fs::path(AIEM_SOURCE_DIR) / "examples/jet_tagger/jet_tagger.npz");
  CHECK(jet.get("fc1.w").shape == std::vector<std::int64_t>{16, 64});
  fs::path bogus = dir / "bogus.npz";
  write_npy(bogus, w);  // an .npy is not a zip archive
  CHECK_THROWS_AS(NpzFile::read(bogus), TensorFileError);
  fs::remove_all(dir);
}

TEST_CASE("an npz without arrays is written as numpy writes it (a model without parameters) and reads back empty",
          "[tensor_io]") {
  fs::path dir = fs::temp_directory_path() / "aiem_npz_empty_test";
  fs::remove_all(dir);
  fs::create_directories(dir);
  write_npz(dir / "none.npz", {});
  REQUIRE(fs::exists(dir / "none.npz"));
  CHECK(fs::file_size(dir / "none.npz") == 22);  // the end of central directory record alone, as np.savez writes it
  CHECK(NpzFile::read(dir / "none.npz").names().empty());
  fs::remove_all(dir);
}
