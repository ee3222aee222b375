#pragma once
// The language side of an op family (docs/architecture.md, "Op families"): each family's
// ir/ops/<family>/language.cpp lists its ops' signatures and, for each, the rule that turns a call
// into a node. The rule sees the call only through OpCall, which converts and checks arguments on
// request and reports every error at the offending argument (file:line:column); the elaborator owns
// names, scopes, blocks, parameters files, shape inference and the result value.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dsl/sema/op_signatures.hpp"
#include "ir/graph.hpp"
#include "ir/numeric/requantize.hpp"

namespace aiem::sema {

class OpCall {
 public:
  virtual ~OpCall() = default;
  virtual const std::string& op() const = 0;     // "dense", "sigmoid"
  virtual const std::string& layer() const = 0;  // the node's name; its parameters are LAYER.ARG
  virtual SourceRange loc() const = 0;           // the call
  virtual bool has(std::string_view arg) const = 0;
  // Whether the first positional argument is the previous result of a |> chain.
  virtual bool chained() const = 0;
  virtual SourceRange where(std::string_view arg) const = 0;  // the argument's value (the call if absent)
  // The type written after the call, `op(...) -> TYPE`.
  virtual const std::optional<num::FixedFormat>& declared() const = 0;
  virtual const ir::Graph& graph() const = 0;
  virtual Diag& error(SourceRange at, std::string message) = 0;

  // Argument values. Each returns nullopt after reporting why; call them only for given arguments
  // (has(arg)), except tensor() for a chained first argument.
  virtual std::optional<ir::ValueId> tensor(std::string_view arg) = 0;
  virtual std::optional<std::vector<ir::ValueId>> tensors(std::string_view arg) = 0;  // `[a, b]`
  virtual std::optional<std::int64_t> integer(std::string_view arg) = 0;
  virtual std::optional<double> real(std::string_view arg) = 0;  // finite
  // `[1, 2, 3]`; `usage` says how the list is written, for the error about anything else.
  virtual std::optional<std::vector<std::int64_t>> integers(std::string_view arg, std::string_view usage) = 0;
  // The same, or one integer as a list of one (`kernel: 3`).
  virtual std::optional<std::vector<std::int64_t>> integer_or_list(std::string_view arg, std::string_view usage) = 0;
  // `M >> S`, or `[M1 >> S1, ...]` of exactly `count` entries.
  virtual std::optional<std::vector<num::ScaleMultiplier>> scales(std::string_view arg, std::int64_t count) = 0;
  // The parameter tensor LAYER.ARG of this shape, from the argument (`TYPE`, `SOURCE` or `TYPE from
  // SOURCE`) or, when the argument is absent, from the model's parameters file; its type is the
  // written one, else `default_type`.
  virtual std::optional<ir::ValueId> parameter(std::string_view arg, ir::Shape shape, num::FixedFormat default_type) = 0;
};

// What a rule makes of a call: the node's operands, its attributes and its result type (the
// elaborator infers the shape with ir::infer_shape and reports its OpError at the call).
struct OpElaboration {
  std::vector<ir::ValueId> inputs;
  ir::OpAttrs attrs;
  num::FixedFormat result;
};

struct OpLanguage {
  Signature signature;
  std::function<std::optional<OpElaboration>(OpCall&)> elaborate;
};

// The arguments after the weights of an op that accumulates products like dense (dense, conv):
// the optional bias `b` ([units], default a 32-bit word on the accumulator's grid), the result type
// (the written one, else x's), `scale` and `zero`. `e` holds the operands x and w; the bias is
// appended. False after an error at the argument (ir/ops/dense/language.cpp).
bool accumulation_arguments(OpCall& c, const num::FixedFormat& x, std::int64_t units, OpElaboration& e, bool& has_bias,
                            std::vector<num::ScaleMultiplier>& scale, std::int64_t& zero);

// The families' languages (ir/ops/<family>/language.cpp); op_signatures.cpp registers them.
std::vector<OpLanguage> dense_language();
std::vector<OpLanguage> elementwise_language();
std::vector<OpLanguage> movement_language();
std::vector<OpLanguage> normalization_language();
std::vector<OpLanguage> conv_language();

// The op of this name (nullptr: no such op).
const OpLanguage* op_language(const std::string& op);

}  // namespace aiem::sema
