#pragma once
// Text -> AST for one .aiem file. Syntax errors are appended to `diags` (several per file: the
// driver resynchronises at the next statement); the returned File holds everything that parsed.
#include <string_view>

#include "ir/diag/diagnostic.hpp"
#include "parser/ast.hpp"

namespace aiem::parser {

ast::File parse(std::uint32_t file_id, std::string_view text, Diagnostics& diags);

}  // namespace aiem::parser
