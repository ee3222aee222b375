// Which loop the window kernels (window.hpp) run, as one constexpr rule that the kernels and the
// performance model (ir/ops/conv/aie_cost.cpp) both call. No ADF or AIE API dependency: the host
// compiler includes it too.
#pragma once

namespace aiem_kernels {

// Whether every window of the output lies inside the image (no padding, and the last window ends
// inside): the vector maxpool then reads each window's pixels without a bounds test, as one
// unrolled body per output vector that the compiler software-pipelines over the output pixels.
constexpr bool window_interior(unsigned h, unsigned w, unsigned oh, unsigned ow, unsigned kh, unsigned kw, unsigned sh,
                               unsigned sw, unsigned dh, unsigned dw, unsigned ph, unsigned pw) {
  return ph == 0 && pw == 0 && (oh - 1) * sh + (kh - 1) * dh < h && (ow - 1) * sw + (kw - 1) * dw < w;
}

// Whether the vector maxpool takes pixel pairs: pixels of 8 bytes (8 int8 or 4 int16 channels)
// in rows of 8 bytes in and out, a 2-wide window of W stride 2 inside the image, an even output
// width and input rows of whole 256-bit vectors (W a multiple of 4). A 256-bit load then holds
// the 4 input pixels of 2 output pixels, the 2-wide maxima are an even/odd chunk filter, and the
// transfers carry no padding channels.
constexpr bool maxpool_pairs(unsigned pixel_bytes, unsigned in_stride_bytes, unsigned out_stride_bytes, bool interior,
                             unsigned w, unsigned ow, unsigned kw, unsigned sw, unsigned dw) {
  return pixel_bytes == 8 && in_stride_bytes == 8 && out_stride_bytes == 8 && interior && kw == 2 && sw == 2 &&
         dw == 1 && ow % 2 == 0 && w % 4 == 0;
}

}  // namespace aiem_kernels
