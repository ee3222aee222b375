// aiemc run FILE --input NAME=PATH.npy ... [--output-dir DIR] [--dequantize]
// Runs the model on the reference interpreter. Integer .npy inputs are raw codes; float inputs
// are quantized with the input's declared type. Outputs are printed and optionally written as
// DIR/NAME.npy (raw codes in the smallest fitting integer dtype, or float64 with --dequantize).
#include <filesystem>
#include <fmt/format.h>
#include <iostream>
#include <random>

#include "aiem/aiem.hpp"
#include "ir/tensor_io/npy.hpp"
#include "ir/io/atomic_output.hpp"
#include "tools/aiemc/commands.hpp"
#include "tools/aiemc/model_input.hpp"

namespace aiemc {
namespace fs = std::filesystem;

namespace {

aiem::io::DType code_dtype(const aiem::TensorInfo& t) {
  using aiem::io::DType;
  int bits = t.width <= 8 ? 8 : t.width <= 16 ? 16 : t.width <= 32 ? 32 : 64;
  switch (bits) {
    case 8: return t.is_signed ? DType::Int8 : DType::UInt8;
    case 16: return t.is_signed ? DType::Int16 : DType::UInt16;
    case 32: return t.is_signed ? DType::Int32 : DType::UInt32;
    default: return DType::Int64;
  }
}

// Writes every file into a fresh temporary directory beside DIR, then moves them into DIR, so
// that an error never leaves half of the outputs behind.
void write_outputs(const fs::path& dir, const std::vector<aiem::Output>& outs, bool dequantize) {
  aiem::io::OutputTransaction t(/*create_parents=*/true);  // all outputs, or none
  for (const auto& o : outs) {
    aiem::io::Array a;
    a.shape = o.info.shape;
    if (dequantize) {
      a.dtype = aiem::io::DType::Float64;
      a.reals = o.values;
    } else {
      a.dtype = code_dtype(o.info);
      a.ints = o.codes;
    }
    const auto bytes = aiem::io::serialize_npy(a);
    t.write(dir / (o.info.name + ".npy"), std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
  }
  t.commit();
}

void print_output(const aiem::Output& o, bool show_codes) {
  std::cout << fmt::format("{} : {}{}\n", o.info.name, o.info.type, fmt::format("[{}]", fmt::join(o.info.shape, ",")));
  std::size_t row = o.info.shape.empty() ? 1 : static_cast<std::size_t>(o.info.shape.back());
  for (std::size_t i = 0; i < o.codes.size(); i += row) {
    std::vector<std::string> cells;
    for (std::size_t j = i; j < i + row && j < o.codes.size(); ++j)
      cells.push_back(show_codes ? fmt::format("{:>5}", o.codes[j]) : fmt::format("{:>9.5f}", o.values[j]));
    std::cout << fmt::format("  [{:>3}] {}\n", i / row, fmt::join(cells, " "));
  }
}

}  // namespace

Runner add_run_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("run", "Run a model on the reference interpreter (the bit-exact golden model)");
  struct Options {
    ModelInput model;
    std::vector<std::string> inputs;
    std::string output_dir;
    bool dequantize = false;
    bool codes = false;
  };
  auto opt = std::make_shared<Options>();
  add_model_input(cmd, opt->model);
  cmd->add_option("-i,--input", opt->inputs, "NAME=PATH.npy for each model input (integer arrays are codes, "
                                            "float arrays are real values)")->allow_extra_args(false);
  cmd->add_option("-o,--output-dir", opt->output_dir, "Write each output as DIR/NAME.npy");
  cmd->add_flag("--dequantize", opt->dequantize, "Write real values (float64) instead of integer codes");
  cmd->add_flag("--codes", opt->codes, "Print integer codes instead of real values");
  return [opt]() {
    auto loaded = load_model(opt->model);
    if (!loaded.ok()) return kUserError;
    const auto& r = loaded.parsed;
    std::map<std::string, aiem::Tensor> inputs;
    for (const auto& spec : opt->inputs) {
      auto eq = spec.find('=');
      if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size()) {
        std::cerr << fmt::format("aiemc: error: --input '{}': expected NAME=PATH.npy\n", spec);
        return kUserError;
      }
      std::string name = spec.substr(0, eq);
      if (inputs.count(name)) {
        std::cerr << fmt::format("aiemc: error: --input '{}' is given twice\n", name);
        return kUserError;
      }
      try {
        auto a = aiem::io::read_npy(spec.substr(eq + 1));
        inputs[name] = a.is_float() ? aiem::Tensor::from_values(a.shape, a.reals)
                                    : aiem::Tensor::from_codes(a.shape, a.ints);
      } catch (const aiem::io::TensorFileError& e) {
        std::cerr << fmt::format("aiemc: error: --input {}: {}\n", name, e.what());
        return kUserError;
      }
    }
    std::vector<aiem::Output> outs;
    try {
      outs = aiem::run(*r.model, inputs);
    } catch (const aiem::Error& e) {
      std::cerr << fmt::format("aiemc: error: {}\n", e.what());
      return kUserError;
    }
    // Files first: a refused --output-dir is an error with nothing printed as if it had worked.
    if (!opt->output_dir.empty()) {
      try {
        write_outputs(opt->output_dir, outs, opt->dequantize);
      } catch (const std::exception& e) {
        std::cerr << fmt::format("aiemc: error: cannot write outputs to '{}': {}\n", opt->output_dir, e.what());
        return kUserError;
      }
    }
    for (const auto& o : outs) print_output(o, opt->codes);
    return kOk;
  };
}

}  // namespace aiemc
