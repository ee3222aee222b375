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

}  // namespace aiem_kernels
