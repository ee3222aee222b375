// Every emulated aie::mmul shape of the target architecture against a scalar matrix product.
// This file is compiled twice: test_host_api (__AIE_ARCH__ = 20, AIE-ML) and test_host_api_mlv2
// (__AIE_ARCH__ = 22, AIE-MLv2). Expected accumulator widths are the documented ones, restated here.
#include <catch2/catch.hpp>

#include <aie_api/aie.hpp>

#include <random>
#include <type_traits>

#include "reference.hpp"

namespace {

// Fill with random values; every 4th trial uses only extreme values so that acc32 chains overflow.
template <typename T, unsigned N>
aie::vector<T, N> fill(std::mt19937_64 &g, int trial)
{
    aie::vector<T, N> v;
    for (unsigned i = 0; i < N; ++i)
        v[i] = trial % 4 == 3 ? ((g() & 1) ? std::numeric_limits<T>::min() : std::numeric_limits<T>::max())
                              : ref::random_elem<T>(g);
    return v;
}

template <unsigned M, unsigned K, unsigned N, typename TA, typename TB, typename Tag, int ExpectBits>
void check_shape()
{
    using MM = aie::mmul<M, K, N, TA, TB, Tag>;
    static_assert(MM::size_A == M * K && MM::size_B == K * N && MM::size_C == M * N);
    static_assert(MM::accum_type::size() == M * N);
    static_assert(MM::accum_type::accum_bits() == ExpectBits, "accumulator width differs from the documented one");
    INFO("shape " << M << "x" << K << "x" << N << " A bits " << sizeof(TA) * 8 << (std::is_signed_v<TA> ? "s" : "u")
                  << " B bits " << sizeof(TB) * 8 << (std::is_signed_v<TB> ? "s" : "u"));
    ref::mode_guard guard;
    std::mt19937_64 g(M * 10007 + K * 101 + N + sizeof(TA) * 7 + sizeof(TB) * 3 + std::is_signed_v<TA> * 2 +
                      std::is_signed_v<TB>);
    for (int trial = 0; trial < 8; ++trial) {
        ref::i128 c[M * N] = {};
        MM mm;
        const int steps = trial % 4 == 3 ? 40 : 1 + trial;  // long extreme chains overflow 32 bits
        for (int step = 0; step < steps; ++step) {
            const auto a = fill<TA, M * K>(g, trial);
            const auto b = fill<TB, K * N>(g, trial);
            if (step == 0 && trial % 2 == 0) mm.mul(a, b);
            else mm.mac(a, b);  // on a default-constructed mmul the first mac acts as mul
            for (unsigned m = 0; m < M; ++m)
                for (unsigned n = 0; n < N; ++n)
                    for (unsigned k = 0; k < K; ++k) c[m * N + n] += ref::i128(a[m * K + k]) * b[k * N + n];
        }
        const typename MM::accum_type acc = mm.to_accum();
        for (unsigned i = 0; i < M * N; ++i) REQUIRE(aie::emu::lane(acc, i) == ref::wrap(c[i], ExpectBits, true));
        // SRS of the result with a couple of modes.
        aie::set_rounding(trial % 2 ? aie::rounding_mode::conv_even : aie::rounding_mode::symmetric_inf);
        aie::set_saturation(trial % 3 ? aie::saturation_mode::saturate : aie::saturation_mode::none);
        const int shift = 3 + trial;
        const auto v16 = aie::to_vector<int16>(mm, shift);
        for (unsigned i = 0; i < M * N; ++i) {
            const ref::i128 lanev = ref::wrap(c[i], ExpectBits, true);
            REQUIRE(v16[i] == ref::srs(lanev, shift, aie::get_rounding(), aie::get_saturation(), 16, true));
        }
        if constexpr (M * N * 8 >= 128) {  // an 8-lane int8 vector (64 bits) does not exist
            const auto v8 = mm.template to_vector<int8>(shift);
            for (unsigned i = 0; i < M * N; ++i)
                REQUIRE(v8[i] == ref::srs(ref::wrap(c[i], ExpectBits, true), shift, aie::get_rounding(),
                                          aie::get_saturation(), 8, true));
        }
    }
    // Bias initialisation: from a vector (UPS with shift) and from an accumulator, then one mac.
    aie::vector<int16, M * N> bias;
    for (unsigned i = 0; i < M * N; ++i) bias[i] = int16(int(i) * 37 - 300);
    const auto a = fill<TA, M * K>(g, 0);
    const auto b = fill<TB, K * N>(g, 0);
    MM from_vec(bias, 4);
    MM from_acc(typename MM::accum_type(bias, 4));
    from_vec.mac(a, b);
    from_acc.mac(a, b);
    for (unsigned m = 0; m < M; ++m)
        for (unsigned n = 0; n < N; ++n) {
            ref::i128 s = ref::i128(bias[m * N + n]) * 16;
            for (unsigned k = 0; k < K; ++k) s += ref::i128(a[m * K + k]) * b[k * N + n];
            REQUIRE(aie::emu::lane(from_vec.to_accum(), m * N + n) == ref::wrap(s, ExpectBits, true));
            REQUIRE(aie::emu::lane(from_acc.to_accum(), m * N + n) == ref::wrap(s, ExpectBits, true));
        }
}

// All four signedness combinations of one width pair.
template <unsigned M, unsigned K, unsigned N, int WA, int WB, typename Tag, int Bits>
void check_signs()
{
    using SA = std::conditional_t<WA == 8, int8, int16>;
    using UA = std::conditional_t<WA == 8, uint8, uint16>;
    using SB = std::conditional_t<WB == 8, int8, int16>;
    using UB = std::conditional_t<WB == 8, uint8, uint16>;
    check_shape<M, K, N, SA, SB, Tag, Bits>();
    check_shape<M, K, N, UA, UB, Tag, Bits>();
    check_shape<M, K, N, SA, UB, Tag, Bits>();
    check_shape<M, K, N, UA, SB, Tag, Bits>();
}

}  // namespace

