#pragma once
// Vitis PLIO text files (the data files of input_plio/output_plio in simulation): whitespace-
// separated decimal values, (PLIO width / element width) values per line. Lines starting with
// "T " (aiesimulator timestamps) and "TLAST" markers are accepted and skipped on input, so files
// produced by AMD's simulators can be fed back.
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "aiem_emu/elem_type.hpp"
#include "aiem_emu/error.hpp"

namespace aiem_emu {

inline std::size_t values_per_line(int plio_bits, const ElemType& t) {
  std::size_t bits = t.bytes * 8;
  return bits >= std::size_t(plio_bits) ? 1 : std::size_t(plio_bits) / bits;
}

namespace detail {
inline void store_value(std::byte* out, const ElemType& t, std::int64_t v) {
  switch (t.bytes) {
    case 1: { auto x = std::uint8_t(v); std::memcpy(out, &x, 1); break; }
    case 2: { auto x = std::uint16_t(v); std::memcpy(out, &x, 2); break; }
    case 4: { auto x = std::uint32_t(v); std::memcpy(out, &x, 4); break; }
    default: { auto x = std::uint64_t(v); std::memcpy(out, &x, 8); break; }
  }
}
inline std::int64_t load_value(const std::byte* in, const ElemType& t) {
  switch (t.bytes) {
    case 1: { std::uint8_t x; std::memcpy(&x, in, 1); return t.is_signed ? std::int8_t(x) : x; }
    case 2: { std::uint16_t x; std::memcpy(&x, in, 2); return t.is_signed ? std::int16_t(x) : x; }
    case 4: { std::uint32_t x; std::memcpy(&x, in, 4); return t.is_signed ? std::int32_t(x) : std::int64_t(x); }
    default: { std::int64_t x; std::memcpy(&x, in, 8); return x; }
  }
}
}  // namespace detail

// Parses a whole PLIO text file into raw element bytes.
inline std::vector<std::byte> read_plio_file(const std::string& path, const ElemType& t,
                                             int plio_bits) {
  std::ifstream in(path);
  if (!in) throw PlioFileError(path + ": cannot open PLIO input file");
  if (t.is_float) throw PlioFileError(path + ": float PLIO data is not supported by the emulator");
  const std::size_t per_line = values_per_line(plio_bits, t);
  const int bits = int(t.bytes * 8);
  const std::int64_t lo = t.is_signed ? (bits == 64 ? INT64_MIN : -(std::int64_t{1} << (bits - 1))) : 0;
  const std::int64_t hi = t.is_signed ? (bits == 64 ? INT64_MAX : (std::int64_t{1} << (bits - 1)) - 1)
                                      : (bits >= 63 ? INT64_MAX : (std::int64_t{1} << bits) - 1);
  std::vector<std::byte> out;
  std::string line;
  std::size_t lineno = 0, partial_line = 0;
  while (std::getline(in, line)) {
    ++lineno;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::istringstream ss(line);
    std::string tok;
    std::size_t count = 0;
    bool first = true;
    while (ss >> tok) {
      if (first && (tok == "T" || tok == "TLAST")) break;  // simulator markers
      first = false;
      const char* s = tok.c_str();
      char* end = nullptr;
      errno = 0;
      long long v = std::strtoll(s, &end, 10);
      if (end == s || *end != '\0')
        throw PlioFileError(path + ":" + std::to_string(lineno) + ": expected an integer, found '" +
                            tok + "'");
      if (errno == ERANGE || v < lo || v > hi)
        throw PlioFileError(path + ":" + std::to_string(lineno) + ": value " + tok +
                            " does not fit " + t.name);
      out.resize(out.size() + t.bytes);
      detail::store_value(out.data() + out.size() - t.bytes, t, v);
      ++count;
    }
    if (count == 0) continue;
    if (partial_line)
      throw PlioFileError(path + ":" + std::to_string(partial_line) + ": line has fewer than " +
                          std::to_string(per_line) + " values but is not the last line");
    if (count > per_line)
      throw PlioFileError(path + ":" + std::to_string(lineno) + ": " + std::to_string(count) +
                          " values on a line; a " + std::to_string(plio_bits) + "-bit PLIO of " +
                          t.name + " carries " + std::to_string(per_line));
    if (count < per_line) partial_line = lineno;
  }
  return out;
}

inline std::string format_plio_text(const std::byte* data, std::size_t bytes, const ElemType& t,
                                    int plio_bits) {
  const std::size_t per_line = values_per_line(plio_bits, t);
  std::string s;
  std::size_t n = bytes / t.bytes;
  for (std::size_t i = 0; i < n; ++i) {
    s += std::to_string(detail::load_value(data + i * t.bytes, t));
    s += (i + 1) % per_line == 0 || i + 1 == n ? '\n' : ' ';
  }
  return s;
}

}  // namespace aiem_emu
