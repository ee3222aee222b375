// The dense kernel as a direct convolution (a dense_config with a ConvImage): x is the zero-padded
// image in planes of TK channels, each A block read where the window puts it. Checked against
// the convolution's definition (every output pixel's window times the weights, exact, then the
// oracle's requantization), with the image's planes built here from the definition too, not by
// ConvImage::offset. Compiled for both architectures.
#include <aiem_kernels/dense.hpp>

#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <type_traits>
#include <vector>

#include "dense_runner.hpp"

namespace {

using aiem_kernels::Overflow;
using aiem_kernels::Requant;
using aiem_kernels::Rounding;
using aiem_kernels::Scale;
using aiem_kernels::Tiling;
using aiem_kernels::layout::ConvImage;
using kref::i64;

struct Geometry {
  unsigned batch, h, w, c, kh, kw, sh, dh, dw, ph, pw, n;
  constexpr unsigned oh() const { return (h + 2 * ph - dh * (kh - 1) - 1) / sh + 1; }
  constexpr unsigned ow() const { return w + 2 * pw - dw * (kw - 1); }  // W stride 1
};

constexpr unsigned round_up(unsigned v, unsigned m) { return (v + m - 1) / m * m; }

constexpr ConvImage image_of(const Geometry& g, unsigned tk, unsigned tm) {
  ConvImage im;
  im.batch = g.batch, im.oh = g.oh(), im.ow = g.ow();
  im.hp = (g.oh() - 1) * g.sh + (g.kh - 1) * g.dh + 1;
  im.wp = g.ow() + (g.kw - 1) * g.dw;
  im.kh = g.kh, im.kw = g.kw, im.sh = g.sh, im.dh = g.dh, im.dw = g.dw;
  im.cb = round_up(g.c, tk) / tk, im.tk = tk, im.tm = tm;
  return im;
}

template <class TA, class TW, class TO, class Acc, Geometry G, unsigned TM, unsigned TK, unsigned TN, unsigned RM,
          unsigned RN, Requant Q>
struct Case {
  static constexpr ConvImage im = image_of(G, TK, TM);
  static constexpr unsigned M = G.batch * G.oh() * G.ow(), taps = G.kh * G.kw, cp = im.cb * TK, K = taps * cp,
                            Np = round_up(G.n, TN * RN);
  using cfg = aiem_kernels::dense_config<TA, TW, TO, Acc, Tiling{M, K, Np, TM, TK, TN, RM, RN}, Q, true,
                                         aiem_kernels::Product{}, im>;

