#include "dsl/import/onnx/dyadic.hpp"

#include <cmath>
#include <fmt/format.h>

namespace aiem::onnx_import {
using num::int128;

Dyadic::Dyadic(int128 m, int e) : m_(m), e_(e) {
  if (m_ == 0) {
    e_ = 0;
    return;
  }
  while ((m_ & 1) == 0) {
    m_ /= 2;
    ++e_;
  }
}

Dyadic Dyadic::from_double(double x) {
  if (x == 0 || !std::isfinite(x)) return {};
  int e = 0;
  double fr = std::frexp(x, &e);  // x = fr * 2^e, fr * 2^53 is an integer
  return Dyadic(static_cast<int128>(std::ldexp(fr, 53)), e - 53);
}

std::optional<int128> Dyadic::to_integer() const {
  if (!is_integer()) return std::nullopt;
  if (m_ == 0) return int128{0};
  int128 v = m_;
  for (int i = 0; i < e_; ++i) {
    if (v > num::int128_max / 2 || v < num::int128_min / 2) return std::nullopt;
    v *= 2;
  }
  return v;
}

double Dyadic::to_double() const { return std::ldexp(static_cast<double>(m_), e_); }

std::string Dyadic::to_string() const {
  return e_ == 0 ? num::int128_to_string(m_) : fmt::format("{}*2^{}", num::int128_to_string(m_), e_);
}

std::optional<Dyadic> Dyadic::operator*(const Dyadic& o) const {
  int128 p = 0;
  if (__builtin_mul_overflow(m_, o.m_, &p)) return std::nullopt;
  return Dyadic(p, e_ + o.e_);
}

std::optional<Dyadic> Dyadic::operator+(const Dyadic& o) const {
  if (m_ == 0) return o;
  if (o.m_ == 0) return *this;
  // Align to the smaller exponent: the other mantissa is shifted left, exactly or not at all.
  const Dyadic& lo = e_ <= o.e_ ? *this : o;
  const Dyadic& hi = e_ <= o.e_ ? o : *this;
  int shift = hi.e_ - lo.e_;
  if (shift > 125) return std::nullopt;
  int128 scaled = 0;
  if (__builtin_mul_overflow(hi.m_, static_cast<int128>(1) << shift, &scaled)) return std::nullopt;
  int128 sum = 0;
  if (__builtin_add_overflow(scaled, lo.m_, &sum)) return std::nullopt;
  return Dyadic(sum, lo.e_);
}

std::optional<Dyadic> Dyadic::operator-(const Dyadic& o) const { return *this + o.negate(); }

std::optional<Dyadic> Dyadic::divide(const Dyadic& o) const {
  if (o.m_ == 0) return std::nullopt;
  if (m_ % o.m_ != 0) return std::nullopt;  // both odd: exact iff the divisor's mantissa divides
  return Dyadic(m_ / o.m_, e_ - o.e_);
}

std::optional<Dyadic> Dyadic::sqrt() const {
  if (m_ < 0) return std::nullopt;
  if (m_ == 0) return Dyadic{};
  int128 m = m_;
  int e = e_;
  if (e % 2 != 0) {  // m odd: m * 2^e = (2m) * 2^(e-1), and 2m is never a square; so no exact root
    return std::nullopt;
  }
  auto r = static_cast<int128>(std::llround(std::sqrt(static_cast<long double>(m))));
  for (int128 c = r > 2 ? r - 2 : 0; c <= r + 2; ++c)
    if (c * c == m) return Dyadic(c, e / 2);
  return std::nullopt;
}

}  // namespace aiem::onnx_import