#if __AIE_ARCH__ == 20

TEST_CASE("host_api: mmul AIE-ML int8 x int8 shapes (acc32)")
{
    check_signs<4, 8, 4, 8, 8, accauto, 32>();
    check_signs<4, 16, 4, 8, 8, accauto, 32>();
    check_signs<8, 8, 4, 8, 8, acc32, 32>();
    check_signs<2, 8, 8, 8, 8, accauto, 32>();
    check_signs<4, 8, 8, 8, 8, accauto, 32>();
    check_signs<4, 8, 8, 8, 8, acc32, 32>();
    check_signs<8, 8, 8, 8, 8, accauto, 32>();
    check_signs<1, 16, 8, 8, 8, accauto, 32>();
    check_signs<2, 16, 8, 8, 8, accauto, 32>();
    check_signs<4, 16, 8, 8, 8, accauto, 32>();
}

TEST_CASE("host_api: mmul AIE-ML int16 x int8 and int8 x int16 shapes")
{
    check_signs<4, 8, 4, 16, 8, accauto, 64>();
    check_signs<4, 4, 8, 16, 8, accauto, 32>();
    check_signs<8, 4, 4, 16, 8, accauto, 32>();
    check_signs<8, 4, 8, 16, 8, accauto, 32>();
    check_signs<4, 4, 4, 16, 8, acc32, 32>();
    check_signs<2, 8, 8, 16, 8, accauto, 64>();
    check_signs<4, 4, 8, 8, 16, accauto, 64>();
    check_signs<4, 4, 4, 8, 16, accauto, 64>();
}

TEST_CASE("host_api: mmul AIE-ML int16 x int16 shapes")
{
    check_signs<4, 2, 8, 16, 16, accauto, 32>();
    check_signs<8, 2, 8, 16, 16, acc32, 32>();
    check_signs<8, 1, 8, 16, 16, accauto, 32>();
    check_signs<2, 4, 8, 16, 16, accauto, 64>();
    check_signs<4, 4, 8, 16, 16, acc64, 64>();
    check_signs<4, 4, 4, 16, 16, accauto, 64>();
    check_signs<4, 4, 4, 16, 16, acc48, 64>();
}

#elif __AIE_ARCH__ == 22

TEST_CASE("host_api: mmul AIE-MLv2 int8 x int8 shapes (acc32)")
{
    check_signs<4, 8, 8, 8, 8, accauto, 32>();
    check_signs<8, 8, 8, 8, 8, acc32, 32>();
}

TEST_CASE("host_api: mmul AIE-MLv2 int16 x int8 and int8 x int16 shapes")
{
    check_signs<8, 2, 8, 16, 8, accauto, 32>();
    check_signs<8, 4, 8, 16, 8, accauto, 32>();
    check_signs<4, 4, 8, 16, 8, accauto, 64>();
    check_signs<4, 8, 8, 16, 8, acc64, 64>();
    check_signs<8, 2, 8, 8, 16, accauto, 32>();
    check_signs<4, 4, 8, 8, 16, accauto, 64>();
}

TEST_CASE("host_api: mmul AIE-MLv2 int16 x int16 shapes")
{
    check_signs<4, 2, 8, 16, 16, accauto, 32>();
    check_signs<8, 2, 8, 16, 16, accauto, 32>();
    check_signs<8, 1, 8, 16, 16, acc32, 32>();
    check_signs<2, 4, 8, 16, 16, accauto, 64>();
    check_signs<4, 4, 8, 16, 16, acc64, 64>();
}

#endif
