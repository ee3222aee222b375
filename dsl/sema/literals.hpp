#pragma once
// Numbers and types as written in the source, checked and converted.
#include <optional>

#include "dsl/sema/scope.hpp"
#include "ir/diag/diagnostic.hpp"
#include "parser/ast.hpp"

namespace aiem::sema {

SourceRange range_of(std::uint32_t file, const ast::Located& n);

// An integer literal; errors for reals and out-of-range values.
std::optional<std::int64_t> integer_value(const ast::Number& n, std::uint32_t file, Diagnostics& d);
// Any numeric literal as a double (reals are parsed with full precision).
double real_value(const ast::Number& n);

// int8, int16, int32, uint8, uint16, uint32.
std::optional<num::FixedFormat> builtin_type(const std::string& name);

std::optional<num::FixedFormat> resolve_fixed(const ast::FixedType& t, std::uint32_t file, Diagnostics& d);
std::optional<num::FixedFormat> resolve_type(const ast::TypeExpr& t, const Scope& scope, std::uint32_t file,
                                             Diagnostics& d);

}  // namespace aiem::sema
