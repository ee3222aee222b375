// The .aiem grammar in Boost.Spirit X3. Rules carry user-facing names: an expectation failure
// reports "expected <name>". Every AST node is tagged with its source range on success.
#include "parser/grammar.hpp"

#include <boost/spirit/home/x3.hpp>
#include <type_traits>

#include "parser/ast_adapted.hpp"

namespace aiem::parser::grammar {
namespace x3 = boost::spirit::x3;

namespace {

struct base_tag;  // context slot holding the start of the file

// Tags every ast::Located node with [begin, end) relative to the file start.
struct annotate {
  template <typename Iterator, typename T, typename Context>
  void on_success(Iterator const& first, Iterator const& last, T& node, Context const& ctx) const {
    if constexpr (std::is_base_of_v<ast::Located, T>) {
      const char* base = x3::get<base_tag>(ctx);
      node.begin = static_cast<std::uint32_t>(first - base);
      node.end = static_cast<std::uint32_t>(last - base);
    }
  }
};

// The character classes of the language, ASCII only and spelled out: Spirit's x3::alpha, alnum,
// space and digit call the C library's classification on a `char`, which asserts (and is undefined
// behaviour) for the negative values of bytes above 0x7f, so any UTF-8 in a model aborted a Debug
// build. A byte outside these sets is simply not a token character: a syntax error at it.
const auto letter = x3::char_("a-zA-Z_");
const auto word_char = x3::char_("a-zA-Z0-9_");
const auto digit = x3::char_("0-9");
const auto white = x3::char_(" \t\n\r\f\v");

// A whole-word keyword: `model` but not `models`.
auto kw(char const* word) { return x3::lexeme[x3::lit(word) >> !word_char]; }

const char* const keywords[] = {"model", "block", "import", "type",   "target", "batch",
                                "params", "input", "output", "return", "from",   "exact"};

struct not_keyword {
  template <typename Context>
  void operator()(Context& ctx) const {
    const std::string& s = x3::_attr(ctx);
    for (const char* k : keywords)
      if (s == k) x3::_pass(ctx) = false;
  }
};

// Moves the parsed attribute into one member of the rule's value (for single-member nodes).
template <auto Member>
struct set_member {
  template <typename Context>
  void operator()(Context& ctx) const {
    auto& dst = x3::_val(ctx).*Member;
    auto&& src = x3::_attr(ctx);
    using Src = std::decay_t<decltype(src)>;
    if constexpr (std::is_assignable_v<decltype(dst)&, Src&&>) {
      dst = std::move(src);
    } else if constexpr (requires { src.has_value(); }) {  // optional<vector<T>> into vector<T>
      if (src) dst = std::move(*src);
    } else {  // an iterator range from x3::raw
      dst.assign(src.begin(), src.end());
    }
  }
};

// Rules whose body has a semantic action get `unused` in on_success (X3 only propagates the
// attribute automatically to action-free bodies), so they locate themselves with zero-width
// markers: eps pre-skips blanks, so the begin marker sits on the first token; no_skip keeps the
// end marker right after the last one.
struct mark_begin {
  template <typename Context>
  void operator()(Context& ctx) const {
    x3::_val(ctx).begin = static_cast<std::uint32_t>(x3::_where(ctx).begin() - x3::get<base_tag>(ctx));
  }
};
struct mark_end {
  template <typename Context>
  void operator()(Context& ctx) const {
    x3::_val(ctx).end = static_cast<std::uint32_t>(x3::_where(ctx).begin() - x3::get<base_tag>(ctx));
  }
};
template <typename Parser>
auto located(Parser const& p) {
  return x3::eps[mark_begin{}] >> p >> x3::no_skip[x3::eps[mark_end{}]];
}

// Comments and white space between tokens.
const auto skipper = white | x3::lexeme["//" >> *(x3::char_ - x3::eol)] |
                     x3::lexeme["/*" >> *(x3::char_ - "*/") >> "*/"];

#define AIEM_RULE(id, type, name) \
  struct id##_class : annotate {};  \
  const x3::rule<id##_class, type> id = name;

AIEM_RULE(identifier, ast::Identifier, "identifier")
AIEM_RULE(number, ast::Number, "number")
AIEM_RULE(string_lit, ast::StringLit, "string")
AIEM_RULE(fixed_type, ast::FixedType, "fixed-point type")
AIEM_RULE(type_expr, ast::TypeExpr, "type")
AIEM_RULE(value, ast::Value, "value")
AIEM_RULE(array_lit, ast::ArrayLit, "array literal")
AIEM_RULE(member_ref, ast::MemberRef, "member reference")
AIEM_RULE(scale_lit, ast::ScaleLit, "scale")
AIEM_RULE(argument, ast::Argument, "argument")
AIEM_RULE(value_call, ast::Call, "call")
AIEM_RULE(step_call, ast::Call, "op call")
AIEM_RULE(step, ast::Step, "op call")
AIEM_RULE(hint, ast::Hint, "hint")
AIEM_RULE(assign, ast::Assign, "assignment")
AIEM_RULE(target_stmt, ast::TargetStmt, "target statement")
AIEM_RULE(batch_stmt, ast::BatchStmt, "batch statement")
AIEM_RULE(type_alias, ast::TypeAlias, "type alias")
AIEM_RULE(params_stmt, ast::ParamsStmt, "params statement")
AIEM_RULE(input_stmt, ast::InputStmt, "input statement")
AIEM_RULE(output_stmt, ast::OutputStmt, "output statement")
AIEM_RULE(return_stmt, ast::ReturnStmt, "return statement")
AIEM_RULE(statement, ast::Statement, "statement")
AIEM_RULE(import_stmt, ast::ImportStmt, "import")
AIEM_RULE(model_header, ast::ModelHeader, "model header")
AIEM_RULE(block_header, ast::BlockHeader, "block header")
#undef AIEM_RULE

const x3::rule<struct name_chars_class, std::string> name_chars = "identifier";
const auto name_chars_def = x3::lexeme[letter >> *word_char];
const auto identifier_def = located(name_chars[not_keyword{}][set_member<&ast::Identifier::name>{}]);

const auto number_def = located(
    x3::raw[x3::lexeme[-x3::char_("+-") >> +digit >> -(x3::char_('.') >> *digit) >>
                       -(x3::char_("eE") >> -x3::char_("+-") >> +digit)]][set_member<&ast::Number::text>{}]);

const auto escaped = x3::lit('\\') >> (x3::char_('"') | x3::char_('\\') | (x3::lit('n') >> x3::attr('\n')));
const x3::rule<struct closing_quote_class> closing_quote = "'\"'";
const auto closing_quote_def = x3::lit('"');
const x3::rule<struct string_chars_class, std::string> string_chars = "string";
const auto string_chars_def = x3::lexeme['"' > *(escaped | ~x3::char_("\"\\\n")) > closing_quote];
const auto string_lit_def = located(string_chars[set_member<&ast::StringLit::value>{}]);

// hls4ml's spellings are aliases: ap_fixed<W, I, AP_RND_CONV, AP_SAT> reads as fixed<W, I, RND_CONV, SAT>.
const auto fixed_kind = x3::lexeme[(x3::string("ap_ufixed") | x3::string("ap_fixed") | x3::string("ufixed") |
                                    x3::string("fixed")) >>
                                   !word_char];
// ap_int<W> / ap_uint<W> (hls4ml's integers): a width only; sema reads it as fixed<W, W>.
const auto int_kind = x3::lexeme[(x3::string("ap_uint") | x3::string("ap_int")) >> !word_char];
const auto fixed_type_def = (fixed_kind >> x3::lit('<') > number > ',' > number > *(',' > identifier) > '>') |
                            (int_kind >> x3::lit('<') > number > x3::attr(ast::Number{}) >
                             x3::attr(std::vector<ast::Identifier>{}) > '>');

const auto type_expr_def = fixed_type | identifier;

const auto args = x3::lit('(') > -(argument % ',') > ')';

const auto array_lit_def = located(x3::lit('[') > (-(value % ','))[set_member<&ast::ArrayLit::elements>{}] > ']');
const auto member_ref_def = string_lit >> x3::lit('[') > string_lit > ']';
const auto value_call_def = identifier >> &x3::lit('(') >> args;
// `M >> S`: after `>>` a shift must follow (an expectation), so `4 >>` reports "expected number".
const auto scale_lit_def = number >> x3::lit(">>") > number;
const auto value_def = scale_lit | number | member_ref | string_lit | fixed_type | array_lit | value_call | identifier;

// Two alternatives rather than an optional `key:` prefix: a failed optional would leave the
// key it half-parsed in the attribute; the positional branch resets it explicitly.
const auto from_source = -(kw("from") > value);
const auto argument_def = (identifier >> ':' >> !x3::lit(':') >> value >> from_source) |
                          (x3::attr(std::optional<ast::Identifier>()) >> value >> from_source);

const auto step_call_def = identifier >> -args;
const auto step_def = step_call >> -(x3::lit("->") > type_expr);
const auto hint_def = x3::lit('@') > identifier >> -args;
const auto assign_def = (identifier % ',') >> x3::lit('=') > (step % "|>") > *hint;

const auto target_stmt_def = located(kw("target") > identifier[set_member<&ast::TargetStmt::device>{}]);
const auto batch_stmt_def = located(kw("batch") > number[set_member<&ast::BatchStmt::size>{}]);
const auto type_alias_def = kw("type") > identifier > '=' > type_expr;
const auto params_stmt_def = kw("params") > string_lit > x3::matches[kw("exact")];
const auto input_stmt_def = kw("input") > identifier > ':' > type_expr > '[' > (number % ',') > ']' > *hint;
const auto output_stmt_def = kw("output") > (identifier % ',') > *hint;
const auto return_stmt_def = located(kw("return") > (identifier % ',')[set_member<&ast::ReturnStmt::names>{}]);
const auto statement_def = target_stmt | batch_stmt | type_alias | params_stmt | input_stmt | output_stmt |
                           return_stmt | assign;

const auto import_stmt_def = located(kw("import") > string_lit[set_member<&ast::ImportStmt::path>{}]);
const auto model_header_def = located(kw("model") > identifier[set_member<&ast::ModelHeader::name>{}] > '{');
const auto block_header_def = kw("block") > identifier > '(' > -(identifier % ',') > ')' > '{';

BOOST_SPIRIT_DEFINE(name_chars, identifier, number, closing_quote, string_chars, string_lit, fixed_type, type_expr, value,
                    array_lit, member_ref, scale_lit, argument, value_call, step_call, step, hint, assign, target_stmt,
                    batch_stmt, type_alias, params_stmt, input_stmt, output_stmt, return_stmt, statement, import_stmt,
                    model_header, block_header)

template <typename Rule, typename Attr>
bool run(Cursor& c, const Rule& rule, Attr& out) {
  const char* it = c.pos;
  try {
    // No post-skip: the cursor stays right after the construct (a '{' offset must be exact).
    bool ok = x3::phrase_parse(it, c.end, x3::with<base_tag>(c.base)[rule], skipper, out, x3::skip_flag::dont_post_skip);
    if (ok) c.pos = it;
    return ok;
  } catch (const x3::expectation_failure<const char*>& e) {
    throw SyntaxError{e.where(), e.which()};
  }
}

}  // namespace

bool parse_statement(Cursor& c, ast::Statement& out) { return run(c, statement, out); }
bool parse_import(Cursor& c, ast::ImportStmt& out) { return run(c, import_stmt, out); }
bool parse_type_alias(Cursor& c, ast::TypeAlias& out) { return run(c, type_alias, out); }
bool parse_model_header(Cursor& c, ast::ModelHeader& out) { return run(c, model_header, out); }
bool parse_block_header(Cursor& c, ast::BlockHeader& out) { return run(c, block_header, out); }

void skip_blank(Cursor& c) {
  const char* it = c.pos;
  x3::parse(it, c.end, *skipper);
  c.pos = it;
}

bool at_keyword(const Cursor& c, std::string_view word) {
  const char* it = c.pos;
  std::string w(word);
  return x3::phrase_parse(it, c.end, kw(w.c_str()), skipper);
}

}  // namespace aiem::parser::grammar
