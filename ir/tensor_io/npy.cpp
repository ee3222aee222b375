#include "ir/tensor_io/npy.hpp"

#include "ir/io/atomic_output.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <bit>
#include <cstring>
#include <fmt/format.h>
#include <fstream>
#include <limits>
#include <random>

namespace aiem::io {
namespace fs = std::filesystem;

namespace {

struct DTypeInfo {
  DType dtype;
  char kind;  // b, i, u, f
  std::size_t size;
};

constexpr DTypeInfo dtypes[] = {
    {DType::Bool, 'b', 1},    {DType::Int8, 'i', 1},   {DType::UInt8, 'u', 1},  {DType::Int16, 'i', 2},
    {DType::UInt16, 'u', 2},  {DType::Int32, 'i', 4},  {DType::UInt32, 'u', 4}, {DType::Int64, 'i', 8},
    {DType::UInt64, 'u', 8},  {DType::Float32, 'f', 4}, {DType::Float64, 'f', 8},
};

const DTypeInfo& info(DType d) {
  for (const auto& i : dtypes)
    if (i.dtype == d) return i;
  throw std::logic_error("npy: unknown dtype");
}

[[noreturn]] void fail(const std::string& what, const std::string& msg) {
  throw TensorFileError(fmt::format("{}: {}", what, msg));
}

// A tiny reader for the header, a Python dict literal such as
// {'descr': '<i1', 'fortran_order': False, 'shape': (8, 16), }
class HeaderParser {
 public:
  HeaderParser(std::string_view s, const std::string& what) : s_(s), what_(what) {}

  void parse(std::string& descr, bool& fortran, std::vector<std::int64_t>& shape) {
    bool have_descr = false, have_fortran = false, have_shape = false;
    expect('{');
    while (true) {
      skip();
      if (peek() == '}') break;
      std::string key = string_lit();
      expect(':');
      if (key == "descr") {
        descr = string_lit();
        have_descr = true;
      } else if (key == "fortran_order") {
        fortran = boolean();
        have_fortran = true;
      } else if (key == "shape") {
        shape = tuple();
        have_shape = true;
      } else {
        fail(what_, fmt::format("header: unexpected key '{}'", key));
      }
      skip();
      if (peek() == ',') {
        ++i_;
        continue;
      }
      if (peek() == '}') break;
      fail(what_, "header: expected ',' or '}'");
    }
    if (!have_descr) fail(what_, "header: missing key 'descr'");
    if (!have_fortran) fail(what_, "header: missing key 'fortran_order'");
    if (!have_shape) fail(what_, "header: missing key 'shape'");
  }

 private:
  char peek() const { return i_ < s_.size() ? s_[i_] : '\0'; }
  void skip() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t')) ++i_;
  }
  void expect(char c) {
    skip();
    if (peek() != c) fail(what_, fmt::format("header: expected '{}'", c));
    ++i_;
  }
  std::string string_lit() {
    skip();
    char q = peek();
    if (q != '\'' && q != '"') fail(what_, "header: expected a quoted string");
    std::size_t end = s_.find(q, i_ + 1);
    if (end == std::string_view::npos) fail(what_, "header: unterminated string");
    std::string out(s_.substr(i_ + 1, end - i_ - 1));
    i_ = end + 1;
    return out;
  }
  bool boolean() {
    skip();
    if (s_.substr(i_, 4) == "True") {
      i_ += 4;
      return true;
    }
    if (s_.substr(i_, 5) == "False") {
      i_ += 5;
      return false;
    }
    fail(what_, "header: 'fortran_order' must be True or False");
  }
  std::vector<std::int64_t> tuple() {
    expect('(');
    std::vector<std::int64_t> dims;
    while (true) {
      skip();
      if (peek() == ')') {
        ++i_;
        return dims;
      }
      if (peek() < '0' || peek() > '9') fail(what_, "header: shape must be a tuple of non-negative integers");
      std::int64_t v = 0;
      while (peek() >= '0' && peek() <= '9') {
        if (v > (std::numeric_limits<std::int64_t>::max() - 9) / 10) fail(what_, "header: shape dimension too large");
        v = v * 10 + (peek() - '0');
        ++i_;
      }
      if (peek() == 'L') ++i_;  // Python 2 longs
      dims.push_back(v);
      skip();
      if (peek() == ',') ++i_;
      else if (peek() != ')') fail(what_, "header: expected ',' or ')' in shape");
    }
  }

