#include "ir/numeric/rounding.hpp"

#include <stdexcept>
#include <string>

namespace aiem::num {
namespace {

// Where the dropped fraction lies relative to one half.
enum class Half { Below, Tie, Above };

// Every mode is a function of floor(x), whether x is an integer, where frac(x) lies against 1/2 and
// the sign of x; deciding from these four keeps shift_round and div_round identical by construction.
int128 round_from_floor(int128 floor_q, bool exact, Half half, bool negative, Rounding r) {
  if (exact) return floor_q;
  const int128 up = floor_q + 1;  // cannot overflow: a non-exact quotient is below int128_max
  switch (r) {
    case Rounding::TRN:
      return floor_q;
    case Rounding::TRN_ZERO:
      return negative ? up : floor_q;
    case Rounding::RND:
      return half == Half::Below ? floor_q : up;
    case Rounding::RND_ZERO:
      return half == Half::Above || (half == Half::Tie && negative) ? up : floor_q;
    case Rounding::RND_INF:
      return half == Half::Above || (half == Half::Tie && !negative) ? up : floor_q;
    case Rounding::RND_MIN_INF:
      return half == Half::Above ? up : floor_q;
    case Rounding::RND_CONV:
      return half == Half::Above || (half == Half::Tie && (floor_q & 1) != 0) ? up : floor_q;
  }
  return floor_q;
}

Half compare(uint128 a, uint128 b) { return a < b ? Half::Below : a == b ? Half::Tie : Half::Above; }

}  // namespace

int128 div_round(int128 num, int128 den, Rounding r) {
  if (den <= 0) throw std::invalid_argument("div_round: denominator must be positive");
  // C++ division truncates; turn it into floor with a remainder in [0, den).
  int128 q = num / den;
  int128 rem = num % den;
  if (rem < 0) {
    q -= 1;
    rem += den;
  }
  // rem/den against 1/2 without forming 2*rem (which could overflow): rem against den - rem.
  return round_from_floor(q, rem == 0, compare(static_cast<uint128>(rem), static_cast<uint128>(den - rem)), num < 0, r);
}

int128 shift_round(int128 v, int s, Rounding r) {
  if (s == 0 || v == 0) return v;
  if (s < 0) {
    // Exact left shift; v * 2^k fits iff the bits that would move past the sign bit are all copies
    // of it, i.e. v >> (127 - k) is 0 or -1.
    if (s < -127) throw std::overflow_error("shift_round: left shift by " + std::to_string(-s) + " overflows 128 bits");
    int k = -s;
    int128 top = v >> (127 - k);
    if (top != 0 && top != -1)
      throw std::overflow_error("shift_round: " + int128_to_string(v) + " * 2^" + std::to_string(k) +
                                " overflows 128 bits");
    return static_cast<int128>(static_cast<uint128>(v) << k);
  }
  if (s <= 127) {
    // floor by arithmetic shift; the dropped bits, read as an unsigned number, are the remainder in
    // [0, 2^s) and are compared with the half-way point 2^(s-1).
    int128 floor_q = v >> s;
    uint128 rem = static_cast<uint128>(v) & ((static_cast<uint128>(1) << s) - 1);
    return round_from_floor(floor_q, rem == 0, compare(rem, static_cast<uint128>(1) << (s - 1)), v < 0, r);
  }
  // s >= 128: |v| <= 2^127 <= 2^(s-1), so v / 2^s lies in [-1/2, 1/2). For v > 0 the floor is 0 with
  // a fraction below 1/2; for v < 0 the floor is -1 with fraction 1 - |v|/2^s, which is above 1/2
  // except for the single tie -2^127 / 2^128 = -1/2.
  if (v > 0) return round_from_floor(0, false, Half::Below, false, r);
  return round_from_floor(-1, false, s == 128 && v == int128_min ? Half::Tie : Half::Above, true, r);
}

}  // namespace aiem::num
