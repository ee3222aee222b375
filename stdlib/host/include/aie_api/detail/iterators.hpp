// Vector iterators over raw pointers: *it reads (or, through the returned reference, writes) one
// aligned vector of Elems elements; ++ advances by Elems elements. Alignment is checked on each
// access, as for load_v/store_v. ADF buffer overloads live in <aie_api/aie_adf.hpp>.
#pragma once

#include <cstddef>
#include <type_traits>

#include "load_store.hpp"

namespace aie {

// Proxy for the vector at a pointer: converts to a vector (load) and accepts assignment (store).
template <typename T, unsigned Elems>
class vector_ref {
    T *p_;

public:
    using value_type = std::remove_cv_t<T>;
    static constexpr unsigned size() { return Elems; }
    explicit vector_ref(T *p) : p_(p) {}
    operator vector<value_type, Elems>() const { return load_v<Elems>(p_); }
    vector<value_type, Elems> get() const { return load_v<Elems>(p_); }
    vector_ref &operator=(const vector<value_type, Elems> &v)
        requires(!std::is_const_v<T>)
    {
        store_v(p_, v);
        return *this;
    }
    // Allows "auto v = *it; v.get(i)"-style code to keep working when auto deduces the proxy.
    value_type get(unsigned idx) const { return get()[idx]; }
    value_type operator[](unsigned idx) const { return get()[idx]; }
};

template <typename T, unsigned Elems>
class basic_vector_iterator {
    T *p_;

public:
    using value_type = vector<std::remove_cv_t<T>, Elems>;
    using difference_type = std::ptrdiff_t;

    basic_vector_iterator() : p_(nullptr) {}
    explicit basic_vector_iterator(T *p) : p_(p) {}

    vector_ref<T, Elems> operator*() const { return vector_ref<T, Elems>(p_); }
    vector_ref<T, Elems> operator[](difference_type i) const { return vector_ref<T, Elems>(p_ + i * Elems); }
    basic_vector_iterator &operator++() { p_ += Elems; return *this; }
    basic_vector_iterator operator++(int) { auto t = *this; p_ += Elems; return t; }
    basic_vector_iterator &operator--() { p_ -= Elems; return *this; }
    basic_vector_iterator operator--(int) { auto t = *this; p_ -= Elems; return t; }
    basic_vector_iterator &operator+=(difference_type n) { p_ += n * Elems; return *this; }
    basic_vector_iterator &operator-=(difference_type n) { p_ -= n * Elems; return *this; }
    basic_vector_iterator operator+(difference_type n) const { return basic_vector_iterator(p_ + n * Elems); }
    basic_vector_iterator operator-(difference_type n) const { return basic_vector_iterator(p_ - n * Elems); }
    bool operator==(const basic_vector_iterator &o) const { return p_ == o.p_; }
    bool operator!=(const basic_vector_iterator &o) const { return p_ != o.p_; }
};

template <typename T, unsigned Elems, aie_dm_resource Resource = aie_dm_resource::none>
using vector_iterator = basic_vector_iterator<T, Elems>;
template <typename T, unsigned Elems, aie_dm_resource Resource = aie_dm_resource::none>
using const_vector_iterator = basic_vector_iterator<const T, Elems>;
template <typename T, unsigned Elems, aie_dm_resource Resource = aie_dm_resource::none>
using restrict_vector_iterator = basic_vector_iterator<T, Elems>;
template <typename T, unsigned Elems, aie_dm_resource Resource = aie_dm_resource::none>
using const_restrict_vector_iterator = basic_vector_iterator<const T, Elems>;

template <unsigned Elems, aie_dm_resource Resource = aie_dm_resource::none, typename T>
    requires(detail::is_elem_v<std::remove_cv_t<T>>)
basic_vector_iterator<T, Elems> begin_vector(T *base) { return basic_vector_iterator<T, Elems>(base); }
template <unsigned Elems, aie_dm_resource Resource = aie_dm_resource::none, typename T>
    requires(detail::is_elem_v<std::remove_cv_t<T>>)
basic_vector_iterator<const T, Elems> cbegin_vector(const T *base) { return basic_vector_iterator<const T, Elems>(base); }
template <unsigned Elems, aie_dm_resource Resource = aie_dm_resource::none, typename T>
    requires(detail::is_elem_v<std::remove_cv_t<T>>)
basic_vector_iterator<T, Elems> begin_restrict_vector(T *base) { return basic_vector_iterator<T, Elems>(base); }
template <unsigned Elems, aie_dm_resource Resource = aie_dm_resource::none, typename T>
    requires(detail::is_elem_v<std::remove_cv_t<T>>)
basic_vector_iterator<const T, Elems> cbegin_restrict_vector(const T *base) { return basic_vector_iterator<const T, Elems>(base); }

}  // namespace aie
