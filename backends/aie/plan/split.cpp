// A layer's split over PK cascade stages x PN parallel chains, its padding and register blocking,
// and the automatic choice of the split: the fastest predicted layer that fits the tiles, then the
// fewest tiles among splits within 1% of the fastest.
#include <cmath>

#include "backends/aie/plan/make_plan.hpp"

namespace aiem::aie {

namespace {
std::int64_t ceil_div(std::int64_t a, std::int64_t b) { return (a + b - 1) / b; }
std::int64_t round_up(std::int64_t v, std::int64_t m) { return ceil_div(v, m) * m; }
}  // namespace

std::int64_t slice_granule(const LayerPlan& l) {
  const bool window = l.pw.op == PointwisePlan::Op::im2col || l.pw.op == PointwisePlan::Op::pool;
  if (!window) return kPointwiseLanes;
  if (!l.pw.window.vector) return std::max(l.a.per_word(), l.out.per_word());
  // Vector forms: im2col slices whole pixels, maxpool whole 128-bit vectors of channels (pixel
  // pairs: the whole 8-byte pixel).
  return l.pw.op == PointwisePlan::Op::im2col || l.pw.window.pairs ? l.pw.window.c : vector_elems(l.a);
}

void apply_split(LayerPlan& l, int PK, int PN) {
  l.PK = PK;
  l.PN = PN;
  if (!l.is_dense()) {  // pointwise: column slices of whole vectors, every row
    l.RM = l.RN = 1;
    l.M_pad = l.M;
    l.NS = l.KS = round_up(ceil_div(l.N, PN), slice_granule(l));
    if (l.pw.op == PointwisePlan::Op::im2col)  // every slice reads whole rows (of whole vectors, vector form)
      l.KS = l.pw.window.vector ? l.pw.window.c : round_up(l.K, l.a.per_word());
    if (l.pw.whole_rows()) {
      // Scalar kernels: the whole input row, and output rows of whole 32-bit words only (no
      // vector lanes to fill, so no padding to 16 columns to write). A concat's parts arrive as
      // their buffers hold them: rows of whole words.
      l.KS = l.pw.op == PointwisePlan::Op::concat ? round_up(l.K, l.a.per_word()) : round_up(l.K, kPointwiseLanes);
      l.NS = round_up(l.N, l.out.per_word());
    }
    return;
  }
  // Two row blocks and two column blocks per k step keep four accumulators busy when the layer is
  // big enough; a single block avoids padding a tiny batch or slice.
  l.RM = l.M > l.mt.m ? 2 : 1;
  l.KS = round_up(ceil_div(l.K, PK), l.mt.k);
  std::int64_t ns = ceil_div(l.N, PN);
  l.RN = ns > l.mt.n ? 2 : 1;
  if (l.product.matrices > 1) {
    // Several matrices one after the other: a register block stays within one matrix's rows, and
    // the matrices' rows of the operand (K each, or N transposed) are not padded between them.
    const std::int64_t rows = l.M / l.product.matrices;
    l.RM = rows % (2 * l.mt.m) == 0 ? 2 : 1;
    if (l.product.transposed && ns % (2 * l.mt.n) != 0) l.RN = 1;
  }
  if (l.conv.on()) {
    // A direct convolution's rows are the image's output pixels, read in place: no padding rows,
    // and with one column block four row blocks share each B load (its A loads are unaligned, two
    // each, so two row blocks would leave the loads the bound).
    l.RM = l.M % (4 * l.mt.m) == 0 && l.RN == 1 ? 4 : l.M % (2 * l.mt.m) == 0 ? 2 : 1;
  }
  l.M_pad = round_up(l.M, std::int64_t{l.mt.m} * l.RM);
  l.NS = round_up(ns, std::int64_t{l.mt.n} * l.RN);
}

bool product_split_allowed(const LayerPlan& l, int PK, int PN) {
  if (!l.streams_weights() || l.product.matrices == 1) return true;
  // Each stage's or chain's slice of every matrix would take a third memory-tile access loop.
  return l.product.transposed ? PN == 1 : PK == 1;
}

}  // namespace aiem::aie
