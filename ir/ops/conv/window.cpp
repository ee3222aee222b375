// The sliding-window geometry shared by conv and the pools: output sizes, checks and text.
#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "ir/limits.hpp"
#include "ir/ops/conv/conv.hpp"

namespace aiem::ir {

std::int64_t Window::positions() const {
  std::int64_t p = 1;
  for (auto k : kernel) p *= k;
  return p;
}

Geometry2d geometry(const Window& w, const Shape& x) {
  Geometry2d g;
  const std::size_t last = w.axes() - 1;  // W; H is the axis before it when there are two
  g.w = x[1 + last];
  g.ow = window_output(g.w, w, last);
  g.kw = w.kernel[last], g.sw = w.stride[last], g.dw = w.dilation[last], g.pw = w.before[last];
  if (w.axes() == 2) {
    g.h = x[1];
    g.oh = window_output(g.h, w, 0);
    g.kh = w.kernel[0], g.sh = w.stride[0], g.dh = w.dilation[0], g.ph = w.before[0];
  }
  return g;
}

std::int64_t window_output(std::int64_t in, const Window& w, std::size_t i) {
  const std::int64_t span = w.dilation[i] * (w.kernel[i] - 1) + 1;
  const std::int64_t room = in + w.before[i] + w.after[i] - span;
  return room < 0 ? 0 : room / w.stride[i] + 1;
}

void same_padding(Window& w, const std::vector<std::int64_t>& in, bool upper) {
  constexpr std::int64_t most = limits::kWindowSize;
  for (std::size_t i = 0; i < w.axes() && i < in.size(); ++i) {
    if (w.stride[i] < 1 || w.stride[i] > most || w.kernel[i] < 1 || w.kernel[i] > most || w.dilation[i] < 1 ||
        w.dilation[i] > most || in[i] < 1 || in[i] > limits::kTensorElements)
      continue;
    const std::int64_t out = (in[i] + w.stride[i] - 1) / w.stride[i];
    const std::int64_t total =
        std::max<std::int64_t>((out - 1) * w.stride[i] + w.dilation[i] * (w.kernel[i] - 1) + 1 - in[i], 0);
    w.before[i] = upper ? total / 2 : total - total / 2;
    w.after[i] = total - w.before[i];
  }
}

std::string window_problem(const Window& w, const std::vector<std::int64_t>& in) {
  const std::size_t n = w.axes();
  if (n < 1 || n > 2) return fmt::format("a window has 1 or 2 spatial axes, this one {}", n);
  if (w.stride.size() != n || w.dilation.size() != n || w.before.size() != n || w.after.size() != n)
    return "the window's kernel, stride, dilation and padding need one entry per spatial axis";
  if (in.size() != n) return fmt::format("the window has {} spatial axes, the input {}", n, in.size());
  // Bounds that keep every product below 2^62 (limits::kTensorElements is 2^28).
  for (std::size_t i = 0; i < n; ++i) {
    constexpr std::int64_t most = limits::kWindowSize;
    if (w.kernel[i] < 1 || w.kernel[i] > most) return fmt::format("kernel size {} is not in 1 .. {}", w.kernel[i], most);
    if (w.stride[i] < 1 || w.stride[i] > most) return fmt::format("stride {} is not in 1 .. {}", w.stride[i], most);
    if (w.dilation[i] < 1 || w.dilation[i] > most) return fmt::format("dilation {} is not in 1 .. {}", w.dilation[i], most);
    if (w.before[i] < 0 || w.after[i] < 0 || w.before[i] > most || w.after[i] > most)
      return fmt::format("padding {} / {} is not in 0 .. {}", w.before[i], w.after[i], most);
    if (window_output(in[i], w, i) < 1)
      return fmt::format("a window of {} elements does not fit spatial axis {} of size {} with padding {} + {}",
                         w.dilation[i] * (w.kernel[i] - 1) + 1, i + 1,
                         in[i], w.before[i], w.after[i]);
  }
  return {};
}

std::string window_text(const Window& w) {
  return fmt::format(" kernel=[{}] stride=[{}] dilation=[{}] pads=[{}|{}]", fmt::join(w.kernel, ","),
                     fmt::join(w.stride, ","), fmt::join(w.dilation, ","), fmt::join(w.before, ","), fmt::join(w.after, ","));
}

std::string window_arguments(const Window& w) {
  auto ones = [](const std::vector<std::int64_t>& v) {
    for (auto x : v)
      if (x != 1) return false;
    return true;
  };
  std::string s = fmt::format("kernel: [{}]", fmt::join(w.kernel, ", "));
  if (!ones(w.stride)) s += fmt::format(", stride: [{}]", fmt::join(w.stride, ", "));
  if (!ones(w.dilation)) s += fmt::format(", dilation: [{}]", fmt::join(w.dilation, ", "));
  bool padded = false;
  for (std::size_t i = 0; i < w.axes(); ++i) padded = padded || w.before[i] != 0 || w.after[i] != 0;
  if (padded) s += fmt::format(", padding: [{}, {}]", fmt::join(w.before, ", "), fmt::join(w.after, ", "));
  return s;
}

}  // namespace aiem::ir
