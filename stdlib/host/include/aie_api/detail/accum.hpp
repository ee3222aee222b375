// aie::accum<AccTag, Elems>: accumulator register. Each lane is kept as an int64 that always holds
// the value wrapped to the native lane width (32 bits for acc32, 64 for acc40..acc64), so overflow
// behaves like the hardware's two's complement wrap. Like the real API, lanes are not directly
// accessible; use to_vector or the aie::emu::lane hooks.
#pragma once

#include <array>
#include <cstdint>
#include <stdexcept>

#include "checks.hpp"
#include "rounding.hpp"
#include "srs_ups.hpp"
#include "types.hpp"
#include "vector.hpp"

namespace aie {

template <typename AccTag, unsigned Elems>
class accum;

namespace detail {
struct accum_access {
    template <typename A> static std::int64_t &at(A &a, unsigned i) { return a.d_[i]; }
    template <typename A> static std::int64_t at(const A &a, unsigned i) { return a.d_[i]; }
};
}  // namespace detail

// No default for Elems (aie_types.hpp X:75-76, J:85-86): aie::accum<acc32> alone does not compile.
template <typename AccTag, unsigned Elems>
class accum {
    static_assert(detail::is_acc_tag_v<AccTag>, "aie emulation: accum tag must be acc32, acc40, acc48, acc56 or acc64");
    // Accumulator registers are 256 bits and up, powers of two (8 acc32 or 4 acc64 lanes at least).
    static_assert(Elems * detail::native_acc_bits_v<AccTag> >= 256 &&
                      ((Elems * detail::native_acc_bits_v<AccTag>) & (Elems * detail::native_acc_bits_v<AccTag> - 1)) == 0,
                  "aie::accum: the size must be a power of two of at least 256 bits");
    std::array<std::int64_t, Elems> d_{};  // zero on construction (hardware: undefined)
    friend struct detail::accum_access;
    template <typename, unsigned> friend class accum;

    static std::int64_t wrap(std::int64_t v) { return detail::wrap_to_bits(v, accum_bits(), true); }

public:
    // The native tag (accum.hpp:70): accum<acc48, N>::value_type is acc64.
    using value_type = typename detail::acc_tag_for_bits<detail::native_acc_bits_v<AccTag>>::type;

    static constexpr unsigned size() { return Elems; }
    static constexpr unsigned accum_min_bits() { return detail::acc_tag_bits<AccTag>::value; }
    static constexpr unsigned accum_bits() { return detail::native_acc_bits_v<AccTag>; }
    static constexpr unsigned value_bits() { return accum_bits(); }
    static constexpr unsigned bits() { return Elems * accum_bits(); }
    static constexpr bool is_complex() { return false; }
    static constexpr bool is_real() { return true; }
    static constexpr bool is_floating_point() { return false; }

    accum() = default;
    accum(const accum &) = default;
    accum &operator=(const accum &) = default;

    // Accumulators whose tags share a native representation (e.g. acc48 and acc64) convert freely.
    template <typename Tag2>
        requires(!std::is_same_v<Tag2, AccTag> && detail::native_acc_bits_v<Tag2> == detail::native_acc_bits_v<AccTag>)
    accum(const accum<Tag2, Elems> &o) : d_(o.d_) {}

    // UPS: each lane = v[i] << shift (saturation mode applies).
    template <typename T>
    explicit accum(const vector<T, Elems> &v, int shift = 0) { from_vector(v, shift); }

    // UPS. A 32-bit vector into an acc32 accumulator is a register cast that only takes shift 0
    // (REQUIRES(shift == 0): X detail/aie2/accum.hpp:824/826, J :833/835, J aie2p/accum.hpp:1033-1037).
    template <typename T>
    void from_vector(const vector<T, Elems> &v, int shift = 0)
    {
        if (detail::type_bits_v<T> == 32 && accum_bits() == 32 && shift != 0)
            throw std::logic_error("aie emulation: from_vector of a 32-bit vector into acc32 takes only shift 0 "
                                   "(aie_api REQUIRES(shift == 0))");
        const saturation_mode sat = get_saturation();
        for (unsigned i = 0; i < Elems; ++i) d_[i] = emu::ups_lane(std::int64_t(v[i]), shift, sat, accum_bits());
    }
    template <typename T>
    void from_vector_sign(const vector<T, Elems> &v, bool v_sign, int shift = 0)
    {
        if (detail::type_bits_v<T> == 32 && accum_bits() == 32 && shift != 0)
            throw std::logic_error("aie emulation: from_vector of a 32-bit vector into acc32 takes only shift 0 "
                                   "(aie_api REQUIRES(shift == 0))");
        const saturation_mode sat = get_saturation();
        for (unsigned i = 0; i < Elems; ++i) {
            const std::int64_t x = detail::wrap_to_bits(std::int64_t(v[i]), detail::type_bits_v<T>, v_sign);
            d_[i] = emu::ups_lane(x, shift, sat, accum_bits());
        }
    }
    template <typename T>
    accum &operator=(const vector<T, Elems> &v)
    {
        from_vector(v, 0);
        return *this;
    }

