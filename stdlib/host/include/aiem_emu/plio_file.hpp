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

// Sibling includes (not "aiem_emu/..."): aiemc itself includes this file from the project root too.
#include "elem_type.hpp"
#include "error.hpp"

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

// The integers of each non-empty line of a PLIO text file (simulator "T ..." and "TLAST" lines
// skipped), with its line number. The one tokenizer of the format: the emulated graph reads its
// inputs with it, and aiemc emulate reads outputs and golden files with it.
struct PlioLine {
  std::size_t number = 0;
  std::vector<std::int64_t> values;
};

// `role` names the file in the error for a file that cannot be opened ("input", "golden", ...).
inline std::vector<PlioLine> read_plio_lines(const std::string& path, const std::string& role = "input") {
  std::ifstream in(path);
  if (!in) throw PlioFileError(path + ": cannot open PLIO " + role + " file");
  std::vector<PlioLine> lines;
  std::string line, tok;
  for (std::size_t lineno = 1; std::getline(in, line); ++lineno) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::istringstream ss(line);
    PlioLine l{lineno, {}};
    bool first = true;
    while (ss >> tok) {
      if (first && (tok == "T" || tok == "TLAST")) break;  // simulator markers
      first = false;
      const char* s = tok.c_str();
      char* end = nullptr;
      errno = 0;
      long long v = std::strtoll(s, &end, 10);
      if (end == s || *end != '\0')
        throw PlioFileError(path + ":" + std::to_string(lineno) + ": expected an integer, found '" + tok + "'");
      if (errno == ERANGE)
        throw PlioFileError(path + ":" + std::to_string(lineno) + ": value " + tok + " does not fit 64 bits");
      l.values.push_back(v);
    }
    if (!l.values.empty()) lines.push_back(std::move(l));
  }
  return lines;
}

// Parses a whole PLIO input file into raw element bytes of type t, checking ranges and line widths.
inline std::vector<std::byte> read_plio_file(const std::string& path, const ElemType& t, int plio_bits) {
  if (t.is_float) throw PlioFileError(path + ": float PLIO data is not supported by the emulator");
  const std::size_t per_line = values_per_line(plio_bits, t);
  const int bits = int(t.bytes * 8);
  const std::int64_t lo = t.is_signed ? (bits == 64 ? INT64_MIN : -(std::int64_t{1} << (bits - 1))) : 0;
  const std::int64_t hi = t.is_signed ? (bits == 64 ? INT64_MAX : (std::int64_t{1} << (bits - 1)) - 1)
                                      : (bits >= 63 ? INT64_MAX : (std::int64_t{1} << bits) - 1);
  const auto lines = read_plio_lines(path);
  std::vector<std::byte> out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const PlioLine& l = lines[i];
    const std::string where = path + ":" + std::to_string(l.number) + ": ";
    for (std::int64_t v : l.values) {
      if (v < lo || v > hi) throw PlioFileError(where + "value " + std::to_string(v) + " does not fit " + t.name);
      out.resize(out.size() + t.bytes);
      detail::store_value(out.data() + out.size() - t.bytes, t, v);
    }
    if (l.values.size() > per_line)
      throw PlioFileError(where + std::to_string(l.values.size()) + " values on a line; a " + std::to_string(plio_bits) +
                          "-bit PLIO of " + t.name + " carries " + std::to_string(per_line));
    if (l.values.size() < per_line && i + 1 < lines.size())
      throw PlioFileError(where + "line has fewer than " + std::to_string(per_line) + " values but is not the last line");
  }
  return out;
}

// The PLIO text of a stream of values, `per_line` to a line: what the emulator writes and what
// aiemc build writes as PLIO inputs and golden files, byte for byte.
inline std::string plio_text(const std::vector<std::int64_t>& values, std::size_t per_line) {
  std::string s;
  for (std::size_t i = 0; i < values.size(); ++i) {
    s += std::to_string(values[i]);
    s += (i + 1) % per_line == 0 || i + 1 == values.size() ? '\n' : ' ';
  }
  return s;
}

inline std::string format_plio_text(const std::byte* data, std::size_t bytes, const ElemType& t, int plio_bits) {
  std::vector<std::int64_t> values(bytes / t.bytes);
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = detail::load_value(data + i * t.bytes, t);
  return plio_text(values, values_per_line(plio_bits, t));
}

}  // namespace aiem_emu
