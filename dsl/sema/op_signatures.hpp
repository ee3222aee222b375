#pragma once
// The argument lists of ops and hints, and the binding of call arguments to them.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ir/diag/diagnostic.hpp"
#include "parser/ast.hpp"

namespace aiem::sema {

enum class ArgKind { Tensor, TensorList, Integer, IntegerList, Real, Parameter, Scale };

struct ArgSpec {
  std::string name;
  ArgKind kind;
  bool required;
  bool positional;  // may be given by position (in this order); otherwise only as `name: value`
};

struct Signature {
  std::string name;  // "dense", "@tiles"
  std::vector<ArgSpec> args;
};

const Signature* op_signature(const std::string& op);    // dense, relu, add
const Signature* hint_signature(const std::string& hint);  // tiles, at, memtile, direct
std::vector<std::string> op_names();
std::vector<std::string> hint_names();

// Arguments bound to parameter names. `chained` fills the first positional slot (the previous
// result of a |> chain). Errors (unknown, duplicate, missing, too many) go to diags.
struct BoundArgs {
  std::map<std::string, const ast::Argument*> args;
  bool chained_first = false;
  bool ok = true;
  const ast::Argument* get(const std::string& name) const {
    auto it = args.find(name);
    return it == args.end() ? nullptr : it->second;
  }
};

BoundArgs bind_arguments(const Signature& sig, const std::vector<ast::Argument>& args, bool chained,
                         std::uint32_t file, SourceRange call_loc, Diagnostics& d);

}  // namespace aiem::sema
