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

// mul<AccTag>(v1, v2) and mul(v1, v2) with the default accumulator of the two element types.
template <typename AccTag, typename T1, typename T2, unsigned N>
    requires(detail::is_acc_tag_v<AccTag>)
accum<AccTag, N> mul(const vector<T1, N> &v1, const vector<T2, N> &v2)
{
    return detail::mul_lanes<AccTag, N>([&](unsigned i) { return std::int64_t(v1[i]) * std::int64_t(v2[i]); });
}
template <typename AccTag, typename E, typename T, unsigned N>
    requires(detail::is_acc_tag_v<AccTag> && std::is_integral_v<E>)
accum<AccTag, N> mul(E a, const vector<T, N> &v)
{
    return detail::mul_lanes<AccTag, N>([&](unsigned i) { return std::int64_t(a) * std::int64_t(v[i]); });
}
template <typename AccTag, typename E, typename T, unsigned N>
    requires(detail::is_acc_tag_v<AccTag> && std::is_integral_v<E>)
accum<AccTag, N> mul(const vector<T, N> &v, E a) { return mul<AccTag>(a, v); }

template <typename T1, typename T2, unsigned N>
    requires(detail::is_elem_v<T1> && detail::is_elem_v<T2>)
auto mul(const vector<T1, N> &v1, const vector<T2, N> &v2) { return mul<detail::default_accum_tag_t<T1, T2>>(v1, v2); }
template <typename E, typename T, unsigned N>
    requires(std::is_integral_v<E>)
auto mul(E a, const vector<T, N> &v) { return mul<detail::default_accum_tag_t<T, T>>(a, v); }
template <typename E, typename T, unsigned N>
    requires(std::is_integral_v<E>)
auto mul(const vector<T, N> &v, E a) { return mul<detail::default_accum_tag_t<T, T>>(a, v); }

// mac: acc + v1 * v2; msc: acc - v1 * v2. The result keeps the accumulator's type.
template <typename Tag, typename T1, typename T2, unsigned N>
accum<Tag, N> mac(const accum<Tag, N> &acc, const vector<T1, N> &v1, const vector<T2, N> &v2)
{
    return detail::acc_lanes(acc, +1, [&](unsigned i) { return std::int64_t(v1[i]) * std::int64_t(v2[i]); });
}
template <typename Tag, typename E, typename T, unsigned N>
    requires(std::is_integral_v<E>)
accum<Tag, N> mac(const accum<Tag, N> &acc, E a, const vector<T, N> &v)
{
    return detail::acc_lanes(acc, +1, [&](unsigned i) { return std::int64_t(a) * std::int64_t(v[i]); });
}
template <typename Tag, typename E, typename T, unsigned N>
    requires(std::is_integral_v<E>)
accum<Tag, N> mac(const accum<Tag, N> &acc, const vector<T, N> &v, E a) { return mac(acc, a, v); }

template <typename Tag, typename T1, typename T2, unsigned N>
accum<Tag, N> msc(const accum<Tag, N> &acc, const vector<T1, N> &v1, const vector<T2, N> &v2)
{
    return detail::acc_lanes(acc, -1, [&](unsigned i) { return std::int64_t(v1[i]) * std::int64_t(v2[i]); });
}
template <typename Tag, typename E, typename T, unsigned N>
    requires(std::is_integral_v<E>)
accum<Tag, N> msc(const accum<Tag, N> &acc, E a, const vector<T, N> &v)
{
    return detail::acc_lanes(acc, -1, [&](unsigned i) { return std::int64_t(a) * std::int64_t(v[i]); });
}
template <typename Tag, typename E, typename T, unsigned N>
    requires(std::is_integral_v<E>)
accum<Tag, N> msc(const accum<Tag, N> &acc, const vector<T, N> &v, E a) { return msc(acc, a, v); }

}  // namespace aie
