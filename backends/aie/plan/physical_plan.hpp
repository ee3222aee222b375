#pragma once
// The physical plan: how a lowered IR graph maps onto the AIE array. Each op becomes a layer: a
// block of PK x PN kernels of one op family. A dense layer is PN parallel cascade chains of PK
// stages (the cascade splits K, the chains split N) running one dense_config of the kernel library
// (stdlib/aie); a pointwise layer (elementwise add/sub/mul, lookup tables) is PN kernels, one per
// column slice (PK = 1). Layers form a DAG: each reads its activation operands from graph inputs or
// other layers (`sources`), and a tensor may feed any number of layers and graph outputs. Every
// edge goes through a memory-tile shared buffer whose tilings re-lay data from the producer's
// layout into each consumer's (or, between two dense layers whose layouts agree, kernel to kernel).
// The plan is what emission, the resource check, the performance model and the placement read; it
// never changes the IR.
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "backends/aie/device/device.hpp"
#include "ir/graph.hpp"
#include "ir/numeric/fixed_format.hpp"
#include "ir/numeric/requantize.hpp"
#include "stdlib/aie/include/aiem_kernels/tiled_layout.hpp"
#include "stdlib/aie/include/aiem_kernels/window_schedule.hpp"

namespace aiem::aie {

// An integer element type of a buffer: the container of a FixedFormat.
struct ElemType {
  int bits = 8;
  bool is_signed = true;
  std::string ctype() const;  // "int8", "uint16", ...
  int bytes() const { return bits / 8; }
  // Elements in one 32-bit word: DMA lengths, strides, offsets and padding on AIE-ML are counted in
  // 32-bit words (AM020 "AIE-ML Memory Tile DMA"; UG1603 tiling parameters), so every extent of a
  // buffer's contiguous dimension is a multiple of this.
  std::int64_t per_word() const { return 4 / bytes(); }
  bool operator==(const ElemType&) const = default;
};

// One aie::mmul shape.
struct Microtile {
  int m = 4, k = 8, n = 8;
  bool operator==(const Microtile&) const = default;
};

// The output conversion of a dense layer, in the kernel library's terms.
struct RequantPlan {
  num::FixedFormat out;  // declared output type (width may be below the container)
  int shift = 0;         // right shift from accumulator scale to output scale
  std::optional<num::ScaleMultiplier> multiplier;  // non-power-of-two scale (per tensor)
  std::vector<std::int32_t> column_multipliers;    // per output unit (N entries), all with `shift`
  std::int64_t zero = 0;
  bool relu = false;
  int acc_bound_bits = 0;  // every final sum fits a signed integer this wide (from the IR's plan)
};

// The op families of the AIE backend (docs/architecture.md, "Op families").
enum class Family { dense, pointwise };

// Where a layer's activation operand comes from: graph input `input` (Plan::inputs), the result of
// layer `layer`, or view `view` (Plan::views); exactly one is >= 0. A slice of it is a column
// window [col0, col0 + cols) (cols < 0: all): read in place, zero-copy, by the reader's tiling.
struct Source {
  int layer = -1;
  int input = -1;
  int view = -1;
  std::int64_t col0 = 0;
  std::int64_t cols = -1;
  bool operator==(const Source&) const = default;
};

// A concatenation along the feature axis: a memory-tile buffer that its parts' buffers write into,
// each at its column offset (memory tile to memory tile, no compute tile).
// A join along the rows (`row_join`: the bands of a spatially split conv) is written in place: the
// rows are [samples][rows / samples], each part's producer (a dense layer read by nothing else)
// writes its result, samples [sample0, sample0 + part samples) x rows [row0, row0 + part rows) of
// them and every column, straight into the view's buffer (no copy).
struct ViewPlan {
  std::string name;  // the model's name of the result
  ElemType elem;
  std::int64_t rows = 0, cols = 0;
  bool row_join = false;
  std::int64_t samples = 1;
  struct Part {
    Source source;
    std::int64_t offset = 0, cols = 0;
    std::int64_t sample0 = 0, samples = 0, row0 = 0, rows = 0;  // row_join
  };
  std::vector<Part> parts;
};

// A pointwise layer's computation on each element (stdlib/aie pointwise.hpp), in integer codes:
//   add/sub: requant((a << shift_a) +- (b << shift_b)) (requant: RequantPlan, from the common scale);
//   mul:     requant(a * b);
//   lookup:  table[a - first_code], the IR's table (the result codes);
//   transpose: the input seen as perm_dims [d0, d1, d2, d3] (row-major, rows of K = d3 columns),
//            its axes permuted (output axis i is input axis perm[i]): M rows of N columns;
//   reshape: in_rows x K elements re-read row-major as M x N (a change of the rows, e.g. a flatten);
//   concat: each row of a (K columns) followed by the same row of b (b_cols columns): a join whose
//            parts do not meet on a 32-bit word, which memory-tile DMA cannot write;
//   slice:   the rows of the input seen as [outer, in_a, inner] (rows of K columns): rows start +
//            i * step of the middle axis, and of each row columns col_start + j * col_step (a
//            slice that is no window of whole words: a step, a start inside a word, an inner axis);
//   pad:     each sample's in_rows / batch rows of K columns placed at row pad_rows_before and column
//            pad_cols_before of M / batch rows of N columns, the rest `fill`.
struct PointwisePlan {
  enum class Op { add, sub, mul, lookup, transpose, reshape, concat, pad, slice, reduce, softmax, norm, matmul, im2col, pool };
  Op op = Op::add;
  ElemType b;  // the second operand's container (add/sub/mul)
  int shift_a = 0, shift_b = 0;
  std::int64_t first_code = 0;
  std::vector<std::int64_t> table;  // lookup: one result code per input code from first_code
  std::vector<std::int64_t> b_const;  // add/sub/mul by a constant: its codes, one per output column (else empty)
  std::int64_t in_rows = 0;         // rows of the operands (M, except for a transpose)
  std::int64_t batch = 1;           // pad: the samples
  std::array<std::int64_t, 4> perm_dims{1, 1, 1, 1};  // transpose
  std::array<int, 4> perm{0, 1, 2, 3};
  struct Slice {
    std::int64_t outer = 1, in_a = 1, inner = 1, out_a = 1, start = 0, step = 1, col_start = 0, col_step = 1;
  } slice;
  std::int64_t b_cols = 0;          // concat: the second part's columns
  // concat along an axis before the last: for each of `outer` blocks, a_rows rows of a then b_rows
  // rows of b (K = b_cols = N columns)
  struct Join {
    bool rows = false;
    std::int64_t outer = 1, a_rows = 0, b_rows = 0;
  } join;
  std::int64_t pad_rows_before = 0, pad_cols_before = 0, fill = 0;  // pad
  // add/sub/mul with b broadcast (numpy): row r of a meets row r / b_period of b (b_rows rows), and
  // with b_scalar each row of b is one value (one column) for every column of a.
  std::int64_t b_period = 1, b_rows = 0;
  bool b_scalar = false;
  bool broadcast() const { return b_period != 1 || b_scalar; }
  // Row kernels (rows.hpp, the normalization family): reduce over [outer][red][mid] rows (with
  // `last`, over each block's rows and columns), softmax and layernorm/rmsnorm of each row; the
  // constants of their definitions (normalization.hpp). Their tables (softmax's exp, the norms' gain
  // then bias) are int32 codes in `table`.
  struct Rows {
    std::int64_t outer = 1, red = 1, mid = 1;
    bool last = false, max = false;
    int up = 0;
    std::int64_t den = 1;
    int den_shift = 0;
    bool centered = true, has_gamma = false, has_beta = false;
    int guard = 0;
    std::int64_t eps_term = 0;
    int shift_d = 0, shift_b = 0, shift_s = 0, beta_up = 0, beta_down = 0;
    bool transpose_b = false;  // matmul: b read as [N, K]
    int down = 0;              // matmul: the right shift of its sum (up: the left shift)
    bool reciprocal = false;   // softmax: one reciprocal per line, a multiply per element
  } rows;
  // Window kernels (window.hpp, the conv family): the input as [batch][h][w] rows of c columns, the
  // output [batch][oh][ow] rows; im2col writes each output position's kh·kw·c window codes (0 for
  // padding) as one row, pool its max or its average per channel, as y = overflow(round(v · 2^up /
  // (n · 2^down))) with n the count (1 for max).
  struct Window {
    std::int64_t batch = 1, h = 1, w = 1, c = 1, oh = 1, ow = 1, kh = 1, kw = 1, sh = 1, sw = 1, dh = 1, dw = 1, ph = 0,
                 pw = 0;
    bool max = false, include_pad = false;
    int up = 0, down = 0;
    // The vector forms: every pixel's channels are whole 128-bit vectors. im2col moves a pixel per
    // load and store (c is then the channels padded to 16 bytes; the dense weights have zero rows
    // for the padding), maxpool takes the max a vector of channels at a time.
    bool vector = false;
    // The vector maxpool's pixel pairs (window_schedule.hpp maxpool_pairs): pixels of 8 bytes in
    // rows of 8 bytes, no padding channels moved; its slice is the whole pixel.
    bool pairs = false;
    // A band of a spatially split window layer (ir/ops/conv/aie_bands.cpp): the image above is the
    // part of the source's src_samples x src_h x src_w that its windows reach, from sample s0, row
    // y0 and column x0 (its ph and pw the padding where that part meets the image's edge).
    std::int64_t src_samples = 0, src_h = 0, src_w = 0, s0 = 0, y0 = 0, x0 = 0;
    bool band() const { return src_samples > 0; }
    // Whether every window lies inside the image (window_schedule.hpp window_interior: the rule the
    // kernel applies).
    bool interior() const {
      return aiem_kernels::window_interior(unsigned(h), unsigned(w), unsigned(oh), unsigned(ow), unsigned(kh),
                                           unsigned(kw), unsigned(sh), unsigned(sw), unsigned(dh), unsigned(dw),
                                           unsigned(ph), unsigned(pw));
    }
  } window;
  // Re-layout kernels (transpose, reshape, concat, im2col): one kernel, scalar moves, whole rows.
  bool relayout() const {
    return op == Op::transpose || op == Op::reshape || op == Op::concat || op == Op::pad || op == Op::slice ||
           op == Op::im2col;
  }
  // matmul (rows.hpp too): `outer` matrix pairs, b rows of b_cols columns (b_rows in all).
  bool row_kernel() const { return op == Op::reduce || op == Op::softmax || op == Op::norm || op == Op::matmul; }
  // One kernel that holds every row of its input and output (no column slices).
  // (im2col is split in column slices of its rows, each kernel reading the whole image; a pool in
  // channel slices, like an elementwise op.)
  bool whole_rows() const { return (relayout() && op != Op::im2col) || row_kernel(); }
  // The table's element type: int32 for the row kernels, else the result's container.
  bool int32_table() const { return op == Op::softmax || op == Op::norm; }
  std::string label;  // the op as the language spells it ("add", "sigmoid", ...)
};

struct LayerPlan {
  Family family = Family::dense;
  std::vector<Source> sources;  // activation operands: dense x; pointwise a (and b)
  PointwisePlan pw;             // pointwise only
  std::string name;   // the model's name (diagnostics, report)
  std::string ident;  // its C++ identifier in the project (identifiers.hpp)
  ir::NodeId node = 0;
  // Rows (batch), reduction, units: logical sizes. Pointwise: M rows of N columns, K = N.
  std::int64_t M = 0, K = 0, N = 0;
  // Dense: the products per output that the op really has, when K holds zero weight rows (a
  // conv's padding channels, a grouped conv's block-diagonal matrix); 0: K. MACs and MAC use count
  // these, the kernel's cycles all of K.
  std::int64_t useful_K = 0;
  std::int64_t useful_macs() const { return M * (useful_K > 0 ? useful_K : K) * N; }
  ElemType a, w, out;
  int acc_bits = 32;
  bool has_bias = false;
  RequantPlan requant;
  Microtile mt;
  int RM = 1, RN = 1;  // register blocking
  int PK = 1, PN = 1;
  std::int64_t M_pad = 0, KS = 0, NS = 0;  // per-kernel padded sizes
  bool from_hint = false;  // PK/PN given by @tiles
  // The input comes straight from the source layer's chain tails (no memory tile): chain j of the
  // producer feeds cascade stage j of every consumer chain (dense to dense only; needs producer
  // PN == consumer PK, producer NS == consumer KS and equal row blocking, and the producer's result
  // read by this layer alone).
  bool direct_input = false;
  std::optional<std::array<int, 2>> at;  // @at(col, row): where kernel [0][0] must go
  const std::vector<std::int64_t>* w_codes = nullptr;  // [K][N] row-major
  // Weights the planner made (a grouped conv's block-diagonal matrix): w_codes points here, and
  // copies of the plan share them.
  std::shared_ptr<const std::vector<std::int64_t>> w_owned;
  const std::vector<std::int64_t>* b_codes = nullptr;  // [N] at accumulator scale
  // A dense layer that is a product of two activations (matmul): its weights are the second
  // operand, sources[1], which each kernel's second input buffer receives from the operand's
  // memory-tile buffer (stage pk's K slice and chain pn's N slice: B-tiled, or `transposed` as the
  // TN x TK blocks of its N x K rows, turned in registers) instead of a table. x holds `matrices`
  // matrices of M / matrices rows one after the other (attention's heads), each against its own
  // matrix of the operand.
  struct Product {
    bool on = false;
    std::int64_t matrices = 1;
    bool transposed = false;
  } product;
  bool streams_weights() const { return product.on; }
  // A direct convolution (ir/ops/conv): x is the zero-padded image `image` (CB planes of TK
  // channels, tiled_layout.hpp ConvImage), which the memory tile reads from the source's
  // channels-last rows of `c` real channels over `samples` images of h x w, padding `ph` rows above
  // and `pw` columns left (zeros beyond the image and the channels: the tiling's boundary); each
  // kernel's dense loop reads its K slice's blocks where the window puts them. Every stage holds
  // the whole image. A band of a spatially split conv (ir/ops/conv/aie_lower.cpp) computes the
  // image.batch samples from `s0`, their image.oh output rows from `r0` and image.ow output columns
  // from `x0`: its image starts at source row r0 · sh - ph, column x0 - pw of sample s0 (the rows
  // and columns its windows reach, the halo included).
  struct Conv {
    aiem_kernels::layout::ConvImage image;
    std::int64_t h = 0, w = 0, c = 0, ph = 0, pw = 0;
    std::int64_t samples = 0, s0 = 0, r0 = 0, x0 = 0;
    bool on() const { return image.on(); }
  } conv;
  // The published runs' kernel (aie4ml's: one pipelined k loop per output group), which the
  // perf model's reference plans (perf/plan_builder.hpp) describe; aiemc's own plans use dense.hpp.
  bool aie4ml_kernel = false;
  // Whether this layer's dense kernel software-pipelines its loop over output groups
  // (stdlib/aie/include/aiem_kernels/dense_schedule.hpp, the rule dense.hpp applies).
  bool pipelines_groups() const;
  std::int64_t K_pad() const { return PK * KS; }
  std::int64_t N_pad() const { return PN * NS; }
  int tiles() const { return PK * PN; }
  // The project's names for this layer, all derived from `ident` (identifiers.hpp keeps them distinct).
  std::string kernel_name(int pn, int pk) const;   // kernel function and source stem: "fc1_n0_k1"
  std::string weight_table(int pn, int pk) const;  // "fc1_w_n0_k1"
  std::string bias_table(int pn) const;            // "fc1_b_n0"
  std::string scale_table(int pn) const;           // per-column multipliers: "fc1_s_n0"
  std::string config_name() const;                 // "fc1_config"
  // Bytes of one kernel's buffers in tile data memory.
  // Elements of one kernel's x buffer: its rows of KS, or a direct convolution's image.
  std::int64_t x_elems() const { return conv.on() ? std::int64_t(conv.image.size()) : (is_dense() ? M_pad : pw.in_rows) * KS; }
  std::int64_t x_bytes() const { return x_elems() * a.bytes(); }
  std::int64_t w_bytes() const { return product.matrices * KS * NS * w.bytes(); }
  std::int64_t b_bytes() const { return has_bias ? NS * (acc_bits / 8) : 0; }
  std::int64_t y_bytes() const { return M_pad * NS * out.bytes(); }
  std::int64_t x2_bytes() const { return streams_weights() ? w_bytes() : b_elems() * pw.b.bytes(); }
  // Columns a kernel reads of operand `slot` per row (its buffer's row stride).
  std::int64_t slot_cols(int slot) const {
    if (slot != 1 || family != Family::pointwise) return KS;
    if (pw.op == PointwisePlan::Op::concat) return b_stride();
    if (pw.op == PointwisePlan::Op::matmul) return (pw.b_cols + 15) / 16 * 16;
    return pw.b_scalar ? pw.b.per_word() : KS;
  }
  // The first column a kernel reads of operand `slot` (relative to the window), for its slice pn.
  // An im2col kernel reads the whole image whatever its slice.
  std::int64_t slot_col0(int slot, int pn) const {
    if (family == Family::pointwise && ((slot == 1 && pw.b_scalar) || (slot == 0 && pw.op == PointwisePlan::Op::im2col)))
      return 0;
    return pn * slot_cols(slot);
  }
  // Rows a kernel reads of operand `slot`.
  std::int64_t slot_rows(int slot) const {
    if (slot == 1 && family == Family::pointwise && pw.op == PointwisePlan::Op::concat && pw.join.rows)
      return pw.join.outer * pw.join.b_rows;
    if (slot == 1 && family == Family::pointwise && pw.op == PointwisePlan::Op::matmul) return pw.b_rows;
    return slot == 1 && family == Family::pointwise && pw.broadcast() ? pw.b_rows : (is_dense() ? M_pad : pw.in_rows);
  }
  // A concat's second part, rows of whole words.
  std::int64_t b_stride() const { return (pw.b_cols + pw.b.per_word() - 1) / pw.b.per_word() * pw.b.per_word(); }
  // Elements of a pointwise kernel's second operand buffer (0 when it has none).
  std::int64_t b_elems() const {
    if (family != Family::pointwise || !pw.b_const.empty()) return 0;
    if (pw.op == PointwisePlan::Op::concat) return slot_rows(1) * b_stride();
    if (pw.op == PointwisePlan::Op::matmul) return pw.b_rows * slot_cols(1);
    const bool binary = pw.op == PointwisePlan::Op::add || pw.op == PointwisePlan::Op::sub || pw.op == PointwisePlan::Op::mul;
    if (binary && pw.broadcast()) return pw.b_rows * slot_cols(1);
    return binary ? M_pad * NS : 0;
  }
  // A lookup table (result codes), or a constant operand's slice (NS codes of its type).
  std::int64_t table_bytes() const {
    if (!pw.b_const.empty()) return NS * pw.b.bytes();
    return std::int64_t(pw.table.size()) * (pw.int32_table() ? 4 : out.bytes());
  }
  bool is_dense() const { return family == Family::dense; }
};

// A graph input: the rows x cols codes (row-major) one PLIO, or one per cascade stage of its only
// reader, carries in.
struct InputPlan {
  std::string name;
  ElemType elem;
  std::int64_t rows = 0, cols = 0;  // as the array reads it (after `sample_perm`)
  // A transpose at the graph edge: when the input's only reader is a transpose (a CNN's
  // channels-first input), each sample, of per-sample shape `sample_shape` in the user's data,
  // arrives transposed by `sample_perm` (axis k of the arriving sample is axis sample_perm[k] of
  // the user's): the PLIO data files and the host program permute it, no kernel does.
  std::vector<std::int64_t> sample_shape;
  std::vector<int> sample_perm;
  // `codes`: whole samples in the user's layout, in the layout the PLIOs carry.
  std::vector<std::int64_t> arriving(const std::vector<std::int64_t>& codes) const;
};

// A graph output, leaving through one PLIO: `source` is a layer's result, a window of one (a
// slice) or a view (a concatenation); `layer` is the layer that produces it (for a view, the
// producer of its last part), which placement puts the PLIO near.
struct OutputPlan {
  std::string name;
  int layer = 0;
  Source source;
  // Output PLIOs carrying it, each a slice of whole 32-bit words of its columns (PlioPlan::col0):
  // a wide output leaves through several in parallel (make_plan chooses how many the interval needs).
  int plio_slices = 1;
};

// A memory-tile access pattern, ADF tiling_parameters in plain numbers (dimension 0 contiguous).
struct Tiling {
  std::vector<std::int64_t> buffer_dimension;
  std::vector<std::int64_t> tiling_dimension;
  std::vector<std::int64_t> offset;
  struct Step {
    int dimension = 0;
    std::int64_t stride = 0;
    std::int64_t wrap = 1;
  };
  std::vector<Step> traversal;
  std::vector<std::int64_t> boundary_dimension;  // empty: the buffer
  std::int64_t elements() const;
};

// Where a shared-buffer port's data comes from or goes to.
struct Endpoint {
  enum class Kind { Plio, Kernel, SharedBuffer };
  Kind kind = Kind::Plio;
  std::string plio;     // Plio
  int layer = -1;       // Kernel
  int pn = 0, pk = 0;   // Kernel
  int buffer = -1;      // SharedBuffer: index in Plan::buffers
  int port = 0;         // SharedBuffer: port index; Kernel: its input port (a pointwise operand)

