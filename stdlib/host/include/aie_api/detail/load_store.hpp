// Vector loads and stores between memory and registers.
// Aligned accesses (load_v/store_v, vector::load/store, vector iterators) check the pointer against
// the hardware's alignment rule and throw std::logic_error when it is not met: the real core would
// silently drop the low address bits and read/write the wrong data.
//   AIE-ML:   128-bit vectors need 16 B, every other size 32 B.
//   AIE-MLv2: 128-bit -> 16 B, 256-bit -> 32 B, every other size 64 B.
#pragma once

#include <cstdint>
#include <type_traits>

#include "checks.hpp"
#include "vector.hpp"

namespace aie {

template <typename T, unsigned Elems>
static constexpr unsigned vector_ldst_align_v = (detail::type_bits_v<T> * Elems == 128)   ? 16u
                                                : (detail::type_bits_v<T> * Elems == 256) ? 32u
                                                : (__AIE_ARCH__ == 20)                    ? 32u
                                                                                          : 64u;

namespace detail {
template <typename T, unsigned Elems>
void check_vector_alignment(const void *p, const char *what)
{
    check_alignment(p, vector_ldst_align_v<T, Elems>, what, Elems * unsigned(sizeof(T)));
}
inline bool is_pow2(unsigned n) { return n != 0 && (n & (n - 1)) == 0; }
}  // namespace detail

template <typename T, unsigned Elems>
template <aie_dm_resource Resource, typename T2>
    requires(std::is_same_v<std::remove_cv_t<T2>, T>)
void vector<T, Elems>::load(const T2 *ptr)
{
    detail::check_vector_alignment<T, Elems>(ptr, "vector load");
    for (unsigned i = 0; i < Elems; ++i) d_[i] = ptr[i];
}
template <typename T, unsigned Elems>
template <aie_dm_resource Resource, typename T2>
    requires(std::is_same_v<std::remove_cv_t<T2>, T>)
void vector<T, Elems>::store(T2 *ptr) const
{
    detail::check_vector_alignment<T, Elems>(ptr, "vector store");
    for (unsigned i = 0; i < Elems; ++i) ptr[i] = d_[i];
}
// Unaligned forms: the pointer only needs the alignment of aligned_elems elements (a power of two).
template <typename T, unsigned Elems>
template <aie_dm_resource Resource, typename T2>
    requires(std::is_same_v<std::remove_cv_t<T2>, T>)
void vector<T, Elems>::load_unaligned(const T2 *ptr, unsigned aligned_elems)
{
    static_assert(bits() <= 1024, "vector::load_unaligned: unsupported for vectors above 1024 bits (aie2/vector.hpp:1014)");
    if (!detail::is_pow2(aligned_elems)) detail::fail("load_unaligned_v: aligned_elems must be a power of two");
    detail::check_alignment(ptr, aligned_elems * unsigned(sizeof(T)), "unaligned vector load", Elems * unsigned(sizeof(T)));
    for (unsigned i = 0; i < Elems; ++i) d_[i] = ptr[i];
}
template <typename T, unsigned Elems>
template <aie_dm_resource Resource, typename T2>
    requires(std::is_same_v<std::remove_cv_t<T2>, T>)
void vector<T, Elems>::store_unaligned(T2 *ptr, unsigned aligned_elems) const
{
    static_assert(bits() <= 1024, "vector::store_unaligned: unsupported for vectors above 1024 bits");
    if (!detail::is_pow2(aligned_elems)) detail::fail("store_unaligned_v: aligned_elems must be a power of two");
    detail::check_alignment(ptr, aligned_elems * unsigned(sizeof(T)), "unaligned vector store", Elems * unsigned(sizeof(T)));
    for (unsigned i = 0; i < Elems; ++i) ptr[i] = d_[i];
}

template <unsigned Elems, aie_dm_resource Resource = aie_dm_resource::none, typename T>
    requires(detail::is_elem_v<std::remove_cv_t<T>>)
vector<std::remove_cv_t<T>, Elems> load_v(const T *ptr)
{
    vector<std::remove_cv_t<T>, Elems> v;
    v.load(ptr);
    return v;
}
template <aie_dm_resource Resource = aie_dm_resource::none, typename T>
    requires(detail::is_elem_v<std::remove_cv_t<T>>)
auto load_v(const T *ptr) { return load_v<native_vector_length_v<std::remove_cv_t<T>>>(ptr); }

template <unsigned Elems, aie_dm_resource Resource = aie_dm_resource::none, typename T>
    requires(detail::is_elem_v<std::remove_cv_t<T>>)
vector<std::remove_cv_t<T>, Elems> load_unaligned_v(const T *ptr, unsigned aligned_elems = 1)
{
    vector<std::remove_cv_t<T>, Elems> v;
    v.load_unaligned(ptr, aligned_elems);
    return v;
}
template <aie_dm_resource Resource = aie_dm_resource::none, typename T>
    requires(detail::is_elem_v<std::remove_cv_t<T>>)
auto load_unaligned_v(const T *ptr, unsigned aligned_elems = 1)
{
    return load_unaligned_v<native_vector_length_v<std::remove_cv_t<T>>>(ptr, aligned_elems);
}

// Load from ptr rounded down to a multiple of n elements (n a power of two), as the hardware does.
template <unsigned Elems, aie_dm_resource Resource = aie_dm_resource::none, typename T>
    requires(detail::is_elem_v<std::remove_cv_t<T>>)
vector<std::remove_cv_t<T>, Elems> load_floor_v(const T *ptr, unsigned n = Elems)
{
    if (!detail::is_pow2(n)) detail::fail("load_floor_v: n must be a power of two");
    const std::uintptr_t bytes = std::uintptr_t(n) * sizeof(T);
    const T *p = reinterpret_cast<const T *>(reinterpret_cast<std::uintptr_t>(ptr) / bytes * bytes);
    // The floored pointer must still be vector-aligned (load_floor_bytes_v asserts it: aie.hpp X:698, J:689).
    detail::check_vector_alignment<std::remove_cv_t<T>, Elems>(p, "load_floor_v (n elements too few to align the vector)");
    vector<std::remove_cv_t<T>, Elems> v;
    for (unsigned i = 0; i < Elems; ++i) v[i] = p[i];
    return v;
}

template <aie_dm_resource Resource = aie_dm_resource::none, typename T1, typename T2, unsigned Elems>
    requires(std::is_same_v<std::remove_cv_t<T1>, T2>)
T1 *store_v(T1 *ptr, const vector<T2, Elems> &v)
{
    v.store(ptr);
    return ptr;
}
// Elems first, then Resource (aie.hpp X:763-766, J:754-757).
template <unsigned Elems, aie_dm_resource Resource = aie_dm_resource::none, typename T1, typename T2>
    requires(std::is_same_v<std::remove_cv_t<T1>, T2>)
T1 *store_unaligned_v(T1 *ptr, const vector<T2, Elems> &v, unsigned aligned_elems = 1)
{
    v.store_unaligned(ptr, aligned_elems);
    return ptr;
}

}  // namespace aie
