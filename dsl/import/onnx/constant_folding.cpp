#include "dsl/import/onnx/constant_folding.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cstdint>
#include <limits>
#include <numeric>

#include "dsl/import/onnx/import_error.hpp"
#include "ir/limits.hpp"

namespace aiem::onnx_import {
namespace {

using Dims = std::vector<std::int64_t>;

std::int64_t count(const Dims& d, const std::string& where) {
  std::int64_t n = 1;
  for (auto v : d) {
    if (v < 0) throw ImportError(where, fmt::format("negative dimension in [{}]", fmt::join(d, ", ")));
    if (v != 0 && n > limits::kFoldedElements / v)
      throw ImportError(where, fmt::format("a folded constant of shape [{}] has more than {} elements (the limit of "
                                           "constant folding)",
                                           fmt::join(d, ", "), limits::kFoldedElements));
    n *= v;
  }
  return n;
}

Dims strides_of(const Dims& d) {
  Dims s(d.size(), 1);
  for (std::size_t i = d.size(); i-- > 1;) s[i - 1] = s[i] * d[i];
  return s;
}

// The constant made of c's elements at `from` (flat indices), of shape `dims`.
Constant gather(const Constant& c, const std::vector<std::int64_t>& from, Dims dims) {
  Constant out;
  out.elem_type = c.elem_type;
  out.dims = std::move(dims);
  for (auto i : from) {
    if (c.is_real()) out.reals.push_back(c.reals.at(std::size_t(i)));
    else out.ints.push_back(c.ints.at(std::size_t(i)));
  }
  return out;
}

// For each element of an output of shape `out` (row-major), the flat index of the input element
// it takes, given the input index of an output index.
template <class F>
std::vector<std::int64_t> indices(const Dims& out, const std::string& where, F input_flat) {
  const std::int64_t n = count(out, where);
  std::vector<std::int64_t> from(static_cast<std::size_t>(n));
  Dims idx(out.size(), 0);
  for (std::int64_t f = 0; f < n; ++f) {
    from[std::size_t(f)] = input_flat(idx);
    for (std::size_t k = out.size(); k-- > 0;) {
      if (++idx[k] < out[k]) break;
      idx[k] = 0;
    }
  }
  return from;
}

const Constant& need(const std::vector<const Constant*>& in, std::size_t i, const std::string& where, const char* what) {
  if (i >= in.size() || in[i] == nullptr) throw ImportError(where, fmt::format("{} (input {}) is missing", what, i));
  return *in[i];
}

int axis_of(std::int64_t a, std::size_t rank, const std::string& where) {
  const std::int64_t r = std::int64_t(rank);
  if (a < -r || a >= r) throw ImportError(where, fmt::format("axis {} is outside rank {}", a, rank));
  return int(a < 0 ? a + r : a);
}

const onnx::AttributeProto* attr(const onnx::NodeProto& n, const char* name) {
  for (const auto& a : n.attribute())
    if (a.name() == name) return &a;
  return nullptr;
}

Constant reshape(const Constant& x, const Constant& shape, const std::string& where) {
  Dims d;
  int unknown = -1;
  std::int64_t known = 1;
  const std::int64_t total = count(x.dims, where);
  for (std::size_t i = 0; i < shape.ints.size(); ++i) {
    std::int64_t v = shape.ints[i];
    if (v == 0) v = i < x.dims.size() ? x.dims[i] : 0;
    if (v == -1) {
      if (unknown >= 0) throw ImportError(where, "a shape with two -1 entries");
      unknown = int(i);
    } else if (v < 0 || v > limits::kTensorElements) {
      throw ImportError(where, fmt::format("shape entry {} (sizes are 0 to {})", v, limits::kTensorElements));
    } else {
      known *= std::max<std::int64_t>(v, 1);
    }
    d.push_back(v);
  }
  if (unknown >= 0) d[std::size_t(unknown)] = known > 0 ? total / known : 0;
  if (count(d, where) != total)
    throw ImportError(where, fmt::format("reshapes [{}] to [{}]", fmt::join(x.dims, ", "), fmt::join(d, ", ")));
  Constant out = x;
  out.dims = d;
  return out;
}

Constant transpose(const Constant& x, const onnx::NodeProto& n, const std::string& where) {
  Dims perm;
  if (const auto* p = attr(n, "perm")) perm.assign(p->ints().begin(), p->ints().end());
  else
    for (std::size_t i = x.dims.size(); i-- > 0;) perm.push_back(std::int64_t(i));
  if (perm.size() != x.dims.size()) throw ImportError(where, "perm does not name every axis");
  std::vector<bool> seen(perm.size(), false);
  Dims out;
  for (auto p : perm) {
    if (p < 0 || p >= std::int64_t(perm.size()) || seen[std::size_t(p)])
      throw ImportError(where, fmt::format("perm [{}] is not a permutation", fmt::join(perm, ", ")));
    seen[std::size_t(p)] = true;
    out.push_back(x.dims[std::size_t(p)]);
  }
  const Dims st = strides_of(x.dims);
  return gather(x,
                indices(out, where,
                        [&](const Dims& idx) {
                          std::int64_t f = 0;
                          for (std::size_t k = 0; k < idx.size(); ++k) f += idx[k] * st[std::size_t(perm[k])];
                          return f;
                        }),
                out);
}

Constant slice(const std::vector<const Constant*>& in, const std::string& where) {
  const Constant& x = need(in, 0, where, "the data");
  const auto& starts = need(in, 1, where, "the starts").ints;
  const auto& ends = need(in, 2, where, "the ends").ints;
  Dims axes, steps;
  if (in.size() > 3 && in[3]) axes = in[3]->ints;
  else
    for (std::size_t i = 0; i < starts.size(); ++i) axes.push_back(std::int64_t(i));
  if (in.size() > 4 && in[4]) steps = in[4]->ints;
  else steps.assign(starts.size(), 1);
  if (ends.size() != starts.size() || axes.size() != starts.size() || steps.size() != starts.size())
    throw ImportError(where, "starts, ends, axes and steps differ in length");
  const std::size_t r = x.dims.size();
  Dims first(r, 0), step(r, 1), out = x.dims;
  for (std::size_t i = 0; i < starts.size(); ++i) {
    const int a = axis_of(axes[i], r, where);
    const std::int64_t dim = x.dims[std::size_t(a)], s = steps[i];
    if (s == 0) throw ImportError(where, "a step of 0");
    auto clamp = [&](std::int64_t v, std::int64_t lo, std::int64_t hi) {
      if (v < 0) v = v < std::numeric_limits<std::int64_t>::min() + dim ? lo : v + dim;
      return std::clamp(v, lo, hi);
    };
    const std::int64_t b = s > 0 ? clamp(starts[i], 0, dim) : clamp(starts[i], 0, dim - 1);
    const std::int64_t e = s > 0 ? clamp(ends[i], 0, dim) : clamp(ends[i], -1, dim - 1);
    // ceil((e - b) / s) written so that no step, however large, overflows.
    const std::int64_t back = s == std::numeric_limits<std::int64_t>::min() ? std::numeric_limits<std::int64_t>::max() : -s;
    const std::int64_t len = s > 0 ? (e > b ? (e - b - 1) / s + 1 : 0) : (b > e ? (b - e - 1) / back + 1 : 0);
    first[std::size_t(a)] = b;
    step[std::size_t(a)] = s;
    out[std::size_t(a)] = len;
  }
  const Dims st = strides_of(x.dims);
  return gather(x,
                indices(out, where,
                        [&](const Dims& idx) {
                          std::int64_t f = 0;
                          for (std::size_t k = 0; k < r; ++k) f += (first[k] + idx[k] * step[k]) * st[k];
                          return f;
                        }),
                out);
}

Constant concat(const std::vector<const Constant*>& in, const onnx::NodeProto& n, const std::string& where) {
  const Constant& x0 = need(in, 0, where, "the first part");
  const auto* a = attr(n, "axis");
  if (a == nullptr) throw ImportError(where, "Concat has no axis");
  const int ax = axis_of(a->i(), x0.dims.size(), where);
  Constant out;
  out.elem_type = x0.elem_type;
  out.dims = x0.dims;
  out.dims[std::size_t(ax)] = 0;
  for (std::size_t i = 0; i < in.size(); ++i) {
    const Constant& p = need(in, i, where, "a part");
    if (p.dims.size() != x0.dims.size() || p.is_real() != x0.is_real())
      throw ImportError(where, "Concat of constants of different ranks or types");
    for (std::size_t k = 0; k < p.dims.size(); ++k)
      if (int(k) != ax && p.dims[k] != x0.dims[k]) throw ImportError(where, "Concat of constants of different shapes");
    out.dims[std::size_t(ax)] += p.dims[std::size_t(ax)];
  }
  // Row-major: for each index of the axes before `ax`, each part's block in turn.
  std::int64_t outer = 1;
  for (int k = 0; k < ax; ++k) outer *= x0.dims[std::size_t(k)];
  count(out.dims, where);
  for (std::int64_t o = 0; o < outer; ++o)
    for (const Constant* p : in) {
      const std::int64_t block = count(p->dims, where) / std::max<std::int64_t>(outer, 1);
      for (std::int64_t j = 0; j < block; ++j) {
        const std::size_t at = std::size_t(o * block + j);
        if (p->is_real()) out.reals.push_back(p->reals.at(at));
        else out.ints.push_back(p->ints.at(at));
      }
    }
  return out;
}

Constant constant_of_shape(const Constant& shape, const onnx::NodeProto& n, const std::string& where) {
  Constant out;
  out.dims = shape.ints;
  const std::int64_t total = count(out.dims, where);
  Constant value;
  value.elem_type = onnx::TensorProto_DataType_FLOAT;
  value.reals = {0.0f};
  if (const auto* a = attr(n, "value")) value = to_constant(a->t(), where);
  if (value.size() != 1) throw ImportError(where, "ConstantOfShape's value must hold one element");
  out.elem_type = value.elem_type;
  if (value.is_real()) out.reals.assign(std::size_t(total), value.reals[0]);
  else out.ints.assign(std::size_t(total), value.ints[0]);
  return out;
}

Constant squeeze(const Constant& x, const std::vector<const Constant*>& in, const onnx::NodeProto& n, bool unsqueeze,
                 const std::string& where) {
  Dims axes;
  if (in.size() > 1 && in[1]) axes = in[1]->ints;
  else if (const auto* a = attr(n, "axes")) axes.assign(a->ints().begin(), a->ints().end());
  Constant out = x;
  if (unsqueeze) {
    const std::size_t rank = x.dims.size() + axes.size();
    if (rank > 64) throw ImportError(where, fmt::format("unsqueezes to {} axes", rank));
    std::vector<bool> add(rank, false);
    for (auto a : axes) {
      const int ax = axis_of(a, rank, where);
      if (add[std::size_t(ax)]) throw ImportError(where, fmt::format("axis {} is named twice", a));
      add[std::size_t(ax)] = true;
    }
    out.dims.clear();
    std::size_t j = 0;
    for (std::size_t k = 0; k < rank; ++k) out.dims.push_back(add[k] ? 1 : x.dims.at(j++));
    return out;
  }
  std::vector<bool> drop(x.dims.size(), axes.empty());
  for (auto a : axes) drop[std::size_t(axis_of(a, x.dims.size(), where))] = true;
  out.dims.clear();
  for (std::size_t k = 0; k < x.dims.size(); ++k) {
    if (drop[k] && x.dims[k] == 1) continue;
    if (drop[k] && !axes.empty()) throw ImportError(where, fmt::format("squeezes axis {} of size {}", k, x.dims[k]));
    out.dims.push_back(x.dims[k]);
  }
  return out;
}

Constant gather(const std::vector<const Constant*>& in, const onnx::NodeProto& n, const std::string& where) {
  const Constant& x = need(in, 0, where, "the data");
  const Constant& idx = need(in, 1, where, "the indices");
  const auto* a = attr(n, "axis");
  const int ax = axis_of(a ? a->i() : 0, x.dims.size(), where);
  const std::int64_t d = x.dims[std::size_t(ax)];
  Dims out;
  for (int k = 0; k < ax; ++k) out.push_back(x.dims[std::size_t(k)]);
  for (auto v : idx.dims) out.push_back(v);
  for (std::size_t k = std::size_t(ax) + 1; k < x.dims.size(); ++k) out.push_back(x.dims[k]);
  std::vector<std::int64_t> ids = idx.ints;
  for (auto& i : ids) {
    if (i < 0) i += d;
    if (i < 0 || i >= d) throw ImportError(where, fmt::format("index {} is outside axis {} of {} elements", i, ax, d));
  }
  const Dims st = strides_of(x.dims);
  const std::size_t q = idx.dims.size();
  const Dims ist = strides_of(idx.dims);
  return gather(x,
                indices(out, where,
                        [&](const Dims& o) {
                          std::int64_t f = 0, flat_idx = 0;
                          for (int k = 0; k < ax; ++k) f += o[std::size_t(k)] * st[std::size_t(k)];
                          for (std::size_t k = 0; k < q; ++k) flat_idx += o[std::size_t(ax) + k] * ist[k];
                          f += ids.at(std::size_t(flat_idx)) * st[std::size_t(ax)];
                          for (std::size_t k = std::size_t(ax) + 1; k < x.dims.size(); ++k) f += o[k - 1 + q] * st[k];
                          return f;
                        }),
                out);
}

}  // namespace

std::optional<Constant> fold_constants(const onnx::NodeProto& n, const std::vector<const Constant*>& in,
                                       const std::string& where) {
  const std::string& op = n.op_type();
  if (op == "ConstantOfShape") return constant_of_shape(need(in, 0, where, "the shape"), n, where);
  if (op == "Reshape") return reshape(need(in, 0, where, "the data"), need(in, 1, where, "the shape"), where);
  if (op == "Transpose") return transpose(need(in, 0, where, "the data"), n, where);
  if (op == "Slice") return slice(in, where);
  if (op == "Concat") return concat(in, n, where);
  if (op == "Gather") return gather(in, n, where);
  if (op == "Squeeze" || op == "Unsqueeze") return squeeze(need(in, 0, where, "the data"), in, n, op == "Unsqueeze", where);
  return std::nullopt;
}

}  // namespace aiem::onnx_import
