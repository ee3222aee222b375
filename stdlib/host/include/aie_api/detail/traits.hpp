// Type predicates used to constrain the free functions (the real API uses concepts of the same spirit).
#pragma once

#include <type_traits>

#include "accum.hpp"
#include "mask.hpp"
#include "vector.hpp"

namespace aie::detail {

template <typename T> struct is_vector : std::false_type {};
template <typename T, unsigned N> struct is_vector<vector<T, N>> : std::true_type {};
template <typename T> inline constexpr bool is_vector_v = is_vector<std::remove_cvref_t<T>>::value;

template <typename T> struct is_accum : std::false_type {};
template <typename Tag, unsigned N> struct is_accum<accum<Tag, N>> : std::true_type {};
template <typename T> inline constexpr bool is_accum_v = is_accum<std::remove_cvref_t<T>>::value;

// A scalar that may be combined with a vector of T (the real API requires the same type; integer
// literals are accepted too, as they are on hardware through implicit conversion).
template <typename E, typename T>
inline constexpr bool is_scalar_for_v = std::is_integral_v<std::remove_cvref_t<E>>;

}  // namespace aie::detail
