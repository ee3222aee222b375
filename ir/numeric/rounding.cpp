#include "ir/numeric/rounding.hpp"

#include <stdexcept>

namespace aiem::num {

int128 div_round(int128 num, int128 den, Rounding r) {
  if (den <= 0) throw std::invalid_argument("div_round: denominator must be positive");
  // Floor quotient and a remainder in [0, den): every mode is decided from (q, rem) alone.
  int128 q = num / den;
  int128 rem = num % den;
  if (rem < 0) {
    q -= 1;
    rem += den;
  }
  if (rem == 0) return q;
  bool negative = num < 0;
  // Compare the dropped fraction rem/den with 1/2 without overflow: rem vs den - rem.
  int128 other = den - rem;
  bool above_half = rem > other, tie = rem == other;
  switch (r) {
    case Rounding::TRN: return q;
    case Rounding::TRN_ZERO: return negative ? q + 1 : q;
    case Rounding::RND: return (above_half || tie) ? q + 1 : q;
    case Rounding::RND_ZERO: return above_half || (tie && negative) ? q + 1 : q;
    case Rounding::RND_INF: return above_half || (tie && !negative) ? q + 1 : q;
    case Rounding::RND_MIN_INF: return above_half ? q + 1 : q;
    case Rounding::RND_CONV: return above_half || (tie && (q & 1) != 0) ? q + 1 : q;
  }
  return q;
}

int128 shift_round(int128 v, int s, Rounding r) {
  if (s <= 0) {
    if (s < -126) throw std::invalid_argument("shift_round: left shift too large");
    return v * (static_cast<int128>(1) << -s);
  }
  if (s > 120) {
    // Pre-shift to 120 keeping a sticky bit: the dropped bits only decide rounding through
    // "zero or not", and bit 0 of the pre-shifted value lies far below the half-way bit.
    int k = s - 120;
    int128 shifted = k >= 127 ? (v < 0 ? -1 : 0) : (v >> k);
    bool dropped = k >= 127 ? v != 0 : (v - (shifted << k)) != 0;
    return div_round(shifted | (dropped ? 1 : 0), static_cast<int128>(1) << 120, r);
  }
  return div_round(v, static_cast<int128>(1) << s, r);
}

}  // namespace aiem::num
