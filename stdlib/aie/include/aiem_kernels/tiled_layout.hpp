// The tiled matrix layouts the dense kernels read and write, as plain constexpr index arithmetic.
// This header uses no AIE API, so the same code serves three places: the kernels (block offsets),
// the backend (packing weights into kernel sources, describing memory-tile tilings) and the tests.
//
// A rows x cols matrix (both already padded to multiples of the block) is cut into br x bc blocks.
// Blocks are stored in row-major block order ([row_block][col_block]) and every block is stored
// row-major, so one block is one contiguous vector:
//   activations x: blocks TM x TK   ("A-tiled")
//   weights     w: blocks TK x TN   ("B-tiled")
//   results     y: blocks TM x TN   ("C-tiled")
// These are exactly the operand layouts of aie::mmul (A, B and C row-major in their vectors).
#pragma once

namespace aiem_kernels::layout {

// n rounded up to a multiple of m (m > 0).
constexpr unsigned pad_to(unsigned n, unsigned m) { return (n + m - 1) / m * m; }

struct Coord {
  unsigned row;
  unsigned col;
};

struct Tiled {
  unsigned rows;  // padded: a multiple of br
  unsigned cols;  // padded: a multiple of bc
  unsigned br;    // block rows
  unsigned bc;    // block columns

  constexpr unsigned row_blocks() const { return rows / br; }
  constexpr unsigned col_blocks() const { return cols / bc; }
  constexpr unsigned block_elems() const { return br * bc; }
  constexpr unsigned size() const { return rows * cols; }
  // True when rows and cols are whole numbers of blocks (required by every kernel).
  constexpr bool valid() const { return br > 0 && bc > 0 && rows % br == 0 && cols % bc == 0; }

  // Offset (in elements) of block (rb, cb).
  constexpr unsigned block_offset(unsigned rb, unsigned cb) const {
    return (rb * col_blocks() + cb) * block_elems();
  }
  // Offset of element (r, c) of the padded matrix.
  constexpr unsigned offset(unsigned r, unsigned c) const {
    return block_offset(r / br, c / bc) + (r % br) * bc + c % bc;
  }
  // Inverse of offset().
  constexpr Coord coord(unsigned off) const {
    const unsigned block = off / block_elems(), in = off % block_elems();
    return {block / col_blocks() * br + in / bc, block % col_blocks() * bc + in % bc};
  }
};

// A direct convolution's x (dense.hpp with a ConvImage): the zero-padded input image as `cb`
// planes of `tk` channels, [cb][batch][hp][wp][tk], which the memory tile's read tiling makes from
// the channels-last rows. Row m of the product is output pixel (b, oh, ow) (ow fastest, `ow` per
// output row), and its K block kb = tap * cb + plane, taps (i, j) row-major over `kh` x `kw`. With
// a W stride of 1, TM consecutive rows of one output row read TM consecutive pixels of one plane:
// a contiguous TM x tk block, the mmul's A operand, at offset(m, kb). `rows` = batch · oh · ow: the
// padding rows of the product read the last real block, the padding K blocks the first (their
// weight rows are zero). All zero (`batch` = 0): not a convolution.
struct ConvImage {
  unsigned batch = 0, oh = 0, ow = 0, hp = 0, wp = 0, kh = 0, kw = 0, sh = 0, dh = 0, dw = 0, cb = 0, tk = 0, tm = 0;

  constexpr bool on() const { return batch > 0; }
  constexpr unsigned rows() const { return batch * oh * ow; }
  constexpr unsigned plane() const { return batch * hp * wp * tk; }
  constexpr unsigned size() const { return cb * plane(); }
  constexpr unsigned offset(unsigned m, unsigned kb) const {
    if (m + tm > rows()) m = rows() - tm;
    if (kb >= kh * kw * cb) kb = 0;
    const unsigned row = m / ow, x = m % ow, b = row / oh, y = row % oh;
    const unsigned tap = kb / cb, c = kb % cb, i = tap / kw, j = tap % kw;
    return c * plane() + ((b * hp + y * sh + i * dh) * wp + x + j * dw) * tk;
  }
};

// A logical rows x cols matrix (row-major, leading dimension ld >= cols) into the tiled layout t,
// converting each element with T(x); elements of the padding (r >= rows or c >= cols) are zero.
// rows <= t.rows and cols <= t.cols.
template <class T, class Src>
constexpr void pack(const Src* src, unsigned rows, unsigned cols, unsigned ld, const Tiled& t, T* out) {
  for (unsigned off = 0; off < t.size(); ++off) {
    const Coord p = t.coord(off);
    out[off] = (p.row < rows && p.col < cols) ? T(src[p.row * ld + p.col]) : T(0);
  }
}

// The logical rows x cols part of a tiled matrix back to row-major (leading dimension ld).
template <class T, class Dst>
constexpr void unpack(const T* tiled, const Tiled& t, unsigned rows, unsigned cols, unsigned ld, Dst* dst) {
  for (unsigned r = 0; r < rows; ++r)
    for (unsigned c = 0; c < cols; ++c) dst[r * ld + c] = Dst(tiled[t.offset(r, c)]);
}

}  // namespace aiem_kernels::layout
