// Lane-wise multiplication into accumulators: aie::mul, aie::mac, aie::msc (vector x vector and
// vector x scalar). Products are exact (at most 32x32 bits) and accumulate with wrap to the
// accumulator's native lane width.
#pragma once

#include <cstdint>

#include "traits.hpp"

namespace aie {
namespace detail {
template <typename Tag, unsigned N, typename F>
accum<Tag, N> mul_lanes(F product)
{
    accum<Tag, N> r;
    for (unsigned i = 0; i < N; ++i) emu::set_lane(r, i, product(i));
    return r;
}
template <typename Tag, unsigned N, typename F>
accum<Tag, N> acc_lanes(const accum<Tag, N> &acc, int sign, F product)
{
    accum<Tag, N> r;
    for (unsigned i = 0; i < N; ++i) {
        const std::uint64_t p = std::uint64_t(product(i));
        const std::uint64_t a = std::uint64_t(emu::lane(acc, i));
        emu::set_lane(r, i, std::int64_t(sign > 0 ? a + p : a - p));  // modular, then wrapped to the lane width
    }
    return r;
}
}  // namespace detail

namespace detail {
// The (operand widths, accumulator) combinations with a mul_bits_impl on each architecture
// (aie2/mul_acc32.hpp, aie2/mul_acc64.hpp; J aie2p/mul_acc32.hpp, aie2p/mul_acc64.hpp). acc32:
// AIE-ML 8x8, 8x16, 16x8, 16x16, 16x32, 32x16; AIE-MLv2 equal widths, 8x16, 16x8. acc64 (acc40..64):
// every valid pair except 8x8, on both.
template <typename AccTag, typename A, typename B>
constexpr bool mul_supported()
{
    constexpr unsigned a = type_bits_v<A>, b = type_bits_v<B>;
    if constexpr (!is_valid_mul_pair<A, B>()) return false;
    else if constexpr (native_acc_bits_v<AccTag> == 64) return !(a == 8 && b == 8);
    else if constexpr (__AIE_ARCH__ == 20) return !(a == 32 && b == 32);
    else return a == b || a + b == 24;
}
}  // namespace detail

// mul<AccTag>(v1, v2) and mul(v1, v2) with the default accumulator of the two element types. A
// scalar takes its own type into the default (aie.hpp X:4792-4794, 4820-4822): mul(v_int16, 3)
// multiplies by an int32 and accumulates in acc48; mul(v_int8, 3) does not compile (int32 x int8).
template <typename AccTag, typename T1, typename T2, unsigned N>
    requires(detail::is_acc_tag_v<AccTag> && detail::mul_supported<AccTag, T1, T2>())
accum<AccTag, N> mul(const vector<T1, N> &v1, const vector<T2, N> &v2)
{
    return detail::mul_lanes<AccTag, N>([&](unsigned i) { return std::int64_t(v1[i]) * std::int64_t(v2[i]); });
}
template <typename AccTag, typename E, typename T, unsigned N>
    requires(detail::is_acc_tag_v<AccTag> && detail::mul_supported<AccTag, E, T>())
accum<AccTag, N> mul(E a, const vector<T, N> &v)
{
    return detail::mul_lanes<AccTag, N>([&](unsigned i) { return std::int64_t(a) * std::int64_t(v[i]); });
}
template <typename AccTag, typename E, typename T, unsigned N>
    requires(detail::is_acc_tag_v<AccTag> && detail::mul_supported<AccTag, E, T>())
accum<AccTag, N> mul(const vector<T, N> &v, E a) { return mul<AccTag>(a, v); }

template <typename T1, typename T2, unsigned N>
    requires(detail::is_valid_mul_pair<T1, T2>())
auto mul(const vector<T1, N> &v1, const vector<T2, N> &v2) { return mul<detail::default_accum_tag_t<T1, T2>>(v1, v2); }
template <typename E, typename T, unsigned N>
    requires(detail::is_valid_mul_pair<E, T>())
auto mul(E a, const vector<T, N> &v) { return mul<detail::default_accum_tag_t<E, T>>(a, v); }
template <typename E, typename T, unsigned N>
    requires(detail::is_valid_mul_pair<E, T>())
auto mul(const vector<T, N> &v, E a) { return mul<detail::default_accum_tag_t<E, T>>(a, v); }

// mac: acc + v1 * v2; msc: acc - v1 * v2. The result keeps the accumulator's type, which must be
// one the multiplication has on this architecture (as for mul<AccTag>).
template <typename Tag, typename T1, typename T2, unsigned N>
    requires(detail::mul_supported<Tag, T1, T2>())
accum<Tag, N> mac(const accum<Tag, N> &acc, const vector<T1, N> &v1, const vector<T2, N> &v2)
{
    return detail::acc_lanes(acc, +1, [&](unsigned i) { return std::int64_t(v1[i]) * std::int64_t(v2[i]); });
}
template <typename Tag, typename E, typename T, unsigned N>
    requires(detail::mul_supported<Tag, E, T>())
accum<Tag, N> mac(const accum<Tag, N> &acc, E a, const vector<T, N> &v)
{
    return detail::acc_lanes(acc, +1, [&](unsigned i) { return std::int64_t(a) * std::int64_t(v[i]); });
}
template <typename Tag, typename E, typename T, unsigned N>
    requires(detail::mul_supported<Tag, E, T>())
accum<Tag, N> mac(const accum<Tag, N> &acc, const vector<T, N> &v, E a) { return mac(acc, a, v); }

template <typename Tag, typename T1, typename T2, unsigned N>
    requires(detail::mul_supported<Tag, T1, T2>())
accum<Tag, N> msc(const accum<Tag, N> &acc, const vector<T1, N> &v1, const vector<T2, N> &v2)
{
    return detail::acc_lanes(acc, -1, [&](unsigned i) { return std::int64_t(v1[i]) * std::int64_t(v2[i]); });
}
template <typename Tag, typename E, typename T, unsigned N>
    requires(detail::mul_supported<Tag, E, T>())
accum<Tag, N> msc(const accum<Tag, N> &acc, E a, const vector<T, N> &v)
{
    return detail::acc_lanes(acc, -1, [&](unsigned i) { return std::int64_t(a) * std::int64_t(v[i]); });
}
template <typename Tag, typename E, typename T, unsigned N>
    requires(detail::mul_supported<Tag, E, T>())
accum<Tag, N> msc(const accum<Tag, N> &acc, const vector<T, N> &v, E a) { return msc(acc, a, v); }

}  // namespace aie
