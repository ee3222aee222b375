#include "backends/aie/plan/identifiers.hpp"

#include <fmt/format.h>

#include <iterator>
#include <string_view>

namespace aiem::aie {

namespace {

// C++20 keywords and alternative tokens, plus what every generated project or its headers define
// at namespace scope (the graph instance `g`, main, the API namespaces and the element typedefs).
constexpr std::string_view kReserved[] = {
    "alignas", "alignof", "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool", "break", "case", "catch",
    "char", "char8_t", "char16_t", "char32_t", "class", "compl", "concept", "const", "consteval", "constexpr",
    "constinit", "const_cast", "continue", "co_await", "co_return", "co_yield", "decltype", "default", "delete",
    "do", "double", "dynamic_cast", "else", "enum", "explicit", "export", "extern", "false", "float", "for",
    "friend", "goto", "if", "inline", "int", "long", "mutable", "namespace", "new", "noexcept", "not", "not_eq",
    "nullptr", "operator", "or", "or_eq", "private", "protected", "public", "register", "reinterpret_cast",
    "requires", "return", "short", "signed", "sizeof", "static", "static_assert", "static_cast", "struct",
    "switch", "template", "this", "thread_local", "throw", "true", "try", "typedef", "typeid", "typename",
    "union", "unsigned", "using", "virtual", "void", "volatile", "wchar_t", "while", "xor", "xor_eq",
    // the project's own names and the AIE/ADF globals
    "main", "g", "adf", "aie", "std", "aiem_kernels", "int8", "uint8", "int16", "uint16", "int32", "uint32",
    "int64", "uint64", "acc32", "acc64", "acc48", "cint16", "cint32", "bfloat16", "restrict", "chess_storage",
    "assert"};

bool reserved(std::string_view s) {
  for (auto r : kReserved)
    if (r == s) return true;
  return false;
}

// A name that must not start a layer identifier: the project's other members use these prefixes.
bool member_prefix(std::string_view s) {
  return s.starts_with("mt_") || s.starts_with("in_") || s.starts_with("out_");
}

void add_all(std::set<std::string>& taken, const std::set<std::string>& names) { taken.insert(names.begin(), names.end()); }

bool collides(const std::set<std::string>& taken, const std::set<std::string>& names) {
  for (const auto& n : names)
    if (taken.count(n)) return true;
  return false;
}

}  // namespace

std::string cpp_identifier(const std::string& name) {
  std::string s;
  for (char ch : name) {
    const bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_';
    const char c = ok ? ch : '_';
    if (c == '_' && (s.empty() || s.back() == '_')) continue;  // no leading '_', no "__"
    s += c;
  }
  while (!s.empty() && s.back() == '_') s.pop_back();  // a trailing '_' is ours (keyword marker)
  if (s.empty() || (s[0] >= '0' && s[0] <= '9')) s = "l" + std::string(s.empty() ? "" : "_") + s;
  if (reserved(s)) s += '_';
  return s;
}

std::set<std::string> generated_names(const LayerPlan& l) {
  std::set<std::string> n = {l.ident, l.config_name(), l.ident + "_wp", l.ident + "_bp", l.ident + "_sp"};
  for (int pn = 0; pn < l.PN; ++pn) {
    n.insert(l.bias_table(pn));
    n.insert(l.scale_table(pn));
    for (int pk = 0; pk < l.PK; ++pk) {
      n.insert(l.kernel_name(pn, pk));
      n.insert(l.weight_table(pn, pk));
    }
  }
  return n;
}

void assign_identifiers(Plan& plan) {
  std::set<std::string> taken(std::begin(kReserved), std::end(kReserved));
  plan.model_ident = cpp_identifier(plan.model);
  taken.insert(plan.model_ident + "_graph");
  for (auto& l : plan.layers) {
    std::string base = cpp_identifier(l.name);
    if (member_prefix(base)) base = "l_" + base;
    l.ident = base;
    for (int k = 2; collides(taken, generated_names(l)); ++k) l.ident = fmt::format("{}_{}", base, k);
    add_all(taken, generated_names(l));
  }
}

}  // namespace aiem::aie
