// aie::mmul<M, K, N, TypeA, TypeB, AccTag>: C (M x N) = A (M x K) * B (K x N), all row-major in their
// vectors. The shape/accumulator table is in mmul_shapes.hpp; unsupported combinations are compile
// errors, as with the real API. The product is exact and accumulates with wrap to the native width
// of accum_type (this equals what the hardware's multi-instruction emulations produce, because
// every partial sum is taken modulo the same power of two).
#pragma once

#include <cstdint>
#include <type_traits>

#include "mmul_shapes.hpp"
#include "traits.hpp"

namespace aie {

namespace detail {
template <typename A, typename B, typename AccTag>
constexpr unsigned mmul_request_bits()
{
    if constexpr (std::is_same_v<AccTag, accauto>) return to_native_accum_bits(default_accum_bits<A, B>());
    else return native_acc_bits_v<AccTag>;
}
template <typename T>
inline constexpr bool is_mmul_elem_v = is_elem_v<T> && (sizeof(T) == 1 || sizeof(T) == 2);
}  // namespace detail

template <unsigned M_Elems, unsigned K_Elems, unsigned N_Elems, typename TypeA, typename TypeB = TypeA,
          typename AccumTag = accauto>
struct mmul {
    static_assert(detail::is_mmul_elem_v<TypeA> && detail::is_mmul_elem_v<TypeB>,
                  "aie emulation: mmul is emulated for 8- and 16-bit integer operands only");
    static_assert(std::is_same_v<AccumTag, accauto> || detail::is_acc_tag_v<AccumTag>,
                  "aie::mmul: AccumTag must be accauto or an integer accumulator tag (acc32..acc64)");

private:
    static constexpr detail::mmul_mode mode_ = detail::find_mmul_mode(
        detail::arch, detail::type_bits_v<TypeA>, detail::type_bits_v<TypeB>, M_Elems, K_Elems, N_Elems);
    static constexpr unsigned request_bits_ = detail::mmul_request_bits<TypeA, TypeB, AccumTag>();
    static_assert(mode_.supported,
                  "aie::mmul: this M x K x N shape is not supported for these operand widths on the target "
                  "__AIE_ARCH__ (see docs/host-emulation-api.md for the per-architecture table)");
    static_assert(!mode_.supported || !mode_.only32 || request_bits_ == 32,
                  "aie::mmul: this shape supports only 32-bit accumulation (use accauto or acc32)");

public:
    static constexpr unsigned M = M_Elems, K = K_Elems, N = N_Elems;
    static constexpr unsigned size_A = M * K, size_B = K * N, size_C = M * N;
    static constexpr unsigned size() { return size_C; }
    // (No accum_bits, value_type or mmul(bool): 2025.1 has none of them, aie.hpp:5852-5900.)

    using accum_type = accum<typename detail::acc_tag_for_bits<mode_.result_bits>::type, size_C>;

    // Default: behaves as zero for the first mac (hardware uses a "zero" flag instead of clearing).
    mmul() = default;
    mmul(const accum_type &acc) : c_(acc) {}
    // Bias initialisation: UPS of a row-major M x N vector.
    template <typename T>
    mmul(const vector<T, size_C> &v, int shift = 0) : c_(v, shift) {}
    mmul &operator=(const accum_type &acc)
    {
        c_ = acc;
        return *this;
    }

    accum_type to_accum() const { return c_; }
    operator accum_type() const { return c_; }
    template <typename T>
    vector<T, size_C> to_vector(int shift = 0) const { return c_.template to_vector<T>(shift); }
    template <typename T>
    vector<T, size_C> to_vector_sign(bool v_sign, int shift = 0) const { return c_.template to_vector_sign<T>(v_sign, shift); }

    // C = A * B (overwrites regardless of previous contents). The operands have exactly the
    // element types and sizes of the shape (aie.hpp X:6012-6015, J:6486-6488), and mul/mac return
    // void as in 2025.1 (X:6016/6039; 2026.1 returns mmul&, so chaining works on one version only).
    template <typename VA, typename VB>
        requires(std::is_same_v<typename VA::value_type, TypeA> && VA::size() == size_A &&
                 std::is_same_v<typename VB::value_type, TypeB> && VB::size() == size_B)
    void mul(const VA &a, const VB &b)
    {
        c_ = accum_type();
        mac(a, b);
    }
    // C += A * B
    template <typename VA, typename VB>
        requires(std::is_same_v<typename VA::value_type, TypeA> && VA::size() == size_A &&
                 std::is_same_v<typename VB::value_type, TypeB> && VB::size() == size_B)
    void mac(const VA &a_in, const VB &b_in)
    {
        const vector<TypeA, size_A> a = a_in;  // vector_ref proxies (from iterators) load here
        const vector<TypeB, size_B> b = b_in;
        for (unsigned m = 0; m < M; ++m)
            for (unsigned n = 0; n < N; ++n) {
                std::uint64_t s = std::uint64_t(emu::lane(c_, m * N + n));
                for (unsigned k = 0; k < K; ++k)
                    s += std::uint64_t(std::int64_t(a[m * K + k]) * std::int64_t(b[k * N + n]));
                emu::set_lane(c_, m * N + n, std::int64_t(s));
            }
    }

private:
    accum_type c_;
};

}  // namespace aie
