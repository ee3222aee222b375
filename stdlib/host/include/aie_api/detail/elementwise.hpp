// Element-wise, comparison, selection, reduction and reinterpretation functions on vectors and
// accumulators. Vector integer arithmetic wraps (two's complement) like the hardware, except the
// saturating_* functions, which follow the current saturation mode.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>

#include "srs_ups.hpp"
#include "traits.hpp"

namespace aie {

// ---- construction ----------------------------------------------------------------------------
template <typename T, unsigned Elems = native_vector_length_v<T>>
    requires(detail::is_elem_v<T>)
vector<T, Elems> zeros() { return vector<T, Elems>(); }

template <typename AccTag, unsigned Elems = native_vector_length_v<AccTag>>
    requires(detail::is_acc_tag_v<AccTag>)
accum<AccTag, Elems> zeros() { return accum<AccTag, Elems>(); }

// The first template parameter is the element type, deduced from the argument when not given
// (aie.hpp X:1111, J:1102): broadcast(x) with an int x is a vector<int32, 16>.
template <typename E, unsigned Elems = native_vector_length_v<E>>
    requires(detail::is_elem_v<E>)
vector<E, Elems> broadcast(E a)
{
    vector<E, Elems> r;
    for (unsigned i = 0; i < Elems; ++i) r[i] = a;
    return r;
}

namespace detail {
template <typename T, unsigned N, typename F>
vector<T, N> map(const vector<T, N> &a, F f)
{
    vector<T, N> r;
    for (unsigned i = 0; i < N; ++i) r[i] = static_cast<T>(f(std::int64_t(a[i])));
    return r;
}
template <typename T, unsigned N, typename F>
vector<T, N> zip(const vector<T, N> &a, const vector<T, N> &b, F f)
{
    vector<T, N> r;
    for (unsigned i = 0; i < N; ++i) r[i] = static_cast<T>(f(std::int64_t(a[i]), std::int64_t(b[i])));
    return r;
}
template <typename T>
T saturate_elem(std::int64_t x)
{
    const saturation_mode sat = get_saturation();
    if (sat == saturation_mode::none) return static_cast<T>(x);
    const auto r = emu::saturation_range(type_bits_v<T>, std::is_signed_v<T>, sat);
    return static_cast<T>(std::clamp(x, r.lo, r.hi));
}
}  // namespace detail

// The vector-vector and scalar-vector overloads of a binary lane function; the scalar has exactly
// the vector's element type (detail::is_scalar_for_v).
#define AIEM_EMU_BINARY_VECTOR_OP_VV_EV(NAME, EXPR)                                                  \
    template <typename T, unsigned N>                                                                \
    vector<T, N> NAME(const vector<T, N> &v1, const vector<T, N> &v2)                                \
    {                                                                                                \
        return detail::zip(v1, v2, [](std::int64_t a, std::int64_t b) { return EXPR; });            \
    }                                                                                                \
    template <typename E, typename T, unsigned N>                                                    \
        requires(detail::is_scalar_for_v<E, T>)                                                      \
    vector<T, N> NAME(E s, const vector<T, N> &v)                                                    \
    {                                                                                                \
        return NAME(broadcast<T, N>(s), v);                                                          \
    }
// ... plus the vector-scalar overload.
#define AIEM_EMU_BINARY_VECTOR_OP(NAME, EXPR)                                                        \
    AIEM_EMU_BINARY_VECTOR_OP_VV_EV(NAME, EXPR)                                                      \
    template <typename E, typename T, unsigned N>                                                    \
        requires(detail::is_scalar_for_v<E, T>)                                                      \
    vector<T, N> NAME(const vector<T, N> &v, E s)                                                    \
    {                                                                                                \
        return NAME(v, broadcast<T, N>(s));                                                          \
    }

// add, sub, max, min: (v, v), (E, v), (v, E) (aie.hpp X:3581/3656/3687, 4250/4306/4333,
// 1975/1997/2019, 2147/2169/2191). The bit operations have no (v, E) form: only scalar first
// (X:3367/3398, 3434/3465, 3501/3529; J:3434/3465, 3501/3532, 3568/3596).
AIEM_EMU_BINARY_VECTOR_OP(add, a + b)
AIEM_EMU_BINARY_VECTOR_OP(sub, a - b)
AIEM_EMU_BINARY_VECTOR_OP(max, std::max(a, b))
AIEM_EMU_BINARY_VECTOR_OP(min, std::min(a, b))
AIEM_EMU_BINARY_VECTOR_OP_VV_EV(bit_and, a & b)
AIEM_EMU_BINARY_VECTOR_OP_VV_EV(bit_or, a | b)
AIEM_EMU_BINARY_VECTOR_OP_VV_EV(bit_xor, a ^ b)
#undef AIEM_EMU_BINARY_VECTOR_OP
#undef AIEM_EMU_BINARY_VECTOR_OP_VV_EV

template <typename T, unsigned N>
vector<T, N> saturating_add(const vector<T, N> &v1, const vector<T, N> &v2)
{
    vector<T, N> r;
    for (unsigned i = 0; i < N; ++i) r[i] = detail::saturate_elem<T>(std::int64_t(v1[i]) + std::int64_t(v2[i]));
    return r;
}
template <typename T, unsigned N>
vector<T, N> saturating_sub(const vector<T, N> &v1, const vector<T, N> &v2)
{
    vector<T, N> r;
    for (unsigned i = 0; i < N; ++i) r[i] = detail::saturate_elem<T>(std::int64_t(v1[i]) - std::int64_t(v2[i]));
    return r;
}

// neg/abs wrap: neg(-128) == -128 for int8 (assumed hardware behaviour, see docs).
template <typename T, unsigned N>
vector<T, N> neg(const vector<T, N> &v) { return detail::map(v, [](std::int64_t a) { return -a; }); }
template <typename T, unsigned N>
vector<T, N> abs(const vector<T, N> &v) { return detail::map(v, [](std::int64_t a) { return a < 0 ? -a : a; }); }
template <typename T, unsigned N>
vector<T, N> bit_not(const vector<T, N> &v) { return detail::map(v, [](std::int64_t a) { return ~a; }); }
// upshift and downshift go through an accumulator, as on AIE-ML and AIE-MLv2 (X detail/aie2/
// shift.hpp:70-75, J :99-104): upshift is UPS then SRS(0), so it saturates under the current
// saturation mode; downshift is UPS(0) then SRS(shift), so it rounds with the current rounding mode.
// The shift is at most aie::max_shift (REQUIRES_MSG, aie.hpp X:4022/4042, J:4088/4108).
namespace detail {
template <typename T, unsigned N>
vector<T, N> shift_through_acc(const vector<T, N> &v, unsigned up, unsigned down)
{
    if (up > unsigned(max_shift) || down > unsigned(max_shift))
        throw std::logic_error("aie emulation: upshift/downshift: the shift cannot exceed aie::max_shift (59)");
    const saturation_mode sat = get_saturation();
    const rounding_mode rnd = get_rounding();
    constexpr unsigned acc = type_bits_v<T> == 32 ? 64u : 32u;  // accum_tag_for_type<T>
    vector<T, N> r;
    for (unsigned i = 0; i < N; ++i) {
        const std::int64_t a = emu::ups_lane(std::int64_t(v[i]), int(up), sat, acc);
        r[i] = static_cast<T>(emu::srs_lane(a, int(down), rnd, sat, type_bits_v<T>, std::is_signed_v<T>));
    }
    return r;
}
}  // namespace detail
template <typename T, unsigned N>
vector<T, N> upshift(const vector<T, N> &v, unsigned s) { return detail::shift_through_acc(v, s, 0); }
template <typename T, unsigned N>
vector<T, N> downshift(const vector<T, N> &v, unsigned s) { return detail::shift_through_acc(v, 0, s); }

// ---- accumulator arithmetic (wraps to the native lane width) ----------------------------------
template <typename Tag, unsigned N>
accum<Tag, N> add(const accum<Tag, N> &a, const accum<Tag, N> &b)
{
    accum<Tag, N> r;
    for (unsigned i = 0; i < N; ++i) emu::set_lane(r, i, emu::lane(a, i) + emu::lane(b, i));
    return r;
}
template <typename Tag, unsigned N>
accum<Tag, N> sub(const accum<Tag, N> &a, const accum<Tag, N> &b)
{
    accum<Tag, N> r;
    for (unsigned i = 0; i < N; ++i)
        emu::set_lane(r, i, std::int64_t(std::uint64_t(emu::lane(a, i)) - std::uint64_t(emu::lane(b, i))));
    return r;
}
template <typename Tag, unsigned N, typename T>
accum<Tag, N> add(const accum<Tag, N> &a, const vector<T, N> &v) { return add(a, accum<Tag, N>(v)); }
template <typename Tag, unsigned N, typename T>
accum<Tag, N> sub(const accum<Tag, N> &a, const vector<T, N> &v) { return sub(a, accum<Tag, N>(v)); }
template <typename Tag, unsigned N>
accum<Tag, N> neg(const accum<Tag, N> &a) { return sub(accum<Tag, N>(), a); }

// ---- comparison and selection ------------------------------------------------------------------
#define AIEM_EMU_COMPARE_OP(NAME, OP)                                                                \
    template <typename T, unsigned N>                                                                \
    mask<N> NAME(const vector<T, N> &v1, const vector<T, N> &v2)                                     \
    {                                                                                                \
        mask<N> m;                                                                                   \
        for (unsigned i = 0; i < N; ++i)                                                             \
            if (v1[i] OP v2[i]) m.set(i);                                                            \
        return m;                                                                                    \
    }                                                                                                \
    template <typename E, typename T, unsigned N>                                                    \
        requires(detail::is_scalar_for_v<E, T>)                                                      \
    mask<N> NAME(E s, const vector<T, N> &v) { return NAME(broadcast<T, N>(s), v); }                 \
    template <typename E, typename T, unsigned N>                                                    \
        requires(detail::is_scalar_for_v<E, T>)                                                      \
    mask<N> NAME(const vector<T, N> &v, E s) { return NAME(v, broadcast<T, N>(s)); }

AIEM_EMU_COMPARE_OP(lt, <)
AIEM_EMU_COMPARE_OP(le, <=)
AIEM_EMU_COMPARE_OP(gt, >)
AIEM_EMU_COMPARE_OP(ge, >=)
AIEM_EMU_COMPARE_OP(eq, ==)
AIEM_EMU_COMPARE_OP(neq, !=)
#undef AIEM_EMU_COMPARE_OP

// True iff all elements are equal.
template <typename T, unsigned N>
bool equal(const vector<T, N> &v1, const vector<T, N> &v2) { return eq(v1, v2).full(); }

// out[i] = m[i] ? v2[i] : v1[i]
template <typename T, unsigned N>
vector<T, N> select(const vector<T, N> &v1, const vector<T, N> &v2, const mask<N> &m)
{
    vector<T, N> r;
    for (unsigned i = 0; i < N; ++i) r[i] = m.test(i) ? v2[i] : v1[i];
    return r;
}
template <typename E, typename T, unsigned N>
    requires(detail::is_scalar_for_v<E, T>)
vector<T, N> select(E a, const vector<T, N> &v, const mask<N> &m) { return select(broadcast<T, N>(a), v, m); }
template <typename E, typename T, unsigned N>
    requires(detail::is_scalar_for_v<E, T>)
vector<T, N> select(const vector<T, N> &v, E a, const mask<N> &m) { return select(v, broadcast<T, N>(a), m); }

// ---- reductions (the sum wraps to T) -----------------------------------------------------------
template <typename T, unsigned N>
T reduce_add(const vector<T, N> &v)
{
    std::uint64_t s = 0;
    for (unsigned i = 0; i < N; ++i) s += std::uint64_t(std::int64_t(v[i]));
    return static_cast<T>(s);
}
template <typename T, unsigned N>
T reduce_max(const vector<T, N> &v)
{
    T m = v[0];
    for (unsigned i = 1; i < N; ++i) m = std::max(m, v[i]);
    return m;
}
template <typename T, unsigned N>
T reduce_min(const vector<T, N> &v)
{
    T m = v[0];
    for (unsigned i = 1; i < N; ++i) m = std::min(m, v[i]);
    return m;
}

// ---- reordering --------------------------------------------------------------------------------
template <typename T, unsigned N>
vector<T, N> reverse(const vector<T, N> &v)
{
    vector<T, N> r;
    for (unsigned i = 0; i < N; ++i) r[i] = v[N - 1 - i];
    return r;
}

// v read as a row-major Row x Col matrix, returned as its Col x Row transpose (X aie.hpp:2811-2831,
// J aie.hpp:2876-2896). Vector lengths are powers of two, so Row and Col are too: the shuffle
// modes of aie2/transpose.hpp cover every such shape of 8-, 16- and 32-bit elements.
template <typename T, unsigned N>
vector<T, N> transpose(const vector<T, N> &v, unsigned Row, unsigned Col)
{
    if (Row == 0 || Col == 0 || Row * Col != N)
        detail::fail("transpose: Row * Col (" + std::to_string(Row) + " * " + std::to_string(Col) +
                     ") must equal the vector's " + std::to_string(N) + " elements");
    vector<T, N> r;
    unsigned out = 0;
    for (unsigned c = 0; c < Col; ++c)
        for (unsigned row = 0; row < Row; ++row) r[out++] = v[row * Col + c];
    return r;
}

// The even (filter_even) or odd (filter_odd) chunks of `chunk_size` elements of v, in order: a
// vector of half the length (X aie.hpp:3237, 3274; J aie.hpp:3302, 3339). chunk_size is positive,
// at most N, a power of two and at least 8 bits (their REQUIRES_MSG; the emulation throws). On
// AIE-ML/MLv2 a vector of up to 1024 bits is one shuffle, whose half is extracted (X
// detail/aie2/filter.hpp:80-89): the result takes at least 128 bits, as every extract does.
namespace detail {
template <typename T, unsigned N>
vector<T, N / 2> filter(const vector<T, N> &v, unsigned chunk_size, bool odd, const char *what)
{
    static_assert(N / 2 * sizeof(T) * 8 >= 128 && N * sizeof(T) * 8 <= 1024,
                  "aie::filter_even/filter_odd: the result is at least 128 bits and the input at most 1024 here");
    if (chunk_size == 0 || chunk_size > N || (chunk_size & (chunk_size - 1)) != 0)
        detail::fail(std::string(what) + ": chunk_size must be a power of two from 1 to the vector length, not " +
                     std::to_string(chunk_size));
    vector<T, N / 2> r;
    unsigned out = 0;
    for (unsigned c = odd ? 1 : 0; c < N / chunk_size; c += 2)
        for (unsigned i = 0; i < chunk_size; ++i) r[out++] = v[c * chunk_size + i];
    return r;
}
}  // namespace detail

template <typename T, unsigned N>
vector<T, N / 2> filter_even(const vector<T, N> &v, unsigned chunk_size = 1)
{
    return detail::filter(v, chunk_size, false, "filter_even");
}

template <typename T, unsigned N>
vector<T, N / 2> filter_odd(const vector<T, N> &v, unsigned chunk_size = 1)
{
    return detail::filter(v, chunk_size, true, "filter_odd");
}

template <typename T, unsigned N, typename... Vs>
    requires((std::is_same_v<Vs, vector<T, N>> && ...))
vector<T, N *(1 + sizeof...(Vs))> concat(const vector<T, N> &v, const Vs &...vs)
{
    vector<T, N *(1 + sizeof...(Vs))> r;
    unsigned idx = 0;
    r.insert(idx++, v);
    (r.insert(idx++, vs), ...);
    return r;
}
template <typename Tag, unsigned N, typename... As>
    requires((std::is_same_v<As, accum<Tag, N>> && ...))
accum<Tag, N *(1 + sizeof...(As))> concat(const accum<Tag, N> &a, const As &...as)
{
    accum<Tag, N *(1 + sizeof...(As))> r;
    unsigned idx = 0;
    r.insert(idx++, a);
    (r.insert(idx++, as), ...);
    return r;
}

// ---- bit reinterpretation -----------------------------------------------------------------------
template <typename DstT, typename T, unsigned N>
    requires(detail::is_elem_v<DstT>)
auto vector_cast(const vector<T, N> &v) { return v.template cast_to<DstT>(); }

// Vector bits -> accumulator lanes (acc32 lanes are 4 bytes, acc40..acc64 lanes 8 bytes).
template <typename DstTag, typename T, unsigned N>
    requires(detail::is_acc_tag_v<DstTag>)
auto vector_cast(const vector<T, N> &v)
{
    constexpr unsigned lane_bits = detail::native_acc_bits_v<DstTag>;
    static_assert(vector<T, N>::bits() % lane_bits == 0, "vector_cast: sizes are not compatible");
    accum<DstTag, vector<T, N>::bits() / lane_bits> r;
    for (unsigned i = 0; i < r.size(); ++i) {
        std::int64_t x = 0;
        std::memcpy(&x, reinterpret_cast<const char *>(v.data()) + i * lane_bits / 8, lane_bits / 8);
        emu::set_lane(r, i, x);
    }
    return r;
}
template <typename DstT, typename Tag, unsigned N>
    requires(detail::is_elem_v<DstT>)
auto vector_cast(const accum<Tag, N> &a)
{
    constexpr unsigned lane_bytes = detail::native_acc_bits_v<Tag> / 8;
    static_assert(accum<Tag, N>::bits() % detail::type_bits_v<DstT> == 0, "vector_cast: sizes are not compatible");
    vector<DstT, accum<Tag, N>::bits() / detail::type_bits_v<DstT>> r;
    for (unsigned i = 0; i < N; ++i) {
        const std::int64_t x = emu::lane(a, i);
        std::memcpy(reinterpret_cast<char *>(r.data()) + i * lane_bytes, &x, lane_bytes);  // little-endian host
    }
    return r;
}

// ---- conversions -------------------------------------------------------------------------------
template <typename TR, typename Acc>
    requires(detail::is_accum_v<Acc> || requires(const Acc &a) { a.to_accum(); })
vector<TR, Acc::size()> to_vector(const Acc &acc, int shift = 0)
{
    return acc.template to_vector<TR>(shift);
}
template <typename AccTag, typename T, unsigned N>
    requires(detail::is_acc_tag_v<AccTag>)
accum<AccTag, N> from_vector(const vector<T, N> &v, int shift = 0) { return accum<AccTag, N>(v, shift); }

template <typename T, unsigned N>
auto unpack(const vector<T, N> &v) { return v.unpack(); }
template <typename T, unsigned N>
auto pack(const vector<T, N> &v) { return v.pack(); }

// Narrowing: saturates per the current saturation mode, otherwise keeps the low bits.
template <typename T, unsigned Elems>
template <typename T2>
vector<T2, Elems> vector<T, Elems>::pack() const
{
    // Only to 8-bit elements from 16-bit ones (aie.hpp PackableFrom: int4/uint4/int8/uint8 at half width;
    // 4-bit elements are not emulated).
    static_assert(sizeof(T) == 2 && sizeof(T2) == 1, "pack: only 16-bit elements pack, to 8 bits");
    vector<T2, Elems> r;
    for (unsigned i = 0; i < Elems; ++i) r[i] = detail::saturate_elem<T2>(std::int64_t(d_[i]));
    return r;
}

}  // namespace aie
