// aie::vector<T, Elems>: a fixed-size register of integer elements. Lanes are plain T values, so
// element arithmetic done by the free functions wraps exactly like the hardware (two's complement).
#pragma once

#include <array>
#include <cstring>
#include <type_traits>

#include "checks.hpp"
#include "types.hpp"

namespace aie {

namespace detail {
constexpr bool pow2(unsigned x) { return x != 0 && (x & (x - 1)) == 0; }
}  // namespace detail

template <typename T, unsigned Elems = native_vector_length_v<T>>
class vector {
    static_assert(detail::is_elem_v<T>, "aie emulation: only integer vector element types are emulated");
    static_assert(Elems > 0, "aie::vector must have at least one element");
    // The register sizes there are: 128, 256, 512, 1024 bits, and larger powers of two built from
    // them (aie2/vector_native_types.hpp); aie::vector<int8, 4> does not exist.
    static_assert(Elems * sizeof(T) * 8 >= 128 && detail::pow2(Elems * unsigned(sizeof(T)) * 8),
                  "aie::vector: the size must be a power of two of at least 128 bits");
    std::array<T, Elems> d_{};  // zero on construction (hardware: undefined), for reproducibility

public:
    using value_type = T;

    static constexpr unsigned size() { return Elems; }
    static constexpr unsigned type_bits() { return detail::type_bits_v<T>; }
    static constexpr unsigned bits() { return Elems * type_bits(); }
    static constexpr unsigned bytes() { return bits() / 8; }
    static constexpr bool is_signed() { return std::is_signed_v<T>; }
    static constexpr bool is_complex() { return false; }
    static constexpr bool is_real() { return true; }
    static constexpr bool is_integral() { return true; }
    static constexpr bool is_floating_point() { return false; }

    vector() = default;

    // From a list of values (fewer than Elems: the rest are zero).
    template <typename... Values>
        requires(sizeof...(Values) + 1 <= Elems)
    explicit vector(T v, Values &&...values) : d_{v, static_cast<T>(values)...} {}

    T get(unsigned idx) const
    {
        detail::check_index(idx, Elems, "vector::get");
        return d_[idx];
    }
    void set(T v, unsigned idx)
    {
        detail::check_index(idx, Elems, "vector::set");
        d_[idx] = v;
    }
    T &operator[](unsigned idx)
    {
        detail::check_index(idx, Elems, "vector::operator[]");
        return d_[idx];
    }
    T operator[](unsigned idx) const { return get(idx); }

    // Shift all elements one position up and write v into element 0 (the last element is lost).
    vector &push(T v)
    {
        for (unsigned i = Elems - 1; i > 0; --i) d_[i] = d_[i - 1];
        d_[0] = v;
        return *this;
    }

