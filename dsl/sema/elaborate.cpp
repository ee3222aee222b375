#include "dsl/sema/elaborate.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "dsl/sema/literals.hpp"
#include "ir/limits.hpp"
#include "dsl/sema/op_call.hpp"
#include "dsl/sema/op_signatures.hpp"
#include "dsl/sema/parameters.hpp"
#include "dsl/sema/scope.hpp"
#include "ir/ops/shape_rules.hpp"

namespace aiem::sema {
namespace {

namespace x3 = boost::spirit::x3;

const std::vector<std::string> known_targets{"vek280", "ve2302", "vek385"};

// Where names of an inlined block instance live: node/value names get `prefix`.
struct Frame {
  const LoadedFile* file;
  Scope* scope;
  std::string prefix;
  bool in_block;
};

class Elaborator {
 public:
  Elaborator(const Program& p, Diagnostics& d) : prog_(p), d_(d) {}

  std::optional<ir::Graph> run() {
    std::size_t errors_before = d_.error_count();
    define_globals();
    const ast::Model* model = find_model();
    if (model == nullptr) return std::nullopt;
    elaborate_model(*model, prog_.files[0]);
    if (d_.error_count() != errors_before) return std::nullopt;
    return std::move(g_);
  }

 private:
  // ---- global names: file-level type aliases and blocks of every loaded file ----
  void define_globals() {
    for (const auto& f : prog_.files) {
      for (const auto& t : f.ast.types) define_type(t, global_, f.id);
      for (const auto& b : f.ast.blocks) {
        SourceRange loc = range_of(f.id, b.name);
        if (!check_new_name(b.name.name, global_, loc)) continue;
        Symbol s;
        s.kind = Symbol::Kind::Block;
        s.block = &b;
        s.file = f.id;
        s.loc = loc;
        global_.define(b.name.name, s);
      }
    }
  }

  const ast::Model* find_model() {
    const ast::Model* model = nullptr;
    for (const auto& f : prog_.files) {
      for (const auto& m : f.ast.models) {
        SourceRange loc = range_of(f.id, m.name);
        if (f.id != prog_.files[0].id) {
          d_.error(loc, fmt::format("imported file defines model '{}'; imported files may only define blocks and types",
                                    m.name.name));
        } else if (model != nullptr) {
          d_.error(loc, fmt::format("a file defines one model; '{}' is a second one", m.name.name))
              .note(range_of(f.id, model->name), "first model defined here");
        } else {
          model = &m;
        }
      }
    }
    if (model == nullptr && !d_.has_errors())
      d_.error_in(prog_.sources->name(prog_.files[0].id), "no model defined (a file needs `model NAME { ... }`)");
    return model;
  }

  bool check_new_name(const std::string& name, const Scope& scope, SourceRange loc) {
    if (const Symbol* prev = scope.find_local(name)) {
      d_.error(loc, fmt::format("redefinition of '{}'", name)).note(prev->loc, "previous definition is here");
      return false;
    }
    if (builtin_type(name)) {
      d_.error(loc, fmt::format("'{}' is a built-in type and cannot be redefined", name));
      return false;
    }
    if (op_signature(name)) {
      d_.error(loc, fmt::format("'{}' is an op and cannot be redefined", name));
      return false;
    }
    return true;
  }

  void define_type(const ast::TypeAlias& t, Scope& scope, std::uint32_t file) {
    SourceRange loc = range_of(file, t.name);
    auto f = resolve_type(t.type, scope, file, d_);
    if (!f || !check_new_name(t.name.name, scope, loc)) return;
    Symbol s;
    s.kind = Symbol::Kind::Type;
    s.type = *f;
    s.loc = loc;
    scope.define(t.name.name, s);
  }

  // ---- the model ----
  void elaborate_model(const ast::Model& m, const LoadedFile& file) {
    g_.name = m.name.name;
    settings(m, file);
    Scope scope(&global_);
    Frame frame{&file, &scope, "", false};
    for (const auto& st : m.body.statements) statement(st, frame);
    if (g_.outputs.empty() && !d_.has_errors())
      d_.error(range_of(file.id, m.name), fmt::format("model '{}' has no output statement", m.name.name));
  }

  // target, batch and params are model settings: order-independent, each given at most once.
  void settings(const ast::Model& m, const LoadedFile& file) {
    const ast::Located* seen_target = nullptr;
    const ast::Located* seen_batch = nullptr;
    const ast::Located* seen_params = nullptr;
    auto once = [&](const ast::Located*& seen, const ast::Located& st, const char* what) {
      if (seen != nullptr) {
        d_.error(range_of(file.id, st), fmt::format("{} is set twice", what))
            .note(range_of(file.id, *seen), "first set here");
        return false;
      }
      seen = &st;
      return true;
    };
    std::optional<ParamsFile> params;
    bool exact = false;
    for (const auto& st : m.body.statements) {
      if (const auto* t = boost::get<ast::TargetStmt>(&st.get())) {
        if (!once(seen_target, *t, "target")) continue;
        if (std::find(known_targets.begin(), known_targets.end(), t->device.name) == known_targets.end()) {
          d_.error(range_of(file.id, t->device), fmt::format("unknown target '{}'; expected one of: {}", t->device.name,
                                                             fmt::join(known_targets, ", ")));
          continue;
        }
        g_.target = t->device.name;
      } else if (const auto* b = boost::get<ast::BatchStmt>(&st.get())) {
        if (!once(seen_batch, *b, "batch")) continue;
        auto v = integer_value(b->size, file.id, d_);
        if (v && (*v < 1 || *v > limits::kBatch)) {
          d_.error(range_of(file.id, b->size), fmt::format("batch must be between 1 and {}, got {}", limits::kBatch, *v));
        } else if (v) {
          g_.batch = *v;
        }
      } else if (const auto* p = boost::get<ast::ParamsStmt>(&st.get())) {
        if (!once(seen_params, *p, "params")) continue;
        params = ParamsFile{file.dir / p->file.value, range_of(file.id, p->file)};
        exact = p->exact;
      }
    }
    params_.emplace(std::move(params), exact);
  }