  static Endpoint of_kernel(int layer, int pn, int pk) {
    Endpoint e;
    e.kind = Kind::Kernel;
    e.layer = layer;
    e.pn = pn;
    e.pk = pk;
    return e;
  }
  static Endpoint of_plio(std::string name) {
    Endpoint e;
    e.kind = Kind::Plio;
    e.plio = std::move(name);
    return e;
  }
  static Endpoint of_buffer(int buffer, int port) {
    Endpoint e;
    e.kind = Kind::SharedBuffer;
    e.buffer = buffer;
    e.port = port;
    return e;
  }
};

struct SharedBufferPlan {
  std::string name;  // "mt_in_x", "mt_fc1_fc2", "mt_fc1_fc2_r0_1" (relay)
  // What the buffer serves, so that placement can put it near its data: an input PLIO (`site_index`
  // into Plan::plios), the result of layer `site_index` (read by other layers, and by output PLIOs
  // when it is also a graph output), or an output PLIO (`site_index` into Plan::plios) of a result
  // no layer reads, or view `site_index` (Plan::views). Relays share the site of the buffer they
  // relay for.
  enum class Site { input, edge, output, view };
  Site site = Site::edge;
  int site_index = 0;
  ElemType elem;
  std::vector<std::int64_t> dims;  // {contiguous, rows}
  struct Port {
    Tiling tiling;
    std::vector<Endpoint> peers;  // writers: one source; readers: one or more destinations (broadcast)
  };
  std::vector<Port> in, out;
  int column = -1;  // memtile column (placement)
  std::int64_t bytes() const;
};

struct PlioPlan {
  std::string name;  // ADF PLIO name and member stem: a C++ identifier derived from the graph input/output
  bool is_input = true;
  ElemType elem;
  int width_bits = 128;
  std::string file;  // data/in_x.txt, data/out_fc4.txt
  std::string golden;  // outputs: data/golden_fc4.txt
  std::int64_t rows = 0, cols = 0;  // row-major contents per iteration: the real data columns
  // Columns per row on the stream: `cols` padded to a whole number of 32-bit words (DMA lengths and
  // strides are counted in words). The host and PL add the zero columns on input and drop them on
  // output; the data and golden files hold exactly what the stream carries.
  std::int64_t stream_cols = 0;
  std::int64_t stream_bytes() const { return rows * stream_cols * elem.bytes(); }
  std::int64_t col0 = 0;            // a slice (inputs per cascade stage, wide outputs): the first column carried
  int io = 0;                       // the graph input (Plan::inputs) or output (Plan::outputs) it carries
  int column = -1;  // shim column (placement)
};

struct Plan {
  std::string model;
  std::string model_ident;  // C++ identifier of the model (the graph class is <model_ident>_graph)
  Device device;
  int aie_arch = 20;  // __AIE_ARCH__
  std::int64_t batch = 1;  // the model's batch: samples per inference
  // Samples per graph iteration (0: the whole batch). When a whole batch does not fit, the layers
  // are planned for a divisor of it and a batch runs as batch / samples_per_iteration iterations;
  // every size in the layers, buffers and PLIOs is per iteration.
  std::int64_t samples_per_iteration = 0;
  std::int64_t iterations() const { return samples_per_iteration > 0 ? batch / samples_per_iteration : 1; }
  std::vector<LayerPlan> layers;  // in topological order (a DAG through LayerPlan::sources)
  std::vector<InputPlan> inputs;
  std::vector<OutputPlan> outputs;
  std::vector<ViewPlan> views;
  std::vector<SharedBufferPlan> buffers;
  std::vector<PlioPlan> plios;
  // Tile of kernel [layer][pn][pk] after placement.
  std::vector<std::vector<std::vector<std::array<int, 2>>>> tiles;
  int total_tiles() const;
  // Layers reading layer `producer`'s result (in order), and whether that result (or a window of it)
  // is a graph output.
  // consumers() counts direct readers only, not those reading through a view.
  std::vector<int> consumers(int producer) const;
  // Rows and (window) columns of what a source holds.
  std::int64_t rows_of(const Source& s) const;
  std::int64_t cols_of(const Source& s) const;
  // The code a source's padding columns hold: its producer's zero point (0 for graph inputs).
  std::int64_t padding_code(const Source& s) const;
  bool is_output(int layer) const;
  std::vector<int> memtile_columns() const;  // distinct columns of placed buffers, ascending
};

}  // namespace aiem::aie
