#pragma once
// NumPy .npy arrays and .npz archives: parameters, inputs and outputs of aiemc. Every error is a
// TensorFileError whose message names the file (and archive member) and what is wrong with it.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace aiem::io {

enum class DType { Bool, Int8, UInt8, Int16, UInt16, Int32, UInt32, Int64, UInt64, Float32, Float64 };

std::string_view to_string(DType d);  // numpy descr, little-endian: "<i1", "|b1", "<f8", ...
std::size_t item_size(DType d);

// A loaded array in row-major order: integer and bool dtypes fill `ints`, float dtypes `reals`.
struct Array {
  std::vector<std::int64_t> shape;
  DType dtype = DType::Int64;
  std::vector<std::int64_t> ints;
  std::vector<double> reals;
  bool is_float() const { return dtype == DType::Float32 || dtype == DType::Float64; }
  std::size_t size() const;  // element count (1 for a 0-d array)
};

struct TensorFileError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

Array parse_npy(std::span<const std::byte> bytes, const std::string& what);
Array read_npy(const std::filesystem::path& path);
std::vector<std::byte> serialize_npy(const Array& a);
void write_npy(const std::filesystem::path& path, const Array& a);  // atomic: temp file, then rename

class NpzFile {
 public:
  static NpzFile read(const std::filesystem::path& path);
  std::vector<std::string> names() const;  // sorted, without ".npy"
  bool contains(const std::string& name) const { return arrays_.count(name) != 0; }
  const Array& get(const std::string& name) const;

 private:
  std::string path_;
  std::map<std::string, Array> arrays_;
};

// Deterministic bytes: members in the given order, stored, with a fixed timestamp. Atomic.
void write_npz(const std::filesystem::path& path, const std::vector<std::pair<std::string, Array>>& arrays);
// The same archive written to exactly `file` (no temporary of its own): for a staged file of an
// io::OutputTransaction that commits several files together.
void write_npz_into(const std::filesystem::path& file, const std::vector<std::pair<std::string, Array>>& arrays);


}  // namespace aiem::io
