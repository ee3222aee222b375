#include "dsl/sema/scope.hpp"

#include <algorithm>

namespace aiem::sema {

std::string_view kind_name(Symbol::Kind k) {
  switch (k) {
    case Symbol::Kind::Tensor: return "tensor";
    case Symbol::Kind::Number: return "number";
    case Symbol::Kind::Type: return "type";
    case Symbol::Kind::Block: return "block";
    case Symbol::Kind::Param: return "parameter";
  }
  return "name";
}

const Symbol* Scope::find(const std::string& name) const {
  for (const Scope* s = this; s != nullptr; s = s->parent_)
    if (const Symbol* sym = s->find_local(name)) return sym;
  return nullptr;
}

const Symbol* Scope::find_local(const std::string& name) const {
  auto it = names_.find(name);
  return it == names_.end() ? nullptr : &it->second;
}

std::vector<std::string> Scope::names_of(Symbol::Kind k) const {
  std::vector<std::string> out;
  for (const Scope* s = this; s != nullptr; s = s->parent_)
    for (const auto& [n, sym] : s->names_)
      if (sym.kind == k) out.push_back(n);
  return out;
}

namespace {
std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}
}  // namespace

std::string closest(const std::string& name, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_d = std::max<std::size_t>(1, std::min<std::size_t>(2, name.size() / 3)) + 1;
  for (const auto& c : candidates) {
    std::size_t d = edit_distance(name, c);
    if (d < best_d || (d == best_d && !best.empty() && c < best)) {
      if (d < best_d) best_d = d;
      best = c;
    }
  }
  return best;
}

}  // namespace aiem::sema