  void statement(const ast::Statement& st, Frame& fr) {
    const auto& v = st.get();
    std::uint32_t file = fr.file->id;
    if (const auto* a = boost::get<ast::Assign>(&v)) {
      assign(*a, fr);
    } else if (const auto* t = boost::get<ast::TypeAlias>(&v)) {
      define_type(*t, *fr.scope, file);
    } else if (const auto* in = boost::get<ast::InputStmt>(&v)) {
      if (fr.in_block) return not_in_block(st, file, "input", "blocks take their inputs as parameters");
      input(*in, fr);
    } else if (const auto* out = boost::get<ast::OutputStmt>(&v)) {
      if (fr.in_block) return not_in_block(st, file, "output", "blocks hand results back with `return`");
      output(*out, fr);
    } else if (boost::get<ast::ReturnStmt>(&v) != nullptr) {
      if (!fr.in_block) d_.error(range_of(file, st), "'return' is only allowed in a block; a model uses `output`");
    } else if (fr.in_block) {
      const char* what = boost::get<ast::TargetStmt>(&v) ? "target" : boost::get<ast::BatchStmt>(&v) ? "batch" : "params";
      not_in_block(st, file, what, "it is a model setting");
    }
  }

  void not_in_block(const ast::Statement& st, std::uint32_t file, const char* what, const char* why) {
    d_.error(range_of(file, st), fmt::format("'{}' is not allowed in a block: {}", what, why));
  }

  void input(const ast::InputStmt& in, Frame& fr) {
    std::uint32_t file = fr.file->id;
    SourceRange loc = range_of(file, in.name);
    auto fmt_ = resolve_type(in.type, *fr.scope, file, d_);
    ir::Shape shape{g_.batch};
    bool ok = fmt_.has_value();
    for (const auto& n : in.shape) {
      auto v = integer_value(n, file, d_);
      if (!v) {
        ok = false;
      } else if (*v < 1) {
        d_.error(range_of(file, n), fmt::format("tensor dimensions must be positive, got {}", *v));
        ok = false;
      } else if (*v > limits::kTensorElements) {
        d_.error(range_of(file, n), fmt::format("a dimension of {} exceeds the limit of {} elements", *v, limits::kTensorElements));
        ok = false;
      } else {
        shape.push_back(*v);
      }
    }
    std::optional<num::RealInterface> real;
    if (fmt_) ok = real_interface(in.hints, *fmt_, file, real) && ok;
    if (!ok || !check_new_name(in.name.name, *fr.scope, loc)) return;
    ir::Value v;
    v.name = in.name.name;
    v.type = {shape, *fmt_};
    v.loc = loc;
    v.real = real;
    ir::ValueId id = g_.add_value(std::move(v));
    g_.inputs.push_back(id);
    define_tensor(in.name.name, id, loc, *fr.scope);
  }

  void define_tensor(const std::string& name, ir::ValueId id, SourceRange loc, Scope& scope) {
    Symbol s;
    s.kind = Symbol::Kind::Tensor;
    s.tensor = id;
    s.loc = loc;
    scope.define(name, s);
  }

  void output(const ast::OutputStmt& out, Frame& fr) {
    const std::uint32_t file = fr.file->id;
    if (!out.hints.empty() && out.names.size() != 1) {
      d_.error(range_of(file, out.hints.front()), "'@real' describes one output: write one `output NAME @real(...)` each");
      return;
    }
    for (const auto& n : out.names) {
      auto id = tensor_by_name(n, *fr.scope, file);
      if (!id) continue;
      if (g_.is_output(*id)) {
        d_.error(range_of(file, n), fmt::format("'{}' is already an output", n.name));
        continue;
      }
      std::optional<num::RealInterface> real;
      if (!real_interface(out.hints, g_.value(*id).type.format, file, real)) continue;
      g_.values[*id].real = real;
      g_.outputs.push_back(*id);
    }
  }

  // `@real(scale: S, zero: Z)` on an input or output: the real value a code stands for outside the
  // model is (code - Z) * S, with S a float32 (ONNX QuantizeLinear / DequantizeLinear).
  bool real_interface(const std::vector<ast::Hint>& hints, const num::FixedFormat& f, std::uint32_t file,
                      std::optional<num::RealInterface>& out) {
    bool ok = true;
    for (const auto& h : hints) {
      if (h.name.name != "real") {
        d_.error(range_of(file, h.name), fmt::format("unknown annotation '@{}' on an input or output; expected @real", h.name.name));
        ok = false;
        continue;
      }
      if (out) {
        d_.error(range_of(file, h), "'@real' is given twice");
        ok = false;
        continue;
      }
      num::RealInterface r;
      bool have_scale = false;
      for (const auto& a : h.args) {
        const std::string key = a.key ? a.key->name : "";
        const auto* n = boost::get<ast::Number>(&a.value.get());
        if (key == "scale" && n) {
          const double s = real_value(*n);
          const float sf = static_cast<float>(s);
          if (!(s > 0) || !std::isfinite(sf) || sf <= 0) {
            d_.error(range_of(file, a.value), fmt::format("'scale' of @real must be a positive float32, got {}", n->text));
            ok = false;
          }
          r.scale = sf;
          have_scale = true;
        } else if (key == "zero" && n) {
          auto z = integer_value(*n, file, d_);
          if (!z) {
            ok = false;
          } else if (*z < f.min_code() || *z > f.max_code()) {
            d_.error(range_of(file, a.value), fmt::format("'zero' of @real must be a code of {}, got {}", num::to_string(f), *z));
            ok = false;
          } else {
            r.zero = *z;
          }
        } else {
          d_.error(range_of(file, a), "@real takes `scale: S` (a positive number) and `zero: Z` (an integer code)");
          ok = false;
        }
      }
      if (!have_scale) {
        d_.error(range_of(file, h), "@real needs `scale: S`");
        ok = false;
      }
      if (ok) out = r;
    }
    return ok;
  }

