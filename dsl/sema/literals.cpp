#include "dsl/sema/literals.hpp"

#include <charconv>
#include <cstdlib>
#include <fmt/format.h>

namespace aiem::sema {

SourceRange range_of(std::uint32_t file, const ast::Located& n) { return {file, n.begin, n.end}; }

std::optional<std::int64_t> integer_value(const ast::Number& n, std::uint32_t file, Diagnostics& d) {
  if (!n.is_integer()) {
    d.error(range_of(file, n), fmt::format("expected an integer, found '{}'", n.text));
    return std::nullopt;
  }
  std::int64_t v = 0;
  const char* b = n.text.data();
  if (*b == '+') ++b;
  auto [p, ec] = std::from_chars(b, n.text.data() + n.text.size(), v);
  if (ec != std::errc() || p != n.text.data() + n.text.size()) {
    d.error(range_of(file, n), fmt::format("integer '{}' is out of range", n.text));
    return std::nullopt;
  }
  return v;
}

double real_value(const ast::Number& n) { return std::strtod(n.text.c_str(), nullptr); }

std::optional<num::FixedFormat> builtin_type(const std::string& name) {
  for (int bits : {8, 16, 32}) {
    if (name == fmt::format("int{}", bits)) return num::int_format(bits, true);
    if (name == fmt::format("uint{}", bits)) return num::int_format(bits, false);
  }
  return std::nullopt;
}

std::optional<num::FixedFormat> resolve_fixed(const ast::FixedType& t, std::uint32_t file, Diagnostics& d) {
  auto w = integer_value(t.width, file, d);
  // ap_int<W> / ap_uint<W>: W integer bits (ap_fixed's defaults, TRN and WRAP, as in Vitis HLS).
  const bool ap_integer = t.kind == "ap_int" || t.kind == "ap_uint";
  auto i = ap_integer ? w : integer_value(t.int_bits, file, d);
  if (!w || !i) return std::nullopt;
  bool ok = true;
  if (*w < 2 || *w > 32) {
    d.error(range_of(file, t.width), fmt::format("width of {}<> must be between 2 and 32, got {}", t.kind, *w));
    ok = false;
  }
  if (*i < -64 || *i > 96) {
    d.error(range_of(file, t.int_bits), fmt::format("integer bits of {}<> must be between -64 and 96, got {}", t.kind, *i));
    ok = false;
  }
  const bool is_signed = t.kind == "fixed" || t.kind == "ap_fixed" || t.kind == "ap_int";
  num::FixedFormat f{static_cast<int>(*w), static_cast<int>(*i), is_signed, num::Rounding::TRN, num::Overflow::WRAP};
  if (t.modes.size() > 2) {
    d.error(range_of(file, t.modes[2]), fmt::format("{}<> takes at most a rounding and an overflow mode", t.kind));
    ok = false;
  }
  // hls4ml / Vitis HLS spell the modes AP_RND_CONV, AP_SAT, ...: the same modes.
  auto mode_name = [](const std::string& s) { return s.rfind("AP_", 0) == 0 ? s.substr(3) : s; };
  static const std::vector<std::string> roundings = {"TRN", "TRN_ZERO", "RND", "RND_ZERO", "RND_INF", "RND_MIN_INF", "RND_CONV"};
  static const std::vector<std::string> overflows = {"WRAP", "SAT", "SAT_ZERO", "SAT_SYM"};
  auto unknown = [&](const char* what, const std::string& got, const std::vector<std::string>& known) {
    std::string list;
    for (std::size_t k = 0; k < known.size(); ++k) list += (k ? (k + 1 == known.size() ? " or " : ", ") : "") + known[k];
    const std::string hint = closest(mode_name(got), known);
    return hint.empty() ? fmt::format("unknown {} mode '{}'; expected {}", what, got, list)
                        : fmt::format("unknown {} mode '{}'; did you mean '{}'? (expected {})", what, got, hint, list);
  };
  if (!t.modes.empty()) {
    if (auto r = num::rounding_from_string(mode_name(t.modes[0].name))) {
      f.rounding = *r;
    } else {
      d.error(range_of(file, t.modes[0]), unknown("rounding", t.modes[0].name, roundings));
      ok = false;
    }
  }
  if (t.modes.size() >= 2) {
    if (auto o = num::overflow_from_string(mode_name(t.modes[1].name))) {
      f.overflow = *o;
    } else {
      d.error(range_of(file, t.modes[1]), unknown("overflow", t.modes[1].name, overflows));
      ok = false;
    }
  }
  return ok ? std::optional(f) : std::nullopt;
}

std::optional<num::FixedFormat> resolve_type(const ast::TypeExpr& t, const Scope& scope, std::uint32_t file,
                                             Diagnostics& d) {
  if (const auto* f = boost::get<ast::FixedType>(&t.get())) return resolve_fixed(*f, file, d);
  const auto& id = boost::get<ast::Identifier>(t.get());
  if (const Symbol* s = scope.find(id.name)) {
    if (s->kind == Symbol::Kind::Type) return s->type;
    d.error(range_of(file, id), fmt::format("'{}' is a {}, not a type", id.name, kind_name(s->kind)))
        .note(s->loc, fmt::format("'{}' is defined here", id.name));
    return std::nullopt;
  }
  if (auto b = builtin_type(id.name)) return b;
  auto names = scope.names_of(Symbol::Kind::Type);
  for (const char* b : {"int8", "int16", "int32", "uint8", "uint16", "uint32"}) names.emplace_back(b);
  std::string hint = closest(id.name, names);
  d.error(range_of(file, id), hint.empty() ? fmt::format("unknown type '{}'", id.name)
                                           : fmt::format("unknown type '{}'; did you mean '{}'?", id.name, hint));
  return std::nullopt;
}

}  // namespace aiem::sema
