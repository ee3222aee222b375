// K split over cascade chains of 1..4 kernels (first / middle / last, or single), run as an ADF
// graph in the host emulation: x slices through PLIOs, weights and the bias as array RTPs, partial
// sums over cascades, y through a PLIO. Two iterations per run (new x each time). Compiled for both
// architectures.
#include <adf.h>

#include <aiem_kernels/dense.hpp>

#include <catch2/catch.hpp>
#include <array>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <unistd.h>
#include <utility>
#include <vector>

#include "dense_runner.hpp"

namespace {

using aiem_kernels::Overflow;
using aiem_kernels::Requant;
using aiem_kernels::Rounding;
using aiem_kernels::Scale;
using aiem_kernels::Tiling;
using kref::i64;

// A fresh directory for the emulator's PLIO files.
std::filesystem::path scratch(const std::string& name) {
  auto d = std::filesystem::temp_directory_path() / ("aiem_kernels_" + std::to_string(::getpid()) + "_" + name);
  std::filesystem::remove_all(d);
  std::filesystem::create_directories(d);
  setenv("AIEM_EMU_INPUT_DIR", d.c_str(), 1);
  setenv("AIEM_EMU_OUTPUT_DIR", (d / "out").c_str(), 1);
  return d;
}

template <class T>
void write_plio(const std::filesystem::path& p, const std::vector<T>& v) {
  const std::size_t per_line = 8 / sizeof(T);  // 64-bit PLIO
  std::ofstream f(p);
  for (std::size_t i = 0; i < v.size(); ++i) f << i64(v[i]) << ((i + 1) % per_line == 0 ? '\n' : ' ');
}

std::vector<i64> read_values(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::vector<i64> v;
  i64 x;
  while (in >> x) v.push_back(x);
  return v;
}

// A layer of logical size M x K -> N split into cascade stages of KS... (padded K slices, each a
// multiple of TK; their sum covers K, the excess is zero padding).
template <class TA_, class TW_, class TO_, class Acc, unsigned TM, unsigned TK, unsigned TN, unsigned RM, unsigned RN,
          Requant Q, unsigned Mp, unsigned Np, unsigned... KS>
struct Chain {
  using TA = TA_;
  using TW = TW_;
  using TO = TO_;
  static constexpr unsigned P = sizeof...(KS);
  static constexpr std::array<unsigned, P> slice{KS...};
  template <unsigned S>
  using cfg = aiem_kernels::dense_config<TA, TW, TO, Acc, Tiling{Mp, slice[S], Np, TM, TK, TN, RM, RN}, Q>;
  template <unsigned S>
  using kern = aiem_kernels::dense<cfg<S>>;
  using bias_type = typename kern<0>::bias_type;
  static constexpr unsigned M = Mp, N = Np;
};

template <class C, unsigned S>
using xbuf = adf::input_buffer<typename C::TA, adf::extents<C::M * C::slice[S]>>;
template <class C>
using ybuf = adf::output_buffer<typename C::TO, adf::extents<C::M * C::N>>;
template <class C, unsigned S>
using wrtp = const typename C::TW (&)[C::slice[S] * C::N];
template <class C>
using brtp = const typename C::bias_type (&)[C::N];
template <class C>
using cas_in = typename C::template kern<0>::cascade_in;
template <class C>
using cas_out = typename C::template kern<0>::cascade_out;

// The kernels as the backend will generate them: thin wrappers around the library entry points.
template <class C>
void single_k(xbuf<C, 0>& x, wrtp<C, 0> w, brtp<C> b, ybuf<C>& y) {
  C::template kern<0>::single(x.data(), w, b, y.data());
}
template <class C>
void first_k(xbuf<C, 0>& x, wrtp<C, 0> w, brtp<C> b, cas_out<C>* cout) {
  C::template kern<0>::first(x.data(), w, b, cout);
}
template <class C, unsigned S>
void middle_k(xbuf<C, S>& x, wrtp<C, S> w, cas_in<C>* cin, cas_out<C>* cout) {
  C::template kern<S>::middle(x.data(), w, cin, cout);
}
template <class C, unsigned S>
void last_k(xbuf<C, S>& x, wrtp<C, S> w, cas_in<C>* cin, ybuf<C>& y) {
  C::template kern<S>::last(x.data(), w, cin, y.data());
}

// Ports: in[0] = x, in[1] = weights (RTP), in[2] = bias (RTP, first/single) or cascade in;
// out[0] = cascade out or y.
template <class C>
struct ChainGraph : adf::graph {
  adf::input_plio x[C::P];
  adf::output_plio y = adf::output_plio::create("y", adf::plio_64_bits, "y.txt");
  adf::kernel k[C::P];
  adf::port<adf::input> w[C::P];
  adf::port<adf::input> bias;