  std::optional<ir::ValueId> tensor_by_name(const ast::Identifier& n, const Scope& scope, std::uint32_t file) {
    SourceRange loc = range_of(file, n);
    const Symbol* s = scope.find(n.name);
    if (s == nullptr) {
      std::string hint = closest(n.name, scope.names_of(Symbol::Kind::Tensor));
      d_.error(loc, hint.empty() ? fmt::format("unknown name '{}'", n.name)
                                 : fmt::format("unknown name '{}'; did you mean '{}'?", n.name, hint));
      return std::nullopt;
    }
    if (s->poisoned) return std::nullopt;  // its definition already failed and was reported
    if (s->kind != Symbol::Kind::Tensor) {
      d_.error(loc, fmt::format("'{}' is a {}, expected a tensor", n.name, kind_name(s->kind)))
          .note(s->loc, fmt::format("'{}' is defined here", n.name));
      return std::nullopt;
    }
    return s->tensor;
  }

  // ---- NAME = op(...) |> op ... @hints   and   A, B = block(...) ----
  void assign(const ast::Assign& a, Frame& fr) {
    std::uint32_t file = fr.file->id;
    for (const auto& t : a.targets)
      if (!check_new_name(t.name, *fr.scope, range_of(file, t))) return;
    assign_checked(a, fr);
    // A failed definition still defines its names, poisoned, so later uses do not report again.
    for (const auto& t : a.targets)
      if (fr.scope->find_local(t.name) == nullptr) {
        Symbol s;
        s.poisoned = true;
        s.loc = range_of(file, t);
        fr.scope->define(t.name, s);
      }
  }

  void assign_checked(const ast::Assign& a, Frame& fr) {
    std::uint32_t file = fr.file->id;
    const ast::Call& head = a.chain.front().call;
    const Symbol* sym = fr.scope->find(head.callee.name);
    if (sym != nullptr && sym->kind == Symbol::Kind::Block) return instantiate(a, *sym, fr);
    if (op_signature(head.callee.name) == nullptr) {
      unknown_callee(head.callee, fr);
      return;
    }
    if (a.targets.size() != 1) {
      d_.error(range_of(file, a.targets[1]),
               fmt::format("'{}' has one result, but {} names are assigned", head.callee.name, a.targets.size()));
      return;
    }
    ir::Schedule schedule;
    if (!hints(a.hints, file, schedule)) return;
    const std::string& target = a.targets[0].name;
    std::optional<ir::ValueId> prev;
    std::optional<ir::NodeId> first_node;
    for (std::size_t i = 0; i < a.chain.size(); ++i) {
      const ast::Step& step = a.chain[i];
      bool last = i + 1 == a.chain.size();
      std::string layer = fr.prefix + (i == 0 ? target : fmt::format("{}.{}", target, step.call.callee.name));
      std::string value_name = last ? fr.prefix + target : fmt::format("{}{}.{}", fr.prefix, target, step.call.callee.name);
      if (i > 0 && op_signature(step.call.callee.name) == nullptr) {
        const Symbol* s = fr.scope->find(step.call.callee.name);
        if (s != nullptr && s->kind == Symbol::Kind::Block)
          d_.error(range_of(file, step.call.callee), "blocks cannot be used in a |> chain; call them on their own line");
        else
          unknown_callee(step.call.callee, fr);
        return;
      }
      auto result = op(step, prev, layer, value_name, fr);
      if (!result) return;
      if (!first_node) first_node = g_.value(*result).producer;
      prev = result;
    }
    if (first_node) g_.nodes[*first_node].schedule = schedule;
    define_tensor(target, *prev, range_of(file, a.targets[0]), *fr.scope);
  }

  void unknown_callee(const ast::Identifier& callee, Frame& fr) {
    std::vector<std::string> candidates = op_names();
    for (auto& b : fr.scope->names_of(Symbol::Kind::Block)) candidates.push_back(b);
    std::string hint = closest(callee.name, candidates);
    SourceRange loc = range_of(fr.file->id, callee);
    if (const Symbol* s = fr.scope->find(callee.name))
      d_.error(loc, fmt::format("'{}' is a {}, not an op or block", callee.name, kind_name(s->kind)))
          .note(s->loc, fmt::format("'{}' is defined here", callee.name));
    else
      d_.error(loc, hint.empty() ? fmt::format("unknown op or block '{}'", callee.name)
                                 : fmt::format("unknown op or block '{}'; did you mean '{}'?", callee.name, hint));
  }

