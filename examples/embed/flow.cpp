// The whole compiler from C++, through the installed package: import a quantized ONNX model,
// predict on float input with the reference interpreter, check and report the design, build the
// project to a directory and emulate it on the host, and compare.
//
//   flow MODEL.onnx INPUT.f32 SAMPLES PROJECT_DIR
//
// INPUT.f32 holds SAMPLES rows of the model's input features as raw float32.
#include <aiem/aiem.hpp>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <vector>

int main(int argc, char** argv) {
  if (argc != 5) {
    std::cerr << "usage: flow MODEL.onnx INPUT.f32 SAMPLES PROJECT_DIR\n";
    return 1;
  }
  auto imported = aiem::import_onnx(argv[1]);
  if (!imported.ok()) {
    std::cerr << imported.rendered;
    return 1;
  }
  const aiem::Model& model = *imported.model;
  const aiem::TensorInfo in = model.inputs().at(0);
  const std::int64_t samples = std::atoll(argv[3]);
  std::vector<float> x(std::size_t(samples * in.elements() / in.shape[0]));
  std::ifstream(argv[2], std::ios::binary).read(reinterpret_cast<char*>(x.data()), std::streamsize(x.size() * sizeof(float)));
  std::vector<std::int64_t> shape = in.shape;
  shape[0] = samples;  // a whole number of batches
  const aiem::Tensor input = aiem::Tensor::from<float>(shape, x);

  try {
    const auto outputs = aiem::run(model, {{in.name, input}});
    const std::vector<float> y = outputs.at(0).as<float>();
    std::cout << model.name() << ": " << outputs[0].info.name << "[0] =";
    for (std::int64_t i = 0; i < outputs[0].info.shape[1]; ++i) std::cout << " " << y[std::size_t(i)];
    std::cout << "\n";

    if (auto problems = aiem::check(model); problems.has_errors()) {
      std::cerr << problems.rendered;
      return 1;
    }
    auto report = aiem::report(model);
    if (!report.ok()) {
      std::cerr << report.rendered;
      return 1;
    }
    std::cout << "report: " << report.report->tiles << " tiles, latency " << (report.report->latency_ns > 0 ? "> 0" : "0")
              << " ns, " << report.report->layers.size() << " layers\n";

    aiem::BuildOptions options;
    options.inputs[in.name] = input;
    auto built = aiem::build(model, options);
    if (!built.ok()) {
      std::cerr << built.rendered;
      return 1;
    }
    built.project->write(argv[4]);
    const auto emulated = aiem::emulate(std::filesystem::path(argv[4]));
    const bool same = emulated.outputs.at(0).codes == outputs[0].codes;
    std::cout << "emulated: " << (emulated.all_match() ? "bit-exact with the golden files" : "MISMATCH") << ", "
              << (same ? "equal to" : "DIFFERENT from") << " the prediction\n";
    return emulated.all_match() && same ? 0 : 1;
  } catch (const aiem::Error& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
}