    // SRS with the calling thread's rounding and saturation modes.
    template <typename T>
    vector<T, Elems> to_vector(int shift = 0) const
    {
        return to_vector_sign<T>(std::is_signed_v<T>, shift);
    }
    // As to_vector, but the destination lanes are interpreted as signed iff v_sign.
    // acc32 to a 32-bit vector is a plain register cast in the real API: the shift, the rounding and
    // the saturation are all ignored (X detail/aie2/accum.hpp:947/949 and 963/965, J :961/963 and
    // 977/979, J aie2p/accum.hpp:1223-1227). acc64 to int32 is a real SRS.
    template <typename T>
    vector<T, Elems> to_vector_sign(bool v_sign, int shift = 0) const
    {
        static_assert(detail::is_elem_v<T> && sizeof(T) <= 4, "to_vector: destination must be an 8/16/32-bit integer type");
        if constexpr (detail::type_bits_v<T> == 32 && detail::native_acc_bits_v<AccTag> == 32) {
            (void)v_sign;
            (void)shift;
            vector<T, Elems> r;
            for (unsigned i = 0; i < Elems; ++i) r[i] = static_cast<T>(d_[i]);
            return r;
        }
        const rounding_mode rnd = get_rounding();
        const saturation_mode sat = get_saturation();
        vector<T, Elems> r;
        for (unsigned i = 0; i < Elems; ++i)
            r[i] = static_cast<T>(emu::srs_lane(d_[i], shift, rnd, sat, detail::type_bits_v<T>, v_sign));
        return r;
    }

    // No index (accum.hpp:248): the input lands in the low lanes.
    template <unsigned ElemsOut>
    accum<AccTag, ElemsOut> grow() const
    {
        static_assert(ElemsOut >= Elems && ElemsOut % Elems == 0, "grow: output size must be a multiple of the input size");
        accum<AccTag, ElemsOut> r;
        for (unsigned i = 0; i < Elems; ++i) r.d_[i] = d_[i];
        return r;
    }
    template <unsigned ElemsOut>
    accum<AccTag, ElemsOut> grow_replicate() const
    {
        static_assert(ElemsOut >= Elems && ElemsOut % Elems == 0, "grow_replicate: output size must be a multiple of the input size");
        accum<AccTag, ElemsOut> r;
        for (unsigned i = 0; i < ElemsOut; ++i) r.d_[i] = d_[i % Elems];
        return r;
    }
    template <unsigned ElemsOut>
    accum<AccTag, ElemsOut> extract(unsigned idx) const
    {
        static_assert(ElemsOut <= Elems && (ElemsOut & (ElemsOut - 1)) == 0,
                      "accum::extract: the output size must be a power of two (aie2/accum.hpp:376)");
        detail::check_index(idx, Elems / ElemsOut, "accum::extract");
        accum<AccTag, ElemsOut> r;
        for (unsigned i = 0; i < ElemsOut; ++i) r.d_[i] = d_[idx * ElemsOut + i];
        return r;
    }
    template <unsigned ElemsOut>
    accum<AccTag, ElemsOut> grow_extract(unsigned idx) const
    {
        if constexpr (ElemsOut > Elems) return grow<ElemsOut>();
        else return extract<ElemsOut>(idx);
    }
    // Template parameters in the real order <ElemsIn, Tag2> (accum.hpp:332).
    template <unsigned ElemsIn, typename Tag2>
        requires(detail::native_acc_bits_v<Tag2> == detail::native_acc_bits_v<AccTag>)
    accum &insert(unsigned idx, const accum<Tag2, ElemsIn> &a)
    {
        static_assert(ElemsIn <= Elems && Elems % ElemsIn == 0, "insert: accumulator size must be a multiple of the subaccumulator size");
        detail::check_index(idx, Elems / ElemsIn, "accum::insert");
        for (unsigned i = 0; i < ElemsIn; ++i) d_[idx * ElemsIn + i] = a.d_[i];
        return *this;
    }
};

// Stable hooks for the ADF emulation layer (cascade streams, debugging): raw lane access.
namespace emu {

template <typename Tag>
constexpr int acc_bits() { return int(detail::native_acc_bits_v<Tag>); }

template <typename Tag, unsigned N>
std::int64_t lane(const accum<Tag, N> &a, unsigned i)
{
    detail::check_index(i, N, "emu::lane");
    return detail::accum_access::at(a, i);
}
// Stores v wrapped to the accumulator's native lane width (32 or 64 bits).
template <typename Tag, unsigned N>
void set_lane(accum<Tag, N> &a, unsigned i, std::int64_t v)
{
    detail::check_index(i, N, "emu::set_lane");
    detail::accum_access::at(a, i) = detail::wrap_to_bits(v, detail::native_acc_bits_v<Tag>, true);
}
template <typename T, unsigned N>
std::int64_t lane(const vector<T, N> &v, unsigned i) { return std::int64_t(v.get(i)); }
// Stores v wrapped to the element type (two's complement truncation).
template <typename T, unsigned N>
void set_lane(vector<T, N> &vec, unsigned i, std::int64_t v) { vec.set(static_cast<T>(v), i); }

}  // namespace emu
}  // namespace aie
