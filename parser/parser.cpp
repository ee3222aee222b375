#include "parser/parser.hpp"

#include <cctype>
#include <cstring>
#include <fmt/format.h>

#include <regex>

#include "ir/limits.hpp"
#include "parser/grammar.hpp"

namespace aiem::parser {
namespace {

using grammar::Cursor;

class Driver {
 public:
  Driver(std::uint32_t file, std::string_view text, Diagnostics& diags)
      : file_(file), c_{text.data(), text.data(), text.data() + text.size()}, diags_(diags) {}

  ast::File run() {
    ast::File f;
    f.file_id = file_;
    cut_unterminated_comment();
    if (too_deep()) return f;
    for (;;) {
      grammar::skip_blank(c_);
      if (c_.pos >= c_.end) break;
      try {
        top_level(f);
      } catch (const grammar::SyntaxError& e) {
        report(e);
        sync_line(false);
      }
    }
    return f;
  }

 private:
  SourceRange at(const char* p, std::size_t len = 1) const {
    auto b = static_cast<std::uint32_t>(p - c_.base);
    return {file_, b, static_cast<std::uint32_t>(b + len)};
  }

  // Length of the token at p, for the caret underline.
  std::size_t token_length(const char* p) const {
    if (p >= c_.end) return 1;
    if (static_cast<unsigned char>(*p) >= 0x80) return utf8_length(p);
    const char* q = p;
    if (std::isalnum(static_cast<unsigned char>(*q)) || *q == '_') {
      while (q < c_.end && (std::isalnum(static_cast<unsigned char>(*q)) || *q == '_' || *q == '.')) ++q;
      return static_cast<std::size_t>(q - p);
    }
    return 1;
  }

  // A byte above 0x7f starts a non-ASCII character: the length of its UTF-8 sequence, or 1 when
  // the bytes are not UTF-8.
  std::size_t utf8_length(const char* p) const {
    const auto lead = static_cast<unsigned char>(*p);
    const std::size_t n = lead >= 0xF8 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    if (n > static_cast<std::size_t>(c_.end - p)) return 1;
    for (std::size_t i = 1; i < n; ++i)
      if ((static_cast<unsigned char>(p[i]) & 0xC0) != 0x80) return 1;
    return n;
  }

  // The token at p as a message shows it: quoted, or named when it is not ASCII.
  std::string token_text(const char* p) const {
    const std::size_t n = token_length(p);
    if (p >= c_.end || static_cast<unsigned char>(*p) < 0x80) return fmt::format("'{}'", std::string_view(p, n));
    if (n > 1)
      return fmt::format("the non-ASCII character '{}' (outside comments and strings, a model is ASCII)",
                         std::string_view(p, n));
    return fmt::format("the byte 0x{:02X}, which is not ASCII (outside comments and strings, a model is ASCII)",
                       static_cast<unsigned char>(*p));
  }

  // Where an error is reported: the offending token, unless a line break separates it from the
  // last good token (then right after that token, like clang's "expected ';'").
  const char* error_position(const char* where) const {
    Cursor probe{c_.base, where, c_.end};
    grammar::skip_blank(probe);
    const char* next = probe.pos;
    const char* prev_end = where;
    while (prev_end > c_.base && std::isspace(static_cast<unsigned char>(prev_end[-1]))) --prev_end;
    if (std::memchr(prev_end, '\n', static_cast<std::size_t>(next - prev_end)) != nullptr) return prev_end;
    return next;
  }

  static std::string describe(std::string expected) {
    // X3 names literal strings "->" with double quotes; show every literal token as '->'.
    if (expected.size() >= 2 && expected.front() == '"' && expected.back() == '"')
      expected = "'" + expected.substr(1, expected.size() - 2) + "'";
    // A composite parser (a list, a semantic action) has no name of its own and X3 reports its
    // C++ type; users see the first grammar rule inside it instead, never a type name.
    if (expected.find("boost") != std::string::npos || expected.find("spirit") != std::string::npos) {
      static const std::regex rule(R"(_GLOBAL__N_1\d+([a-z_]+?)_class)");
      std::smatch m;
      const std::string name = std::regex_search(expected, m, rule) ? m[1].str() : std::string();
      if (name == "identifier" || name == "name_chars") return "a name";
      if (name == "number") return "a number";
      if (name == "string_lit" || name == "string_chars") return "a string";
      if (name.empty()) return "more input";
      std::string words = name;
      for (auto& ch : words)
        if (ch == '_') ch = ' ';
      return "a " + words;
    }
    return expected;
  }