  bool hints(const std::vector<ast::Hint>& hs, std::uint32_t file, ir::Schedule& s) {
    bool ok = true;
    std::map<std::string, const ast::Hint*> seen;
    for (const auto& h : hs) {
      SourceRange loc = range_of(file, h);
      const Signature* sig = hint_signature(h.name.name);
      if (sig == nullptr) {
        std::string hint = closest(h.name.name, hint_names());
        d_.error(range_of(file, h.name),
                 hint.empty() ? fmt::format("unknown hint '@{}'; expected @tiles, @at, @memtile or @direct", h.name.name)
                              : fmt::format("unknown hint '@{}'; did you mean '@{}'?", h.name.name, hint));
        ok = false;
        continue;
      }
      if (auto prev = seen.find(h.name.name); prev != seen.end()) {
        d_.error(loc, fmt::format("hint '@{}' is given twice", h.name.name))
            .note(range_of(file, *prev->second), "first given here");
        ok = false;
        continue;
      }
      seen[h.name.name] = &h;
      BoundArgs b = bind_arguments(*sig, h.args, false, file, loc, d_);
      if (!b.ok) {
        ok = false;
        continue;
      }
      auto int_arg = [&](const char* name, std::int64_t min) -> std::optional<int> {
        const ast::Argument* a = b.get(name);
        if (a == nullptr) return std::nullopt;
        auto v = integer_arg(*a, name, sig->name, file, nullptr);
        if (!v) {
          ok = false;
          return std::nullopt;
        }
        if (*v < min || *v > 4096) {
          d_.error(range_of(file, a->value), fmt::format("'{}' of {} must be between {} and 4096, got {}", name,
                                                         sig->name, min, *v));
          ok = false;
          return std::nullopt;
        }
        return static_cast<int>(*v);
      };
      if (h.name.name == "tiles") {
        s.cascade = int_arg("cascade", 1);
        s.parallel = int_arg("parallel", 1);
        s.bands = int_arg("bands", 1);
        if (!b.get("cascade") && !b.get("parallel") && !b.get("bands")) {
          d_.error(loc, "@tiles needs 'cascade', 'parallel', 'bands' or some of them");
          ok = false;
        }
      } else if (h.name.name == "at") {
        auto c = int_arg("col", 0), r = int_arg("row", 0);
        if (c && r) s.at = std::pair{*c, *r};
      } else {
        auto edge = h.name.name == "memtile" ? ir::Schedule::Edge::MemTile : ir::Schedule::Edge::Direct;
        const char* other = h.name.name == "memtile" ? "direct" : "memtile";
        if (auto prev = seen.find(other); prev != seen.end()) {
          d_.error(loc, fmt::format("'@{}' contradicts '@{}'", h.name.name, other))
              .note(range_of(file, *prev->second), "given here");
          ok = false;
        }
        s.output_edge = edge;
      }
    }
    return ok;
  }

  // ---- argument values ----
  std::optional<std::int64_t> integer_arg(const ast::Argument& a, const char* name, const std::string& op,
                                          std::uint32_t file, const Scope* scope) {
    SourceRange loc = range_of(file, a.value);
    if (a.source) {
      d_.error(range_of(file, *a.source), fmt::format("'from' only applies to parameters, not to '{}'", name));
      return std::nullopt;
    }
    if (const auto* n = boost::get<ast::Number>(&a.value.get())) return integer_value(*n, file, d_);
    if (const auto* id = boost::get<ast::Identifier>(&a.value.get()); id && scope) {
      if (const Symbol* s = scope->find(id->name); s && s->kind == Symbol::Kind::Number) return s->number;
    }
    d_.error(loc, fmt::format("argument '{}' of {} must be an integer", name, op));
    return std::nullopt;
  }

  // A real number (or a named number) for an op argument such as leaky_relu's `alpha`.
  std::optional<double> real_arg(const ast::Argument& a, const char* name, const std::string& op, std::uint32_t file,
                                 const Scope* scope) {
    SourceRange loc = range_of(file, a.value);
    if (a.source) {
      d_.error(range_of(file, *a.source), fmt::format("'from' only applies to parameters, not to '{}'", name));
      return std::nullopt;
    }
    if (const auto* n = boost::get<ast::Number>(&a.value.get())) {
      const double v = real_value(*n);
      if (!std::isfinite(v)) {
        d_.error(loc, fmt::format("argument '{}' of {} must be a finite number, got {}", name, op, n->text));
        return std::nullopt;
      }
      return v;
    }
    if (const auto* id = boost::get<ast::Identifier>(&a.value.get()); id && scope) {
      if (const Symbol* s = scope->find(id->name); s && s->kind == Symbol::Kind::Number) return double(s->number);
    }
    d_.error(loc, fmt::format("argument '{}' of {} must be a number", name, op));
    return std::nullopt;
  }

