#pragma once
// Parameter data (weights, biases) from their sources: .npy files, .npz members, inline literals,
// random(seed), or the model's `params` file by layer name. Every value is checked against the
// declared number format; nothing is silently clipped.
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "ir/diag/diagnostic.hpp"
#include "ir/tensor_type.hpp"
#include "ir/tensor_io/npy.hpp"
#include "parser/ast.hpp"

namespace aiem::sema {

struct ParamsFile {
  std::filesystem::path path;
  SourceRange loc;  // the `params` statement
};

struct ParameterRequest {
  std::string name;            // "fc1.w": how it is found in the params file and named in messages
  ir::TensorType type;         // expected shape and format
  const ast::Value* source = nullptr;  // explicit source, or null for the params file
  std::uint32_t file = 0;      // file the source is written in
  std::filesystem::path dir;   // where relative paths of that file resolve
  SourceRange loc;             // what errors point at
};

class ParameterLoader {
 public:
  ParameterLoader(std::optional<ParamsFile> defaults, bool exact) : defaults_(std::move(defaults)), exact_(exact) {}
  // Codes of the parameter, or null after reporting why not.
  std::shared_ptr<const std::vector<std::int64_t>> load(const ParameterRequest& r, Diagnostics& d);

 private:
  const io::NpzFile* npz(const std::filesystem::path& p, SourceRange loc, Diagnostics& d);
  std::optional<io::Array> from_source(const ParameterRequest& r, std::string& origin, Diagnostics& d);
  std::shared_ptr<const std::vector<std::int64_t>> to_codes(const ParameterRequest& r, const io::Array& a,
                                                             const std::string& origin, Diagnostics& d);

  std::optional<ParamsFile> defaults_;
  bool exact_;
  std::map<std::filesystem::path, std::optional<io::NpzFile>> npz_cache_;
};

}  // namespace aiem::sema
