// Per-lane shift-round-saturate (accumulator -> vector) and upshift (vector -> accumulator).
// These scalar functions are the single definition of the conversion semantics; accum, mmul and
// pack all call them. Public in aie::emu so that the ADF layer and tests can use them directly.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

#include "config.hpp"
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
// signed/unsigned integer. The shift range is aie::min_shift..aie::max_shift = -4..59 (UG1583 SRS;
// aie_api detail/shift.hpp:25-26); a negative shift multiplies by 2^-shift. On AIE-ML the shifts
// -4, -3 and -2 are "unsafe" (aie_api accum.hpp:385: correct only with truncation or saturation
// against 0), so they are an error here rather than a silently different answer.
inline std::int64_t srs_lane(std::int64_t acc, int shift, rounding_mode rnd, saturation_mode sat,
                             unsigned out_bits, bool out_signed)
{
    if (shift < min_shift || shift > max_shift)
        throw std::logic_error("aie emulation: to_vector/SRS shift " + std::to_string(shift) +
                               " is outside the hardware's range -4..59");
    if (__AIE_ARCH__ == 20 && shift >= -4 && shift <= -2)
        throw std::logic_error("aie emulation: to_vector/SRS shift " + std::to_string(shift) +
                               " is unsafe on AIE-ML (aie_api: only -1..59 give the documented result)");
    std::int64_t q = 0;
    if (shift < 0) {
        const __int128 x = __int128(acc) * (__int128(1) << -shift);
        if (sat != saturation_mode::none) {
            const sat_range r = saturation_range(out_bits, out_signed, sat);
            return std::int64_t(x < r.lo ? r.lo : x > r.hi ? r.hi : x);
        }
        return detail::wrap_to_bits(std::int64_t(static_cast<unsigned __int128>(x)), out_bits, out_signed);
    }
    q = acc >> shift;  // arithmetic shift = floor(acc / 2^shift)
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
    if (shift < 0 || shift > max_shift)
        throw std::logic_error("aie emulation: from_vector/UPS shift " + std::to_string(shift) +
                               " is outside the range 0..59");
    __int128 x = __int128(v) * (__int128(1) << shift);
    if (sat != saturation_mode::none) {
        const sat_range r = saturation_range(acc_bits, true, sat);
        if (x < r.lo) x = r.lo;
        if (x > r.hi) x = r.hi;
    }
    return detail::wrap_to_bits(std::int64_t(static_cast<unsigned __int128>(x)), acc_bits, true);
}

}  // namespace aie::emu
