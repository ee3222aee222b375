// aie::mask<Elems>: one bit per lane, produced by comparisons and consumed by select.
#pragma once

#include <bitset>
#include <cstdint>

#include "checks.hpp"

namespace aie {

template <unsigned Elems>
class mask {
    std::bitset<Elems> b_;

public:
    static constexpr unsigned size() { return Elems; }
    // Explicit, with a default argument, as in both header versions (mask.hpp X:118, J:49):
    // `mask<N> m;` works, `mask<N> m = {};` does not.
    explicit mask(bool initial_set = false) { if (initial_set) b_.set(); }

    static mask from_uint32(std::uint32_t w)
    {
        static_assert(Elems <= 32, "from_uint32: mask wider than 32 bits");
        mask m;
        for (unsigned i = 0; i < Elems; ++i) m.b_[i] = (w >> i) & 1u;
        return m;
    }
    static mask from_uint64(std::uint64_t w)
    {
        // 2025.1 (mask.hpp:177-179) takes one 64-bit word per 64 lanes: narrower masks do not compile.
        static_assert(Elems == 64, "from_uint64: the mask must have 64 lanes (aie_api 2025.1 mask.hpp:177)");
        mask m;
        for (unsigned i = 0; i < Elems; ++i) m.b_[i] = (w >> i) & 1u;
        return m;
    }
    std::uint32_t to_uint32() const
    {
        static_assert(Elems <= 32, "to_uint32: mask wider than 32 bits");
        return std::uint32_t(b_.to_ulong());
    }
    std::uint64_t to_uint64() const
    {
        static_assert(Elems == 64, "to_uint64: the mask must have exactly 64 lanes (mask.hpp X:493, J:414)");
        return std::uint64_t(b_.to_ullong());
    }

    bool test(unsigned i) const { detail::check_index(i, Elems, "mask::test"); return b_[i]; }
    void set(unsigned i) { detail::check_index(i, Elems, "mask::set"); b_[i] = true; }
    void clear(unsigned i) { detail::check_index(i, Elems, "mask::clear"); b_[i] = false; }
    unsigned count() const { return unsigned(b_.count()); }
    unsigned clz() const
    {
        for (unsigned i = Elems; i > 0; --i)
            if (b_[i - 1]) return Elems - i;
        return Elems;
    }
    bool empty() const { return b_.none(); }
    bool full() const { return b_.all(); }

    mask operator&(const mask &o) const { mask r; r.b_ = b_ & o.b_; return r; }
    mask operator|(const mask &o) const { mask r; r.b_ = b_ | o.b_; return r; }
    mask operator~() const { mask r; r.b_ = ~b_; return r; }
    mask &operator&=(const mask &o) { b_ &= o.b_; return *this; }
    mask &operator|=(const mask &o) { b_ |= o.b_; return *this; }
    bool operator==(const mask &o) const { return b_ == o.b_; }
    bool operator!=(const mask &o) const { return b_ != o.b_; }
};

}  // namespace aie
