#include "ir/passes/passes.hpp"
#include "ir/verify.hpp"

namespace aiem::ir {

Graph lower(Graph g, Diagnostics& diags) {
  if (!verify(g, diags)) return g;
  g = infer_types(std::move(g), diags);
  if (diags.has_errors()) return g;
  g = fuse_activations(std::move(g));
  g = fold_flatten_transpose(std::move(g));
  g = resolve_quantization(std::move(g), diags);
  if (diags.has_errors()) return g;
  verify(g, diags);
  return g;
}

}  // namespace aiem::ir