  // `scale: M >> S` (one factor) or `scale: [M1 >> S1, ...]` (one per unit); M in 1 .. 2^31-1.
  std::optional<std::vector<num::ScaleMultiplier>> scale_arg(const ast::Argument& a, std::int64_t units,
                                                             const std::string& layer, std::uint32_t file) {
    if (a.source) {
      d_.error(range_of(file, *a.source), "'from' only applies to parameters, not to 'scale'");
      return std::nullopt;
    }
    auto one = [&](const ast::Value& v) -> std::optional<num::ScaleMultiplier> {
      const auto* s = boost::get<ast::ScaleLit>(&v.get());
      if (s == nullptr) {
        d_.error(range_of(file, v), "expected a scale 'MULTIPLIER >> SHIFT', e.g. 'scale: 1234567 >> 38'");
        return std::nullopt;
      }
      auto m = integer_value(s->multiplier, file, d_);
      auto sh = integer_value(s->shift, file, d_);
      if (!m || !sh) return std::nullopt;
      if (*m < 1 || *m > INT32_MAX) {
        d_.error(range_of(file, s->multiplier),
                 fmt::format("scale multiplier must be between 1 and 2147483647 (2^31 - 1), got {}", *m));
        return std::nullopt;
      }
      if (*sh < -64 || *sh > 127) {
        d_.error(range_of(file, s->shift), fmt::format("scale shift must be between -64 and 127, got {}", *sh));
        return std::nullopt;
      }
      return num::ScaleMultiplier{static_cast<std::int32_t>(*m), static_cast<int>(*sh)};
    };
    std::vector<num::ScaleMultiplier> out;
    if (const auto* fa = boost::get<x3::forward_ast<ast::ArrayLit>>(&a.value.get())) {
      const auto& elements = fa->get().elements;
      if (static_cast<std::int64_t>(elements.size()) != units) {
        d_.error(range_of(file, a.value), fmt::format("a per-unit scale needs one entry per unit: '{}' has {} unit{}, "
                                                      "the list has {} entr{}",
                                                      layer, units, units == 1 ? "" : "s", elements.size(),
                                                      elements.size() == 1 ? "y" : "ies"));
        return std::nullopt;
      }
      for (const auto& e : elements) {
        auto m = one(e);
        if (!m) return std::nullopt;
        out.push_back(*m);
      }
      return out;
    }
    auto m = one(a.value);
    if (!m) return std::nullopt;
    out.push_back(*m);
    return out;
  }

  std::optional<ir::ValueId> tensor_arg(const ast::Argument& a, const char* name, const std::string& op, Frame& fr) {
    std::uint32_t file = fr.file->id;
    if (a.source) {
      d_.error(range_of(file, *a.source), fmt::format("'from' only applies to parameters, not to '{}'", name));
      return std::nullopt;
    }
    if (const auto* id = boost::get<ast::Identifier>(&a.value.get())) return tensor_by_name(*id, *fr.scope, file);
    d_.error(range_of(file, a.value), fmt::format("argument '{}' of {} must be a tensor", name, op));
    return std::nullopt;
  }

  // `w: TYPE`, `w: SOURCE` or `w: TYPE from SOURCE`.
  struct ParamArg {
    std::optional<num::FixedFormat> type;
    const ast::Value* source = nullptr;
    const LoadedFile* source_file = nullptr;  // where `source` is written (a block's caller, maybe)
    bool ok = true;
  };

  std::optional<num::FixedFormat> as_type(const ast::Value& v, Frame& fr, bool report) {
    std::uint32_t file = fr.file->id;
    if (const auto* f = boost::get<ast::FixedType>(&v.get())) return resolve_fixed(*f, file, d_);
    if (const auto* id = boost::get<ast::Identifier>(&v.get())) {
      ast::TypeExpr t;
      t = *id;
      if (report) return resolve_type(t, *fr.scope, file, d_);
      const Symbol* s = fr.scope->find(id->name);
      if (s && s->kind == Symbol::Kind::Type) return s->type;
      if (!s) return builtin_type(id->name);
    }
    return std::nullopt;
  }

  ParamArg param_arg(const ast::Argument& a, Frame& fr) {
    ParamArg p;
    p.source_file = fr.file;
    // A block parameter bound to a parameter spec: `w: p` inside the block.
    if (const auto* id = boost::get<ast::Identifier>(&a.value.get()); id && !a.source) {
      if (const Symbol* s = fr.scope->find(id->name); s && s->kind == Symbol::Kind::Param) {
        if (s->has_type) p.type = s->type;
        p.source = s->source;
        p.source_file = &prog_.file(s->source_file);
        return p;
      }
    }
    bool is_type_syntax = boost::get<ast::FixedType>(&a.value.get()) || boost::get<ast::Identifier>(&a.value.get());
    if (a.source) {
      if (!is_type_syntax) {
        d_.error(range_of(fr.file->id, a.value), "expected a type before 'from'");
        p.ok = false;
        return p;
      }
      p.type = as_type(a.value, fr, true);
      p.ok = p.type.has_value();
      p.source = &*a.source;
      return p;
    }
    if (is_type_syntax) {
      p.type = as_type(a.value, fr, true);
      p.ok = p.type.has_value();
      return p;
    }
    p.source = &a.value;
    return p;
  }

  std::optional<ir::ValueId> parameter(const std::string& name, const ast::Argument* arg, const ParamArg& p,
                                       ir::TensorType type, SourceRange call_loc, Frame& fr) {
    ParameterRequest r;
    r.name = name;
    r.type = std::move(type);
    r.source = p.source;
    r.file = p.source_file ? p.source_file->id : fr.file->id;
    r.dir = p.source_file ? p.source_file->dir : fr.file->dir;
    r.loc = arg ? range_of(fr.file->id, *arg) : call_loc;
    auto data = params_->load(r, d_);
    if (!data) return std::nullopt;
    ir::Value v;
    v.name = name;
    v.type = r.type;
    v.loc = r.loc;
    v.data = std::move(data);
    return g_.add_value(std::move(v));
  }

