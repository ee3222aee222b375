#include "kernels.h"

void offset(adf::input_buffer<int32, adf::extents<8>>& in, int32 delta, adf::output_stream<int32>* out) {
  for (unsigned i = 0; i < 8; ++i) writeincr(out, in.data()[i] + delta);
}
