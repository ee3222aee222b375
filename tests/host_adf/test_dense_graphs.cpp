// Hand-written multi-kernel AIE graphs, run in the host emulation and compared bit-exactly with
// the reference interpreter: a dense layer whose K = 64 is split over a cascade of 4 kernels,
// weights and bias delivered as RTPs, the input transposed and re-tiled by a memory tile, and the
// output brought back to row-major order by a second memory tile.
#include <adf.h>
#include <aie_api/aie.hpp>
#include <aie_api/aie_adf.hpp>

#include <catch2/catch.hpp>

#include "aiem/aiem.hpp"
#include "dsl/api/model_impl.hpp"
#include "emu_test_support.hpp"

using namespace adf;

namespace {

constexpr unsigned M = 4, K = 64, N = 16, PK = 4, KS = K / PK;  // KS: K per cascade stage
constexpr unsigned TM = 4, TK = 8, TN = 8;                       // aie::mmul<4,8,8> int8 x int8
using MMUL = aie::mmul<TM, TK, TN, int8, int8>;
constexpr int kShift = 7;  // accumulator frac 12 (x: 5, w: 7) -> output frac 5

// Weights arrive B-tiled: blocks TK x TN in [k_block][n_block] order, each row-major.
// Partial sums for the N/TN output blocks go over the cascade in n-block order.
void mac_slice(const int8* x, const int8 (&w)[KS * N], MMUL (&acc)[N / TN]) {
  for (unsigned nb = 0; nb < N / TN; ++nb)
    for (unsigned kb = 0; kb < KS / TK; ++kb)
      acc[nb].mac(aie::load_v<TM * TK>(x + kb * TM * TK), aie::load_v<TK * TN>(w + (kb * (N / TN) + nb) * TK * TN));
}

void dense_first(input_buffer<int8, extents<M * KS>>& x, const int8 (&w)[KS * N], const int32 (&b)[N],
                 output_cascade<acc32>* out) {
  MMUL acc[N / TN];
  for (unsigned nb = 0; nb < N / TN; ++nb) {
    aie::vector<int32, TM * TN> bias;
    for (unsigned i = 0; i < TM * TN; ++i) bias[i] = b[nb * TN + i % TN];
    acc[nb] = MMUL::accum_type(bias);  // the bias joins the sum at accumulator scale
  }
  mac_slice(x.data(), w, acc);
  for (auto& a : acc) writeincr(out, a.to_accum());
}

void dense_middle(input_buffer<int8, extents<M * KS>>& x, const int8 (&w)[KS * N], input_cascade<acc32>* in,
                  output_cascade<acc32>* out) {
  MMUL acc[N / TN];
  for (auto& a : acc) a = readincr_v<TM * TN>(in);
  mac_slice(x.data(), w, acc);
  for (auto& a : acc) writeincr(out, a.to_accum());
}

void dense_last(input_buffer<int8, extents<M * KS>>& x, const int8 (&w)[KS * N], input_cascade<acc32>* in,
                output_buffer<int8, extents<M * N>>& y) {
  MMUL acc[N / TN];
  for (auto& a : acc) a = readincr_v<TM * TN>(in);
  mac_slice(x.data(), w, acc);
  aie::set_rounding(aie::rounding_mode::conv_even);  // RND_CONV
  aie::set_saturation(aie::saturation_mode::saturate);  // SAT at the full 8 bits
  for (unsigned nb = 0; nb < N / TN; ++nb)
    aie::store_v(y.data() + nb * TM * TN, aie::max(acc[nb].to_vector<int8>(kShift), aie::zeros<int8, TM * TN>()));
}

struct CascadeDenseGraph : graph {
  input_plio xt = input_plio::create("xt", plio_128_bits, "xt.txt");  // x transposed: [K][M]
  output_plio y = output_plio::create("y", plio_128_bits, "y.txt");   // row-major [M][N]
  shared_buffer<int8> in_mt, out_mt;
  kernel k[PK];
  port<input> w[PK];
  port<input> bias;