  static void check(std::uint64_t seed, const std::string& what) {
    std::mt19937_64 gen(seed);
    const i64 x_lo = kref::lo_of<TA>(), x_hi = kref::hi_of<TA>();
    const auto x = kref::random_codes(gen, std::size_t(G.batch) * G.h * G.w * G.c, x_lo, x_hi);  // [b][h][w][c]
    const auto w = kref::random_codes(gen, std::size_t(taps) * G.c * G.n, kref::lo_of<TW>(), kref::hi_of<TW>());
    const auto bias = kref::random_codes(gen, G.n, -(i64(1) << 20), i64(1) << 20);
    auto at = [&](unsigned b, int r, int s, unsigned ch) -> i64 {
      if (r < 0 || r >= int(G.h) || s < 0 || s >= int(G.w) || ch >= G.c) return 0;
      return x[((std::size_t(b) * G.h + unsigned(r)) * G.w + unsigned(s)) * G.c + ch];
    };

    // The padded image: plane p holds channels [p·TK, (p+1)·TK) of every (b, row, column).
    kref::Aligned<TA> img(im.size());
    std::size_t idx = 0;
    for (unsigned p = 0; p < im.cb; ++p)
      for (unsigned b = 0; b < G.batch; ++b)
        for (unsigned r = 0; r < im.hp; ++r)
          for (unsigned s = 0; s < im.wp; ++s)
            for (unsigned t = 0; t < TK; ++t) img[idx++] = TA(at(b, int(r) - int(G.ph), int(s) - int(G.pw), p * TK + t));
    // Weights as the kernel takes them: [tap][cp][N], zero rows for the padding channels, B-tiled.
    std::vector<i64> wp(std::size_t(K) * G.n, 0);
    for (unsigned t = 0; t < taps; ++t)
      for (unsigned ch = 0; ch < G.c; ++ch)
        for (unsigned n = 0; n < G.n; ++n) wp[(std::size_t(t) * cp + ch) * G.n + n] = w[(std::size_t(t) * G.c + ch) * G.n + n];
    auto wt = kref::tile<TW>(wp, K, G.n, K, Np, TK, TN);
    using D = aiem_kernels::dense<cfg>;
    kref::Aligned<typename D::bias_type> bt(Np);
    for (unsigned n = 0; n < G.n; ++n) bt[n] = typename D::bias_type(bias[n]);
    kref::Aligned<TO> y(std::size_t(M) * Np);
    D::single(img.data(), wt.data(), bt.data(), y.data());
    const auto got = kref::untile(y.data(), M, G.n, Np, TM, TN);

    // The definition: each output pixel's window (rows (i, j) taps, then channels) times w.
    std::vector<i64> windows(std::size_t(M) * taps * G.c);
    idx = 0;
    for (unsigned b = 0; b < G.batch; ++b)
      for (unsigned oh = 0; oh < G.oh(); ++oh)
        for (unsigned ow = 0; ow < G.ow(); ++ow)
          for (unsigned i = 0; i < G.kh; ++i)
            for (unsigned j = 0; j < G.kw; ++j)
              for (unsigned ch = 0; ch < G.c; ++ch)
                windows[idx++] = at(b, int(oh * G.sh + i * G.dh) - int(G.ph), int(ow + j * G.dw) - int(G.pw), ch);
    const auto want = kref::dense(windows, w, bias, M, taps * G.c, G.n, kref::spec_of<TO>(Q));
    kref::require_same(got, want, G.n, what);
  }
};

constexpr Requant q8{.width = 8, .rounding = Rounding::RND_CONV, .overflow = Overflow::SAT, .shift = 9};
constexpr Requant q16{.width = 16, .rounding = Rounding::RND, .overflow = Overflow::SAT, .shift = 6};

}  // namespace

TEST_CASE("a direct convolution reads each window in place from the padded image", "[conv_direct]") {
  // aie4ml's published shapes: 3x3, padding 1, 8 -> 8 channels over 8x8 (four row blocks per B
  // load) and 8 -> 16 over 16x16 (2 x 2 blocks).
  Case<int8, int8, int8, acc32, Geometry{1, 8, 8, 8, 3, 3, 1, 1, 1, 1, 1, 8}, 4, 8, 8, 4, 1, q8>::check(1, "8x8 8->8");
  Case<int8, int8, int8, acc32, Geometry{2, 16, 16, 8, 3, 3, 1, 1, 1, 1, 1, 16}, 4, 8, 8, 2, 2, q8>::check(2, "16x16 8->16");
  // One spatial axis (conv1d), dilation 2, fewer channels than a plane (zero channels 5..7).
  Case<int8, int8, int8, acc32, Geometry{3, 1, 20, 5, 1, 5, 1, 1, 2, 0, 4, 8}, 4, 8, 8, 1, 1, q8>::check(3, "conv1d");
  // Two planes (12 channels in 16), a vertical stride and dilation, no padding, 12 output channels.
  Case<int8, int8, int8, acc32, Geometry{2, 11, 10, 12, 2, 3, 2, 2, 1, 0, 0, 12}, 4, 8, 8, 2, 2, q8>::check(4, "strided");
}

TEST_CASE("a direct convolution of 16-bit activations reads planes of the 16-bit shape's TK", "[conv_direct]") {
  // int16 x int8: 4x4x8 (acc32 on AIE-ML, acc64 on AIE-MLv2): planes of 4 channels.
  using Acc = std::conditional_t<__AIE_ARCH__ == 20, acc32, acc64>;
  Case<int16, int8, int16, Acc, Geometry{2, 6, 8, 6, 3, 3, 1, 1, 1, 1, 1, 8}, 4, 4, 8, 2, 1, q16>::check(5, "int16");
}
