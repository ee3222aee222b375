#pragma once
// Boost.Fusion adaptation of the AST, kept apart from ast.hpp so that users of the AST do not
// pay for Fusion; only the grammar needs it.
#include <boost/fusion/include/adapt_struct.hpp>

#include "parser/ast.hpp"

BOOST_FUSION_ADAPT_STRUCT(aiem::ast::FixedType, kind, width, int_bits, modes)
BOOST_FUSION_ADAPT_STRUCT(aiem::ast::MemberRef, file, member)
BOOST_FUSION_ADAPT_STRUCT(aiem::ast::ScaleLit, multiplier, shift)
BOOST_FUSION_ADAPT_STRUCT(aiem::ast::Argument, key, value, source)
BOOST_FUSION_ADAPT_STRUCT(aiem::ast::Call, callee, args)
BOOST_FUSION_ADAPT_STRUCT(aiem::ast::Step, call, result_type)
BOOST_FUSION_ADAPT_STRUCT(aiem::ast::Hint, name, args)
BOOST_FUSION_ADAPT_STRUCT(aiem::ast::Assign, targets, chain, hints)
BOOST_FUSION_ADAPT_STRUCT(aiem::ast::TypeAlias, name, type)
BOOST_FUSION_ADAPT_STRUCT(aiem::ast::ParamsStmt, file, exact)
BOOST_FUSION_ADAPT_STRUCT(aiem::ast::InputStmt, name, type, shape, hints)
BOOST_FUSION_ADAPT_STRUCT(aiem::ast::OutputStmt, names, hints)
BOOST_FUSION_ADAPT_STRUCT(aiem::ast::BlockHeader, name, params)