  // One op call; `chained` is the previous result of a |> chain. The op's family turns the call into
  // operands, attributes and a result type (ir/ops/<family>/language.cpp); the shape rule and the
  // result value are the same for every op.
  std::optional<ir::ValueId> op(const ast::Step& step, std::optional<ir::ValueId> chained, const std::string& layer,
                                const std::string& value_name, Frame& fr) {
    std::uint32_t file = fr.file->id;
    const ast::Call& call = step.call;
    const std::string& opname = call.callee.name;
    const OpLanguage& lang = *op_language(opname);
    SourceRange loc = range_of(file, call);
    BoundArgs b = bind_arguments(lang.signature, call.args, chained.has_value(), file, loc, d_);
    if (!b.ok) return std::nullopt;

    std::optional<num::FixedFormat> declared;
    if (step.result_type) {
      declared = resolve_type(*step.result_type, *fr.scope, file, d_);
      if (!declared) return std::nullopt;
    }
    if (g_.find_value(value_name) || node_named(layer)) {
      d_.error(loc, fmt::format("'{}' would define '{}' twice (rename the result)", opname, layer));
      return std::nullopt;
    }
    Call c(*this, fr, lang.signature, b, chained, declared, layer, loc);
    auto e = lang.elaborate(c);
    if (!e) return std::nullopt;

    ir::Node node;
    node.name = layer;
    node.loc = loc;
    node.inputs = std::move(e->inputs);
    node.attrs = std::move(e->attrs);
    ir::Shape shape;
    try {
      shape = ir::infer_shape(g_, node);
    } catch (const ir::OpError& err) {
      auto& diag = d_.error(loc, fmt::format("{}: {}", opname, err.message));
      if (err.operand >= 0 && static_cast<std::size_t>(err.operand) < node.inputs.size()) {
        const ir::Value& v = g_.value(node.inputs[static_cast<std::size_t>(err.operand)]);
        if (v.loc.valid()) diag.note(v.loc, fmt::format("'{}' ({}) is defined here", v.name, ir::to_string(v.type)));
      }
      return std::nullopt;
    }
    if (std::int64_t(g_.nodes.size()) >= limits::kLayers) {
      if (!layers_reported_) d_.error(loc, fmt::format("more than {} ops in one model (the limit)", limits::kLayers));
      layers_reported_ = true;
      return std::nullopt;
    }
    ir::Value out;
    out.name = value_name;
    out.type = {std::move(shape), e->result};
    out.loc = loc;
    ir::ValueId out_id = g_.add_value(std::move(out));
    node.outputs = {out_id};
    g_.add_node(std::move(node));
    return out_id;
  }

  // An op call as its family's rule sees it (dsl/sema/op_call.hpp), answered from this elaborator.
  class Call final : public OpCall {
   public:
    Call(Elaborator& el, Frame& fr, const Signature& sig, const BoundArgs& b, std::optional<ir::ValueId> chained,
         const std::optional<num::FixedFormat>& declared, const std::string& layer, SourceRange loc)
        : el_(el), fr_(fr), sig_(sig), b_(b), chained_(chained), declared_(declared), layer_(layer), loc_(loc) {}

    const std::string& op() const override { return sig_.name; }
    const std::string& layer() const override { return layer_; }
    SourceRange loc() const override { return loc_; }
    bool has(std::string_view arg) const override { return get(arg) != nullptr || first_is_chained(arg); }
    bool chained() const override { return b_.chained_first; }
    SourceRange where(std::string_view arg) const override {
      const ast::Argument* a = get(arg);
      return a ? range_of(file(), a->value) : loc_;
    }
    const std::optional<num::FixedFormat>& declared() const override { return declared_; }
    const ir::Graph& graph() const override { return el_.g_; }
    Diag& error(SourceRange at, std::string message) override { return el_.d_.error(at, std::move(message)); }

