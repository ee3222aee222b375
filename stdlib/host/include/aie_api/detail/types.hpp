// Element typedefs, accumulator tags and the small type traits every other header uses.
// Names live where AIE code expects them: element typedefs and accumulator tags are global
// (they come from the AIE compiler on hardware), everything else is in aie / aie::detail.
#pragma once

#include <cstdint>
#include <type_traits>

#include "config.hpp"

// Element typedefs and accumulator tags are global and shared with adf.h.
#include "aiem_emu/scalar_types.hpp"

// "Use the default accumulator for the multiplied types" (mmul's default AccumTag). Only declared,
// as in the 2026.1 headers (types.hpp:64): naming it is fine, accauto{} is not.
struct accauto;

// Data-memory bank annotation of loads/stores; only a scheduling hint, ignored on the host.
enum class aie_dm_resource { none, a, b, c, d, ab, ac, ad, bc, bd, cd, stack };

namespace aie::detail {

template <typename T>
inline constexpr bool is_char_v = std::is_same_v<T, char> || std::is_same_v<T, wchar_t> || std::is_same_v<T, char8_t> ||
                                  std::is_same_v<T, char16_t> || std::is_same_v<T, char32_t>;
// The integer element types of aie::vector (aie2/vector_native_types.hpp is_valid_element_type):
// 8-, 16- and 32-bit, signed or unsigned; no 64-bit elements, no character types (int8 is
// signed char, which is fine; plain char is not an AIE element type).
template <typename T>
inline constexpr bool is_elem_v =
    std::is_integral_v<T> && !std::is_same_v<T, bool> && !is_char_v<T> && sizeof(T) <= 4;

template <typename T>
inline constexpr unsigned type_bits_v = unsigned(sizeof(T) * 8);

template <typename Tag> struct acc_tag_bits { static constexpr unsigned value = 0; };
template <> struct acc_tag_bits<acc32> { static constexpr unsigned value = 32; };
template <> struct acc_tag_bits<acc40> { static constexpr unsigned value = 40; };
template <> struct acc_tag_bits<acc48> { static constexpr unsigned value = 48; };
template <> struct acc_tag_bits<acc56> { static constexpr unsigned value = 56; };
template <> struct acc_tag_bits<acc64> { static constexpr unsigned value = 64; };

template <typename Tag>
inline constexpr bool is_acc_tag_v = acc_tag_bits<Tag>::value != 0;

// Native storage width of an accumulator lane (AIE-ML and AIE-MLv2: 32 or 64).
constexpr unsigned to_native_accum_bits(unsigned min_bits) { return min_bits <= 32 ? 32u : 64u; }

template <typename Tag>
inline constexpr unsigned native_acc_bits_v = to_native_accum_bits(acc_tag_bits<Tag>::value);

template <unsigned Bits> struct acc_tag_for_bits;
template <> struct acc_tag_for_bits<32> { using type = acc32; };
template <> struct acc_tag_for_bits<48> { using type = acc48; };  // the 32x16 default (detail/accum.hpp:298)
template <> struct acc_tag_for_bits<64> { using type = acc64; };

// Default accumulation bits for TypeA x TypeB (AIE API "DefaultAccumTag" table, integer part):
// 8x8, 8x16, 16x8 and 16x16 -> 32; 32x16 -> 48; 32x32 -> 64.
template <typename A, typename B>
constexpr unsigned default_accum_bits()
{
    constexpr unsigned a = type_bits_v<A>, b = type_bits_v<B>;
    constexpr unsigned hi = a > b ? a : b, lo = a > b ? b : a;
    if constexpr (hi <= 16) return 32;
    else if constexpr (hi == 32 && lo <= 16) return 48;
    else return 64;
}

template <typename A, typename B>
using default_accum_tag_t = typename acc_tag_for_bits<default_accum_bits<A, B>()>::type;

template <typename T>
constexpr unsigned native_vector_length()
{
    if constexpr (is_acc_tag_v<T>) return 512 / native_acc_bits_v<T>;
    else return 512 / type_bits_v<T>;
}

// Sign-extend (or zero-extend) the low `bits` bits of v: two's complement wrap to that width.
constexpr std::int64_t wrap_to_bits(std::int64_t v, unsigned bits, bool is_signed = true)
{
    if (bits >= 64) return v;
    const std::uint64_t mask = (std::uint64_t(1) << bits) - 1;
    std::uint64_t u = std::uint64_t(v) & mask;
    if (is_signed && (u >> (bits - 1)) != 0) u |= ~mask;
    return std::int64_t(u);
}

// Primary templates map to T itself so that pack/unpack declarations instantiate for every T;
// pack/unpack static_assert the width change.
template <typename T> struct next_integer { using type = T; };
template <> struct next_integer<int8> { using type = int16; };
template <> struct next_integer<uint8> { using type = uint16; };
template <> struct next_integer<int16> { using type = int32; };
template <> struct next_integer<uint16> { using type = uint32; };
template <typename T> struct prev_integer { using type = T; };
template <> struct prev_integer<int16> { using type = int8; };
template <> struct prev_integer<uint16> { using type = uint8; };
template <> struct prev_integer<int32> { using type = int16; };
template <> struct prev_integer<uint32> { using type = uint16; };

}  // namespace aie::detail

namespace aie {
template <typename T>
static constexpr unsigned native_vector_length_v = detail::native_vector_length<T>();
}  // namespace aie