  std::string_view s_;
  const std::string& what_;
  std::size_t i_ = 0;
};

template <typename T>
T load(const std::byte* p, bool swap) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  if (swap && sizeof(T) > 1) {
    auto* b = reinterpret_cast<unsigned char*>(&v);
    std::reverse(b, b + sizeof(T));
  }
  return v;
}

}  // namespace

std::string_view to_string(DType d) {
  switch (d) {
    case DType::Bool: return "|b1";
    case DType::Int8: return "|i1";
    case DType::UInt8: return "|u1";
    case DType::Int16: return "<i2";
    case DType::UInt16: return "<u2";
    case DType::Int32: return "<i4";
    case DType::UInt32: return "<u4";
    case DType::Int64: return "<i8";
    case DType::UInt64: return "<u8";
    case DType::Float32: return "<f4";
    case DType::Float64: return "<f8";
  }
  return "?";
}

std::size_t item_size(DType d) { return info(d).size; }

std::size_t Array::size() const {
  std::size_t n = 1;
  for (auto d : shape) n *= static_cast<std::size_t>(d);
  return n;
}

Array parse_npy(std::span<const std::byte> bytes, const std::string& what) {
  static const unsigned char magic[] = {0x93, 'N', 'U', 'M', 'P', 'Y'};
  if (bytes.size() < 10 || std::memcmp(bytes.data(), magic, 6) != 0) fail(what, "not a .npy file (bad magic)");
  auto major = static_cast<unsigned>(bytes[6]);
  std::size_t header_len = 0, offset = 0;
  if (major == 1) {
    header_len = static_cast<std::size_t>(load<std::uint16_t>(bytes.data() + 8, std::endian::native != std::endian::little));
    offset = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12) fail(what, "truncated header");
    header_len = load<std::uint32_t>(bytes.data() + 8, std::endian::native != std::endian::little);
    offset = 12;
  } else {
    fail(what, fmt::format("unsupported .npy version {}.{}", major, static_cast<unsigned>(bytes[7])));
  }
  if (header_len > bytes.size() - offset) fail(what, "truncated header: header length exceeds file size");
  std::string_view header(reinterpret_cast<const char*>(bytes.data() + offset), header_len);
  std::string descr;
  bool fortran = false;
  Array a;
  HeaderParser(header, what).parse(descr, fortran, a.shape);

  if (descr.size() < 3) fail(what, fmt::format("unsupported dtype '{}'", descr));
  char order = descr[0], kind = descr[1];
  std::size_t size = 0;
  auto [p, ec] = std::from_chars(descr.data() + 2, descr.data() + descr.size(), size);
  if (ec != std::errc() || p != descr.data() + descr.size() || (order != '<' && order != '>' && order != '|' && order != '='))
    fail(what, fmt::format("unsupported dtype '{}'", descr));
  bool found = false;
  for (const auto& i : dtypes)
    if (i.kind == kind && i.size == size) {
      a.dtype = i.dtype;
      found = true;
    }
  if (!found) {
    std::string why = kind == 'c' ? " (complex)" : kind == 'O' ? " (Python objects)" : kind == 'U' || kind == 'S' ? " (strings)" : "";
    fail(what, fmt::format("unsupported dtype '{}'{}", descr, why));
  }
  bool swap = size > 1 && ((order == '>') != (std::endian::native == std::endian::big)) && order != '|' && order != '=';
  std::size_t count = 1;
  for (auto d : a.shape) {
    if (d != 0 && count > std::numeric_limits<std::size_t>::max() / 16 / static_cast<std::size_t>(d))
      fail(what, "shape is too large");
    count *= static_cast<std::size_t>(d);
  }
  std::size_t data_off = offset + header_len;
  std::size_t need = count * size;
  if (bytes.size() - data_off < need)
    fail(what, fmt::format("truncated data: expected {} bytes, found {}", need, bytes.size() - data_off));
  const std::byte* d = bytes.data() + data_off;
  std::vector<std::size_t> order_map;  // C-order index -> storage index, for Fortran-ordered arrays
  auto storage = [&](std::size_t c_index) -> std::size_t {
    if (!fortran || a.shape.size() < 2) return c_index;
    std::size_t f_index = 0, stride = 1, rem = c_index;
    std::vector<std::size_t> idx(a.shape.size());
    for (std::size_t k = a.shape.size(); k-- > 0;) {
      idx[k] = rem % static_cast<std::size_t>(a.shape[k]);
      rem /= static_cast<std::size_t>(a.shape[k]);
    }
    for (std::size_t k = 0; k < a.shape.size(); ++k) {
      f_index += idx[k] * stride;
      stride *= static_cast<std::size_t>(a.shape[k]);
    }
    return f_index;
  };
  if (a.is_float()) a.reals.resize(count);
  else a.ints.resize(count);
  for (std::size_t i = 0; i < count; ++i) {
    const std::byte* e = d + storage(i) * size;
    switch (a.dtype) {
      case DType::Bool: a.ints[i] = load<std::uint8_t>(e, false) != 0; break;
      case DType::Int8: a.ints[i] = load<std::int8_t>(e, false); break;
      case DType::UInt8: a.ints[i] = load<std::uint8_t>(e, false); break;
      case DType::Int16: a.ints[i] = load<std::int16_t>(e, swap); break;
      case DType::UInt16: a.ints[i] = load<std::uint16_t>(e, swap); break;
      case DType::Int32: a.ints[i] = load<std::int32_t>(e, swap); break;
      case DType::UInt32: a.ints[i] = load<std::uint32_t>(e, swap); break;
      case DType::Int64: a.ints[i] = load<std::int64_t>(e, swap); break;
      case DType::UInt64: {
        auto v = load<std::uint64_t>(e, swap);
        if (v > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
          fail(what, fmt::format("uint64 value {} at flat index {} does not fit int64", v, i));
        a.ints[i] = static_cast<std::int64_t>(v);
        break;
      }
      case DType::Float32: a.reals[i] = load<float>(e, swap); break;
      case DType::Float64: a.reals[i] = load<double>(e, swap); break;
    }
  }
  return a;
}

