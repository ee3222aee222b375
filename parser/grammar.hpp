#pragma once
// Entry points into the Spirit X3 grammar (defined and instantiated once, in grammar.cpp).
// Each parses one construct at the cursor; the recovering driver in parser.cpp strings them
// together so that one syntax error does not hide the next.
#include <string>
#include <string_view>

#include "parser/ast.hpp"

namespace aiem::parser::grammar {

struct Cursor {
  const char* base;  // start of the file: AST offsets are relative to it
  const char* pos;
  const char* end;
};

// An expectation failure: `expected` names what should have come at `where`.
struct SyntaxError {
  const char* where;
  std::string expected;
};

// Each returns false (cursor unchanged) when the construct does not start here, true on success,
// and throws SyntaxError once the construct has started but is malformed.
bool parse_statement(Cursor& c, ast::Statement& out);
bool parse_import(Cursor& c, ast::ImportStmt& out);
bool parse_type_alias(Cursor& c, ast::TypeAlias& out);
bool parse_model_header(Cursor& c, ast::ModelHeader& out);  // model NAME {
bool parse_block_header(Cursor& c, ast::BlockHeader& out);  // block NAME(params) {

// Skips white space and comments.
void skip_blank(Cursor& c);
// True when the next token is the keyword `kw` (a whole word).
bool at_keyword(const Cursor& c, std::string_view kw);

}  // namespace aiem::parser::grammar