    // Copy into a larger vector at subvector position idx; other elements zero (hardware: undefined).
    template <unsigned ElemsOut>
    vector<T, ElemsOut> grow(unsigned idx = 0) const
    {
        static_assert(ElemsOut >= Elems && ElemsOut % Elems == 0, "grow: output size must be a multiple of the input size");
        static_assert(detail::pow2(ElemsOut * detail::type_bits_v<T>),
                      "vector::grow: the output bits must be a power of two (aie2/vector.hpp:562-563)");
        detail::check_index(idx, ElemsOut / Elems, "vector::grow");
        vector<T, ElemsOut> r;
        for (unsigned i = 0; i < Elems; ++i) r[idx * Elems + i] = d_[i];
        return r;
    }
    template <unsigned ElemsOut>
    vector<T, ElemsOut> grow_replicate() const
    {
        static_assert(ElemsOut >= Elems && ElemsOut % Elems == 0, "grow_replicate: output size must be a multiple of the input size");
        static_assert(ElemsOut * detail::type_bits_v<T> >= 128 && detail::pow2(ElemsOut * detail::type_bits_v<T>),
                      "vector::grow_replicate: the output must be a power-of-two size of at least 128 bits");
        vector<T, ElemsOut> r;
        for (unsigned i = 0; i < ElemsOut; ++i) r[i] = d_[i % Elems];
        return r;
    }
    // Subvector number idx of size ElemsOut (a partition index, not an element offset).
    template <unsigned ElemsOut>
    vector<T, ElemsOut> extract(unsigned idx) const
    {
        static_assert(ElemsOut <= Elems && Elems % ElemsOut == 0, "extract: input size must be a multiple of the output size");
        static_assert(ElemsOut * detail::type_bits_v<T> >= 128 && detail::pow2(ElemsOut * detail::type_bits_v<T>),
                      "vector::extract: subvectors are power-of-two sizes of at least 128 bits (aie2/vector.hpp:1235-1236)");
        detail::check_index(idx, Elems / ElemsOut, "vector::extract");
        vector<T, ElemsOut> r;
        for (unsigned i = 0; i < ElemsOut; ++i) r[i] = d_[idx * ElemsOut + i];
        return r;
    }
    template <unsigned ElemsOut>
    vector<T, ElemsOut> grow_extract(unsigned idx) const
    {
        if constexpr (ElemsOut > Elems) return grow<ElemsOut>();
        else return extract<ElemsOut>(idx);
    }
    template <unsigned ElemsIn>
    vector &insert(unsigned idx, const vector<T, ElemsIn> &v)
    {
        static_assert(ElemsIn <= Elems && Elems % ElemsIn == 0, "insert: vector size must be a multiple of the subvector size");
        static_assert(ElemsIn * detail::type_bits_v<T> >= 128 && detail::pow2(ElemsIn * detail::type_bits_v<T>),
                      "vector::insert: subvectors are power-of-two sizes of at least 128 bits (aie2/vector.hpp:1201-1202)");
        detail::check_index(idx, Elems / ElemsIn, "vector::insert");
        for (unsigned i = 0; i < ElemsIn; ++i) d_[idx * ElemsIn + i] = v[i];
        return *this;
    }

    // Reinterpret the bits as another element type (little-endian lane order, as on AIE).
    template <typename DstT>
    auto cast_to() const
    {
        static_assert(bits() % detail::type_bits_v<DstT> == 0, "cast_to: sizes are not compatible");
        vector<DstT, bits() / detail::type_bits_v<DstT>> r;
        std::memcpy(r.data(), d_.data(), bytes());
        return r;
    }

    // Widen each element (sign- or zero-extension by the source type).
    template <typename T2 = typename detail::next_integer<T>::type>
    vector<T2, Elems> unpack() const
    {
        // Unpacking widens to twice the width into int8/uint8/int16/uint16 only (aie.hpp UnpackableFrom;
        // 4-bit sources are not emulated): int8 -> int16.
        static_assert(sizeof(T) == 1 && sizeof(T2) == 2 && detail::is_elem_v<T2>,
                      "unpack: only 8-bit elements unpack, to 16 bits");
        vector<T2, Elems> r;
        for (unsigned i = 0; i < Elems; ++i) r[i] = static_cast<T2>(d_[i]);
        return r;
    }
    // Narrow each element; defined in elementwise.hpp (it depends on the current saturation mode).
    template <typename T2 = typename detail::prev_integer<T>::type>
    vector<T2, Elems> pack() const;

    template <aie_dm_resource Resource = aie_dm_resource::none, typename T2>
        requires(std::is_same_v<std::remove_cv_t<T2>, T>)
    void load(const T2 *ptr);
    template <aie_dm_resource Resource = aie_dm_resource::none, typename T2>
        requires(std::is_same_v<std::remove_cv_t<T2>, T>)
    void store(T2 *ptr) const;
    template <aie_dm_resource Resource = aie_dm_resource::none, typename T2>
        requires(std::is_same_v<std::remove_cv_t<T2>, T>)
    void load_unaligned(const T2 *ptr, unsigned aligned_elems);
    template <aie_dm_resource Resource = aie_dm_resource::none, typename T2>
        requires(std::is_same_v<std::remove_cv_t<T2>, T>)
    void store_unaligned(T2 *ptr, unsigned aligned_elems) const;

    // Host-only raw access (not part of the AIE API; used by the emulation itself).
    T *data() { return d_.data(); }
    const T *data() const { return d_.data(); }
};

}  // namespace aie