  CascadeDenseGraph() {
    in_mt = shared_buffer<int8>::create({M, K}, 1, PK);  // dimension 0 (contiguous) is m: x^T
    out_mt = shared_buffer<int8>::create({N, M}, 1, 1);  // dimension 0 is n: row-major y
    connect(xt.out[0], in_mt.in[0]);
    for (unsigned p = 0; p < PK; ++p) {
      k[p] = p == 0 ? kernel::create(dense_first) : p + 1 < PK ? kernel::create(dense_middle) : kernel::create(dense_last);
      runtime<ratio>(k[p]) = 0.9;
      // Stage p reads its K slice A-tiled: 1 x TK column strips of x^T (a row of x each), m
      // fastest, then the next TK block of k. That is a transpose and a re-tiling at once.
      read_access(in_mt.out[p]) = tiling({.buffer_dimension = {M, K},
                                          .tiling_dimension = {1, TK},
                                          .offset = {0, int(p * KS)},
                                          .tile_traversal = {{.dimension = 0, .stride = 1, .wrap = M},
                                                             {.dimension = 1, .stride = TK, .wrap = KS / TK}}});
      connect(in_mt.out[p], k[p].in[0]);
      connect<parameter>(w[p], k[p].in[1]);
      async(k[p].in[1]);
      if (p > 0) connect<cascade>(k[p - 1].out[0], k[p].in[2]);
      location<kernel>(k[p]) = tile(10 + p, 2);
    }
    connect<parameter>(bias, k[0].in[2]);
    async(k[0].in[2]);
    // The last stage's C-tiled output (TM x TN blocks, n-block order) back to row-major.
    connect(k[PK - 1].out[0], out_mt.in[0]);
    write_access(out_mt.in[0]) = tiling({.buffer_dimension = {N, M},
                                         .tiling_dimension = {TN, TM},
                                         .offset = {0, 0},
                                         .tile_traversal = {{.dimension = 0, .stride = TN, .wrap = N / TN}}});
    connect(out_mt.out[0], y.in[0]);
  }
};

struct DenseModel {
  aiem::ParseResult parsed;
  const aiem::ir::Graph& g() const { return aiem::impl_of(*parsed.model).graph; }
  const std::vector<std::int64_t>& constant(const std::string& name) const {
    return *g().value(*g().find_value(name)).data;
  }
};

DenseModel dense_model() {
  DenseModel m{aiem::parse(R"(model cascade_dense {
    batch 4
    type act = fixed<8, 3, RND_CONV, SAT>
    input x : act[64]
    y = dense(x, 16, w: fixed<8, 1> from random(11), b: fixed<16, 6> from random(12)) -> act |> relu
    output y
  })")};
  INFO(m.parsed.rendered);
  REQUIRE(m.parsed.ok());
  return m;
}

}  // namespace

TEST_CASE("a K-split cascade of 4 dense kernels with memtile re-tiling matches the interpreter", "[host_adf][dense]") {
  auto model = dense_model();
  // Check the accumulator plan the kernels hard-code: frac 12 and a shift of 7 to the output.
  REQUIRE(model.parsed.model->ir_text().find("acc=int32/frac12") != std::string::npos);
  const auto& wc = model.constant("y.w");  // [K, N] row-major codes
  const auto& bc = model.constant("y.b");  // [N] at accumulator scale

  std::mt19937 rng(5);
  std::vector<std::int64_t> x(M * K);
  for (auto& v : x) v = std::uniform_int_distribution<int>(-128, 127)(rng);
  for (unsigned i = 0; i < K; ++i) x[i] = -128;  // an extreme row: -128 * -128 products

  auto dir = emu_test::scratch_dir("cascade_dense");
  std::vector<std::int64_t> xt(K * M);
  for (unsigned m = 0; m < M; ++m)
    for (unsigned kk = 0; kk < K; ++kk) xt[kk * M + m] = x[m * K + kk];
  emu_test::write_plio(dir / "xt.txt", xt, 16);

  CascadeDenseGraph g;
  g.init();
  for (unsigned p = 0; p < PK; ++p) {
    alignas(32) int8 wt[KS * N];  // this stage's rows of W, B-tiled
    for (unsigned kb = 0; kb < KS / TK; ++kb)
      for (unsigned nb = 0; nb < N / TN; ++nb)
        for (unsigned r = 0; r < TK; ++r)
          for (unsigned c = 0; c < TN; ++c)
            wt[(kb * (N / TN) + nb) * TK * TN + r * TN + c] = int8(wc[(p * KS + kb * TK + r) * N + nb * TN + c]);
    g.update(g.w[p], wt, KS * N);
  }
  int32 b[N];
  for (unsigned n = 0; n < N; ++n) b[n] = int32(bc[n]);
  g.update(g.bias, b, N);
  g.run(1);
  g.end();

  auto got = emu_test::read_values(dir / "out" / "y.txt");
  auto want = aiem::run(*model.parsed.model, {{"x", aiem::Tensor::from_codes({M, K}, x)}});
  REQUIRE(want[0].codes.size() == M * N);
  CHECK(got == want[0].codes);
  CHECK(g.constraints().size() == PK);
}
