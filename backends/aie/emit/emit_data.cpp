#include <fmt/format.h>

#include "backends/aie/emit/emit.hpp"
#include "stdlib/host/include/aiem_emu/plio_file.hpp"

namespace aiem::aie {

namespace {
// The emulator's own text format (aiem_emu/plio_file.hpp), so golden files compare byte for byte.
std::string plio_text(const std::vector<std::int64_t>& codes, const PlioPlan& io) {
  aiem_emu::ElemType t;
  t.bytes = std::size_t(io.elem.bytes());
  return aiem_emu::plio_text(codes, aiem_emu::values_per_line(io.width_bits, t));
}
}  // namespace

void emit_data(const Plan& plan, const std::map<std::string, std::vector<std::int64_t>>& inputs,
               const std::map<std::string, std::vector<std::int64_t>>& golden, Project& p) {
  for (const auto& io : plan.plios) {
    // Rows of `cols` real values padded to `stream_cols`: the stream carries whole 32-bit words.
    std::vector<std::int64_t> stream;
    if (!io.is_input) {
      // The padding columns hold the producing layer's zero point (a dense layer computes it for zero
      // weights and bias; a pointwise kernel writes it).
      const OutputPlan& out = plan.outputs.at(std::size_t(io.io));
      const std::int64_t pad = plan.padding_code(out.source);
      // This PLIO's slice of the output's columns.
      const std::vector<std::int64_t>& golden_codes = golden.at(out.name);
      const auto cols = std::size_t(plan.cols_of(out.source));
      for (std::size_t row = 0; row * cols < golden_codes.size(); ++row) {
        for (std::int64_t c = io.col0; c < io.col0 + io.cols; ++c) stream.push_back(golden_codes[row * cols + std::size_t(c)]);
        for (std::int64_t c = io.cols; c < io.stream_cols; ++c) stream.push_back(pad);
      }
      p.add(io.golden, plio_text(stream, io));
      continue;
    }
    // This PLIO's columns of every row of every batch of its graph input, then zeros.
    const InputPlan& in = plan.inputs.at(std::size_t(io.io));
    const std::vector<std::int64_t> input_codes = in.arriving(inputs.at(in.name));
    for (std::size_t row = 0; row * std::size_t(in.cols) < input_codes.size(); ++row) {
      for (std::int64_t c = io.col0; c < io.col0 + io.cols; ++c)
        stream.push_back(input_codes[row * std::size_t(in.cols) + std::size_t(c)]);
      for (std::int64_t c = io.cols; c < io.stream_cols; ++c) stream.push_back(0);
    }
    p.add(io.file, plio_text(stream, io));
  }
}

}  // namespace aiem::aie