    std::optional<ir::ValueId> tensor(std::string_view arg) override {
      if (first_is_chained(arg)) return chained_;
      return el_.tensor_arg(need(arg), std::string(arg).c_str(), sig_.name, fr_);
    }
    std::optional<std::vector<ir::ValueId>> tensors(std::string_view arg) override {
      const ast::Argument& a = need(arg);
      const auto* list = boost::get<x3::forward_ast<ast::ArrayLit>>(&a.value.get());
      if (list == nullptr || list->get().elements.empty() || a.source) {
        el_.d_.error(range_of(file(), a.value), fmt::format("{} takes a list of tensors: `{}([a, b], ...)`", sig_.name,
                                                            sig_.name));
        return std::nullopt;
      }
      std::vector<ir::ValueId> out;
      for (const ast::Value& v : list->get().elements) {
        const auto* id = boost::get<ast::Identifier>(&v.get());
        if (id == nullptr) {
          el_.d_.error(range_of(file(), v), fmt::format("the list of {} holds tensors (names)", sig_.name));
          return std::nullopt;
        }
        auto t = el_.tensor_by_name(*id, *fr_.scope, file());
        if (!t) return std::nullopt;
        out.push_back(*t);
      }
      return out;
    }
    std::optional<std::int64_t> integer(std::string_view arg) override {
      return el_.integer_arg(need(arg), std::string(arg).c_str(), sig_.name, file(), fr_.scope);
    }
    std::optional<double> real(std::string_view arg) override {
      return el_.real_arg(need(arg), std::string(arg).c_str(), sig_.name, file(), fr_.scope);
    }
    std::optional<std::vector<std::int64_t>> integer_or_list(std::string_view arg, std::string_view usage) override {
      const ast::Argument& a = need(arg);
      if (!a.source && (boost::get<ast::Number>(&a.value.get()) != nullptr ||
                        boost::get<ast::Identifier>(&a.value.get()) != nullptr)) {
        auto k = integer(arg);
        if (!k) return std::nullopt;
        return std::vector<std::int64_t>{*k};
      }
      return integers(arg, usage);
    }
    std::optional<std::vector<std::int64_t>> integers(std::string_view arg, std::string_view usage) override {
      const ast::Argument& a = need(arg);
      const auto* list = boost::get<x3::forward_ast<ast::ArrayLit>>(&a.value.get());
      if (list == nullptr || a.source) {
        el_.d_.error(range_of(file(), a.value), std::string(usage));
        return std::nullopt;
      }
      std::vector<std::int64_t> out;
      for (const ast::Value& v : list->get().elements) {
        // An integer, or a named number (a block's parameter: `reshape(q, shape: [tokens, heads, dim])`).
        const auto* num = boost::get<ast::Number>(&v.get());
        std::optional<std::int64_t> k;
        if (num) {
          k = integer_value(*num, file(), el_.d_);
          if (!k) return std::nullopt;
        } else if (const auto* id = boost::get<ast::Identifier>(&v.get())) {
          if (const Symbol* s = fr_.scope->find(id->name); s && s->kind == Symbol::Kind::Number) k = s->number;
        }
        if (!k) {
          el_.d_.error(range_of(file(), v), fmt::format("the entries of {} are integers", arg));
          return std::nullopt;
        }
        out.push_back(*k);
      }
      return out;
    }
    std::optional<std::vector<num::ScaleMultiplier>> scales(std::string_view arg, std::int64_t count) override {
      return el_.scale_arg(need(arg), count, layer_, file());
    }
    std::optional<ir::ValueId> parameter(std::string_view arg, ir::Shape shape, num::FixedFormat default_type) override {
      const ast::Argument* a = get(arg);
      ParamArg p = a ? el_.param_arg(*a, fr_) : ParamArg{};
      if (!p.ok) return std::nullopt;
      return el_.parameter(fmt::format("{}.{}", layer_, arg), a, p, {std::move(shape), p.type.value_or(default_type)},
                           loc_, fr_);
    }

   private:
    std::uint32_t file() const { return fr_.file->id; }
    const ast::Argument* get(std::string_view arg) const { return b_.get(std::string(arg)); }
    bool first_is_chained(std::string_view arg) const {
      if (!b_.chained_first) return false;
      for (const auto& spec : sig_.args)
        if (spec.positional) return spec.name == arg;
      return false;
    }
    const ast::Argument& need(std::string_view arg) const {
      const ast::Argument* a = get(arg);
      if (a == nullptr) throw InternalError(fmt::format("{}: the rule reads argument '{}', which is not given", sig_.name, arg));
      return *a;
    }

    Elaborator& el_;
    Frame& fr_;
    const Signature& sig_;
    const BoundArgs& b_;
    std::optional<ir::ValueId> chained_;
    const std::optional<num::FixedFormat>& declared_;
    const std::string& layer_;
    SourceRange loc_;
  };

  bool node_named(const std::string& name) const {
    for (const auto& n : g_.nodes)
      if (n.name == name) return true;
    return false;
  }

