// The Python module `aiem` (docs/python.md): a thin pybind11 binding of the C++ API (aiem/aiem.hpp).
// What it adds is only the translation to numpy: arrays in (float arrays are real values, integer
// arrays codes), arrays out, any number of samples (cut into the model's batches, the last one
// padded), and the report as a dict.
#include <pybind11/functional.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include "aiem/aiem.hpp"

namespace py = pybind11;
namespace fs = std::filesystem;

namespace {

// The Python exceptions: aiem.Error for a call that cannot be made, aiem.CompileError (a subclass)
// for a model with errors, carrying its diagnostics.
PyObject* error_type = nullptr;
PyObject* compile_error_type = nullptr;

[[noreturn]] void raise_outcome(const aiem::Outcome& o, const std::string& what) {
  py::list diags;
  for (const auto& d : o.diagnostics) {
    py::dict e;
    e["severity"] = d.severity == aiem::Diagnostic::Severity::Error     ? "error"
                    : d.severity == aiem::Diagnostic::Severity::Warning ? "warning"
                                                                        : "note";
    e["file"] = d.location.file;
    e["line"] = d.location.line;
    e["column"] = d.location.column;
    e["message"] = d.message;
    diags.append(e);
  }
  py::object exc = py::reinterpret_borrow<py::object>(compile_error_type)(what + "\n" + o.rendered);
  exc.attr("diagnostics") = diags;
  PyErr_SetObject(compile_error_type, exc.ptr());
  throw py::error_already_set();
}

struct InputSet {
  std::map<std::string, aiem::Tensor> tensors;
  std::int64_t samples = 0;  // as given, before padding
  bool real = false;         // float arrays: the outputs are real values too
};

// One numpy array per model input, [N, d...] (the input's shape without the batch): float arrays are
// real values, integer arrays codes. N samples become ceil(N / batch) batches, the last padded with
// zeros (the samples are independent; the padding's outputs are dropped).
InputSet input_set(const aiem::Model& m, const py::object& x) {
  std::map<std::string, py::array> arrays;
  const auto infos = m.inputs();
  if (py::isinstance<py::dict>(x)) {
    for (auto [k, v] : x.cast<py::dict>()) arrays[k.cast<std::string>()] = py::array::ensure(v);
  } else {
    if (infos.size() != 1)
      throw aiem::Error("the model '" + m.name() + "' has " + std::to_string(infos.size()) +
                        " inputs: give a dict of arrays by input name");
    arrays[infos[0].name] = py::array::ensure(x);
  }
  InputSet s;
  std::optional<bool> real;
  std::optional<std::int64_t> samples;
  for (const auto& info : infos) {
    auto it = arrays.find(info.name);
    if (it == arrays.end()) throw aiem::Error("no array for the model's input '" + info.name + "'");
    py::array a = it->second;
    if (!a) throw aiem::Error("input '" + info.name + "': not an array");
    const char kind = a.dtype().kind();
    const bool is_float = kind == 'f';
    if (!is_float && kind != 'i' && kind != 'u')
      throw aiem::Error("input '" + info.name + "': expected a float or integer array, got dtype " +
                        std::string(py::str(a.dtype())));
    if (real && *real != is_float) throw aiem::Error("mix of float and integer input arrays: give all inputs the same kind");
    real = is_float;
    std::vector<std::int64_t> sample(info.shape.begin() + 1, info.shape.end());
    std::vector<std::int64_t> shape(a.shape(), a.shape() + a.ndim());
    if (shape.size() != sample.size() + 1 || !std::equal(sample.begin(), sample.end(), shape.begin() + 1)) {
      std::string want = "[N";
      for (auto d : sample) want += ", " + std::to_string(d);
      std::string got = "[";
      for (std::size_t i = 0; i < shape.size(); ++i) got += (i ? ", " : "") + std::to_string(shape[i]);
      throw aiem::Error("input '" + info.name + "': the array has shape " + got + "], the model takes " + want + "]");
    }
    if (samples && *samples != shape[0]) throw aiem::Error("the input arrays hold different numbers of samples");
    samples = shape[0];
    if (shape[0] == 0) throw aiem::Error("input '" + info.name + "': no samples");
    const std::int64_t batch = m.batch();
    const std::int64_t k = (shape[0] + batch - 1) / batch;
    std::int64_t per_sample = 1;
    for (auto d : sample) per_sample *= d;
    std::vector<std::int64_t> tshape = info.shape;
    tshape[0] = k * batch;
    const std::size_t n = std::size_t(k * batch * per_sample), given = std::size_t(shape[0] * per_sample);
    if (is_float) {
      auto f = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(a);
      std::vector<double> v(f.data(), f.data() + given);
      v.resize(n, 0.0);
      s.tensors[info.name] = aiem::Tensor::from_values(tshape, std::move(v));
    } else {
      auto f = py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>::ensure(a);
      std::vector<std::int64_t> v(f.data(), f.data() + given);
      v.resize(n, 0);
      s.tensors[info.name] = aiem::Tensor::from_codes(tshape, std::move(v));
    }
  }
  for (const auto& [name, a] : arrays) {
    bool known = false;
    for (const auto& info : infos) known = known || info.name == name;
    if (!known) throw aiem::Error("the model '" + m.name() + "' has no input '" + name + "'");
  }
  s.samples = *samples;
  s.real = *real;
  return s;
}

// The numpy dtype of an output's codes: the narrowest that holds its type.
py::dtype code_dtype(const aiem::TensorInfo& t) {
  if (t.width <= 8) return t.is_signed ? py::dtype::of<std::int8_t>() : py::dtype::of<std::uint8_t>();
  if (t.width <= 16) return t.is_signed ? py::dtype::of<std::int16_t>() : py::dtype::of<std::uint16_t>();
  if (t.width <= 32) return t.is_signed ? py::dtype::of<std::int32_t>() : py::dtype::of<std::uint32_t>();
  return py::dtype::of<std::int64_t>();
}

// An output as an array of `samples` samples: real values (float32 for an ONNX output, as ONNX
// Runtime's DequantizeLinear gives them; else float64) or codes.
py::array output_array(const aiem::TensorInfo& info, const std::vector<std::int64_t>& codes,
                       const std::vector<double>& values, std::int64_t samples, bool real) {
  std::vector<py::ssize_t> shape{py::ssize_t(samples)};
  std::int64_t per_sample = 1;
  for (std::size_t i = 1; i < info.shape.size(); ++i) {
    shape.push_back(py::ssize_t(info.shape[i]));
    per_sample *= info.shape[i];
  }
  const std::size_t n = std::size_t(samples * per_sample);
  if (real) {
    if (info.real) {
      py::array_t<float> a(shape);
      for (std::size_t i = 0; i < n; ++i) a.mutable_data()[i] = float(values[i]);
      return a;
    }
    py::array_t<double> a(shape);
    std::copy(values.begin(), values.begin() + std::ptrdiff_t(n), a.mutable_data());
    return a;
  }
  py::array_t<std::int64_t> a(shape);
  std::copy(codes.begin(), codes.begin() + std::ptrdiff_t(n), a.mutable_data());
  return a.attr("astype")(code_dtype(info));
}

// One array for a model with one output, else a dict by output name.
py::object outputs_object(const std::vector<aiem::TensorInfo>& infos, const std::vector<py::array>& arrays) {
  if (arrays.size() == 1) return arrays[0];
  py::dict d;
  for (std::size_t i = 0; i < arrays.size(); ++i) d[py::str(infos[i].name)] = arrays[i];
  return d;
}

py::object json_loads(const std::string& text) { return py::module_::import("json").attr("loads")(text); }

// Per-layer hints as a dict, {"fc1": {"cascade": 2, "parallel": 4, "at": (3, 0), "edge": "direct"}},
// in the TOML of a hints file (docs/backend.md), which the library then checks.
std::string hints_toml(const py::dict& d) {
  std::string t;
  for (auto [layer, table] : d) {
    const std::string name = layer.cast<std::string>();
    // Appended piece by piece: GCC 12 misreads "literal" + std::string here (-Wstringop-overflow).
    t.append("[\"").append(name).append("\"]\n");
    if (!py::isinstance<py::dict>(table)) throw aiem::Error(std::string("hints['").append(name).append("']: expected a dict of hints"));
    for (auto [key, value] : table.cast<py::dict>()) {
      t.append(key.cast<std::string>()).append(" = ");
      if (py::isinstance<py::str>(value)) {
        t.append("\"").append(value.cast<std::string>()).append("\"");
      } else if (py::isinstance<py::list>(value) || py::isinstance<py::tuple>(value)) {
        t.append("[");
        bool first = true;
        for (auto v : value) {
          t.append(first ? "" : ", ").append(std::to_string(v.cast<long long>()));
          first = false;
        }
        t.append("]");
      } else {
        t += std::to_string(value.cast<long long>());
      }
      t += "\n";
    }
  }
  return t;
}

struct ArrayArgs {
  std::optional<std::string> device, columns;
  std::vector<std::pair<int, int>> keep_out;
  std::int64_t samples_per_iteration = 0;
  py::object hints = py::none();  // a hints file's path, or a dict
  void into(aiem::ArrayOptions& o) const {
    if (device) o.device = *device;
    if (columns) o.columns = *columns;
    o.keep_out = keep_out;
    o.samples_per_iteration = samples_per_iteration;
    if (py::isinstance<py::dict>(hints))
      o.hints_text = hints_toml(hints.cast<py::dict>());
    else if (!hints.is_none())
      o.hints = hints.cast<fs::path>();
  }
};

aiem::Model load(const std::string& path_or_text, const std::vector<fs::path>& import_paths) {
  aiem::ParseOptions po;
  po.import_paths = import_paths;
  // A path is a one-line string naming an existing file; anything else is model text.
  const bool is_path = path_or_text.find('\n') == std::string::npos && path_or_text.find('{') == std::string::npos;
  if (is_path && !fs::is_regular_file(path_or_text))
    throw aiem::Error("'" + path_or_text + "' is not a file (give a path to a .aiem or .onnx file, or model text)");
  if (is_path && fs::path(path_or_text).extension() == ".onnx") {
    auto r = aiem::import_onnx(path_or_text);
    if (!r.ok()) raise_outcome(r, "cannot import " + path_or_text);
    return *r.model;
  }
  auto r = is_path ? aiem::parse_file(path_or_text, po) : aiem::parse(path_or_text, "<text>", po);
  if (!r.ok()) raise_outcome(r, is_path ? path_or_text + " has errors" : "the model text has errors");
  return *r.model;
}

// A built project: its files in memory, written to `dir` when one was given; emulate() runs it
// here on the host emulation.
struct PyProject {
  aiem::Model model;
  aiem::BuildOptions options;
  aiem::Project project;
  std::optional<fs::path> dir;
  // Made by the first emulate() and kept, removed with the project: later calls recompile nothing.
  std::optional<fs::path> work_dir;
  ~PyProject() {
    if (work_dir) {
      std::error_code ec;
      fs::remove_all(*work_dir, ec);
    }
  }
  const fs::path& work() {
    if (!work_dir) {
      fs::path base = fs::temp_directory_path() / "aiem-python-XXXXXX";
      std::string t = base.string();
      if (!mkdtemp(t.data())) throw aiem::Error("cannot create a work directory in " + fs::temp_directory_path().string());
      work_dir = t;
    }
    return *work_dir;
  }
};

}  // namespace

