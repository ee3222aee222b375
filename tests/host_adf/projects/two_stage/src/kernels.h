// A hand-written two-kernel project in the layout aiemc build emits, for testing aiemc emulate.
#pragma once
#include <adf.h>

void square(adf::input_buffer<int16, adf::extents<8>>& in, adf::output_buffer<int32, adf::extents<8>>& out);
void offset(adf::input_buffer<int32, adf::extents<8>>& in, int32 delta, adf::output_stream<int32>* out);
