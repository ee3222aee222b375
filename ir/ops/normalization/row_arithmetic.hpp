#pragma once
// The integer steps of the normalization family's definitions (normalization.hpp) that
// quantization resolution computes once and the interpreter repeats per row. The AIE kernel
// (aiem_kernels/rows.hpp) and the oracle (oracle.py) are written apart from these, from the same
// definitions.
#include <cstdint>
#include <optional>
#include <vector>

#include "ir/numeric/fixed_format.hpp"
#include "ir/numeric/int128.hpp"

namespace aiem::ir {

// Softmax's exp scale: E[0] = 2^kSoftmaxExpBits.
inline constexpr int kSoftmaxExpBits = 16;

// E[d] = round_half_up(2^16 · exp(-d · 2^-frac(in))) for d = 0 .. max_code - min_code.
std::vector<std::int64_t> softmax_exp_table(const num::FixedFormat& in);

// What a layernorm/rmsnorm needs to know to pick its guard bits.
struct NormShape {
  bool centered = true;  // layernorm (d = N·x - Σx) or rmsnorm (d = N·x)
  std::int64_t n = 0;    // the normalized axis' length
  num::FixedFormat x, y;
  std::optional<num::FixedFormat> gamma, beta;
  double eps = 0;
};

// The largest G in 0 .. 16 for which every step of the definition stays within 62 bits for any
// input codes (nullopt: none does, even G = 0).
std::optional<int> norm_guard_bits(const NormShape& s);
// K = round_half_up(N³ · eps · 2^(2fx + 2G)).
std::int64_t norm_eps_term(const NormShape& s, int guard_bits);

// floor(sqrt(v)) for v >= 0.
std::uint64_t isqrt(num::uint128 v);

}  // namespace aiem::ir