  // ---- blocks: inlined at each use, their names prefixed with the instance name ----
  void instantiate(const ast::Assign& a, const Symbol& sym, Frame& fr) {
    std::uint32_t file = fr.file->id;
    const ast::Block& blk = *sym.block;
    const ast::Step& step = a.chain.front();
    SourceRange loc = range_of(file, step.call);
    if (++block_instances_ > limits::kBlockInstances) {
      if (block_instances_ == limits::kBlockInstances + 1)
        d_.error(loc, fmt::format("more than {} block uses to expand (the limit); nested blocks multiply",
                                  limits::kBlockInstances));
      return;
    }
    if (a.chain.size() > 1 || step.result_type) {
      d_.error(loc, fmt::format("block '{}' cannot take '->' or '|>'; put them inside the block", blk.name.name));
      return;
    }
    if (!a.hints.empty()) {
      d_.error(range_of(file, a.hints.front()), "hints go on the ops inside a block, not on its use");
      return;
    }
    for (const Symbol* s : active_blocks_)
      if (s == &sym) {
        d_.error(loc, fmt::format("block '{}' uses itself", blk.name.name)).note(sym.loc, "block defined here");
        return;
      }
    const LoadedFile& bfile = prog_.file(sym.file);
    Scope inner(&global_);
    // Bind arguments to the block's parameters: tensors, numbers or types.
    std::vector<const ast::Argument*> bound(blk.params.size(), nullptr);
    std::size_t next = 0;
    bool ok = true;
    for (const auto& arg : step.call.args) {
      std::size_t slot = blk.params.size();
      if (arg.key) {
        for (std::size_t i = 0; i < blk.params.size(); ++i)
          if (blk.params[i].name == arg.key->name) slot = i;
        if (slot == blk.params.size()) {
          d_.error(range_of(file, *arg.key), fmt::format("block '{}' has no parameter '{}'", blk.name.name, arg.key->name))
              .note(sym.loc, "block defined here");
          ok = false;
          continue;
        }
      } else {
        slot = next++;
        if (slot >= blk.params.size()) {
          d_.error(range_of(file, arg), fmt::format("block '{}' takes {} argument{}", blk.name.name, blk.params.size(),
                                                    blk.params.size() == 1 ? "" : "s"))
              .note(sym.loc, "block defined here");
          ok = false;
          break;
        }
      }
      if (bound[slot] != nullptr) {
        d_.error(range_of(file, arg), fmt::format("parameter '{}' of block '{}' is given twice", blk.params[slot].name,
                                                  blk.name.name));
        ok = false;
        continue;
      }
      bound[slot] = &arg;
    }
    for (std::size_t i = 0; i < blk.params.size() && ok; ++i) {
      if (bound[i] == nullptr) {
        d_.error(loc, fmt::format("block '{}' requires argument '{}'", blk.name.name, blk.params[i].name))
            .note(range_of(bfile.id, blk.params[i]), "parameter declared here");
        ok = false;
        continue;
      }
      auto sym_arg = block_argument(*bound[i], fr);
      if (!sym_arg) {
        ok = false;
        continue;
      }
      sym_arg->loc = range_of(bfile.id, blk.params[i]);
      inner.define(blk.params[i].name, *sym_arg);
    }
    if (!ok) return;

    std::string prefix = fr.prefix + a.targets[0].name + ".";
    Frame bfr{&bfile, &inner, prefix, true};
    active_blocks_.push_back(&sym);
    std::size_t errors = d_.error_count();
    const std::size_t first_diag = d_.all().size();
    std::size_t first_value = g_.values.size();
    const ast::ReturnStmt* ret = nullptr;
    for (const auto& st : blk.body.statements) {
      if (const auto* r = boost::get<ast::ReturnStmt>(&st.get())) {
        if (ret != nullptr) d_.error(range_of(bfile.id, st), "a block has one 'return'");
        ret = r;
        continue;
      }
      statement(st, bfr);
    }
    active_blocks_.pop_back();
    if (d_.error_count() != errors) {
      // A note on each error of this expansion, not an error of its own (the count stays true).
      d_.note_since(first_diag, loc, fmt::format("in this use of block '{}'", blk.name.name));
      return;
    }
    if (ret == nullptr) {
      d_.error(range_of(bfile.id, blk.name), fmt::format("block '{}' has no 'return'", blk.name.name));
      return;
    }
    if (ret->names.size() != a.targets.size()) {
      d_.error(loc, fmt::format("block '{}' returns {} value{}, but {} name{} assigned", blk.name.name,
                                ret->names.size(), ret->names.size() == 1 ? "" : "s", a.targets.size(),
                                a.targets.size() == 1 ? " is" : "s are"))
          .note(range_of(bfile.id, *ret), "returned here");
      return;
    }
    for (std::size_t i = 0; i < a.targets.size(); ++i) {
      auto id = tensor_by_name(ret->names[i], inner, bfile.id);
      if (!id) return;
      // A result made inside this instance takes the caller's name (h1, not h1.y).
      std::string caller_name = fr.prefix + a.targets[i].name;
      if (*id >= first_value && !g_.find_value(caller_name)) g_.value(*id).name = caller_name;
      define_tensor(a.targets[i].name, *id, range_of(file, a.targets[i]), *fr.scope);
    }
  }

  std::optional<Symbol> block_argument(const ast::Argument& a, Frame& fr) {
    std::uint32_t file = fr.file->id;
    Symbol s;
    auto param_spec = [&](const ast::Value* source, std::optional<num::FixedFormat> type) {
      s.kind = Symbol::Kind::Param;
      s.has_type = type.has_value();
      if (type) s.type = *type;
      s.source = source;
      s.source_file = file;
      return s;
    };
    if (a.source) {
      auto t = as_type(a.value, fr, true);
      if (!t) return std::nullopt;
      return param_spec(&*a.source, t);
    }
    const auto& v = a.value.get();
    if (boost::get<ast::StringLit>(&v) || boost::get<x3::forward_ast<ast::MemberRef>>(&v) ||
        boost::get<x3::forward_ast<ast::ArrayLit>>(&v) || boost::get<x3::forward_ast<ast::Call>>(&v))
      return param_spec(&a.value, std::nullopt);
    if (const auto* n = boost::get<ast::Number>(&a.value.get())) {
      auto v = integer_value(*n, file, d_);
      if (!v) return std::nullopt;
      s.kind = Symbol::Kind::Number;
      s.number = *v;
      return s;
    }
    if (const auto* id = boost::get<ast::Identifier>(&a.value.get())) {
      if (const Symbol* found = fr.scope->find(id->name)) {
        if (found->kind == Symbol::Kind::Block) {
          d_.error(range_of(file, a.value), "blocks cannot be passed to blocks");
          return std::nullopt;
        }
        return *found;
      }
      if (auto b = builtin_type(id->name)) {
        s.kind = Symbol::Kind::Type;
        s.type = *b;
        return s;
      }
      tensor_by_name(*id, *fr.scope, file);  // reports the unknown name
      return std::nullopt;
    }
    if (const auto* f = boost::get<ast::FixedType>(&a.value.get())) {
      auto t = resolve_fixed(*f, file, d_);
      if (!t) return std::nullopt;
      s.kind = Symbol::Kind::Type;
      s.type = *t;
      return s;
    }
    d_.error(range_of(file, a.value), "block arguments must be tensors, integers, types or parameter sources");
    return std::nullopt;
  }

  const Program& prog_;
  Diagnostics& d_;
  ir::Graph g_;
  Scope global_;
  std::optional<ParameterLoader> params_;
  std::vector<const Symbol*> active_blocks_;
  std::int64_t block_instances_ = 0;  // block uses expanded so far (limits::kBlockInstances)
  bool layers_reported_ = false;      // the limits::kLayers error is given once
};

}  // namespace

std::optional<ir::Graph> elaborate(const Program& program, Diagnostics& diags) {
  return Elaborator(program, diags).run();
}

}  // namespace aiem::sema