  void report(const grammar::SyntaxError& e) {
    const char* p = error_position(e.where);
    const std::string found = p >= c_.end                                    ? std::string("end of file")
                              : std::isspace(static_cast<unsigned char>(*p)) ? std::string("end of line")
                                                                             : token_text(p);
    diags_.error(at(p, p < c_.end && !std::isspace(static_cast<unsigned char>(*p)) ? token_length(p) : 1),
                 fmt::format("expected {}, found {}", describe(e.expected), found));
    // Resume after the line of the error, not after the start of the statement (which may span lines).
    if (p > c_.pos) c_.pos = std::min(p, c_.end);
  }

  // Skip to the start of the next line or past the next ';'. Inside a body, stop before a '}'
  // (it closes the body); at top level a stray '}' is skipped like anything else.
  void sync_line(bool inside_body = true) {
    while (c_.pos < c_.end) {
      char ch = *c_.pos;
      if (ch == '}' && inside_body) return;
      ++c_.pos;
      if (ch == '\n' || ch == ';') return;
    }
  }

  // An unterminated /* comment would make the skipper fail far from the cause; report it once
  // at its start and parse only the text before it.
  void cut_unterminated_comment() {
    bool in_string = false;
    for (const char* p = c_.base; p + 1 < c_.end; ++p) {
      if (in_string) {
        if (*p == '\\') ++p;
        else if (*p == '"' || *p == '\n') in_string = false;
      } else if (*p == '"') {
        in_string = true;
      } else if (p[0] == '/' && p[1] == '/') {
        while (p < c_.end && *p != '\n') ++p;
      } else if (p[0] == '/' && p[1] == '*') {
        const char* q = p + 2;
        bool closed = false;
        for (; q + 1 < c_.end; ++q)
          if (q[0] == '*' && q[1] == '/') {
            closed = true;
            break;
          }
        if (!closed) {
          diags_.error(at(p, 2), "unterminated comment");
          c_.end = p;
          return;
        }
        p = q + 1;
      }
    }
  }

  void top_level(ast::File& f) {
    if (grammar::at_keyword(c_, "import")) {
      ast::ImportStmt s;
      grammar::parse_import(c_, s);
      f.imports.push_back(std::move(s));
    } else if (grammar::at_keyword(c_, "type")) {
      ast::TypeAlias s;
      grammar::parse_type_alias(c_, s);
      f.types.push_back(std::move(s));
    } else if (grammar::at_keyword(c_, "model")) {
      ast::Model m;
      ast::ModelHeader h;
      const char* start = c_.pos;
      if (!header(start, [&] { return grammar::parse_model_header(c_, h); })) return;
      m.begin = h.begin;
      m.name = h.name;
      m.body.open_brace = static_cast<std::uint32_t>(c_.pos - 1 - c_.base);
      body(m.body);
      m.end = static_cast<std::uint32_t>(c_.pos - c_.base);
      f.models.push_back(std::move(m));
    } else if (grammar::at_keyword(c_, "block")) {
      ast::Block b;
      ast::BlockHeader h;
      const char* start = c_.pos;
      if (!header(start, [&] { return grammar::parse_block_header(c_, h); })) return;
      b.begin = h.begin;
      b.name = h.name;
      b.params = h.params;
      b.body.open_brace = static_cast<std::uint32_t>(c_.pos - 1 - c_.base);
      body(b.body);
      b.end = static_cast<std::uint32_t>(c_.pos - c_.base);
      f.blocks.push_back(std::move(b));
    } else {
      const char* p = c_.pos;
      diags_.error(at(p, token_length(p)),
                   fmt::format("expected 'model', 'block', 'import' or 'type', found {}", token_text(p)));
      sync_line(false);
    }
  }

