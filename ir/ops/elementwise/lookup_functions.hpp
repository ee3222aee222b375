#pragma once
// The real functions behind the named lookup ops, and their tables. A table lists, for every code
// of the input format (smallest first), the result code: quantize_real(f(code * 2^-frac_in), out),
// with the result format's rounding and overflow. f is evaluated in double precision; the table is
// what the interpreter and the AIE kernel both use, so they agree by construction.
#include <cstdint>
#include <string>
#include <vector>

#include "ir/numeric/fixed_format.hpp"
#include "ir/ops/ops.hpp"

namespace aiem::ir {

// f(x) for a named function (not LookupFn::table).
double lookup_function(const LookupAttrs& a, double x);

// Why no table can be built for this input format (empty when one can): the input is wider than
// limits::kTableInputBits.
std::string table_problem(const num::FixedFormat& in);

// The table of a named function from `in` to `out` (requires table_problem(in) empty).
std::vector<std::int64_t> build_table(const LookupAttrs& a, const num::FixedFormat& in, const num::FixedFormat& out);

}  // namespace aiem::ir
