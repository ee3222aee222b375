#pragma once
#include <adf.h>

#include "kernels.h"

class two_stage : public adf::graph {
 public:
  adf::input_plio x = adf::input_plio::create("x", adf::plio_64_bits, "data/x.txt");
  adf::output_plio y = adf::output_plio::create("y", adf::plio_64_bits, "data/y.txt");
  adf::port<adf::input> delta;
  adf::kernel sq, off;
  two_stage() {
    sq = adf::kernel::create(square);
    off = adf::kernel::create(offset);
    adf::source(sq) = "kernels/square.cc";
    adf::source(off) = "kernels/offset.cc";
    adf::runtime<adf::ratio>(sq) = 0.5;
    adf::runtime<adf::ratio>(off) = 0.5;
    adf::connect(x.out[0], sq.in[0]);
    adf::connect(sq.out[0], off.in[0]);
    adf::connect<adf::parameter>(delta, off.in[1]);
    adf::async(off.in[1]);
    adf::connect<adf::stream>(off.out[0], y.in[0]);
    adf::location<adf::kernel>(sq) = adf::tile(10, 0);
    adf::location<adf::kernel>(off) = adf::tile(11, 0);
  }
};
