#include "dsl/sema/parameters.hpp"

#include <cmath>
#include <fmt/format.h>

#include "dsl/sema/literals.hpp"
#include "dsl/sema/splitmix64.hpp"
#include "ir/numeric/requantize.hpp"

namespace aiem::sema {
namespace fs = std::filesystem;
namespace x3 = boost::spirit::x3;

namespace {

// "[2,5]": the multi-index of flat element i, for messages.
std::string index_text(std::size_t i, const ir::Shape& shape) {
  std::vector<std::int64_t> idx(shape.size());
  for (std::size_t k = shape.size(); k-- > 0;) {
    idx[k] = static_cast<std::int64_t>(i) % shape[k];
    i /= static_cast<std::size_t>(shape[k]);
  }
  return fmt::format("[{}]", fmt::join(idx, ","));
}

std::string range_text(const num::FixedFormat& f) {
  return fmt::format("{} .. {}", num::dequantize(f.min_code(), f), num::dequantize(f.max_code(), f));
}

// Flattens a nested literal; checks that it is rectangular.
bool flatten(const ast::Value& v, std::uint32_t file, std::size_t depth, ir::Shape& shape, std::vector<double>& out,
             Diagnostics& d) {
  if (const auto* n = boost::get<ast::Number>(&v.get())) {
    if (depth != shape.size() && !shape.empty()) {
      d.error(range_of(file, v), "array literal is not rectangular: a number where a nested list was expected");
      return false;
    }
    out.push_back(real_value(*n));
    return true;
  }
  const auto* fa = boost::get<x3::forward_ast<ast::ArrayLit>>(&v.get());
  if (fa == nullptr) {
    d.error(range_of(file, v), "array literals may only contain numbers and nested lists");
    return false;
  }
  const ast::ArrayLit& a = fa->get();
  if (depth == shape.size()) shape.push_back(static_cast<std::int64_t>(a.elements.size()));
  else if (shape[depth] != static_cast<std::int64_t>(a.elements.size())) {
    d.error(range_of(file, v), fmt::format("array literal is not rectangular: {} elements where {} were expected",
                                           a.elements.size(), shape[depth]));
    return false;
  }
  if (a.elements.empty()) {
    d.error(range_of(file, v), "empty array literal");
    return false;
  }
  for (const auto& e : a.elements)
    if (!flatten(e, file, depth + 1, shape, out, d)) return false;
  return true;
}

}  // namespace

const io::NpzFile* ParameterLoader::npz(const fs::path& p, SourceRange loc, Diagnostics& d) {
  auto it = npz_cache_.find(p);
  if (it == npz_cache_.end()) {
    std::optional<io::NpzFile> f;
    try {
      f = io::NpzFile::read(p);
    } catch (const io::TensorFileError& e) {
      d.error(loc, e.what());
    }
    it = npz_cache_.emplace(p, std::move(f)).first;
  }
  return it->second ? &*it->second : nullptr;
}

std::optional<io::Array> ParameterLoader::from_source(const ParameterRequest& r, std::string& origin, Diagnostics& d) {
  auto member = [&](const fs::path& file, const std::string& name, SourceRange loc,
                    SourceRange note) -> std::optional<io::Array> {
    const io::NpzFile* f = npz(file, loc, d);
    if (f == nullptr) return std::nullopt;
    if (!f->contains(name)) {
      auto& diag = d.error(loc, fmt::format("'{}' has no array named '{}' (it has: {})", file.string(), name,
                                            fmt::join(f->names(), ", ")));
      if (note.valid()) diag.note(note, "parameter file declared here");
      return std::nullopt;
    }
    origin = fmt::format("{}[{}]", file.filename().string(), name);
    return f->get(name);
  };

  if (r.source == nullptr) {
    if (!defaults_) {
      d.error(r.loc, fmt::format("no data for parameter '{}': give a source (`from \"file.npy\"`, `from random(1)`, "
                                 "...) or a `params \"file.npz\"` statement",
                                 r.name));
      return std::nullopt;
    }
    return member(defaults_->path, r.name, r.loc, defaults_->loc);
  }
  const ast::Value& v = *r.source;
  SourceRange loc = range_of(r.file, v);
  if (const auto* s = boost::get<ast::StringLit>(&v.get())) {
    fs::path p = r.dir / s->value;
    if (p.extension() == ".npz") {
      d.error(loc, fmt::format("'{}' is an .npz archive: name the array, e.g. \"{}\"[\"{}\"]", s->value, s->value, r.name));
      return std::nullopt;
    }
    try {
      origin = p.filename().string();
      return io::read_npy(p);
    } catch (const io::TensorFileError& e) {
      d.error(loc, e.what());
      return std::nullopt;
    }
  }
  if (const auto* m = boost::get<x3::forward_ast<ast::MemberRef>>(&v.get()))
    return member(r.dir / m->get().file.value, m->get().member.value, loc, {});
  if (boost::get<x3::forward_ast<ast::ArrayLit>>(&v.get()) != nullptr) {
    io::Array a;
    a.dtype = io::DType::Float64;
    if (!flatten(v, r.file, 0, a.shape, a.reals, d)) return std::nullopt;
    origin = "literal";
    return a;
  }
  if (const auto* c = boost::get<x3::forward_ast<ast::Call>>(&v.get())) {
    const ast::Call& call = c->get();
    if (call.callee.name != "random") {
      d.error(range_of(r.file, call.callee),
              fmt::format("unknown parameter source '{}'; expected a file name, \"file.npz\"[\"name\"], an array "
                          "literal or random(seed)",
                          call.callee.name));
      return std::nullopt;
    }
    const ast::Number* seed_n = call.args.size() == 1 && !call.args[0].key && !call.args[0].source
                                    ? boost::get<ast::Number>(&call.args[0].value.get())
                                    : nullptr;
    if (seed_n == nullptr) {
      d.error(loc, "random() takes one argument: an integer seed");
      return std::nullopt;
    }
    auto seed = integer_value(*seed_n, r.file, d);
    if (!seed) return std::nullopt;
    if (*seed < 0) {
      d.error(range_of(r.file, *seed_n), "random() seed must not be negative");
      return std::nullopt;
    }
    // Codes uniform over at most 8 bits of the format, so that wide types (biases) stay small.
    const auto& f = r.type.format;
    int b = std::min(f.width, 8);
    std::int64_t lo = f.is_signed ? -(std::int64_t{1} << (b - 1)) : 0;
    std::int64_t hi = f.is_signed ? (std::int64_t{1} << (b - 1)) - 1 : (std::int64_t{1} << b) - 1;
    SplitMix64 rng(static_cast<std::uint64_t>(*seed));
    io::Array a;
    a.dtype = io::DType::Int64;
    a.shape = r.type.shape;
    a.ints.resize(static_cast<std::size_t>(r.type.elements()));
    for (auto& code : a.ints) code = lo + static_cast<std::int64_t>(rng.next() % static_cast<std::uint64_t>(hi - lo + 1));
    origin = fmt::format("random({})", *seed);
    return a;
  }
  d.error(loc, "expected a parameter source: \"file.npy\", \"file.npz\"[\"name\"], an array literal or random(seed)");
  return std::nullopt;
}

std::shared_ptr<const std::vector<std::int64_t>> ParameterLoader::to_codes(const ParameterRequest& r,
                                                                            const io::Array& a,
                                                                            const std::string& origin,
                                                                            Diagnostics& d) {
  if (a.shape != r.type.shape) {
    d.error(r.loc, fmt::format("parameter '{}' from {} has shape {}, expected {}", r.name, origin,
                               ir::to_string(a.shape), ir::to_string(r.type.shape)));
    return nullptr;
  }
  const auto& f = r.type.format;
  auto codes = std::make_shared<std::vector<std::int64_t>>();
  codes->reserve(a.size());
  if (!a.is_float()) {
    // Integer arrays hold raw codes.
    for (std::size_t i = 0; i < a.ints.size(); ++i) {
      std::int64_t c = a.ints[i];
      if (c < f.min_code() || c > f.max_code()) {
        d.error(r.loc, fmt::format("parameter '{}' from {}: code {} at {} is outside {} (codes {} .. {})", r.name,
                                   origin, c, index_text(i, a.shape), num::to_string(f), f.min_code(), f.max_code()));
        return nullptr;
      }
      codes->push_back(c);
    }
    return codes;
  }
  // Float arrays hold real values: rounded with the format's rounding mode, never clipped.
  num::FixedFormat wide = f;
  wide.width = 64;
  wide.int_bits = 64 - f.frac();
  wide.overflow = num::Overflow::SAT;
  for (std::size_t i = 0; i < a.reals.size(); ++i) {
    double x = a.reals[i];
    if (!std::isfinite(x)) {
      d.error(r.loc, fmt::format("parameter '{}' from {}: value {} at {} is not finite", r.name, origin, x,
                                 index_text(i, a.shape)));
      return nullptr;
    }
    std::int64_t c = num::quantize_real(x, wide);
    if (c < f.min_code() || c > f.max_code()) {
      d.error(r.loc, fmt::format("parameter '{}' from {}: value {} at {} does not fit {} (range {})", r.name, origin,
                                 x, index_text(i, a.shape), num::to_string(f), range_text(f)));
      return nullptr;
    }
    if (exact_ && !num::is_representable(x, f)) {
      d.error(r.loc, fmt::format("parameter '{}' from {}: value {} at {} is not exactly representable in {} "
                                 "(params are declared exact)",
                                 r.name, origin, x, index_text(i, a.shape), num::to_string(f)));
      return nullptr;
    }
    codes->push_back(c);
  }
  return codes;
}

std::shared_ptr<const std::vector<std::int64_t>> ParameterLoader::load(const ParameterRequest& r, Diagnostics& d) {
  std::string origin;
  auto a = from_source(r, origin, d);
  if (!a) return nullptr;
  return to_codes(r, *a, origin, d);
}

}  // namespace aiem::sema
