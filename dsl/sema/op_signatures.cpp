#include "dsl/sema/op_signatures.hpp"

#include <fmt/format.h>

#include "dsl/sema/literals.hpp"
#include "dsl/sema/op_call.hpp"

namespace aiem::sema {
namespace {

// The registration of the op families' languages: adding a family adds its *_language() here.
const std::vector<OpLanguage>& languages() {
  static const std::vector<OpLanguage> table = [] {
    std::vector<OpLanguage> all;
    for (auto family : {dense_language, elementwise_language, movement_language, normalization_language, conv_language})
      for (auto& op : family()) all.push_back(std::move(op));
    return all;
  }();
  return table;
}

const std::vector<Signature>& hints() {
  static const std::vector<Signature> table{
      {"@tiles",
       {{"cascade", ArgKind::Integer, false, true},
        {"parallel", ArgKind::Integer, false, true},
        {"bands", ArgKind::Integer, false, true}}},
      {"@at", {{"col", ArgKind::Integer, true, true}, {"row", ArgKind::Integer, true, true}}},
      {"@memtile", {}},
      {"@direct", {}},
  };
  return table;
}

const Signature* find(const std::vector<Signature>& t, const std::string& name) {
  for (const auto& s : t)
    if (s.name == name) return &s;
  return nullptr;
}

}  // namespace

const OpLanguage* op_language(const std::string& op) {
  for (const auto& l : languages())
    if (l.signature.name == op) return &l;
  return nullptr;
}

const Signature* op_signature(const std::string& op) {
  const OpLanguage* l = op_language(op);
  return l ? &l->signature : nullptr;
}
const Signature* hint_signature(const std::string& hint) { return find(hints(), "@" + hint); }

std::vector<std::string> op_names() {
  std::vector<std::string> n;
  for (const auto& l : languages()) n.push_back(l.signature.name);
  return n;
}

std::vector<std::string> hint_names() {
  std::vector<std::string> n;
  for (const auto& s : hints()) n.push_back(s.name.substr(1));
  return n;
}

BoundArgs bind_arguments(const Signature& sig, const std::vector<ast::Argument>& args, bool chained,
                         std::uint32_t file, SourceRange call_loc, Diagnostics& d) {
  BoundArgs out;
  std::vector<const ArgSpec*> positional;
  for (const auto& a : sig.args)
    if (a.positional) positional.push_back(&a);
  std::size_t next = 0;
  if (chained && !positional.empty()) {
    out.chained_first = true;
    next = 1;
  }
  std::vector<std::string> names;
  for (const auto& a : sig.args) names.push_back(a.name);

  for (const auto& arg : args) {
    const ArgSpec* spec = nullptr;
    if (arg.key) {
      for (const auto& a : sig.args)
        if (a.name == arg.key->name) spec = &a;
      if (spec == nullptr) {
        d.error(range_of(file, *arg.key),
                names.empty() ? fmt::format("{} takes no arguments", sig.name)
                              : fmt::format("{} has no argument '{}'; its arguments are: {}", sig.name, arg.key->name,
                                            fmt::join(names, ", ")));
        out.ok = false;
        continue;
      }
      if (out.chained_first && spec == positional.front()) {
        d.error(range_of(file, arg), fmt::format("argument '{}' of {} is already given by the |> chain", spec->name, sig.name));
        out.ok = false;
        continue;
      }
    } else {
      if (next >= positional.size()) {
        std::size_t given = 0;
        for (const auto& a : args) given += a.key ? 0 : 1;
        if (out.chained_first) ++given;
        d.error(range_of(file, arg), fmt::format("{} takes {} positional argument{}, {} given", sig.name,
                                                 positional.size(), positional.size() == 1 ? "" : "s", given));
        out.ok = false;
        return out;
      }
      spec = positional[next++];
    }
    if (auto prev = out.args.find(spec->name); prev != out.args.end()) {
      d.error(range_of(file, arg), fmt::format("argument '{}' of {} is given twice", spec->name, sig.name))
          .note(range_of(file, *prev->second), "first given here");
      out.ok = false;
      continue;
    }
    out.args[spec->name] = &arg;
  }
  for (const auto& a : sig.args) {
    bool given = out.args.count(a.name) || (out.chained_first && &a == positional.front());
    if (a.required && !given) {
      d.error(call_loc, fmt::format("{} requires argument '{}'", sig.name, a.name));
      out.ok = false;
    }
  }
  return out;
}

}  // namespace aiem::sema
