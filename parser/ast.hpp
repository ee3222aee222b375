#pragma once
// The .aiem syntax tree: plain structs, each tagged with its source range by the parser's
// annotation handler. Semantic checks (what a name means, whether a type is valid) are not
// made here but in dsl/sema, so that the parser stays a pure function of the text.
#include <boost/spirit/home/x3/support/ast/variant.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace aiem::ast {

namespace x3 = boost::spirit::x3;

// Offsets into the file's text: [begin, end).
struct Located {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
};

struct Identifier : Located {
  std::string name;
};

struct StringLit : Located {
  std::string value;
};

struct Number : Located {
  std::string text;  // as written: integers stay exact, reals are parsed with their full precision
  bool is_integer() const { return text.find_first_of(".eE") == std::string::npos; }
};

// fixed<W,I[,Q[,O]]> / ufixed<...>; modes stay identifiers until sema validates them.
struct FixedType : Located {
  std::string kind;  // "fixed", "ufixed", or hls4ml's "ap_fixed", "ap_ufixed", "ap_int", "ap_uint"
  Number width;
  Number int_bits;
  std::vector<Identifier> modes;
};

// A type written in the source: a fixed<> literal or a name (int8, an alias, a block parameter).
struct TypeExpr : Located, x3::variant<FixedType, Identifier> {
  using base_type::base_type;
  using base_type::operator=;
};

// `M >> S`: an integer multiplier and a shift, the factor M * 2^-S (dense's `scale:`).
struct ScaleLit : Located {
  Number multiplier;
  Number shift;
};

struct Call;
struct ArrayLit;
struct MemberRef;

// Any argument value; sema decides whether it is a tensor, a number, a type or a parameter source.
struct Value : Located,
               x3::variant<Number, ScaleLit, StringLit, FixedType, x3::forward_ast<ArrayLit>, x3::forward_ast<Call>,
                           x3::forward_ast<MemberRef>, Identifier> {
  using base_type::base_type;
  using base_type::operator=;
};

struct ArrayLit : Located {
  std::vector<Value> elements;
};

// "file.npz"["array"]
struct MemberRef : Located {
  StringLit file;
  StringLit member;
};

// `key: value from source`; key and source are optional.
struct Argument : Located {
  std::optional<Identifier> key;
  Value value;
  std::optional<Value> source;
};

// `op(args)`; in a chain a bare name `|> relu` is a call without arguments.
struct Call : Located {
  Identifier callee;
  std::vector<Argument> args;
};

// One link of a chain: an op call and its optional output type.
struct Step : Located {
  Call call;
  std::optional<TypeExpr> result_type;
};

struct Hint : Located {
  Identifier name;
  std::vector<Argument> args;
};

struct Assign : Located {
  std::vector<Identifier> targets;
  std::vector<Step> chain;  // step 0 takes its own arguments; each later step gets the previous result first
  std::vector<Hint> hints;
};

struct TargetStmt : Located {
  Identifier device;
};
struct BatchStmt : Located {
  Number size;
};
struct TypeAlias : Located {
  Identifier name;
  TypeExpr type;
};
struct ParamsStmt : Located {
  StringLit file;
  bool exact = false;
};
struct InputStmt : Located {
  Identifier name;
  TypeExpr type;
  std::vector<Number> shape;
  std::vector<Hint> hints;  // @real(scale: S, zero: Z)
};
struct OutputStmt : Located {
  std::vector<Identifier> names;
  std::vector<Hint> hints;  // @real(...) when it names one output
};
struct ReturnStmt : Located {
  std::vector<Identifier> names;
};

struct Statement : Located,
                   x3::variant<TargetStmt, BatchStmt, TypeAlias, ParamsStmt, InputStmt, OutputStmt, ReturnStmt,
                               Assign> {
  using base_type::base_type;
  using base_type::operator=;
};

// The parts of a model or block header that the grammar reads before the statement loop.
struct ModelHeader : Located {
  Identifier name;
};
struct BlockHeader : Located {
  Identifier name;
  std::vector<Identifier> params;
};
struct ImportStmt : Located {
  StringLit path;
};

struct Body : Located {
  std::vector<Statement> statements;
  std::uint32_t open_brace = 0;  // offset of '{' (for "unclosed" notes)
};

struct Model : Located {
  Identifier name;
  Body body;
};

struct Block : Located {
  Identifier name;
  std::vector<Identifier> params;
  Body body;
};

struct File {
  std::uint32_t file_id = 0;
  std::vector<ImportStmt> imports;
  std::vector<TypeAlias> types;
  std::vector<Block> blocks;
  std::vector<Model> models;
};

}  // namespace aiem::ast
