// Per-lane shift-round-saturate (accumulator -> vector) and upshift (vector -> accumulator).
// These scalar functions are the single definition of the conversion semantics; accum, mmul and
// pack all call them. Public in aie::emu so that the ADF layer and tests can use them directly.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

#include "rounding.hpp"
#include "types.hpp"

namespace aie::emu {

// Range of a `bits`-wide destination under saturation mode `sat` (sat != none).
struct sat_range {
    std::int64_t lo, hi;
};
inline sat_range saturation_range(unsigned bits, bool is_signed, saturation_mode sat)
{
    if (!is_signed) return {0, bits >= 64 ? INT64_MAX : std::int64_t((std::uint64_t(1) << bits) - 1)};
    const std::int64_t hi = bits >= 64 ? INT64_MAX : std::int64_t((std::uint64_t(1) << (bits - 1)) - 1);
    return {sat == saturation_mode::symmetric ? -hi : -hi - 1, hi};
}

// Round acc / 2^shift to an integer with mode `rnd`, then saturate (or wrap) to an out_bits-wide
// signed/unsigned integer. shift must be 0..63 (the 6-bit shift register); AIE-ML also accepts
// -4..-1 with caveats, which is not emulated (std::logic_error).
inline std::int64_t srs_lane(std::int64_t acc, int shift, rounding_mode rnd, saturation_mode sat,
                             unsigned out_bits, bool out_signed)
{
    if (shift < 0 || shift > 63)
        throw std::logic_error("aie emulation: to_vector/SRS shift " + std::to_string(shift) +
                               " is outside the emulated range 0..63");
    std::int64_t q = acc >> shift;  // arithmetic shift = floor(acc / 2^shift)
    if (shift > 0) {
        const std::uint64_t frac = std::uint64_t(acc) & ((std::uint64_t(1) << shift) - 1);
        const std::uint64_t half = std::uint64_t(1) << (shift - 1);
        const bool inexact = frac != 0, above = frac > half, tie = frac == half, neg = acc < 0;
        bool up = false;  // add one to the floor?
        switch (rnd) {
        case rounding_mode::floor: up = false; break;
        case rounding_mode::ceil: up = inexact; break;
        case rounding_mode::symmetric_floor: up = inexact && neg; break;
        case rounding_mode::symmetric_ceil: up = inexact && !neg; break;
        case rounding_mode::negative_inf: up = above; break;
        case rounding_mode::positive_inf: up = above || tie; break;
        case rounding_mode::symmetric_zero: up = above || (tie && neg); break;
        case rounding_mode::symmetric_inf: up = above || (tie && !neg); break;
        case rounding_mode::conv_even: up = above || (tie && (q & 1) != 0); break;
        case rounding_mode::conv_odd: up = above || (tie && (q & 1) == 0); break;
        default: throw std::logic_error("aie emulation: unknown rounding_mode");
        }
        q += up ? 1 : 0;  // cannot overflow: |q| <= 2^62 when shift >= 1
    }
    if (sat != saturation_mode::none) {
        const sat_range r = saturation_range(out_bits, out_signed, sat);
        if (q < r.lo) q = r.lo;
        if (q > r.hi) q = r.hi;
    }
    return detail::wrap_to_bits(q, out_bits, out_signed);
}

// v * 2^shift into an acc_bits-wide lane: clamped to the lane range when saturation is on
// (symmetric: [-max, max]), otherwise wrapped (two's complement).
inline std::int64_t ups_lane(std::int64_t v, int shift, saturation_mode sat, unsigned acc_bits)
{
    if (shift < 0 || shift > 63)
        throw std::logic_error("aie emulation: from_vector/UPS shift " + std::to_string(shift) +
                               " is outside the emulated range 0..63");
    __int128 x = __int128(v) * (__int128(1) << shift);
    if (sat != saturation_mode::none) {
        const sat_range r = saturation_range(acc_bits, true, sat);
        if (x < r.lo) x = r.lo;
        if (x > r.hi) x = r.hi;
    }
    return detail::wrap_to_bits(std::int64_t(static_cast<unsigned __int128>(x)), acc_bits, true);
}

}  // namespace aie::emu
