// aie::operators: infix forms of add/sub/neg/comparisons/shifts/bit ops, enabled in user code with
// "using namespace aie::operators;" exactly as in the real API.
#pragma once

#include "elementwise.hpp"

namespace aie::operators {

template <typename T1, typename T2>
    requires(detail::is_vector_v<T1> || detail::is_vector_v<T2> || detail::is_accum_v<T1>)
auto operator+(const T1 &a, const T2 &b) { return aie::add(a, b); }
template <typename T1, typename T2>
    requires(detail::is_vector_v<T1> || detail::is_vector_v<T2> || detail::is_accum_v<T1>)
auto operator-(const T1 &a, const T2 &b) { return aie::sub(a, b); }
template <typename T>
    requires(detail::is_vector_v<T> || detail::is_accum_v<T>)
auto operator-(const T &a) { return aie::neg(a); }
template <typename T1, typename T2>
    requires(detail::is_vector_v<T1> || detail::is_accum_v<T1>)
T1 &operator+=(T1 &a, const T2 &b) { return a = aie::add(a, b); }
template <typename T1, typename T2>
    requires(detail::is_vector_v<T1> || detail::is_accum_v<T1>)
T1 &operator-=(T1 &a, const T2 &b) { return a = aie::sub(a, b); }

#define AIEM_EMU_CMP_OPERATOR(OP, FN)                                                                \
    template <typename T1, typename T2>                                                              \
        requires(detail::is_vector_v<T1> || detail::is_vector_v<T2>)                                 \
    auto operator OP(const T1 &a, const T2 &b) { return aie::FN(a, b); }
AIEM_EMU_CMP_OPERATOR(<, lt)
AIEM_EMU_CMP_OPERATOR(<=, le)
AIEM_EMU_CMP_OPERATOR(>, gt)
AIEM_EMU_CMP_OPERATOR(>=, ge)
AIEM_EMU_CMP_OPERATOR(==, eq)
AIEM_EMU_CMP_OPERATOR(!=, neq)
AIEM_EMU_CMP_OPERATOR(&, bit_and)
AIEM_EMU_CMP_OPERATOR(|, bit_or)
AIEM_EMU_CMP_OPERATOR(^, bit_xor)
#undef AIEM_EMU_CMP_OPERATOR

template <typename T>
    requires(detail::is_vector_v<T>)
auto operator~(const T &a) { return aie::bit_not(a); }
template <typename T>
    requires(detail::is_vector_v<T>)
auto operator<<(const T &a, unsigned s) { return aie::upshift(a, s); }
template <typename T>
    requires(detail::is_vector_v<T>)
auto operator>>(const T &a, unsigned s) { return aie::downshift(a, s); }

}  // namespace aie::operators
