// Test oracle for the AIE dense kernels: a scalar dense layer on exact 64-bit integers whose output
// conversion is the project's single definition (aiem::num::requantize / requantize_scaled), and an
// independent tiling routine (blocks enumerated in storage order, not via tiled_layout.hpp).
#pragma once

#include <aiem_kernels/requantize.hpp>

#include <cstdint>
#include <cstring>
#include <memory>
#include <new>
#include <random>
#include <stdexcept>
#include <vector>

#include "ir/numeric/requantize.hpp"

namespace kref {

using i64 = std::int64_t;

// A zeroed, 64-byte aligned array: kernel operands must satisfy the vector alignment rules.
template <class T>
class Aligned {
 public:
  explicit Aligned(std::size_t n) : n_(n), p_(static_cast<T*>(::operator new[]((n ? n : 1) * sizeof(T), std::align_val_t(64)))) {
    std::memset(p_.get(), 0, (n ? n : 1) * sizeof(T));
  }
  T* data() { return p_.get(); }
  const T* data() const { return p_.get(); }
  T& operator[](std::size_t i) { return p_.get()[i]; }
  const T& operator[](std::size_t i) const { return p_.get()[i]; }
  std::size_t size() const { return n_; }

 private:
  struct Free {
    void operator()(T* p) const { ::operator delete[](p, std::align_val_t(64)); }
  };
  std::size_t n_;
  std::unique_ptr<T, Free> p_;
};

// Row-major rows x cols (logical) -> blocks br x bc of the padded R x C matrix, block rows first,
// each block row-major; padding is zero.
template <class T>
Aligned<T> tile(const std::vector<i64>& m, unsigned rows, unsigned cols, unsigned R, unsigned C, unsigned br,
                unsigned bc) {
  Aligned<T> out(std::size_t(R) * C);
  std::size_t idx = 0;
  for (unsigned rb = 0; rb < R / br; ++rb)
    for (unsigned cb = 0; cb < C / bc; ++cb)
      for (unsigned i = 0; i < br; ++i)
        for (unsigned j = 0; j < bc; ++j) {
          const unsigned r = rb * br + i, c = cb * bc + j;
          out[idx++] = (r < rows && c < cols) ? T(m[std::size_t(r) * cols + c]) : T(0);
        }
  return out;
}

// The inverse for outputs: the logical rows x cols part of a tiled R x C matrix.
template <class T>
std::vector<i64> untile(const T* t, unsigned rows, unsigned cols, unsigned C, unsigned br, unsigned bc) {
  std::vector<i64> m(std::size_t(rows) * cols);
  const unsigned col_blocks = C / bc;
  for (unsigned r = 0; r < rows; ++r)
    for (unsigned c = 0; c < cols; ++c) {
      const std::size_t block = std::size_t(r / br) * col_blocks + c / bc;
      m[std::size_t(r) * cols + c] = i64(t[block * br * bc + (r % br) * bc + c % bc]);
    }
  return m;
}

// The output conversion of a test case, in the reference's terms.
struct OutSpec {
  aiem::num::FixedFormat fmt;  // frac 0: codes; the kernel's shift is the whole scale change
  int shift = 0;
  aiem_kernels::Scale scale = aiem_kernels::Scale::none;
  int multiplier = 1;
  std::vector<std::int32_t> col_mult;  // per_column
  int zero = 0;
  bool relu = false;
};

inline aiem::num::Rounding to_num(aiem_kernels::Rounding r) {
  using K = aiem_kernels::Rounding;
  using N = aiem::num::Rounding;
  switch (r) {
    case K::TRN: return N::TRN;
    case K::TRN_ZERO: return N::TRN_ZERO;
    case K::RND: return N::RND;
    case K::RND_ZERO: return N::RND_ZERO;
    case K::RND_INF: return N::RND_INF;
    case K::RND_MIN_INF: return N::RND_MIN_INF;
    case K::RND_CONV: return N::RND_CONV;
  }
  throw std::logic_error("rounding");
}
inline aiem::num::Overflow to_num(aiem_kernels::Overflow o) {
  using K = aiem_kernels::Overflow;
  using N = aiem::num::Overflow;
  switch (o) {
    case K::WRAP: return N::WRAP;
    case K::SAT: return N::SAT;
    case K::SAT_ZERO: return N::SAT_ZERO;
    case K::SAT_SYM: return N::SAT_SYM;
  }
  throw std::logic_error("overflow");
}

template <class TO>
OutSpec spec_of(const aiem_kernels::Requant& q, std::vector<std::int32_t> col_mult = {}) {
  OutSpec s;
  s.fmt = aiem::num::FixedFormat{q.width, q.width, TO(-1) < TO(0), to_num(q.rounding), to_num(q.overflow)};
  s.shift = q.shift;
  s.scale = q.scale;
  s.multiplier = q.multiplier;
  s.col_mult = std::move(col_mult);
  s.zero = q.zero;
  s.relu = q.relu;
  return s;
}

// The exact requantization of one accumulator value of output column `col`.
inline i64 requant(i64 acc, const OutSpec& s, unsigned col) {
  using aiem::num::ScaleMultiplier;
  i64 v = 0;
  if (s.scale == aiem_kernels::Scale::none && s.zero == 0) {
    v = aiem::num::requantize(acc, s.shift + s.fmt.frac(), s.fmt);
  } else {
    ScaleMultiplier m{1, s.shift};
    if (s.scale == aiem_kernels::Scale::per_tensor) m.multiplier = s.multiplier;
    if (s.scale == aiem_kernels::Scale::per_column) m.multiplier = s.col_mult.at(col);
    v = aiem::num::requantize_scaled(acc, m, s.fmt, s.zero);
  }
  return s.relu && v < s.zero ? s.zero : v;
}

// y = requant(x · w + bias), x M x K, w K x N, bias N (empty: none), all row-major, exact.
inline std::vector<i64> dense(const std::vector<i64>& x, const std::vector<i64>& w, const std::vector<i64>& bias,
                              unsigned M, unsigned K, unsigned N, const OutSpec& s) {
  std::vector<i64> y(std::size_t(M) * N);
  for (unsigned m = 0; m < M; ++m)
    for (unsigned n = 0; n < N; ++n) {
      __int128 acc = bias.empty() ? 0 : bias[n];
      for (unsigned k = 0; k < K; ++k) acc += __int128(x[std::size_t(m) * K + k]) * w[std::size_t(k) * N + n];
      if (acc > INT64_MAX || acc < INT64_MIN) throw std::logic_error("test data overflows 64 bits");
      y[std::size_t(m) * N + n] = requant(i64(acc), s, n);
    }
  return y;
}

inline std::vector<i64> random_codes(std::mt19937_64& g, std::size_t n, i64 lo, i64 hi) {
  std::uniform_int_distribution<i64> d(lo, hi);
  std::vector<i64> v(n);
  for (auto& e : v) e = d(g);
  return v;
}

}  // namespace kref