PYBIND11_MODULE(aiem, m) {
  m.doc() = "aiemc: quantized neural networks -> AMD Versal AIE-ML / AIE-MLv2 projects (docs/python.md)";
  static py::exception<aiem::Error> error(m, "Error");
  error_type = error.ptr();
  static py::exception<aiem::Error> compile_error(m, "CompileError", error.ptr());
  compile_error_type = compile_error.ptr();
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const aiem::Error& e) {
      PyErr_SetString(error_type, e.what());
    }
  });

  py::class_<aiem::TensorInfo>(m, "TensorInfo")
      .def_readonly("name", &aiem::TensorInfo::name)
      .def_readonly("shape", &aiem::TensorInfo::shape)
      .def_readonly("type", &aiem::TensorInfo::type)
      .def_readonly("width", &aiem::TensorInfo::width)
      .def_readonly("frac", &aiem::TensorInfo::frac)
      .def_readonly("is_signed", &aiem::TensorInfo::is_signed)
      .def_property_readonly("scale", [](const aiem::TensorInfo& t) -> std::optional<double> {
        return t.real ? std::optional<double>(t.real->scale) : std::nullopt;
      })
      .def_property_readonly("zero_point", [](const aiem::TensorInfo& t) -> std::optional<std::int64_t> {
        return t.real ? std::optional<std::int64_t>(t.real->zero_point) : std::nullopt;
      })
      .def("__repr__", [](const aiem::TensorInfo& t) {
        std::string s = "<aiem.TensorInfo " + t.name + " " + t.type + " [";
        for (std::size_t i = 0; i < t.shape.size(); ++i) s += (i ? ", " : "") + std::to_string(t.shape[i]);
        return s + "]>";
      });

  py::class_<PyProject, std::shared_ptr<PyProject>>(m, "Project")
      .def_property_readonly("files",
                             [](const PyProject& p) {
                               py::dict d;  // bytes: the data/*.bin files are binary
                               for (const auto& [path, text] : p.project.files) d[py::str(path)] = py::bytes(text);
                               return d;
                             })
      .def_property_readonly("summary", [](const PyProject& p) { return p.project.summary; })
      .def_property_readonly("report", [](const PyProject& p) { return json_loads(p.project.report.json); })
      .def_property_readonly("dir", [](const PyProject& p) { return p.dir; })
      .def(
          "write",
          [](PyProject& p, const fs::path& dir, bool force) {
            p.project.write(dir, force);
            p.dir = dir;
          },
          py::arg("dir"), py::arg("force") = false)
      .def(
          "emulate",
          [](PyProject& p, const py::object& x, bool check, const std::string& cxx) {
            aiem::EmulateOptions eo;
            eo.cxx = cxx;
            eo.work_dir = p.work();
            aiem::BuildOptions bo = p.options;
            InputSet in;
            const bool given = !x.is_none();
            if (given) {
              in = input_set(p.model, x);
              bo.inputs = in.tensors;
            }
            aiem::EmulationResult r;
            {
              py::gil_scoped_release release;
              r = aiem::emulate(p.model, bo, eo);
            }
            if (check && !r.all_match()) {
              std::string which;
              for (const auto& o : r.outputs)
                if (!o.matches) which += " " + o.plio + " (" + std::to_string(o.mismatches) + " values differ)";
              throw aiem::Error("the emulated project differs from the reference interpreter:" + which);
            }
            const auto infos = p.model.outputs();
            std::vector<py::array> arrays;
            for (const auto& info : infos)
              for (const auto& o : r.outputs)
                if (o.tensor == info.name) {
                  const std::int64_t samples = given ? in.samples : o.shape[0];
                  arrays.push_back(output_array(info, o.codes, o.values, samples, given ? in.real : false));
                }
            if (arrays.size() != infos.size()) throw aiem::Error("the project does not name the model output of each output PLIO");
            return outputs_object(infos, arrays);
          },
          py::arg("x") = py::none(), py::arg("check") = true, py::arg("cxx") = "g++",
          "Runs the project on the host emulation with inputs x (float arrays: real values, integer arrays: "
          "codes; default: the project's own data) and returns its outputs as predict() does. With check, raises "
          "aiem.Error unless they are bit-exact with the reference interpreter's.");

  py::class_<aiem::Model>(m, "Model")
      .def_property_readonly("name", &aiem::Model::name)
      .def_property_readonly("target", &aiem::Model::target)
      .def_property_readonly("batch", &aiem::Model::batch)
      .def_property_readonly("inputs", &aiem::Model::inputs)
      .def_property_readonly("outputs", &aiem::Model::outputs)
      .def_property_readonly("ir", &aiem::Model::ir_text)
      .def(
          "predict",
          [](const aiem::Model& model, const py::object& x) {
            InputSet in = input_set(model, x);
            std::vector<aiem::Output> outs;
            {
              py::gil_scoped_release release;
              outs = aiem::run(model, in.tensors);
            }
            std::vector<py::array> arrays;
            for (const auto& o : outs) arrays.push_back(output_array(o.info, o.codes, o.values, in.samples, in.real));
            return outputs_object(model.outputs(), arrays);
          },
          py::arg("x"),
          "Runs the reference interpreter (the bit-exact golden model) on x: an array [N, d...] for a model with one "
          "input, else a dict of them by name. Float arrays are real values (quantized as ONNX QuantizeLinear for "
          "an imported model) and give real outputs; integer arrays are codes and give codes.")
      .def(
          "quantize",
          [](const aiem::Model& model, const py::array_t<double, py::array::c_style | py::array::forcecast>& x,
             std::optional<std::string> input) {
            const auto infos = model.inputs();
            const std::string name = input ? *input : infos.at(0).name;
            auto codes = model.quantize(name, std::span<const double>(x.data(), std::size_t(x.size())));
            py::array_t<std::int64_t> a(std::vector<py::ssize_t>(x.shape(), x.shape() + x.ndim()));
            std::copy(codes.begin(), codes.end(), a.mutable_data());
            for (const auto& info : infos)
              if (info.name == name) return py::array(a.attr("astype")(code_dtype(info)));
            return py::array(a);
          },
          py::arg("x"), py::arg("input") = py::none(), "The codes of real values x for an input (default: the first).")
      .def(
          "dequantize",
          [](const aiem::Model& model, const py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>& codes,
             std::optional<std::string> output) {
            const std::string name = output ? *output : model.outputs().at(0).name;
            auto v = model.dequantize(name, std::span<const std::int64_t>(codes.data(), std::size_t(codes.size())));
            py::array_t<double> a(std::vector<py::ssize_t>(codes.shape(), codes.shape() + codes.ndim()));
            std::copy(v.begin(), v.end(), a.mutable_data());
            return a;
          },
          py::arg("codes"), py::arg("output") = py::none(), "The real values of an output's codes (default: the first).")
      .def(
          "check",
          [](const aiem::Model& model, std::optional<std::string> device, std::optional<std::string> columns,
             std::vector<std::pair<int, int>> keep_out, std::int64_t samples_per_iteration, py::object hints) {
            aiem::ArrayOptions o;
            ArrayArgs{device, columns, keep_out, samples_per_iteration, hints}.into(o);
            auto r = aiem::check(model, o);
            if (r.has_errors()) raise_outcome(r, "aiemc build would refuse the model '" + model.name() + "'");
            return r.rendered;
          },
          py::kw_only(), py::arg("device") = py::none(), py::arg("columns") = py::none(),
          py::arg("keep_out") = std::vector<std::pair<int, int>>{}, py::arg("samples_per_iteration") = 0,
          py::arg("hints") = py::none(),
          "The checks build makes (device, lowering, fit, placement): raises aiem.CompileError with the diagnostics "
          "if it would refuse the model, else returns its warnings (rendered, often empty).")
      .def(
          "report",
          [](const aiem::Model& model, std::optional<std::string> device, std::optional<std::string> columns,
             std::vector<std::pair<int, int>> keep_out, std::int64_t samples_per_iteration, py::object hints) {
            ArrayArgs a{device, columns, keep_out, samples_per_iteration, hints};
            aiem::ArrayOptions o;
            a.into(o);
            aiem::ReportResult r;
            {
              py::gil_scoped_release release;
              r = aiem::report(model, o);
            }
            if (!r.ok()) raise_outcome(r, "the model '" + model.name() + "' does not plan or place");
            return json_loads(r.report->json);
          },
          py::kw_only(), py::arg("device") = py::none(), py::arg("columns") = py::none(),
          py::arg("keep_out") = std::vector<std::pair<int, int>>{}, py::arg("samples_per_iteration") = 0,
          py::arg("hints") = py::none(), "The predicted timing, splits and placement: `aiemc report --json` as a dict.")
      .def(
          "build",
          [](const aiem::Model& model, std::optional<fs::path> dir, std::optional<std::string> device,
             std::optional<std::string> columns, std::vector<std::pair<int, int>> keep_out, std::int64_t samples_per_iteration,
             py::object hints, int batches, std::uint64_t seed, const py::object& inputs, bool force) {
            auto p = std::make_shared<PyProject>(PyProject{model, {}, {}, std::nullopt, std::nullopt});
            ArrayArgs{device, columns, keep_out, samples_per_iteration, hints}.into(p->options);
            p->options.batches = batches;
            p->options.seed = seed;
            if (!inputs.is_none()) p->options.inputs = input_set(model, inputs).tensors;
            aiem::BuildResult r;
            {
              py::gil_scoped_release release;
              r = aiem::build(model, p->options);
            }
            if (!r.ok()) raise_outcome(r, "the model '" + model.name() + "' does not build");
            p->project = std::move(*r.project);
            if (dir) {
              p->project.write(*dir, force);
              p->dir = *dir;
            }
            return p;
          },
          py::arg("dir") = py::none(), py::kw_only(), py::arg("device") = py::none(), py::arg("columns") = py::none(),
          py::arg("keep_out") = std::vector<std::pair<int, int>>{}, py::arg("samples_per_iteration") = 0,
          py::arg("hints") = py::none(), py::arg("batches") = 1, py::arg("seed") = 1, py::arg("inputs") = py::none(),
          py::arg("force") = false,
          "Builds a Vitis AIE project (written atomically to dir when given). inputs: the PLIO data's inputs (as "
          "predict takes them; default random codes).");

  m.def("load", &load, py::arg("path_or_text"), py::arg("import_paths") = std::vector<fs::path>{},
        "A model from a .aiem file, an .onnx file (imported) or .aiem text. Raises aiem.CompileError with the "
        "diagnostics for a model with errors.");
  m.def(
      "import_onnx",
      [](const fs::path& path, std::int64_t batch, std::optional<std::string> name, const std::string& target,
         std::optional<fs::path> save_as, bool softmax_reciprocal) {
        aiem::ImportOptions o;
        o.batch = batch;
        o.softmax_reciprocal = softmax_reciprocal;
        if (name) o.name = *name;
        o.target = target;
        if (save_as) o.save_as = *save_as;
        auto r = aiem::import_onnx(path, o);
        if (!r.ok()) raise_outcome(r, "cannot import " + path.string());
        return *r.model;
      },
      py::arg("path"), py::kw_only(), py::arg("batch") = 0, py::arg("name") = py::none(), py::arg("target") = "vek280",
      py::arg("save_as") = py::none(), py::arg("softmax_reciprocal") = false,
      "Imports a quantized ONNX (QDQ) or QONNX model. batch: samples per inference (default: the ONNX input's batch "
      "dimension, else 1). save_as: also write it as this .aiem file and the .npz beside it. softmax_reciprocal: "
      "each Softmax with one reciprocal per line (faster on the array, docs/language.md).");
}
