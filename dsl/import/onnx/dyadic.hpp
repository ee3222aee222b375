#pragma once
// Exact arithmetic on dyadic rationals m * 2^e, the numbers a float can hold. The importer decides
// with these whether a scale ratio, a bias or a folded BatchNormalization is exactly representable:
// every operation is exact or reports that it is not (std::nullopt), never rounds.
#include <optional>
#include <string>

#include "ir/numeric/int128.hpp"

namespace aiem::onnx_import {

class Dyadic {
 public:
  Dyadic() = default;
  static Dyadic from_double(double x);  // finite x (every float and double is dyadic)
  static Dyadic from_int(num::int128 v) { return Dyadic(v, 0); }
  static Dyadic pow2(int e) { return Dyadic(1, e); }

  num::int128 mantissa() const { return m_; }  // odd, or 0
  int exponent() const { return e_; }
  bool is_zero() const { return m_ == 0; }
  bool is_negative() const { return m_ < 0; }
  bool is_power_of_two() const { return m_ == 1; }
  bool is_integer() const { return m_ == 0 || e_ >= 0; }
  std::optional<num::int128> to_integer() const;  // when an integer that fits 127 bits
  double to_double() const;                        // may round (for messages only)
  std::string to_string() const;                   // "3*2^-7"

  std::optional<Dyadic> operator*(const Dyadic& o) const;
  std::optional<Dyadic> operator+(const Dyadic& o) const;
  std::optional<Dyadic> operator-(const Dyadic& o) const;
  std::optional<Dyadic> divide(const Dyadic& o) const;  // exact quotient or nullopt (also for o == 0)
  std::optional<Dyadic> sqrt() const;                   // exact square root of a non-negative value
  Dyadic negate() const { return Dyadic(-m_, e_); }
  bool operator==(const Dyadic& o) const { return m_ == o.m_ && e_ == o.e_; }

 private:
  Dyadic(num::int128 m, int e);  // normalises: odd mantissa, zero has exponent 0
  num::int128 m_ = 0;
  int e_ = 0;
};

}  // namespace aiem::onnx_import
