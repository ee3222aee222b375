// Independent scalar definitions used as test oracles. Written from the mode definitions (exact
// integer division with __int128), not from the emulation's shift/mask implementation.
#pragma once

#include <aie_api/aie.hpp>

#include <cstdint>
#include <random>

namespace ref {

using i128 = __int128;

inline i128 pow2(int s) { return i128(1) << s; }

// floor(n / d) for d > 0
inline i128 floor_div(i128 n, i128 d)
{
    i128 q = n / d;
    if (n % d != 0 && n < 0) --q;
    return q;
}

inline i128 round_shift(i128 n, int s, aie::rounding_mode m)
{
    using rm = aie::rounding_mode;
    const i128 d = pow2(s), q = floor_div(n, d), r = n - q * d;  // 0 <= r < d
    const bool exact = r == 0;
    switch (m) {
    case rm::floor: return q;
    case rm::ceil: return exact ? q : q + 1;
    case rm::symmetric_floor: return (n < 0 && !exact) ? q + 1 : q;  // toward zero
    case rm::symmetric_ceil: return (n > 0 && !exact) ? q + 1 : q;   // away from zero
    default: break;
    }
    if (2 * r < d) return q;
    if (2 * r > d) return q + 1;
    switch (m) {  // exact tie
    case rm::negative_inf: return q;
    case rm::positive_inf: return q + 1;
    case rm::symmetric_zero: return n < 0 ? q + 1 : q;
    case rm::symmetric_inf: return n < 0 ? q : q + 1;
    case rm::conv_even: return (q % 2 == 0) ? q : q + 1;
    case rm::conv_odd: return (q % 2 != 0) ? q : q + 1;
    default: return 0;
    }
}

// Reduce x modulo 2^bits into the signed or unsigned range.
inline std::int64_t wrap(i128 x, int bits, bool is_signed)
{
    const i128 m = pow2(bits);
    i128 y = x % m;
    if (y < 0) y += m;
    if (is_signed && y >= m / 2) y -= m;
    return std::int64_t(y);
}

inline std::int64_t saturate(i128 x, int bits, bool is_signed, aie::saturation_mode s)
{
    if (s == aie::saturation_mode::none) return wrap(x, bits, is_signed);
    i128 lo = is_signed ? -pow2(bits - 1) : 0, hi = is_signed ? pow2(bits - 1) - 1 : pow2(bits) - 1;
    if (s == aie::saturation_mode::symmetric && is_signed) lo = -hi;
    return std::int64_t(x < lo ? lo : x > hi ? hi : x);
}

inline std::int64_t srs(i128 acc, int shift, aie::rounding_mode m, aie::saturation_mode s, int bits, bool is_signed)
{
    return saturate(round_shift(acc, shift, m), bits, is_signed, s);
}

inline const aie::rounding_mode all_rounding[] = {
    aie::rounding_mode::floor,          aie::rounding_mode::ceil,          aie::rounding_mode::symmetric_floor,
    aie::rounding_mode::symmetric_ceil, aie::rounding_mode::negative_inf,  aie::rounding_mode::positive_inf,
    aie::rounding_mode::symmetric_zero, aie::rounding_mode::symmetric_inf, aie::rounding_mode::conv_even,
    aie::rounding_mode::conv_odd};
inline const aie::saturation_mode all_saturation[] = {aie::saturation_mode::none, aie::saturation_mode::saturate,
                                                      aie::saturation_mode::symmetric};

// Restores the thread's modes after a test changes them.
struct mode_guard {
    aie::rounding_mode r = aie::get_rounding();
    aie::saturation_mode s = aie::get_saturation();
    ~mode_guard()
    {
        aie::set_rounding(r);
        aie::set_saturation(s);
    }
};

template <typename T>
T random_elem(std::mt19937_64 &g)
{
    return static_cast<T>(std::uniform_int_distribution<std::int64_t>(std::numeric_limits<T>::min(),
                                                                      std::numeric_limits<T>::max())(g));
}

}  // namespace ref
