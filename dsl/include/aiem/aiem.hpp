#pragma once
// aiem: the C++ API of the aiemc compiler.
//
//   auto parsed = aiem::parse(R"(model tiny { batch 2  input x: int8[4]
//                                   y = dense(x, 3, w: random(1)) |> relu  output y })");
//   if (!parsed.ok()) { std::cerr << parsed.rendered; return 1; }
//   auto out = aiem::run(*parsed.model, {{"x", aiem::Tensor::from_codes({2, 4}, {1, 2, 3, 4, 5, 6, 7, 8})}});
//
// Errors in the model text are values (ParseResult::diagnostics); run() throws aiem::Error for
// inputs that do not fit the model. Nothing here prints or exits.
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace aiem {

struct Location {
  std::string file;  // empty when the diagnostic has no position
  int line = 0;      // 1-based
  int column = 0;    // 1-based
};

struct Diagnostic {
  enum class Severity { Error, Warning, Note };
  Severity severity = Severity::Error;
  Location location;
  std::string message;
  struct Note {
    Location location;
    std::string message;
  };
  std::vector<Note> notes;
};

// A tensor's element type in the language's notation, with its numeric facts.
struct TensorInfo {
  std::string name;
  std::vector<std::int64_t> shape;  // batch first
  std::string type;                 // e.g. "fixed<8,3,RND_CONV,SAT>"
  int width = 0;
  int frac = 0;                     // value = code * 2^-frac
  bool is_signed = true;
};

class Model {
 public:
  const std::string& name() const;
  const std::string& target() const;
  std::int64_t batch() const;
  std::vector<TensorInfo> inputs() const;
  std::vector<TensorInfo> outputs() const;
  std::string ir_text() const;  // the lowered IR, as `aiemc check --emit ir` prints it

  struct Impl;
  explicit Model(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  const Impl& impl() const { return *impl_; }

 private:
  std::shared_ptr<const Impl> impl_;
};

struct ParseOptions {
  std::filesystem::path base_dir = ".";            // relative paths in the text resolve here
  std::vector<std::filesystem::path> import_paths;  // searched after the importing file's directory
};

struct ParseResult {
  std::optional<Model> model;            // present when there are no errors
  std::vector<Diagnostic> diagnostics;   // errors, warnings and their notes
  std::string rendered;                  // all diagnostics, clang style, with source lines and carets
  bool ok() const { return model.has_value(); }
};

ParseResult parse(std::string_view text, std::string name = "<input>", const ParseOptions& options = {});
ParseResult parse_file(const std::filesystem::path& file, ParseOptions options = {});

// An input: raw integer codes, or real values that run() quantizes with the input's type.
struct Tensor {
  std::vector<std::int64_t> shape;
  std::vector<std::int64_t> codes;
  std::vector<double> values;
  bool is_real = false;
  static Tensor from_codes(std::vector<std::int64_t> shape, std::vector<std::int64_t> codes);
  static Tensor from_values(std::vector<std::int64_t> shape, std::vector<double> values);
};

struct Output {
  TensorInfo info;
  std::vector<std::int64_t> codes;
  std::vector<double> values;  // codes * 2^-frac
};

struct Error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Runs the model on the reference interpreter (the bit-exact golden model). Outputs in the
// order of the model's output statement.
std::vector<Output> run(const Model& model, const std::map<std::string, Tensor>& inputs);

}  // namespace aiem
