#pragma once
// A model: parsed from .aiem text (or imported, aiem/import.hpp), lowered, ready to run on the
// reference interpreter (the bit-exact golden model) or to build.
#include <cstdint>
#include <filesystem>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "aiem/diagnostic.hpp"

namespace aiem {

// A graph input's or output's element type in the language's notation, with its numeric facts.
struct TensorInfo {
  std::string name;
  std::vector<std::int64_t> shape;  // batch first
  std::string type;                 // e.g. "fixed<8,3,RND_CONV,SAT>"
  int width = 0;
  int frac = 0;                     // value = code * 2^-frac (or the ONNX scale, when `real` is set)
  bool is_signed = true;
  // An imported model's ONNX quantizer: real value = (code - zero_point) * scale.
  struct Real {
    double scale = 1;
    std::int64_t zero_point = 0;
  };
  std::optional<Real> real;
  std::int64_t elements() const {
    std::int64_t n = 1;
    for (auto d : shape) n *= d;
    return n;
  }
};

class Model {
 public:
  const std::string& name() const;
  const std::string& target() const;
  std::int64_t batch() const;
  std::vector<TensorInfo> inputs() const;
  std::vector<TensorInfo> outputs() const;
  std::string ir_text() const;  // the lowered IR, as `aiemc check --emit ir` prints it

  // The codes an input takes for real values (ONNX QuantizeLinear with the input's scale and zero
  // point for an imported model, else the input type's rounding and overflow modes), and the real
  // values of an output's codes. Error for an unknown name or a value that is not finite.
  std::vector<std::int64_t> quantize(const std::string& input, std::span<const double> values) const;
  std::vector<double> dequantize(const std::string& output, std::span<const std::int64_t> codes) const;

  struct Impl;
  explicit Model(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}

 private:
  friend struct ModelAccess;  // the library's own access to the lowered IR (not installed)
  std::shared_ptr<const Impl> impl_;
};

struct ParseOptions {
  std::filesystem::path base_dir = ".";            // relative paths in the text resolve here
  std::vector<std::filesystem::path> import_paths;  // searched after the importing file's directory
};

struct ParseResult : Outcome {
  std::optional<Model> model;  // present when there are no errors
  bool ok() const { return model.has_value(); }
};

ParseResult parse(std::string_view text, std::string name = "<input>", const ParseOptions& options = {});
ParseResult parse_file(const std::filesystem::path& file, ParseOptions options = {});

// An input: integer codes, or real values that run() quantizes with the input's type (as
// Model::quantize does). The shape is the input's, [batch, d...].
struct Tensor {
  std::vector<std::int64_t> shape;
  std::vector<std::int64_t> codes;
  std::vector<double> values;
  bool is_real = false;
  static Tensor from_codes(std::vector<std::int64_t> shape, std::vector<std::int64_t> codes);
  static Tensor from_values(std::vector<std::int64_t> shape, std::vector<double> values);
  // From a typed view: integer elements (int8_t ... int64_t, uint8_t, uint16_t) are codes, float and
  // double are real values.
  template <class T>
  static Tensor from(std::vector<std::int64_t> shape, std::span<const T> data) {
    static_assert(std::is_arithmetic_v<T> && !std::is_same_v<T, bool>, "a tensor holds numbers");
    Tensor t;
    t.shape = std::move(shape);
    if constexpr (std::is_floating_point_v<T>) {
      t.values.assign(data.begin(), data.end());
      t.is_real = true;
    } else {
      t.codes.assign(data.begin(), data.end());
    }
    return t;
  }
};

struct Output {
  TensorInfo info;
  std::vector<std::int64_t> codes;
  std::vector<double> values;  // the codes' real values (Model::dequantize)
  // Copies the codes (integer T; Error if one does not fit T) or the real values (float, double)
  // into `out`, which must hold exactly as many elements.
  template <class T>
  void copy_to(std::span<T> out) const {
    if (out.size() != codes.size())
      throw Error("output '" + info.name + "': the destination holds " + std::to_string(out.size()) + " elements, not " +
                  std::to_string(codes.size()));
    for (std::size_t i = 0; i < codes.size(); ++i) {
      if constexpr (std::is_floating_point_v<T>) {
        out[i] = T(values[i]);
      } else {
        if (codes[i] < std::int64_t(std::numeric_limits<T>::min()) ||
            (codes[i] > 0 && std::uint64_t(codes[i]) > std::uint64_t(std::numeric_limits<T>::max())))
          throw Error("output '" + info.name + "': code " + std::to_string(codes[i]) + " does not fit the destination type");
        out[i] = T(codes[i]);
      }
    }
  }
  template <class T>
  std::vector<T> as() const {
    std::vector<T> r(codes.size());
    copy_to(std::span<T>(r));
    return r;
  }
};

// Runs the model on the reference interpreter. Each input is one batch ([batch, d...]) or k
// batches stacked ([k * batch, d...]), all with the same k; each output then holds k batches.
// Outputs in the order of the model's output statement. Error for inputs that do not fit.
std::vector<Output> run(const Model& model, const std::map<std::string, Tensor>& inputs);

}  // namespace aiem
