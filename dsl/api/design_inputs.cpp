#include "dsl/api/design_inputs.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>

#include "ir/numeric/fixed_format.hpp"

namespace aiem {

DesignInputs design_inputs(const ir::Graph& g, const std::map<std::string, Tensor>& inputs) {
  DesignInputs r;
  for (const auto& [name, t] : inputs) {
    const ir::Value* found = nullptr;
    std::vector<std::string> names;
    for (auto id : g.inputs) {
      names.push_back(g.value(id).name);
      if (g.value(id).name == name) found = &g.value(id);
    }
    if (found == nullptr)
      throw DesignInputError(name, fmt::format("the model has no input '{}' (its inputs: {})", name, fmt::join(names, ", ")));
    const ir::Value& in = *found;
    // The shape run takes, [batch, d...], or several batches of it stacked, [k * batch, d...].
    const auto& want = in.type.shape;
    const bool same_sample = t.shape.size() == want.size() && !t.shape.empty() &&
                             std::equal(t.shape.begin() + 1, t.shape.end(), want.begin() + 1);
    if (!same_sample || t.shape[0] % want[0] != 0 || t.shape[0] == 0)
      throw DesignInputError(in.name, fmt::format("input '{}': the array has shape [{}]; the input is [{}] (or k batches of it: [k*{}, ...])",
                              in.name, fmt::join(t.shape, ", "), fmt::join(want, ", "), want[0]));
    std::vector<std::int64_t> codes = t.codes;
    if (t.is_real) {
      codes.clear();
      for (double v : t.values) {
        if (!std::isfinite(v)) throw DesignInputError(in.name, fmt::format("input '{}': a value is not finite", in.name));
        codes.push_back(ir::quantize_input(in, v));  // @real: ONNX QuantizeLinear
      }
    }
    const std::int64_t per_batch = in.type.elements();
    const std::int64_t k = t.shape[0] / want[0];
    if (std::int64_t(codes.size()) != k * per_batch)
      throw DesignInputError(in.name, fmt::format("input '{}': {} values for shape [{}], which holds {}", in.name, codes.size(),
                              fmt::join(t.shape, ", "), k * per_batch));
    for (auto c : codes)
      if (c < in.type.format.min_code() || c > in.type.format.max_code())
        throw DesignInputError(in.name, fmt::format("input '{}': code {} is outside its type {}", in.name, c, num::to_string(in.type.format)));
    if (r.batches != 0 && r.batches != k)
      throw DesignInputError(in.name, fmt::format("input '{}' holds {} batches, another input {}", in.name, k, r.batches));
    r.batches = k;
    r.codes[in.name] = std::move(codes);
  }
  return r;
}

}  // namespace aiem
