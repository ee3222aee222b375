#pragma once
// Pieces of the .aiem language's text for IR values, as a person would write them: the import
// writes models with them (each op family's aiem_statement, ir/ops/<family>/op.cpp).
#include <string>
#include <vector>

#include "ir/numeric/fixed_format.hpp"
#include "ir/numeric/requantize.hpp"

namespace aiem::ir {

// "int8", "fixed<8, 3, RND_CONV, SAT>": the type with the language's usual spacing.
std::string type_text(const num::FixedFormat& f);
// "1234 >> 20", or a list of them for one per unit.
std::string scale_text(const std::vector<num::ScaleMultiplier>& s);

}  // namespace aiem::ir