Array read_npy(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::error_code ec;
  if (!in || fs::is_directory(path, ec)) throw TensorFileError(fmt::format("{}: cannot read file", path.string()));
  std::vector<char> buf((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return parse_npy(std::as_bytes(std::span(buf)), path.string());
}

std::vector<std::byte> serialize_npy(const Array& a) {
  std::string shape;
  for (auto d : a.shape) shape += fmt::format("{}, ", d);
  if (a.shape.size() > 1) shape.resize(shape.size() - 2);
  else if (a.shape.size() == 1) shape.resize(shape.size() - 1);
  std::string header = fmt::format("{{'descr': '{}', 'fortran_order': False, 'shape': ({}), }}", to_string(a.dtype), shape);
  std::size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header += '\n';
  std::vector<std::byte> out;
  const unsigned char pre[] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
  for (auto c : pre) out.push_back(static_cast<std::byte>(c));
  out.push_back(static_cast<std::byte>(header.size() & 0xff));
  out.push_back(static_cast<std::byte>(header.size() >> 8));
  for (char c : header) out.push_back(static_cast<std::byte>(c));
  std::size_t n = a.size();
  if (a.is_float() ? a.reals.size() != n : a.ints.size() != n)
    throw std::logic_error("serialize_npy: data size does not match the shape");
  auto put = [&](const auto v) {
    auto bytes = std::bit_cast<std::array<std::byte, sizeof(v)>>(v);
    if constexpr (std::endian::native == std::endian::big) std::reverse(bytes.begin(), bytes.end());
    out.insert(out.end(), bytes.begin(), bytes.end());
  };
  for (std::size_t i = 0; i < n; ++i) {
    switch (a.dtype) {
      case DType::Bool: put(static_cast<std::uint8_t>(a.ints[i] != 0)); break;
      case DType::Int8: put(static_cast<std::int8_t>(a.ints[i])); break;
      case DType::UInt8: put(static_cast<std::uint8_t>(a.ints[i])); break;
      case DType::Int16: put(static_cast<std::int16_t>(a.ints[i])); break;
      case DType::UInt16: put(static_cast<std::uint16_t>(a.ints[i])); break;
      case DType::Int32: put(static_cast<std::int32_t>(a.ints[i])); break;
      case DType::UInt32: put(static_cast<std::uint32_t>(a.ints[i])); break;
      case DType::Int64: put(static_cast<std::int64_t>(a.ints[i])); break;
      case DType::UInt64: put(static_cast<std::uint64_t>(a.ints[i])); break;
      case DType::Float32: put(static_cast<float>(a.reals[i])); break;
      case DType::Float64: put(a.reals[i]); break;
    }
  }
  return out;
}

void write_npy(const fs::path& path, const Array& a) {
  const auto bytes = serialize_npy(a);
  try {
    aiem::io::write_file(path, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
  } catch (const aiem::io::OutputError& e) {
    throw TensorFileError(e.what());
  }
}

}  // namespace aiem::io
