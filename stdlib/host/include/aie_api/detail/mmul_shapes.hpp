// Which aie::mmul shapes exist per architecture, which accumulator requests they accept, and how
// wide the resulting accumulator is. Transcribed (as data, not code) from the AIE API documentation
// table "Matrix multiplication modes for real types" (aie_api detail/mmul.hpp, 2026.1 sync) and
// the accumulator width each shape's implementation uses (detail/aie2/, detail/aie2p/ mmul_*.hpp):
//   only32 = the shape exists only for 32-bit accumulation requests (accauto/acc32);
//   any    = any integer request (acc32..acc64) is accepted;
//   result = native width of mmul::accum_type (e.g. AIE-ML int16 x int16 4x4x4 always yields acc64).
// Sparse-B and int4 modes are not emulated.
#pragma once

namespace aie::detail {

struct mmul_mode {
    bool supported = false;
    bool only32 = true;
    unsigned result_bits = 32;
};

constexpr bool is_shape(unsigned M, unsigned K, unsigned N, unsigned m, unsigned k, unsigned n)
{
    return M == m && K == k && N == n;
}

// a_bits / b_bits: element widths of A and B (8 or 16); signedness does not matter.
constexpr mmul_mode find_mmul_mode(int arch, unsigned a_bits, unsigned b_bits, unsigned M, unsigned K, unsigned N)
{
    auto s = [&](unsigned m, unsigned k, unsigned n) { return is_shape(M, K, N, m, k, n); };
    constexpr mmul_mode none{};
    constexpr mmul_mode r32{true, true, 32};    // 32-bit request only, acc32 result
    constexpr mmul_mode r32w{true, true, 64};   // 32-bit request only, acc64 result
    constexpr mmul_mode any64{true, false, 64}; // any request, acc64 result
    if (arch == 20) {  // AIE-ML
        if (a_bits == 8 && b_bits == 8)
            return (s(4, 8, 4) || s(4, 16, 4) || s(8, 8, 4) || s(2, 8, 8) || s(4, 8, 8) || s(8, 8, 8) ||
                    s(1, 16, 8) || s(2, 16, 8) || s(4, 16, 8)) ? r32 : none;
        if (a_bits == 16 && b_bits == 8) {
            if (s(4, 8, 4) || s(2, 8, 8)) return r32w;
            return (s(4, 4, 8) || s(8, 4, 4) || s(8, 4, 8) || s(4, 4, 4)) ? r32 : none;
        }
        if (a_bits == 8 && b_bits == 16) return (s(4, 4, 8) || s(4, 4, 4)) ? r32w : none;
        if (a_bits == 16 && b_bits == 16) {
            if (s(4, 2, 8) || s(8, 2, 8) || s(8, 1, 8)) return r32;
            return (s(2, 4, 8) || s(4, 4, 8) || s(4, 4, 4)) ? any64 : none;
        }
        return none;
    }
    if (arch == 22) {  // AIE-MLv2
        if (a_bits == 8 && b_bits == 8) return (s(4, 8, 8) || s(8, 8, 8)) ? r32 : none;
        if (a_bits == 16 && b_bits == 8) {
            if (s(8, 2, 8) || s(8, 4, 8)) return r32;
            return (s(4, 4, 8) || s(4, 8, 8)) ? any64 : none;
        }
        if (a_bits == 8 && b_bits == 16) {
            if (s(8, 2, 8)) return r32;
            return s(4, 4, 8) ? r32w : none;
        }
        if (a_bits == 16 && b_bits == 16) {
            if (s(4, 2, 8) || s(8, 2, 8) || s(8, 1, 8)) return r32;
            return (s(2, 4, 8) || s(4, 4, 8)) ? any64 : none;
        }
        return none;
    }
    return none;
}

}  // namespace aie::detail