  template <unsigned S>
  adf::kernel make() {
    if constexpr (C::P == 1) return adf::kernel::create(single_k<C>);
    else if constexpr (S == 0) return adf::kernel::create(first_k<C>);
    else if constexpr (S + 1 < C::P) return adf::kernel::create(middle_k<C, S>);
    else return adf::kernel::create(last_k<C, S>);
  }
  template <unsigned... S>
  void make_all(std::integer_sequence<unsigned, S...>) {
    ((k[S] = make<S>()), ...);
  }

  ChainGraph() {
    make_all(std::make_integer_sequence<unsigned, C::P>{});
    for (unsigned s = 0; s < C::P; ++s) {
      x[s] = adf::input_plio::create("x" + std::to_string(s), adf::plio_64_bits, "x" + std::to_string(s) + ".txt");
      adf::source(k[s]) = "dense_stage" + std::to_string(s) + ".cc";
      adf::runtime<adf::ratio>(k[s]) = 0.9;
      adf::connect(x[s].out[0], k[s].in[0]);
      adf::connect<adf::parameter>(w[s], k[s].in[1]);
      adf::async(k[s].in[1]);
      if (s > 0) adf::connect<adf::cascade>(k[s - 1].out[0], k[s].in[2]);
    }
    adf::connect<adf::parameter>(bias, k[0].in[2]);
    adf::async(k[0].in[2]);
    adf::connect(k[C::P - 1].out[0], y.in[0]);
  }
};

// Builds the chain's inputs from logical data, runs `iters` iterations, compares with the oracle.
template <class C>
void check_chain(std::uint64_t seed, unsigned Ml, unsigned Kl, unsigned Nl, i64 bias_mag, const std::string& name,
                 int iters = 2) {
  unsigned covered = 0;
  for (unsigned s : C::slice) covered += s;
  REQUIRE(covered >= Kl);
  REQUIRE(Ml <= C::M);
  REQUIRE(Nl <= C::N);
  const auto dir = scratch(name);
  std::mt19937_64 g(seed);
  const std::vector<i64> w = kref::random_codes(g, std::size_t(Kl) * Nl, kref::lo_of<typename C::TW>(), kref::hi_of<typename C::TW>());
  const std::vector<i64> b = kref::random_codes(g, Nl, -bias_mag, bias_mag);
  std::vector<std::vector<i64>> xs;
  std::vector<std::vector<typename C::TA>> plio(C::P);
  for (int it = 0; it < iters; ++it) {
    xs.push_back(kref::random_codes(g, std::size_t(Ml) * Kl, kref::lo_of<typename C::TA>(), kref::hi_of<typename C::TA>()));
    if (it == 1)  // an extreme row: the most negative activations
      for (unsigned k = 0; k < Kl; ++k) xs.back()[k] = kref::lo_of<typename C::TA>();
    unsigned k0 = 0;
    for (unsigned s = 0; s < C::P; ++s) {
      // Columns [k0, k0 + slice) of x, the part beyond Kl zero.
      std::vector<i64> part(std::size_t(Ml) * C::slice[s], 0);
      for (unsigned m = 0; m < Ml; ++m)
        for (unsigned k = 0; k < C::slice[s] && k0 + k < Kl; ++k) part[m * C::slice[s] + k] = xs.back()[m * Kl + k0 + k];
      auto t = kref::tile<typename C::TA>(part, Ml, C::slice[s], C::M, C::slice[s], C::template cfg<0>::tiling.TM,
                                          C::template cfg<0>::tiling.TK);
      plio[s].insert(plio[s].end(), t.data(), t.data() + t.size());
      k0 += C::slice[s];
    }
  }
  for (unsigned s = 0; s < C::P; ++s) write_plio(dir / ("x" + std::to_string(s) + ".txt"), plio[s]);

  ChainGraph<C> graph;
  graph.init();
  unsigned k0 = 0;
  for (unsigned s = 0; s < C::P; ++s) {
    std::vector<i64> rows(std::size_t(C::slice[s]) * Nl, 0);
    for (unsigned k = 0; k < C::slice[s] && k0 + k < Kl; ++k)
      for (unsigned n = 0; n < Nl; ++n) rows[k * Nl + n] = w[(k0 + k) * Nl + n];
    auto t = kref::tile<typename C::TW>(rows, C::slice[s], Nl, C::slice[s], C::N, C::template cfg<0>::tiling.TK,
                                        C::template cfg<0>::tiling.TN);
    graph.update(graph.w[s], t.data(), t.size());
    k0 += C::slice[s];
  }
  kref::Aligned<typename C::bias_type> bias(C::N);
  for (unsigned n = 0; n < Nl; ++n) bias[n] = typename C::bias_type(b[n]);
  graph.update(graph.bias, bias.data(), C::N);
  graph.run(iters);
  graph.end();

  const std::vector<i64> out = read_values(dir / "out" / "y.txt");
  REQUIRE(out.size() == std::size_t(iters) * C::M * C::N);
  constexpr auto t = C::template cfg<0>::tiling;
  const kref::OutSpec spec = kref::spec_of<typename C::TO>(C::template cfg<0>::requant);
  for (int it = 0; it < iters; ++it) {
    std::vector<typename C::TO> yt(std::size_t(C::M) * C::N);
    for (std::size_t i = 0; i < yt.size(); ++i) yt[i] = typename C::TO(out[it * yt.size() + i]);
    kref::require_same(kref::untile(yt.data(), Ml, Nl, C::N, t.TM, t.TN), kref::dense(xs[it], w, b, Ml, Kl, Nl, spec), Nl,
                       name + " iteration " + std::to_string(it));
  }
  std::filesystem::remove_all(dir);
}

constexpr Requant q8{.width = 8, .rounding = Rounding::RND_CONV, .overflow = Overflow::SAT, .shift = 10, .relu = true};

}  // namespace

