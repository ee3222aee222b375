#pragma once
// What a name means at a point of a model or block: a tensor, a number, a type or a block.
// Scopes are lexical: a block body sees the global scope and its own parameters, not its caller's.
#include <map>
#include <string>
#include <vector>

#include "ir/graph.hpp"
#include "parser/ast.hpp"

namespace aiem::sema {

struct Symbol {
  // Param: a block argument that is a parameter spec (`int8 from random(1)`), used as `w: p`.
  enum class Kind { Tensor, Number, Type, Block, Param };
  Kind kind = Kind::Tensor;
  ir::ValueId tensor = 0;
  std::int64_t number = 0;
  num::FixedFormat type{};
  const ast::Block* block = nullptr;
  std::uint32_t file = 0;  // file the block is defined in
  SourceRange loc;         // where the name was defined
  bool poisoned = false;   // its definition failed: uses are not reported again
  // Kind::Param: optional type and source, and the file the source is written in.
  bool has_type = false;
  const ast::Value* source = nullptr;
  std::uint32_t source_file = 0;
};

std::string_view kind_name(Symbol::Kind k);  // "tensor", "number", "type", "block"

class Scope {
 public:
  explicit Scope(const Scope* parent = nullptr) : parent_(parent) {}
  const Symbol* find(const std::string& name) const;
  const Symbol* find_local(const std::string& name) const;
  void define(const std::string& name, Symbol s) { names_[name] = std::move(s); }
  // Every visible name of the given kind, for "did you mean" suggestions.
  std::vector<std::string> names_of(Symbol::Kind k) const;

 private:
  std::map<std::string, Symbol> names_;
  const Scope* parent_;
};

// The closest candidate within a small edit distance, or "".
std::string closest(const std::string& name, const std::vector<std::string>& candidates);

}  // namespace aiem::sema