  // Parses a model/block header. On a malformed header the error is reported and, if a '{'
  // follows, its body is still parsed (so that errors inside it are found too) but dropped.
  template <typename ParseHeader>
  bool header(const char*, ParseHeader parse_header) {
    try {
      parse_header();
      return true;
    } catch (const grammar::SyntaxError& e) {
      report(e);
      const char* brace = static_cast<const char*>(std::memchr(e.where, '{', static_cast<std::size_t>(c_.end - e.where)));
      if (brace == nullptr) {
        c_.pos = c_.end;
        return false;
      }
      c_.pos = brace + 1;
      ast::Body ignored;
      ignored.open_brace = static_cast<std::uint32_t>(brace - c_.base);
      body(ignored);
      return false;
    }
  }

  void body(ast::Body& b) {
    b.begin = b.open_brace;
    for (;;) {
      grammar::skip_blank(c_);
      if (c_.pos >= c_.end) {
        diags_.error(at(c_.end, 1), "expected '}', found end of file")
            .note(at(c_.base + b.open_brace), "to match this '{'");
        b.end = static_cast<std::uint32_t>(c_.end - c_.base);
        return;
      }
      if (*c_.pos == '}') {
        ++c_.pos;
        b.end = static_cast<std::uint32_t>(c_.pos - c_.base);
        return;
      }
      if (*c_.pos == ';') {
        ++c_.pos;
        continue;
      }
      try {
        ast::Statement s;
        if (grammar::parse_statement(c_, s)) {
          b.statements.push_back(std::move(s));
        } else {
          unknown_statement();
          sync_line();
        }
      } catch (const grammar::SyntaxError& e) {
        report(e);
        sync_line();
      }
    }
  }

  // Brackets nested deeper than limits::kNesting (outside comments and strings): refused before
  // parsing, whose recursion would otherwise follow them down the stack.
  bool too_deep() {
    int depth = 0;
    for (const char* p = c_.base; p < c_.end; ++p) {
      if (*p == '/' && p + 1 < c_.end && p[1] == '/') {
        while (p < c_.end && *p != '\n') ++p;
      } else if (*p == '/' && p + 1 < c_.end && p[1] == '*') {
        const char* e = std::strstr(p + 2, "*/");
        if (e == nullptr || e >= c_.end) return false;
        p = e + 1;
      } else if (*p == '"') {
        for (++p; p < c_.end && *p != '"' && *p != '\n'; ++p)
          if (*p == '\\' && p + 1 < c_.end) ++p;
      } else if (*p == '(' || *p == '[' || *p == '{') {
        if (++depth > limits::kNesting) {
          diags_.error(at(p), fmt::format("brackets nest deeper than {} levels here; aiemc does not read this file",
                                          limits::kNesting));
          return true;
        }
      } else if (*p == ')' || *p == ']' || *p == '}') {
        if (depth > 0) --depth;
      }
    }
    return false;
  }

  void unknown_statement() {
    const char* p = c_.pos;
    std::size_t len = token_length(p);
    bool is_name = std::isalpha(static_cast<unsigned char>(*p)) || *p == '_';
    // `y = dense(x, 4, w: int8) int8`: a name right after a step's ')' on the same line is an output
    // type that lost its '->'.
    const char* b = p;
    while (b > c_.base && (b[-1] == ' ' || b[-1] == '\t')) --b;
    if (is_name && b > c_.base && b[-1] == ')') {
      diags_.error(at(p, len), fmt::format("expected '->' before the output type '{}' (a step's result type is "
                                           "written `op(...) -> TYPE`)",
                                           std::string_view(p, len)));
      return;
    }
    if (is_name) {
      Cursor after{c_.base, p + len, c_.end};
      grammar::skip_blank(after);
      const char* q = after.pos;
      if (q < c_.end && *q != '=' && *q != ',') {
        diags_.error(at(q, token_length(q)),
                     fmt::format("expected '=' after '{}', found {}", std::string_view(p, len), token_text(q)));
        return;
      }
    }
    diags_.error(at(p, len), fmt::format("expected a statement, found {}", token_text(p)));
  }

  std::uint32_t file_;
  Cursor c_;
  Diagnostics& diags_;
};

}  // namespace

ast::File parse(std::uint32_t file_id, std::string_view text, Diagnostics& diags) {
  return Driver(file_id, text, diags).run();
}

}  // namespace aiem::parser
