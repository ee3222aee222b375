// Type predicates used to constrain the free functions (the real API uses concepts of the same spirit).
#pragma once

#include <type_traits>

#include "accum.hpp"
#include "types.hpp"
#include "mask.hpp"
#include "vector.hpp"

namespace aie::detail {

template <typename T> struct is_vector : std::false_type {};
template <typename T, unsigned N> struct is_vector<vector<T, N>> : std::true_type {};
template <typename T> inline constexpr bool is_vector_v = is_vector<std::remove_cvref_t<T>>::value;

template <typename T> struct is_accum : std::false_type {};
template <typename Tag, unsigned N> struct is_accum<accum<Tag, N>> : std::true_type {};
template <typename T> inline constexpr bool is_accum_v = is_accum<std::remove_cvref_t<T>>::value;

// A scalar that may be combined with a vector of T: exactly T (aie.hpp is_valid_elem_op_v =
// std::is_same_v of the operand base types, X/J aie.hpp:121-129). An int literal against an int8
// vector does not compile on the real API, so it does not compile here: write int8(1).
template <typename E, typename T>
inline constexpr bool is_scalar_for_v = std::is_same_v<std::remove_cvref_t<E>, T>;

// Element-type pairs aie::mul / mac / msc accept (aie.hpp is_valid_mul_op, X:131-175): an 8-bit
// operand pairs with 8- or 16-bit, a 16-bit one with 8..32-bit, a 32-bit one with 16- or 32-bit.
template <typename A, typename B>
constexpr bool is_valid_mul_pair()
{
    constexpr unsigned a = type_bits_v<A>, b = type_bits_v<B>;
    if constexpr (!is_elem_v<A> || !is_elem_v<B>) return false;
    else if constexpr (a == 8) return b == 8 || b == 16;
    else if constexpr (a == 16) return b == 8 || b == 16 || b == 32;
    else return b == 16 || b == 32;
}

}  // namespace aie::detail