TEST_CASE("aie_kernels: int8 cascade chains of length 1 to 4 (K = 160 split in 4)", "[aie_kernels][cascade]") {
  // 4x8x8 with 2x2 register blocking; M = 5 -> 8, N = 29 -> 32.
  check_chain<Chain<int8, int8, int8, acc32, 4, 8, 8, 2, 2, q8, 8, 32, 160>>(1, 5, 160, 29, 1 << 16, "p1");
  check_chain<Chain<int8, int8, int8, acc32, 4, 8, 8, 2, 2, q8, 8, 32, 80, 80>>(2, 5, 160, 29, 1 << 16, "p2");
  check_chain<Chain<int8, int8, int8, acc32, 4, 8, 8, 2, 2, q8, 8, 32, 56, 56, 48>>(3, 5, 160, 29, 1 << 16, "p3");
  check_chain<Chain<int8, int8, int8, acc32, 4, 8, 8, 2, 2, q8, 8, 32, 40, 40, 40, 40>>(4, 5, 160, 29, 1 << 16, "p4");
  // K = 157 (not a multiple of TK): the last slice carries the zero padding.
  check_chain<Chain<int8, int8, int8, acc32, 4, 8, 8, 1, 2, q8, 4, 16, 40, 40, 40, 40>>(5, 3, 157, 11, 1 << 16, "p4 pad");
}

TEST_CASE("aie_kernels: cascade chains with other blockings and types", "[aie_kernels][cascade]") {
  constexpr Requant q16{.width = 16, .rounding = Rounding::RND_INF, .overflow = Overflow::SAT_SYM, .shift = 12};
  constexpr Requant q_sub{.width = 6, .rounding = Rounding::TRN_ZERO, .overflow = Overflow::WRAP, .shift = 11};
  constexpr Requant q_scaled{.width = 8, .rounding = Rounding::RND, .overflow = Overflow::SAT_ZERO, .shift = 38,
                             .scale = Scale::per_tensor, .multiplier = 1518500250, .zero = 3, .relu = true};
  // 8x8x8 (both architectures), register blocking 1x1 (one 2048-bit accumulator = 4 cascade words).
  check_chain<Chain<int8, int8, int8, acc32, 8, 8, 8, 1, 1, q_sub, 8, 16, 24, 16, 24>>(11, 7, 60, 13, 1 << 14, "8x8x8 p3");
  check_chain<Chain<uint8, int8, uint8, acc32, 4, 8, 8, 2, 1, q_scaled, 8, 8, 32, 32>>(12, 8, 64, 8, 1 << 16, "scaled p2");
#if __AIE_ARCH__ == 20
  // 1x16x8: two 8-lane blocks per cascade word and per 16-byte store.
  check_chain<Chain<int8, int8, int8, acc32, 1, 16, 8, 2, 2, q8, 4, 32, 32, 48, 16>>(13, 3, 90, 30, 1 << 15, "1x16x8 p3");
  check_chain<Chain<int16, int8, int16, acc32, 4, 4, 8, 2, 1, q16, 8, 16, 12, 8, 12>>(14, 6, 30, 16, 1 << 24, "16x8 p3");
  check_chain<Chain<int16, int16, int16, acc64, 4, 4, 4, 2, 2, Requant{.width = 16, .rounding = Rounding::RND_CONV,
                                                                      .overflow = Overflow::SAT, .shift = 27},
                    8, 16, 16, 16>>(15, 8, 29, 15, i64(1) << 40, "16x16 acc64 p2");
#else
  check_chain<Chain<int16, int8, int16, acc32, 8, 4, 8, 1, 2, q16, 8, 16, 12, 8, 12>>(14, 6, 30, 16, 1 << 24, "16x8 p3");
  check_chain<Chain<int16, int16, int16, acc64, 4, 4, 8, 2, 1, Requant{.width = 16, .rounding = Rounding::RND_CONV,
                                                                      .overflow = Overflow::SAT, .shift = 27},
                    8, 8, 16, 16, 4>>(15, 8, 33, 8, i64(1) << 40, "16x16 acc64 p3");
#endif
}
