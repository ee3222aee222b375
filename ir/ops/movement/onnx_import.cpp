// The movement family's ONNX import: Reshape, Flatten, Transpose, Pad, Concat, Slice, Gather and Split of activations (and of
// constant weights, folded).
#include <algorithm>
#include <cctype>
#include <cmath>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <numeric>

#include "dsl/import/onnx/importer.hpp"
#include "ir/ops/dense/onnx_dense_lowering.hpp"
#include "ir/ops/shape_rules.hpp"
#include "ir/limits.hpp"

namespace aiem::onnx_import {

std::vector<OnnxOp> Importer::movement_onnx_ops() {
  return {{"Flatten", &Importer::reshape}, {"Reshape", &Importer::reshape}, {"Transpose", &Importer::transpose},
          {"Pad", &Importer::pad},         {"Concat", &Importer::concat},   {"Slice", &Importer::slice},
          {"Gather", &Importer::gather},   {"Split", &Importer::split}};
}

void Importer::gather(const onnx::NodeProto& n) {
  QTensor x = activation(n, 0);
  const Constant& idx = constant(n, 1, "the indices");
  const ir::Shape shape = out_.graph.value(*x.value).type.shape;
  const std::int64_t rank = std::int64_t(shape.size());
  const std::int64_t ax = sample_axis(n, int_attr(n, "axis", 0), rank, "gathers");
  const std::int64_t d = shape[std::size_t(ax)];
  std::vector<std::int64_t> v = idx.ints;
  if (v.empty() || idx.dims.size() > 1) throw ImportError(node_where(n), "gathers with indices that are not a scalar or a list");
  for (auto& i : v) {
    if (i < 0) i += d;
    if (i < 0 || i >= d) throw ImportError(node_where(n), fmt::format("index {} is outside axis {} of {} elements", i, ax, d));
  }
  const std::int64_t step = v.size() > 1 ? v[1] - v[0] : 1;
  for (std::size_t k = 1; k < v.size(); ++k)
    if (v[k] - v[k - 1] != step || step < 1)
      throw ImportError(node_where(n), "gathers indices that are not evenly spaced and ascending (a slice)");
  ir::SliceAttrs a;
  a.axis = ir_axis(ax, rank);
  a.start = v[0];
  a.end = v.back() + 1;
  a.step = step;
  if (!(a.start == 0 && a.end == d && a.step == 1)) x = add_movement(n, "slice", {*x.value}, a, x.q);
  if (idx.dims.empty()) {  // a scalar index: the axis goes
    ir::ReshapeAttrs r;
    for (std::int64_t k = 1; k < rank; ++k)
      if (k != ax) r.shape.push_back(shape[std::size_t(k)]);
    x = add_movement(n, "reshape", {*x.value}, r, x.q);
  }
  set(n, x);
}

std::int64_t Importer::sample_axis(const onnx::NodeProto& n, std::int64_t axis, std::int64_t rank, const char* verb) {
  const std::int64_t ax = axis < 0 ? axis + rank : axis;
  if (ax <= 0 || ax >= rank)
    throw ImportError(node_where(n), fmt::format("{} along axis {} of rank {} (the batch axis or outside)", verb, axis, rank));
  return ax;
}

int Importer::ir_axis(std::int64_t axis, std::int64_t rank) { return int(axis == rank - 1 ? -1 : axis); }

int Importer::feature_axis(const onnx::NodeProto& n, std::int64_t axis, std::int64_t rank) {
  if (axis != rank - 1 && axis != -1)
    throw ImportError(node_where(n), fmt::format("axis {} is not the feature (last) axis of an activation of rank {} "
                                                 "({} or -1)",
                                                 axis, rank, rank - 1));
  return -1;
}

QTensor Importer::add_movement(const onnx::NodeProto& n, const std::string& op, std::vector<ir::ValueId> inputs, ir::OpAttrs attrs,
                     const Quantizer& q) {
  // A transpose of a transpose that undoes it (a channels-last op's result read by the next one) is
  // its input: nothing to move. The first one stays for its other readers, or is removed unread.
  if (const auto* t = std::get_if<ir::TransposeAttrs>(&attrs); t && inputs.size() == 1) {
    const ir::Value& x = out_.graph.value(inputs[0]);
    const ir::Node* before = x.producer ? &out_.graph.nodes[*x.producer] : nullptr;
    const auto* first = before ? std::get_if<ir::TransposeAttrs>(&before->attrs) : nullptr;
    bool undoes = first && first->perm.size() == t->perm.size();
    for (std::size_t i = 0; undoes && i < t->perm.size(); ++i) undoes = first->perm[std::size_t(t->perm[i])] == int(i);
    if (undoes) {
      QTensor r;
      r.value = before->inputs[0];
      r.q = q;
      r.dequantized = true;
      return r;
    }
  }
  ir::Node node;
  node.name = fmt::format("{}{}", op, ++pointwise_[op]);
  node.inputs = std::move(inputs);
  node.attrs = std::move(attrs);
  const num::FixedFormat format = out_.graph.value(node.inputs[0]).type.format;  // data movement keeps it
  QTensor t;
  t.value = add_op(n, std::move(node), format, n.name());
  t.q = q;
  t.dequantized = true;
  return t;
}

void Importer::pad(const onnx::NodeProto& n) {
  TensorState& x = input(n, 0);
  const auto* mode = attribute(n, "mode");
  if (mode != nullptr && mode->s() != "constant")
    throw ImportError(node_where(n), fmt::format("Pad of mode '{}' is not supported (mode 'constant' is)", mode->s()));
  if (!is_activation(x) && !(std::holds_alternative<QTensor>(x) && !std::get<QTensor>(x).is_const()))
    throw ImportError(node_where(n), fmt::format("pads {}", describe(x)));
  const QTensor q = std::get<QTensor>(x);
  const ir::Value& v = out_.graph.value(*q.value);
  const std::size_t rank = v.type.shape.size();
  std::vector<std::int64_t> pads = constant(n, 1, "the pads").ints;
  std::vector<std::int64_t> axes;
  if (has_input(n, 3)) axes = constant(n, 3, "the axes").ints;  // opset 18
  else
    for (std::size_t i = 0; i < rank; ++i) axes.push_back(std::int64_t(i));
  if (pads.size() != 2 * axes.size())
    throw ImportError(node_where(n), fmt::format("has {} pads for {} axes", pads.size(), axes.size()));
  ir::PadAttrs a;
  a.before.assign(rank - 1, 0);
  a.after.assign(rank - 1, 0);
  for (std::size_t i = 0; i < axes.size(); ++i) {
    std::int64_t ax = axes[i] < 0 ? axes[i] + std::int64_t(rank) : axes[i];
    const std::int64_t lo = pads[i], hi = pads[i + axes.size()];
    if (ax < 0 || ax >= std::int64_t(rank)) throw ImportError(node_where(n), fmt::format("axis {} is outside rank {}", axes[i], rank));
    if (lo < 0 || hi < 0) throw ImportError(node_where(n), "negative pads (crops) are not supported; use Slice");
    if (ax == 0) {
      if (lo != 0 || hi != 0) throw ImportError(node_where(n), "pads the batch axis");
      continue;
    }
    a.before[std::size_t(ax - 1)] = lo;
    a.after[std::size_t(ax - 1)] = hi;
  }
  // The value as a code of the activation's quantizer, then as a number of its IR format.
  double code = 0;
  if (has_input(n, 2)) {
    const Constant& c = constant(n, 2, "the constant value");
    if (c.size() != 1) throw ImportError(node_where(n), "the constant value must be a scalar");
    if (q.dequantized) {
      if (!c.is_real()) throw ImportError(node_where(n), "the constant value of a dequantized activation must be a float");
      code = double(c.reals[0]) / q.q.scale_of(0) + double(q.q.zero_of(0));
    } else {
      code = c.is_real() ? double(c.reals[0]) : double(c.ints[0]);
    }
  } else {
    code = q.dequantized ? double(q.q.zero_of(0)) : 0.0;  // real 0, or code 0
  }
  const num::FixedFormat& f = v.type.format;
  if (code != std::round(code) || code < double(f.min_code()) || code > double(f.max_code()))
    throw ImportError(node_where(n), fmt::format("pads with a value that is not a code of {} (it would be code {})",
                                                 q.q.describe(), code));
  a.value = std::ldexp(code, -f.frac());
  QTensor t = add_movement(n, "pad", {*q.value}, a, q.q);
  t.dequantized = q.dequantized;
  set(n, t);
}

void Importer::transpose(const onnx::NodeProto& n) {
  TensorState& x = input(n, 0);
  std::vector<std::int64_t> perm;
  if (const auto* p = attribute(n, "perm")) perm.assign(p->ints().begin(), p->ints().end());
  if (auto* q = std::get_if<QTensor>(&x); q && q->is_const()) {
    if (q->codes.dims.size() != 2 || (!perm.empty() && perm != std::vector<std::int64_t>{1, 0}))
      throw ImportError(node_where(n), "transposes a constant that is not a matrix (perm [1, 0])");
    QTensor t = *q;
    const std::int64_t rows = t.codes.dims[0], cols = t.codes.dims[1];
    std::vector<std::int64_t> v(t.codes.ints.size());
    for (std::int64_t r = 0; r < rows; ++r)
      for (std::int64_t c = 0; c < cols; ++c)
        v[std::size_t(c * rows + r)] = t.codes.ints[std::size_t(r * cols + c)];
    t.codes.ints = std::move(v);
    t.codes.dims = {cols, rows};
    if (t.q.per_channel()) t.q.axis = 1 - t.q.axis;
    return set(n, t);
  }
  if (is_activation(x)) {
    const auto rank = std::int64_t(out_.graph.value(*std::get<QTensor>(x).value).type.shape.size());
    bool identity = true;
    for (std::int64_t i = 0; i < std::int64_t(perm.size()); ++i) identity = identity && perm[std::size_t(i)] == i;
    if (identity && (perm.empty() ? rank <= 2 : std::int64_t(perm.size()) == rank)) return set(n, x);
    if (perm.empty())  // ONNX's default: the axes reversed, which moves the batch axis
      for (std::int64_t i = rank; i-- > 0;) perm.push_back(i);
    ir::TransposeAttrs a;
    a.perm.assign(perm.begin(), perm.end());
    const QTensor q = std::get<QTensor>(x);
    return set(n, add_movement(n, "transpose", {*q.value}, a, q.q));
  }
  throw ImportError(node_where(n), fmt::format("transposes {}", describe(x)));
}

void Importer::concat(const onnx::NodeProto& n) {
  ir::ConcatAttrs a;
  std::vector<ir::ValueId> ins;
  const QTensor& first = activation(n, 0);
  const std::int64_t rank = std::int64_t(out_.graph.value(*first.value).type.shape.size());
  a.axis = ir_axis(sample_axis(n, int_attr(n, "axis", 1), rank, "concatenates"), rank);
  bool same = true;
  for (int i = 0; i < n.input_size(); ++i) {
    const QTensor& t = activation(n, i);
    if (t.q.per_channel()) throw ImportError(node_where(n), fmt::format("'{}' has per-channel scales", n.input(i)));
    same = same && t.q.same_numbers(first.q);
    ins.push_back(*t.value);
  }
  if (same) return set(n, add_movement(n, "concat", ins, a, first.q));
  // Parts with different quantizers: the float concatenation must be quantized again before
  // anything reads it; that quantizer then converts each part (an exact requantization).
  Pointwise p;
  for (int i = 0; i < n.input_size(); ++i) p.operands.push_back(activation(n, i));
  p.binary = "Concat";
  p.axis = a.axis;
  p.node = n.name();
  p.nodes = {n.name()};
  set(n, p);
}

void Importer::slice(const onnx::NodeProto& n) {
  QTensor x = activation(n, 0);
  const ir::Shape shape = out_.graph.value(*x.value).type.shape;
  const std::int64_t rank = std::int64_t(shape.size());
  auto starts = int_list(n, 1, "the starts"), ends = int_list(n, 2, "the ends");
  std::vector<std::int64_t> axes;
  if (has_input(n, 3)) axes = int_list(n, 3, "the axes");
  else
    for (std::size_t i = 0; i < starts.size(); ++i) axes.push_back(std::int64_t(i));
  std::vector<std::int64_t> steps = has_input(n, 4) ? int_list(n, 4, "the steps") : std::vector<std::int64_t>(starts.size(), 1);
  if (ends.size() != starts.size() || axes.size() != starts.size() || steps.size() != starts.size())
    throw ImportError(node_where(n), "starts, ends, axes and steps differ in length");
  for (std::size_t i = 0; i < axes.size(); ++i) {
    const std::int64_t ax = axes[i] < 0 ? axes[i] + rank : axes[i];
    if (ax < 0 || ax >= rank) throw ImportError(node_where(n), fmt::format("axis {} is outside rank {}", axes[i], rank));
    const std::int64_t d = shape[std::size_t(ax)];
    if (steps[i] < 1) throw ImportError(node_where(n), fmt::format("step {} is not supported (1 or more)", steps[i]));
    auto clampi = [&](std::int64_t v) { return std::clamp<std::int64_t>(v < 0 ? v + d : v, 0, d); };
    ir::SliceAttrs a;
    a.axis = ir_axis(ax, rank);
    a.start = clampi(starts[i]);
    a.end = clampi(ends[i]);
    a.step = steps[i];
    if (a.start == 0 && a.end == d && a.step == 1) continue;  // the whole axis
    if (ax == 0) throw ImportError(node_where(n), "slices the batch axis");
    x = add_movement(n, "slice", {*x.value}, a, x.q);
  }
  set(n, x);
}

void Importer::split(const onnx::NodeProto& n) {
  const QTensor& x = activation(n, 0);
  const std::int64_t d = out_.graph.value(*x.value).type.shape.back();
  const int axis = feature_axis(n, int_attr(n, "axis", 0), std::int64_t(out_.graph.value(*x.value).type.shape.size()));
  std::vector<std::int64_t> sizes;
  if (has_input(n, 1)) sizes = int_list(n, 1, "the split sizes");
  else if (const auto* s = attribute(n, "split")) sizes.assign(s->ints().begin(), s->ints().end());
  else {
    const std::int64_t parts = n.output_size();
    if (parts < 1 || d % parts != 0)
      throw ImportError(node_where(n), fmt::format("splits {} features into {} equal parts", d, parts));
    sizes.assign(std::size_t(parts), d / parts);
  }
  if (int(sizes.size()) != n.output_size())
    throw ImportError(node_where(n), fmt::format("has {} outputs for {} split sizes", n.output_size(), sizes.size()));
  std::int64_t at = 0;
  for (std::size_t i = 0; i < sizes.size(); ++i) {
    ir::SliceAttrs a;
    a.axis = axis;
    a.start = at;
    a.end = at + sizes[i];
    at = a.end;
    tensors_[n.output(int(i))] = add_movement(n, "slice", {*x.value}, a, x.q);
  }
  if (at != d) throw ImportError(node_where(n), fmt::format("split sizes add up to {}, the axis has {}", at, d));
}

void Importer::reshape(const onnx::NodeProto& n) {
  TensorState& x = input(n, 0);
  std::vector<std::int64_t> dims;  // per sample
  const QTensor* q = std::get_if<QTensor>(&x);
  if (auto* r = std::get_if<RawInput>(&x)) dims = r->dims;
  else if (q && !q->is_const()) {
    const auto& shape = out_.graph.value(*q->value).type.shape;
    dims.assign(shape.begin() + 1, shape.end());
  } else throw ImportError(node_where(n), "reshapes something other than a graph input or a layer's result");
  const std::int64_t features = std::accumulate(dims.begin(), dims.end(), std::int64_t{1}, std::multiplies<>());
  std::vector<std::int64_t> target;  // per sample
  if (n.op_type() == "Flatten") {
    if (int_attr(n, "axis", 1) != 1) throw ImportError(node_where(n), "Flatten must keep the batch axis (axis=1)");
    target = {features};
  } else {
    const Constant& shape = constant(n, 1, "the shape");
    const auto& sh = shape.ints;
    const bool batch_kept = !sh.empty() && (sh[0] == -1 || sh[0] == 0 || (batch_ && sh[0] == *batch_));
    std::int64_t known = 1;
    int unknown = -1;
    bool ok = batch_kept && sh.size() >= 2;
    for (std::size_t i = 1; ok && i < sh.size(); ++i) {
      std::int64_t d = sh[i];
      if (d == 0 && i - 1 < dims.size()) d = dims[i - 1];  // 0: the input's size (ONNX allowzero = 0)
      if (d == -1) {
        ok = unknown < 0;
        unknown = int(target.size());
      } else {
        ok = d >= 1;
        known *= std::max<std::int64_t>(d, 1);
      }
      target.push_back(d);
    }
    if (ok && unknown >= 0) {
      ok = known > 0 && features % known == 0;
      if (ok) target[std::size_t(unknown)] = features / known;
    }
    std::int64_t total = 1;
    for (auto d : target) total *= d;
    if (!ok || total != features)
      throw ImportError(node_where(n), fmt::format("inconsistent shapes: reshapes [batch, {}] to [{}]; aiemc supports "
                                                   "reshapes that keep the batch axis and the {} values of each sample",
                                                   fmt::join(dims, ", "), fmt::join(sh, ", "), features));
  }
  if (auto* r = std::get_if<RawInput>(&x)) {
    RawInput reshaped = *r;
    reshaped.dims = target;
    return set(n, reshaped);
  }
  if (target == dims) return set(n, x);
  ir::ReshapeAttrs a;
  a.shape = target;
  const QTensor t = *q;
  set(n, add_movement(n, "reshape", {*t.value}, a, t.q));
}

}  // namespace aiem::onnx_import
