#pragma once
// aiem: the C++ API of the aiemc compiler (docs/api.md). Every step of the command line is here:
//
//   aiem/model.hpp     parse a .aiem model, run it on the reference interpreter, quantize I/O
//   aiem/import.hpp    import a quantized ONNX (QDQ) or QONNX model (library aiem::onnx)
//   aiem/build.hpp     check and build a Vitis AIE project, in memory or to a directory
//   aiem/report.hpp    the predicted timing, splits and placement, as structs
//   aiem/emulate.hpp   run a project on the host emulation and compare it with its golden files
//
//   auto parsed = aiem::parse(R"(model tiny { batch 2  input x: int8[4]
//                                   y = dense(x, 3, w: random(1)) |> relu  output y })");
//   if (!parsed.ok()) { std::cerr << parsed.rendered; return 1; }
//   auto out = aiem::run(*parsed.model, {{"x", aiem::Tensor::from_codes({2, 4}, {1, 2, 3, 4, 5, 6, 7, 8})}});
//
// The error model is in aiem/diagnostic.hpp. Nothing here prints or exits.
#include "aiem/build.hpp"
#include "aiem/diagnostic.hpp"
#include "aiem/emulate.hpp"
#include "aiem/import.hpp"
#include "aiem/model.hpp"
#include "aiem/report.hpp"
